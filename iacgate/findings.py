"""Findings (kept in ``model``, where sources and the engine both reach them)."""

from __future__ import annotations

from iacgate.model.findings import (
    INTERNAL_ERROR,
    NOT_SCANNED,
    PARSE_ERROR,
    SCOPE_NOT_READ,
    Finding,
    FindingStatus,
    finding_fingerprint,
    fingerprint,
    identity_scope,
    legacy_fingerprint,
)

__all__ = [
    "INTERNAL_ERROR",
    "NOT_SCANNED",
    "PARSE_ERROR",
    "SCOPE_NOT_READ",
    "Finding",
    "FindingStatus",
    "finding_fingerprint",
    "fingerprint",
    "identity_scope",
    "legacy_fingerprint",
]
