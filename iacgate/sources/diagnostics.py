"""Diagnostics (shared value types, kept in ``model``) and the exception a reader raises."""

from __future__ import annotations

from iacgate.model.diagnostics import Diagnostic, DiagnosticKind

__all__ = ["Diagnostic", "DiagnosticKind", "SourceError"]


class SourceError(Exception):
    """A file could not be read; carries the 1-based line where it went wrong, if known."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
