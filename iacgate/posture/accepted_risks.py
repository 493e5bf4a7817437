"""Exceptions expiring soon: accepted risks whose end date falls within the coming window.

Read from the newest report of each stream: the findings an exception covers carry its owner,
end date, reason, ticket and where the record is written. One record covering many findings is
listed once, with how many it covers (drift reports do not say where the record is written:
there the owner, date, reason and ticket identify it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from iacgate.posture.history import AcceptedRisk

WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Expiring:
    owner: str
    expires: dt.date
    days_left: int  # 0: it expires today (the last day it holds)
    reason: str
    ticket: str
    record: str  # file:line of the exception record, when the report says
    rules: tuple[str, ...]
    findings: int  # findings it covers in the newest reports


def expiring(
    accepted: Iterable[AcceptedRisk], today: dt.date, window_days: int = WINDOW_DAYS
) -> tuple[Expiring, ...]:
    """Exceptions that hold today and end within ``window_days`` days, soonest first."""
    last = today + dt.timedelta(days=window_days)
    grouped: dict[tuple[str, ...], list[AcceptedRisk]] = {}
    for item in accepted:
        if today <= item.expires <= last:
            # One record is one exception; a record edited between two targets' newest runs
            # (another owner or date) is listed twice rather than hidden.
            key = (item.record, item.owner, item.expires.isoformat(), item.reason, item.ticket)
            grouped.setdefault(key, []).append(item)
    out = [
        Expiring(
            owner=items[0].owner,
            expires=items[0].expires,
            days_left=(items[0].expires - today).days,
            reason=items[0].reason,
            ticket=items[0].ticket,
            record=items[0].record,
            rules=tuple(sorted({i.code for i in items})),
            findings=len(items),
        )
        for items in grouped.values()
    ]
    out.sort(key=lambda e: (e.expires, e.owner, e.record, e.reason))
    return tuple(out)
