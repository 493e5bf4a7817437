"""Honest coverage: which (kind, where) a collector read completely, and why the rest failed.

``where`` is provider-defined: ``"*"`` is the whole scope (every namespace of a cluster, or a
global AWS service), anything else one part of it (a namespace, a region). Every attempted
list call leaves exactly one entry; nothing a collector tried is dropped silently.

A scope made of several parts (the accounts of an AWS organization) qualifies ``where`` with
the part: ``<account>/<region>`` for a region of one account, ``<account>`` for the whole
account (its global kinds; every kind of an account that could not be read at all). An entry
for ``a/b`` falls back on the entry for ``a``, then on ``"*"``. A part nothing could be read
from is also listed in :attr:`Coverage.unread`: it was not judged, and that gates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

EVERYWHERE = "*"
PART = "/"  # separates a part of the scope (an account) from a place in it (a region)


class CoverageStatus(StrEnum):
    COMPLETE = "complete"  # every page was read
    UNAUTHORIZED = "unauthorized"  # 401: credentials rejected
    DENIED = "denied"  # 403 / AccessDenied: the identity may not read this
    NOT_FOUND = "not-found"  # 404: the API is not served here (old cluster, region not enabled)
    THROTTLED = "throttled"  # 429 / throttling that outlasted the retries
    ERROR = "error"  # 5xx that outlasted the retries, network errors, malformed answers


@dataclass(frozen=True, slots=True)
class CoverageEntry:
    kind: str  # canonical kind
    where: str  # EVERYWHERE, a namespace, a region
    status: CoverageStatus
    count: int = 0  # resources read (complete entries only)
    detail: str = ""  # the API's own words when the status is not complete

    @property
    def complete(self) -> bool:
        return self.status is CoverageStatus.COMPLETE

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "where": self.where,
            "status": self.status.value,
            "count": self.count,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CoverageEntry:
        return cls(
            kind=str(data["kind"]),
            where=str(data["where"]),
            status=CoverageStatus(str(data["status"])),
            count=int(data.get("count", 0)),
            detail=str(data.get("detail", "")),
        )


def qualified(part: str, where: str) -> str:
    """``where`` of one part of a scope made of several: ``<part>/<where>``, or ``<part>`` for
    the whole part."""
    return part if where == EVERYWHERE else f"{part}{PART}{where}"


@dataclass(frozen=True, slots=True)
class Unread:
    """A part of the scope nothing could be read from (an AWS account whose role could not be
    assumed): nothing in it was judged."""

    where: str  # the part (an account id)
    status: CoverageStatus
    detail: str
    name: str = ""  # what the part is called (an account's name), when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "name": self.name,
            "status": self.status.value,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unread:
        return cls(
            where=str(data["where"]),
            status=CoverageStatus(str(data["status"])),
            detail=str(data.get("detail", "")),
            name=str(data.get("name", "")),
        )


@dataclass(frozen=True, slots=True)
class Coverage:
    entries: tuple[CoverageEntry, ...] = ()
    unread: tuple[Unread, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[CoverageEntry], unread: Iterable[Unread] = ()) -> Coverage:
        return cls(
            tuple(sorted(entries, key=lambda e: (e.kind, e.where))),
            tuple(sorted(unread, key=lambda u: u.where)),
        )

    def entry(self, kind: str, where: str) -> CoverageEntry | None:
        """The entry that speaks for ``kind`` at ``where``: its own, else its part's
        (``a`` for ``a/b``), else the scope-wide one."""
        part = where.split(PART, 1)[0] if PART in where else None
        fallback = None
        for item in self.entries:
            if item.kind != kind:
                continue
            if item.where == where:
                return item
            if item.where == part or (item.where == EVERYWHERE and fallback is None):
                fallback = item
        return fallback

    def covers(self, kind: str, where: str) -> bool:
        found = self.entry(kind, where)
        return found is not None and found.complete

    def kinds(self) -> set[str]:
        return {item.kind for item in self.entries}

    @property
    def attempted(self) -> int:
        return len(self.entries)

    @property
    def complete(self) -> int:
        return sum(1 for item in self.entries if item.complete)

    @property
    def gaps(self) -> tuple[CoverageEntry, ...]:
        return tuple(item for item in self.entries if not item.complete)

    @property
    def read_gaps(self) -> tuple[CoverageEntry, ...]:
        """The gaps of the parts that were read: an unread part's entries (every kind, at the
        part) are said once, by its :class:`Unread`."""
        parts = {u.where for u in self.unread}
        return tuple(gap for gap in self.gaps if gap.where not in parts)

    @property
    def ratio(self) -> float:
        return 1.0 if not self.entries else round(self.complete / self.attempted, 4)
