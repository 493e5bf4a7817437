"""Accepted risks (the configuration's ``exceptions``): an owner, a reason and an expiry date.

Matching reads only a finding's own fields (rule code and name, kind, address, file, scope), so
the same records apply to findings from files, live accounts and drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from iacgate.findings import Finding
from iacgate.gate.config import ExceptionRecord
from iacgate.gate.globs import match_name, match_path
from iacgate.gate.notices import EXCEPTION_EXPIRED, EXCEPTION_UNMATCHED, notice

_K8S_NAMESPACED_PARTS = 4  # group/Kind/namespace/name


def finding_namespace(finding: Finding) -> str | None:
    """The Kubernetes namespace of a finding's resource (from its address), if any."""
    if not finding.kind.startswith("k8s."):
        return None
    parts = finding.address.split("/")
    return parts[2] if len(parts) == _K8S_NAMESPACED_PARTS else None


def finding_account(finding: Finding) -> str | None:
    """The AWS account of a finding: from an ARN address, or a live scope that is an account."""
    for value in (finding.address, finding.scope):
        if value.startswith("arn:"):
            parts = value.split(":")
            if len(parts) > 4 and parts[4]:
                return parts[4]
        # A live AWS scope names the account (``aws:<account>``): S3 ARNs do not.
        value = value.removeprefix("aws:")
        if value.isdigit() and len(value) == 12:
            return value
    return None


def matches(record: ExceptionRecord, finding: Finding, path: str) -> bool:
    """Does ``record`` cover ``finding``? ``path`` is the finding's file as the config's globs
    see it (relative to the config's directory)."""
    if not (match_name(record.rule, finding.code) or match_name(record.rule, finding.name)):
        return False
    if record.address is not None and not match_name(record.address, finding.address):
        return False
    if record.kind is not None and not match_name(record.kind, finding.kind):
        return False
    if record.path is not None and not (finding.file and match_path(record.path, path)):
        return False
    if record.namespace is not None:
        namespace = finding_namespace(finding)
        if namespace is None or not match_name(record.namespace, namespace):
            return False
    if record.account is not None:
        account = finding_account(finding)
        if account is None or not match_name(record.account, account):
            return False
    return True


def expired(record: ExceptionRecord, today: dt.date) -> bool:
    """``expires`` is the last day the exception holds."""
    return today > record.expires


def describe(record: ExceptionRecord) -> str:
    ticket = f", ticket {record.ticket}" if record.ticket else ""
    return f"owner {record.owner}{ticket}, expires {record.expires.isoformat()}"


def subject(record: ExceptionRecord) -> str:
    """A line-independent identity for a record (for its notices' fingerprints)."""
    parts = [f"rule={record.rule}"]
    for name in ("address", "kind", "path", "namespace", "account"):
        value = getattr(record, name)
        if value is not None:
            parts.append(f"{name}={value}")
    return "exception:" + ",".join(parts)


class ExceptionMatcher:
    """Matches findings to exception records and counts each record's matches."""

    def __init__(self, records: Sequence[ExceptionRecord], today: dt.date) -> None:
        self.records = records
        self.today = today
        self.hits = [0] * len(records)

    def match(self, finding: Finding, path: str) -> tuple[ExceptionRecord | None, list[str]]:
        """The live exception covering ``finding`` (or None) and notices about expired ones
        that would have covered it."""
        expired_notes: list[str] = []
        for index, record in enumerate(self.records):
            if not matches(record, finding, path):
                continue
            self.hits[index] += 1
            if expired(record, self.today):
                expired_notes.append(
                    f"exception expired on {record.expires.isoformat()} "
                    f"(owner {record.owner}{', ticket ' + record.ticket if record.ticket else ''}"
                    f"): {record.reason}"
                )
                continue
            return record, expired_notes
        return None, expired_notes

    def notices(self, report_unmatched: bool = True) -> list[Finding]:
        found = []
        for index, record in enumerate(self.records):
            if expired(record, self.today):
                found.append(
                    notice(
                        EXCEPTION_EXPIRED,
                        record.file,
                        record.line,
                        subject(record),
                        f"exception for {record.rule} expired on {record.expires.isoformat()} "
                        f"(owner {record.owner}); {self.hits[index]} finding(s) it covered are "
                        f"reported again",
                    )
                )
            elif report_unmatched and self.hits[index] == 0:
                found.append(
                    notice(
                        EXCEPTION_UNMATCHED,
                        record.file,
                        record.line,
                        subject(record),
                        f"exception for {record.rule} ({describe(record)}) matches no finding; "
                        f"remove it",
                    )
                )
        return found
