"""AWS edge resolvers: the edges each kind declares (``model/aws/kinds``: attribute path, edge
type, target kinds), resolved over the graph.

A value names its target in one of two ways, and both give the same edge:

- through a **reference** the source wrote (Terraform ``aws_kms_key.main.arn``, CloudFormation
  ``!GetAtt Key.Arn``): the normalizer keeps them as ``origin["references"]``, pairs of
  (canonical attribute path, target address in the same scope). In a plan the value itself is
  often unknown, the reference is not;
- through the **value**: an ARN, id or name matching an identifier of a resource of the target
  kind (state files, live collections, literal ids in code).

Every target is indexed once by identifier and by address, so resolution is linear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from iacgate.graph.graph import EdgeType, ResourceGraph
from iacgate.model.addresses import base_address
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown

_ANY = "*"


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    source: str  # kind
    path: tuple[str, ...]  # canonical attribute path; "*" walks list items / map values
    edge: EdgeType
    targets: tuple[str, ...]  # target kinds


@cache
def _kind_specs(kind: str) -> tuple[tuple[EdgeSpec, ...], tuple[str, ...]]:
    """A kind's declared edges and the attributes that name one of its resources (its
    declaration imported now: a scan loads the declarations of the kinds it meets only)."""
    from iacgate.model.aws import kinds

    if kind not in kinds.index().services:
        return (), ()
    declared = kinds.kind(kind)
    specs = tuple(
        EdgeSpec(declared.name, tuple(edge.path.split(".")), edge.type, edge.targets)
        for edge in declared.edges
    )
    return specs, declared.identifiers


def _identifiers(kind: str) -> tuple[str, ...]:
    return _kind_specs(kind)[1]


def _spellings(kind: str, value: str) -> Iterator[str]:
    """The ways a value may name a target that its identifiers do not spell out."""
    yield value
    if kind == "aws.logs.log_group" and value.endswith(":*"):
        yield value[:-2]  # CloudTrail writes the log group ARN with a ":*" suffix
    if kind == "aws.s3.bucket":
        for suffix in (".s3.amazonaws.com",):
            if value.endswith(suffix):  # CloudFront logging names the bucket's domain
                yield value[: -len(suffix)]
    if kind == "aws.lambda.function" and value.endswith("/invocations") and "/functions/" in value:
        # API Gateway names a function by its invocation URI, the function's ARN inside.
        yield value.split("/functions/", 1)[1].rsplit("/invocations", 1)[0]
    if value.startswith("arn:") and kind in ("aws.iam.role", "aws.iam.instance_profile"):
        yield value.rsplit("/", 1)[-1]


def _walk(node: Any, path: tuple[str, ...], at: AttrPath = ()) -> Iterator[tuple[AttrPath, Any]]:
    """(concrete path, value) for every match of ``path`` ("*" = every item/value)."""
    if not path or isinstance(node, Unknown):
        yield at, node  # an unknown list or block: its references still name the targets
        return
    head, rest = path[0], path[1:]
    if head == _ANY:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*at, index))
        elif isinstance(node, Mapping):
            for key, item in node.items():
                yield from _walk(item, rest, (*at, str(key)))
        return
    if isinstance(node, Mapping) and head in node:
        yield from _walk(node[head], rest, (*at, head))


class _Index:
    def __init__(self, graph: ResourceGraph, kinds: set[str]) -> None:
        self.by_value: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self.by_key: dict[str, Resource] = {}
        self.by_base: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for resource in graph.resources(sorted(kinds)):
            self.by_key[resource.key] = resource
            self.by_base[(resource.scope, base_address(resource.address))].append(resource)
            for attribute in _identifiers(resource.kind):
                value = resource.attributes.get(attribute)
                values = value if isinstance(value, list) else [value]
                for item in values:
                    if isinstance(item, str) and item:
                        self.by_value[(resource.kind, item)].append(resource)
            if resource.physical_id:
                self.by_value[(resource.kind, resource.physical_id)].append(resource)

    def by_reference(self, source: Resource, target: str) -> list[Resource]:
        found = self.by_key.get(f"{source.scope}::{target}")
        if found is not None:
            return [found]
        candidates = self.by_base.get((source.scope, base_address(target)), [])
        if len(candidates) <= 1:
            return list(candidates)
        index = source.origin.get("index")
        same = [c for c in candidates if c.origin.get("index") == index]
        return same if len(same) == 1 else list(candidates)

    def by_name(self, source: Resource, kinds: tuple[str, ...], value: str) -> list[Resource]:
        found: list[Resource] = []
        for kind in kinds:
            for spelling in _spellings(kind, value):
                found.extend(self.by_value.get((kind, spelling), ()))
        if len(found) > 1:
            # The same name in several scans (two roots, code and live): prefer the source's own.
            same = [r for r in found if r.scope == source.scope]
            found = same or found
        unique: dict[str, Resource] = {}
        for resource in found:
            unique.setdefault(resource.key, resource)
        return list(unique.values())


def _references(resource: Resource) -> list[tuple[AttrPath, str]]:
    refs = resource.origin.get("references")
    if not isinstance(refs, tuple | list):
        return []
    out: list[tuple[AttrPath, str]] = []
    for item in refs:
        if isinstance(item, tuple | list) and len(item) == 2:
            path, target = item
            if isinstance(path, tuple) and isinstance(target, str):
                out.append((path, target))
    return out


def _related(a: AttrPath, b: AttrPath) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def build_edges(graph: ResourceGraph) -> None:
    """Add every declared edge of the AWS kinds in the graph."""
    from iacgate.model.aws import kinds

    order = kinds.index().order
    by_source: dict[str, list[EdgeSpec]] = defaultdict(list)
    for kind in sorted((k for k in graph.kinds() if k in order), key=order.__getitem__):
        by_source[kind].extend(_kind_specs(kind)[0])
    targets = {kind for specs in by_source.values() for spec in specs for kind in spec.targets}
    index = _Index(graph, targets)
    for kind, specs in by_source.items():
        for resource in graph.resources(kind):
            references = _references(resource)
            for spec in specs:
                for path, value in _walk(resource.attributes, spec.path):
                    found: list[Resource] = []
                    for ref_path, target in references:
                        if _related(ref_path, path):
                            found.extend(
                                r
                                for r in index.by_reference(resource, target)
                                if r.kind in spec.targets
                            )
                    if not found and isinstance(value, str) and value:
                        found = index.by_name(resource, spec.targets, value)
                    for target_resource in found:
                        if target_resource.key != resource.key:
                            graph.add_edge(resource, target_resource, spec.edge, path)
    _instance_roles(graph)


def _instance_roles(graph: ResourceGraph) -> None:
    """Instance -> role through its instance profile, so rules ask one question."""
    for instance in graph.resources("aws.ec2.instance"):
        profiles = [e for e in graph.edges(instance) if e.type is EdgeType.USES_INSTANCE_PROFILE]
        for edge in profiles:
            roles = [e for e in graph.edges(edge.target) if e.type is EdgeType.USES_ROLE]
            for inner in roles:
                graph.add_edge(instance, inner.target, EdgeType.USES_ROLE, edge.path)
