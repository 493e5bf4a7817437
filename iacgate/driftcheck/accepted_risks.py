"""Accepted risks (the gate configuration's ``exceptions``) applied to drift: an accepted
risk is not security drift.

A flipped verdict becomes a ``Finding`` (rule, kind, address, scope, declaring file) and is
matched like any scan finding (``iacgate.gate.accepted_risks``): a live exception moves it to the
item's ``suppressed`` list, so the item is no longer ranked as security drift. The attribute
change itself is still drift: an exception accepts a rule's risk, not a change made by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from iacgate.driftcheck.model import DriftItem, DriftReport, RuleHit, SuppressedHit
from iacgate.findings import Finding, FindingStatus, fingerprint
from iacgate.gate.accepted_risks import ExceptionMatcher
from iacgate.gate.config import ExceptionRecord


def hit_finding(report: DriftReport, item: DriftItem, hit: RuleHit) -> Finding:
    return Finding(
        code=hit.code,
        name=hit.name,
        severity=hit.severity,
        status=FindingStatus.FAIL,
        kind=item.kind,
        address=item.address,
        file=item.file or "",
        start_line=item.line,
        end_line=item.line,
        path=hit.path,
        message=hit.message,
        fingerprint=fingerprint(hit.code, report.scope, item.address, hit.path, item.kind),
        scope=report.scope,
        source=f"live-{report.provider}",
    )


def apply_exceptions(
    report: DriftReport, records: Sequence[ExceptionRecord], today: dt.date | None = None
) -> tuple[DriftReport, list[str]]:
    """The report with accepted flips moved aside, and notices about expired exceptions."""
    if not records:
        return report, []
    matcher = ExceptionMatcher(records, today or dt.date.today())
    notes: list[str] = []
    items: list[DriftItem] = []
    for item in report.items:
        kept: list[RuleHit] = []
        accepted: list[SuppressedHit] = list(item.suppressed)
        for hit in item.findings:
            record, expired = matcher.match(hit_finding(report, item, hit), item.file or "")
            notes.extend(f"{item.address} {hit.code}: {note}" for note in expired)
            if record is None:
                kept.append(hit)
            else:
                accepted.append(
                    SuppressedHit(
                        hit, record.owner, record.reason, record.expires.isoformat(), record.ticket
                    )
                )
        items.append(replace(item, findings=tuple(kept), suppressed=tuple(accepted)))
    ranked = tuple(sorted(items, key=DriftItem.rank))
    return replace(report, items=ranked, warnings=(*report.warnings, *notes)), notes
