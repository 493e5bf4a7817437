"""Honest coverage: which (kind, where) a collector read completely, and why the rest failed.

``where`` is provider-defined: ``"*"`` is the whole scope (every namespace of a cluster, or a
global AWS service), anything else one part of it (a namespace, a region). Every attempted
list call leaves exactly one entry; nothing a collector tried is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

EVERYWHERE = "*"


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


@dataclass(frozen=True, slots=True)
class Coverage:
    entries: tuple[CoverageEntry, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[CoverageEntry]) -> Coverage:
        return cls(tuple(sorted(entries, key=lambda e: (e.kind, e.where))))

    def entry(self, kind: str, where: str) -> CoverageEntry | None:
        """The entry that speaks for ``kind`` at ``where``: its own, else the scope-wide one."""
        fallback = None
        for item in self.entries:
            if item.kind != kind:
                continue
            if item.where == where:
                return item
            if item.where == EVERYWHERE:
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
    def ratio(self) -> float:
        return 1.0 if not self.entries else round(self.complete / self.attempted, 4)
