"""Source locations kept beside the data: (resource key, attribute path) -> file span."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from iacgate.model.paths import AttrPath


class Location(NamedTuple):
    """A span in a file. Lines and columns are 1-based; ``file`` is relative to the scan root.

    A named tuple rather than a frozen dataclass: loaders create one per value of every file,
    and tuple construction is several times cheaper.
    """

    file: str
    start_line: int
    end_line: int
    start_col: int = 0
    end_col: int = 0


class LocationTable:
    """Maps a resource's attribute paths to where they were written.

    Lookups fall back to the nearest recorded ancestor, so a rule that reports a path the source
    never spelled out (a defaulted field) still points at the enclosing block.
    """

    def __init__(self) -> None:
        self._spans: dict[str, dict[AttrPath, Location]] = {}

    def set(self, key: str, path: AttrPath, location: Location) -> None:
        self._spans.setdefault(key, {})[path] = location

    def set_many(self, key: str, spans: dict[AttrPath, Location]) -> None:
        self._spans.setdefault(key, {}).update(spans)

    def get(self, key: str, path: AttrPath = ()) -> Location | None:
        spans = self._spans.get(key)
        if not spans:
            return None
        for end in range(len(path), -1, -1):
            found = spans.get(path[:end])
            if found is not None:
                return found
        return None

    def exact(self, key: str, path: AttrPath) -> Location | None:
        spans = self._spans.get(key)
        return None if spans is None else spans.get(path)

    def paths(self, key: str) -> Iterator[tuple[AttrPath, Location]]:
        yield from self._spans.get(key, {}).items()

    def __contains__(self, key: object) -> bool:
        return key in self._spans
