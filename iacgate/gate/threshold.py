"""The severity threshold: findings that fail the gate."""

from __future__ import annotations

from collections.abc import Iterable

from iacgate.findings import Finding, FindingStatus
from iacgate.rules.metadata import Severity

# UNKNOWN verdicts are reported but never fail the gate by default (DESIGN.md section 2).
GATING_STATUSES = frozenset({FindingStatus.FAIL, FindingStatus.ERROR})


def parse_fail_on(text: str) -> Severity | None:
    """``none`` disables the gate; anything else is a severity name."""
    return None if text.strip().lower() == "none" else Severity.parse(text)


def gating(findings: Iterable[Finding], fail_on: Severity | None) -> list[Finding]:
    """The findings at or above the threshold that fail the run."""
    if fail_on is None:
        return []
    return [f for f in findings if f.status in GATING_STATUSES and f.severity >= fail_on]
