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
