"""ResourceGraph: canonical resources with typed edges, a networkx MultiDiGraph on demand.

Node ids are resource keys. Each edge has a type and the attribute path, on the source resource,
where the reference was written (so a rule can point at the line that created the relation).

A *placeholder* node stands for a resource that an edge names but the scan does not hold (the
IAM role a ServiceAccount's annotation names, in a scan of manifests only). It carries what the
reference said (an ARN), takes part in edges and exports, and is no resource: rules never judge
it and counts never include it (``resources()``, ``len``, ``kinds`` leave it out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from iacgate.model import k8s
from iacgate.model.edges import EdgeType as EdgeType
from iacgate.model.locations import LocationTable
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource


@dataclass(frozen=True, slots=True)
class Edge:
    source: Resource
    target: Resource
    type: EdgeType
    path: AttrPath


Direction = Literal["out", "in", "both"]

PLACEHOLDER_PREFIX = "external."  # a placeholder's kind: this prefix + the kind it stands for
PLACEHOLDER_SOURCE = "placeholder"


def placeholder(kind: str, name: str, attributes: dict[str, Any] | None = None) -> Resource:
    """A node standing for a ``kind`` resource named ``name`` (an ARN) outside the scan."""
    return Resource(
        kind=f"{PLACEHOLDER_PREFIX}{kind}",
        address=name,
        scope=PLACEHOLDER_SOURCE,
        attributes=attributes or {},
        source=PLACEHOLDER_SOURCE,
        physical_id=name,
    )


def is_placeholder(resource: Resource) -> bool:
    return resource.source == PLACEHOLDER_SOURCE


_EdgeKey = tuple[str, EdgeType, AttrPath]  # (other node, type, path)


class ResourceGraph:
    """Canonical resources with typed edges, and their networkx ``MultiDiGraph`` on demand.

    Lookups the engine and the rules make thousands of times (neighbours by kind and edge
    type) are served from adjacency maps kept here; the networkx graph is built from them the
    first time ``nx`` is asked for (graph algorithms: reachability, paths). Importing networkx
    costs ~0.1 s, a fifth of the pre-commit budget, and a one-file scan never needs it.
    """

    def __init__(self, locations: LocationTable | None = None) -> None:
        self._nodes: dict[str, Resource] = {}
        # Ordered sets (dict keys) of edges, out of and into each node; parallel edges of
        # different types or paths are kept, identical ones once (as networkx keys them).
        self._out: dict[str, dict[_EdgeKey, None]] = {}
        self._in: dict[str, dict[_EdgeKey, None]] = {}
        self._by_kind: dict[str, list[Resource]] = defaultdict(list)
        self._placeholders: dict[str, Resource] = {}
        self._nx: Any = None
        # Analyses computed once per graph (exposure, identities); dropped when it changes.
        self.memo: dict[str, Any] = {}
        self.locations = locations if locations is not None else LocationTable()

    # -- building ------------------------------------------------------------------------

    def add(self, resource: Resource) -> None:
        key = resource.key
        if key in self._nodes:
            raise ValueError(f"duplicate resource key {key}")
        self._nodes[key] = resource
        self._out[key] = {}
        self._in[key] = {}
        self._by_kind[resource.kind].append(resource)
        if resource.kind.startswith("k8s.") and k8s.discovered_template(resource) is not None:
            # Judged as a workload by every workload rule (it keeps its own kind).
            self._by_kind[k8s.POD_TEMPLATE_CARRIER].append(resource)
        self._nx = None
        self.memo = {}

    def add_placeholder(self, resource: Resource) -> Resource:
        """Add (once) a placeholder node; returns the node kept for its key."""
        if not is_placeholder(resource):
            raise ValueError(f"not a placeholder: {resource.key}")
        key = resource.key
        kept = self._nodes.get(key)
        if kept is not None:
            return kept
        self._nodes[key] = resource
        self._placeholders[key] = resource
        self._out[key] = {}
        self._in[key] = {}
        self._nx = None
        self.memo = {}
        return resource

    def placeholders(self) -> list[Resource]:
        return list(self._placeholders.values())

    def add_edge(
        self, source: Resource, target: Resource, type: EdgeType, path: AttrPath = ()
    ) -> None:
        if source.key not in self._nodes or target.key not in self._nodes:
            raise KeyError(f"edge between resources not in the graph: {source.key} -> {target.key}")
        self._out[source.key][(target.key, type, path)] = None
        self._in[target.key][(source.key, type, path)] = None
        self._nx = None
        if self.memo:
            self.memo = {}

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._nodes) - len(self._placeholders)

    def __contains__(self, resource: object) -> bool:
        return (
            isinstance(resource, Resource)
            and resource.key in self._nodes
            and resource.key not in self._placeholders
        )

    def get(self, key: str) -> Resource | None:
        """The node of ``key``: a resource, or a placeholder (``is_placeholder``)."""
        return self._nodes.get(key)

    def resources(self, kind: str | Iterable[str] | None = None) -> list[Resource]:
        """Resources in insertion order, optionally of one or several kinds (never a
        placeholder)."""
        if kind is None:
            if not self._placeholders:
                return list(self._nodes.values())
            return [r for k, r in self._nodes.items() if k not in self._placeholders]
        kinds = (kind,) if isinstance(kind, str) else tuple(kind)
        out: list[Resource] = []
        for name in kinds:
            out.extend(self._by_kind.get(name, ()))
        return out

    def kinds(self) -> list[str]:
        return sorted(kind for kind, items in self._by_kind.items() if items)

    def edges(self, resource: Resource, direction: Direction = "out") -> Iterator[Edge]:
        key = resource.key
        nodes = self._nodes
        if direction in ("out", "both"):
            for target, type, path in self._out.get(key, ()):
                yield Edge(resource, nodes[target], type, path)
        if direction in ("in", "both"):
            for source, type, path in self._in.get(key, ()):
                yield Edge(nodes[source], resource, type, path)

    def all_edges(self) -> Iterator[Edge]:
        nodes = self._nodes
        for source, edges in self._out.items():
            for target, type, path in edges:
                yield Edge(nodes[source], nodes[target], type, path)

    def related(
        self,
        resource: Resource,
        kind: str | None = None,
        edge: EdgeType | None = None,
        direction: Direction = "both",
    ) -> list[Resource]:
        """Neighbours of ``resource``, filtered by kind and edge type, each listed once."""
        seen: dict[str, Resource] = {}
        for found in self.edges(resource, direction):
            other = found.target if found.source.key == resource.key else found.source
            if direction == "both" and found.source.key == found.target.key:
                other = resource
            if (kind is None or other.kind == kind) and (edge is None or found.type == edge):
                seen.setdefault(other.key, other)
        return list(seen.values())

    @property
    def nx(self) -> Any:
        """The graph as a networkx ``MultiDiGraph`` (node data ``resource``, edge data
        ``type`` and ``path``, edge keys ``(type, path)``), built on first use."""
        if self._nx is None:
            import networkx

            graph = networkx.MultiDiGraph()
            for key, resource in self._nodes.items():
                graph.add_node(key, resource=resource, placeholder=key in self._placeholders)
            for source, edges in self._out.items():
                for target, type, path in edges:
                    graph.add_edge(source, target, key=(type, path), type=type, path=path)
            self._nx = graph
        return self._nx
