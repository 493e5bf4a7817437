"""ResourceGraph: a networkx MultiDiGraph of canonical resources with typed edges.

Node ids are resource keys. Each edge has a type and the attribute path, on the source resource,
where the reference was written (so a rule can point at the line that created the relation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from iacgate.model.locations import LocationTable
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource


class EdgeType(StrEnum):
    SELECTS = "selects"  # Service / NetworkPolicy -> workloads whose pods they select
    USES_SERVICE_ACCOUNT = "uses-service-account"  # workload -> ServiceAccount
    BINDS_ROLE = "binds-role"  # (Cluster)RoleBinding -> (Cluster)Role
    BINDS_SUBJECT = "binds-subject"  # (Cluster)RoleBinding -> ServiceAccount subject
    ROUTES_TO = "routes-to"  # Ingress -> Service
    REFERENCES = "references"  # generic reference written in an attribute
    # AWS (graph/aws.py)
    ATTACHED_TO = "attached-to"  # bucket policy -> bucket, listener -> load balancer, ...
    USES_SECURITY_GROUP = "uses-security-group"  # instance/Lambda/RDS/LB/EKS -> group
    USES_ROLE = "uses-role"  # instance (through its profile)/Lambda/EKS/flow log -> role
    USES_INSTANCE_PROFILE = "uses-instance-profile"  # instance -> instance profile
    HAS_POLICY = "has-policy"  # role/user/group -> managed policy
    MEMBER_OF = "member-of"  # user -> group, DB instance -> DB cluster
    ENCRYPTED_BY = "encrypted-by"  # any resource -> the KMS key it names
    IN_VPC = "in-vpc"  # subnet/security group -> VPC
    IN_SUBNET = "in-subnet"  # instance/Lambda/LB/EKS -> subnet
    MONITORS = "monitors"  # flow log -> VPC/subnet
    LOGS_TO = "logs-to"  # trail/flow log/bucket logging/LB/stage -> bucket or log group


@dataclass(frozen=True, slots=True)
class Edge:
    source: Resource
    target: Resource
    type: EdgeType
    path: AttrPath


Direction = Literal["out", "in", "both"]


class ResourceGraph:
    def __init__(self, locations: LocationTable | None = None) -> None:
        import networkx  # deferred: ~0.1 s that only scans with resources need

        self._g: Any = networkx.MultiDiGraph()
        self._by_kind: dict[str, list[Resource]] = defaultdict(list)
        self.locations = locations if locations is not None else LocationTable()

    # -- building ------------------------------------------------------------------------

    def add(self, resource: Resource) -> None:
        if resource.key in self._g:
            raise ValueError(f"duplicate resource key {resource.key}")
        self._g.add_node(resource.key, resource=resource)
        self._by_kind[resource.kind].append(resource)

    def add_edge(
        self, source: Resource, target: Resource, type: EdgeType, path: AttrPath = ()
    ) -> None:
        self._g.add_edge(source.key, target.key, key=(type, path), type=type, path=path)

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def __contains__(self, resource: object) -> bool:
        return isinstance(resource, Resource) and resource.key in self._g

    def get(self, key: str) -> Resource | None:
        data = self._g.nodes.get(key)
        return None if data is None else data["resource"]

    def resources(self, kind: str | Iterable[str] | None = None) -> list[Resource]:
        """Resources in insertion order, optionally of one or several kinds."""
        if kind is None:
            return [data["resource"] for _, data in self._g.nodes(data=True)]
        kinds = (kind,) if isinstance(kind, str) else tuple(kind)
        out: list[Resource] = []
        for name in kinds:
            out.extend(self._by_kind.get(name, ()))
        return out

    def kinds(self) -> list[str]:
        return sorted(kind for kind, items in self._by_kind.items() if items)

    def edges(self, resource: Resource, direction: Direction = "out") -> Iterator[Edge]:
        key = resource.key
        if direction in ("out", "both"):
            for _, target, data in self._g.out_edges(key, data=True):
                yield Edge(resource, self._g.nodes[target]["resource"], data["type"], data["path"])
        if direction in ("in", "both"):
            for source, _, data in self._g.in_edges(key, data=True):
                yield Edge(self._g.nodes[source]["resource"], resource, data["type"], data["path"])

    def all_edges(self) -> Iterator[Edge]:
        nodes = self._g.nodes
        for source, target, data in self._g.edges(data=True):
            yield Edge(
                nodes[source]["resource"], nodes[target]["resource"], data["type"], data["path"]
            )

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
        """The underlying networkx graph, for algorithms (reachability, paths)."""
        return self._g
