"""The resource graph: canonical resources as nodes, typed edges between them."""

from __future__ import annotations

from iacgate.graph.graph import Edge, EdgeType, ResourceGraph

__all__ = ["Edge", "EdgeType", "ResourceGraph"]
