"""Findings the gate itself reports about ignores and exceptions (reserved CORE codes)."""

from __future__ import annotations

from dataclasses import dataclass

from iacgate.findings import Finding, FindingStatus, fingerprint
from iacgate.rules.metadata import Severity


@dataclass(frozen=True, slots=True)
class NoticeKind:
    code: str
    name: str
    severity: Severity
    summary: str
    help: str


IGNORE_WITHOUT_REASON = NoticeKind(
    "CORE-010",
    "ignore-without-reason",
    Severity.MEDIUM,
    "An inline ignore gives no reason, so it suppresses nothing.",
    "Write the reason after the rule: `# iacgate:ignore K8S-001 runs the node agent`.",
)
IGNORE_UNUSED = NoticeKind(
    "CORE-011",
    "ignore-unused",
    Severity.LOW,
    "An inline ignore matches no finding.",
    "Remove the ignore, or fix the rule code it names.",
)
EXCEPTION_EXPIRED = NoticeKind(
    "CORE-012",
    "exception-expired",
    Severity.LOW,
    "An exception has expired; the findings it covered are reported again.",
    "Fix the findings, or ask the exception's owner to renew it with a new `expires` date.",
)
EXCEPTION_UNMATCHED = NoticeKind(
    "CORE-013",
    "exception-unmatched",
    Severity.LOW,
    "An exception matches no finding.",
    "Remove the exception (the risk is gone) or correct its rule and resource selector.",
)

NOTICE_KINDS: dict[str, NoticeKind] = {
    kind.code: kind
    for kind in (IGNORE_WITHOUT_REASON, IGNORE_UNUSED, EXCEPTION_EXPIRED, EXCEPTION_UNMATCHED)
}


def notice(
    kind: NoticeKind, file: str, line: int, subject: str, message: str, path: str = ""
) -> Finding:
    """A finding located at the directive or record it is about. ``subject`` identifies that
    record independently of its line (rule and selector), so the fingerprint is stable."""
    return Finding(
        code=kind.code,
        name=kind.name,
        severity=kind.severity,
        status=FindingStatus.FAIL,
        kind="iacgate.gate",
        address=subject,
        file=file,
        start_line=line,
        end_line=line,
        path=path,
        message=message,
        fingerprint=fingerprint(kind.code, file, subject, path),
        scope=file,
        source="gate",
    )
