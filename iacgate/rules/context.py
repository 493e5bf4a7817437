"""What a rule may consult besides its resource: the graph around it."""

from __future__ import annotations

from dataclasses import dataclass

from iacgate.graph.graph import Direction, EdgeType, ResourceGraph
from iacgate.model.resource import Resource


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
