"""Diagnostics: what a source could not read, as values rather than exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DiagnosticKind(StrEnum):
    PARSE_ERROR = "parse-error"  # the file is meant to be scanned and could not be read
    SKIPPED = "skipped"  # the file was deliberately not scanned (too big, binary, template)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    kind: DiagnosticKind
    file: str
    message: str
    line: int = 0
    column: int = 0


class SourceError(Exception):
    """A file could not be read; carries the 1-based line where it went wrong, if known."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
