"""Diagnostics (shared value types, kept in ``model``) and the exception a reader raises."""

from __future__ import annotations

from iacgate.errors import SourceError
from iacgate.model.diagnostics import Diagnostic, DiagnosticKind

__all__ = ["Diagnostic", "DiagnosticKind", "SourceError"]
