"""Findings (kept in ``model``, where sources and the engine both reach them)."""

from __future__ import annotations

from iacgate.model.findings import (
    INTERNAL_ERROR,
    PARSE_ERROR,
    Finding,
    FindingStatus,
    fingerprint,
)

__all__ = ["INTERNAL_ERROR", "PARSE_ERROR", "Finding", "FindingStatus", "fingerprint"]
