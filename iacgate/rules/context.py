"""What a rule may consult besides its resource: the graph around it.

Each method names one question rules ask of the graph, as a thin wrapper over
``ResourceGraph``, so that a pack never reaches into the graph's representation (and the
graph may change under a stable rule API).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

from iacgate.graph.graph import Direction, Edge, EdgeType, ResourceGraph, is_placeholder
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource

if TYPE_CHECKING:
    from iacgate.graph.identity import Power
    from iacgate.graph.reachability import Exposure
    from iacgate.model.locations import Location

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Context:
    graph: ResourceGraph

    def related(
        self,
        resource: Resource,
        kind: str | None = None,
        edge: EdgeType | None = None,
        direction: Direction = "both",
    ) -> list[Resource]:
        """Neighbours of ``resource``, filtered by kind and edge type, each listed once."""
        return self.graph.related(resource, kind, edge, direction)

    def resources(self, kind: str | Iterable[str]) -> list[Resource]:
        """Every resource of the scan of ``kind`` (or of any of several kinds)."""
        return self.graph.resources(kind)

    def edges(
        self,
        resource: Resource,
        edge: EdgeType | None = None,
        kind: str | None = None,
        direction: Direction = "out",
    ) -> list[Edge]:
        """The edges of ``resource``, optionally of one type and to (or, for ``"in"``, from)
        resources of one kind. An edge's ``path`` is the attribute of its source where the
        reference was written: the attribute a finding about the relation points at."""
        found = []
        for item in self.graph.edges(resource, direction):
            if edge is not None and item.type != edge:
                continue
            other = item.target if item.source.key == resource.key else item.source
            if kind is None or other.kind == kind:
                found.append(item)
        return found

    def reference_paths(
        self, resource: Resource, edge: EdgeType | None = None, kind: str | None = None
    ) -> set[AttrPath]:
        """The attribute paths of ``resource`` where the graph resolved a reference (of type
        ``edge``, to a ``kind`` resource): a value there is set, even while it is known only
        after apply, and names a resource the scan holds (or a placeholder)."""
        return {item.path for item in self.edges(resource, edge, kind)}

    def refers(self, resource: Resource, path: AttrPath) -> bool:
        """The graph resolved a reference written at ``path`` (or below it) to another
        resource: the value is set, to that resource's id or ARN, even while unknown."""
        size = len(path)
        return any(item.path[:size] == path for item in self.graph.edges(resource, "out"))

    def location(self, resource: Resource) -> Location | None:
        """Where ``resource`` was declared (file and lines), when a file declared it."""
        return self.graph.locations.get(resource.key)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, run once per scan and kept under ``key`` (name it after the pack
        and what it computes): an index over the whole graph that a rule consults for every
        resource keeps the rule linear. Rule objects themselves hold no per-scan state."""
        memo = self.graph.memo
        if key not in memo:
            memo[key] = compute()
        return cast(T, memo[key])

    def exposure(self, resource: Resource) -> Exposure | None:
        """How the internet reaches ``resource`` (level and hops), None when it does not
        (``iacgate.graph.reachability``; computed once per scan)."""
        from iacgate.graph.reachability import exposure

        return exposure(self.graph).get(resource.key)

    def power(self, resource: Resource) -> Power:
        """What the identities of ``resource`` can do (``iacgate.graph.identity``)."""
        from iacgate.graph.identity import power

        return power(self.graph, resource)

    def outside_scan(self, resource: Resource) -> bool:
        """A placeholder node: a resource an edge names but the scan does not hold."""
        return is_placeholder(resource)
