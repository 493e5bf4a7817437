"""Coverage: how much of what was read was judged, and how much of the live estate was read.

For a scan, resources *read* are the canonical resources the inputs hold; resources *judged*
are those of a kind at least one rule judges. Files skipped and files that did not parse hide
resources nobody counted: they are reported next to the ratio, never folded into it. For the
live estate, each inventory snapshot says which (kind, region or namespace) lists were read
completely; a list that was denied or throttled is a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iacgate.posture.history import InventoryRun, ScanRun

COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class ScanCoverage:
    label: str
    resources: int
    judged: int | None  # None: the report predates the count
    files: int
    skipped: int
    parse_errors: int

    @property
    def ratio(self) -> float | None:
        if self.judged is None or not self.resources:
            return None
        return self.judged / self.resources


@dataclass(frozen=True, slots=True)
class LiveList:
    """One list of a live collection: a kind, where it was read, and what came of it."""

    kind: str
    where: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class LiveCoverage:
    scope: str
    provider: str
    lists: tuple[LiveList, ...]
    resources: int

    @property
    def complete(self) -> int:
        return sum(1 for item in self.lists if item.status == COMPLETE)

    @property
    def ratio(self) -> float | None:
        return self.complete / len(self.lists) if self.lists else None

    @property
    def gaps(self) -> tuple[LiveList, ...]:
        return tuple(item for item in self.lists if item.status != COMPLETE)


@dataclass(frozen=True, slots=True)
class Coverage:
    scans: tuple[ScanCoverage, ...]
    live: tuple[LiveCoverage, ...]

    @property
    def resources(self) -> int:
        return sum(s.resources for s in self.scans if s.judged is not None)

    @property
    def judged(self) -> int:
        return sum(s.judged for s in self.scans if s.judged is not None)

    @property
    def ratio(self) -> float | None:
        """Resources judged over resources read, over every scan that counts both."""
        return self.judged / self.resources if self.resources else None

    @property
    def live_ratio(self) -> float | None:
        lists = sum(len(c.lists) for c in self.live)
        return sum(c.complete for c in self.live) / lists if lists else None


def coverage(scans: Sequence[ScanRun], inventories: Sequence[InventoryRun]) -> Coverage:
    """From the latest scan of each stream and the latest snapshot of each live scope."""
    return Coverage(
        scans=tuple(
            ScanCoverage(s.label, s.resources, s.judged, s.files, s.skipped, s.parse_errors)
            for s in scans
        ),
        live=tuple(
            LiveCoverage(
                scope=i.scope,
                provider=i.provider,
                lists=tuple(LiveList(c.kind, c.where, c.status, c.count) for c in i.coverage),
                resources=i.resources,
            )
            for i in inventories
        ),
    )
