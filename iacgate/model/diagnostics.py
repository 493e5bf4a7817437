"""Diagnostics: what a source could not read, as values rather than exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DiagnosticKind(StrEnum):
    PARSE_ERROR = "parse-error"  # the file is meant to be scanned and could not be read
    SKIPPED = "skipped"  # a note: something was deliberately left as written (a macro)
    # A file (or part of one) of a known IaC type that was not judged: too big, binary, an
    # unrendered template or kustomization, past the time limit. Listed with the reason, and
    # a gating ``file-not-scanned`` finding: what was not judged must not pass silently.
    NOT_SCANNED = "not-scanned"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    kind: DiagnosticKind
    file: str
    message: str
    line: int = 0
    column: int = 0
