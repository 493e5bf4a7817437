"""What a rule may consult besides its resource: the graph around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iacgate.graph.graph import Direction, EdgeType, ResourceGraph, is_placeholder
from iacgate.model.resource import Resource

if TYPE_CHECKING:
    from iacgate.graph.identity import Power
    from iacgate.graph.reachability import Exposure


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
        return self.graph.related(resource, kind, edge, direction)

    def resources(self, kind: str) -> list[Resource]:
        return self.graph.resources(kind)

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
