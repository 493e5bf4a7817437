"""Exposure: which resources the internet reaches, and through which hops.

Computed once per graph (``exposure``, memoized on the graph), by one breadth-first search from
a virtual *internet* node, so it is linear in nodes and edges and every path found is a
shortest one. The search starts at the **entry points** — what takes traffic from anywhere:

- a Kubernetes Service of type ``LoadBalancer`` (not internal, no source ranges narrower than
  the world) and an Ingress (not internal); a ``NodePort`` Service is an entry of half weight
  (whether the nodes are reachable is not in the manifests);
- an ELBv2 load balancer whose scheme is ``internet-facing``;
- an EC2 instance with a public address (asked for, or from its subnet), a security group
  (or attached rule) admitting ``0.0.0.0/0`` or ``::/0``, a subnet whose route table routes
  to an internet gateway and a network ACL that lets the open ports in from anywhere
  (``graph/network.py``; a link the scan does not hold counts as open, and the entry's note
  says so). The network hops come first in its path: internet gateway, route table, subnet,
  ACL, security groups;
- an API Gateway method that asks for no authorization (its integration leads to a function);
- a Lambda function with a URL that needs no authentication, and any resource whose resource
  policy admits every principal without a confining condition (bucket, queue, topic, secret,
  repository, key, function, file system).

From there it follows the relations that carry traffic or credentials onward, each in one
direction: Ingress -> Service -> selected workloads -> their ServiceAccount -> the IAM role it
assumes (and the RBAC roles bound to it); instance/function/node group -> its role -> the
managed policies attached; listener -> load balancer is followed backwards to listeners and
target groups, and target groups to their targets (instances, functions); API method -> the
function its integration calls.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.graph.graph import EdgeType, ResourceGraph, is_placeholder
from iacgate.model import k8s
from iacgate.model.resource import Resource
from iacgate.model.risk import Hop

WORLD = frozenset({"0.0.0.0/0", "::/0"})
PUBLIC_POLICY_KINDS = (
    "aws.s3.bucket",
    "aws.sqs.queue",
    "aws.sns.topic",
    "aws.secretsmanager.secret",
    "aws.ecr.repository",
    "aws.kms.key",
    "aws.lambda.function",
    "aws.efs.file_system",
)

# (source kind or "*", edge type, direction): the relations exposure flows along.
_FOLLOW: dict[str, tuple[tuple[EdgeType, str], ...]] = {
    "k8s.networking.ingress": ((EdgeType.ROUTES_TO, "out"),),
    "k8s.core.service": ((EdgeType.SELECTS, "out"),),
    "k8s.core.service_account": ((EdgeType.ASSUMES_ROLE, "out"), (EdgeType.BINDS_SUBJECT, "in")),
    "k8s.rbac.role_binding": ((EdgeType.BINDS_ROLE, "out"),),
    "k8s.rbac.cluster_role_binding": ((EdgeType.BINDS_ROLE, "out"),),
    "aws.ec2.instance": ((EdgeType.USES_ROLE, "out"),),
    "aws.lambda.function": ((EdgeType.USES_ROLE, "out"),),
    "aws.eks.node_group": ((EdgeType.USES_ROLE, "out"),),
    "aws.iam.role": ((EdgeType.HAS_POLICY, "out"),),
    "aws.elbv2.load_balancer": ((EdgeType.ATTACHED_TO, "in"),),
    "aws.elbv2.listener": ((EdgeType.ROUTES_TO, "out"),),
    "aws.elbv2.target_group": ((EdgeType.ROUTES_TO, "out"),),
    "aws.apigateway.method": ((EdgeType.ROUTES_TO, "out"),),
}
for _workload in k8s.WORKLOAD_KINDS:
    _FOLLOW[_workload] = ((EdgeType.USES_SERVICE_ACCOUNT, "out"),)


@dataclass(frozen=True, slots=True)
class Exposure:
    """How the internet reaches a resource: ``level`` 1.0 (reachable), 0.5 (reachable if the
    nodes are) and the hops from the entry point to the resource."""

    level: float
    hops: tuple[Hop, ...]


def hop(graph: ResourceGraph, resource: Resource, via: str, note: str = "") -> Hop:
    where = graph.locations.get(resource.key)
    file = where.file if where else (resource.file or "")
    line = where.start_line if where else 0
    if is_placeholder(resource):
        note = note or "not in the scan"
    return Hop(resource.kind, resource.address, via, file, line, note)


# -- entry points ------------------------------------------------------------------------------


def _service_entry(service: Resource) -> tuple[float, str] | None:
    kind = service.get(("spec", "type"))
    if kind == "LoadBalancer" and not k8s.internal_load_balancer(service):
        ranges = service.get(("spec", "loadBalancerSourceRanges"))
        if isinstance(ranges, list) and ranges and not WORLD.intersection(map(str, ranges)):
            return None
        return 1.0, "type LoadBalancer"
    if kind == "NodePort":
        return 0.5, "type NodePort: reachable where the nodes are"
    return None


def _world_open_groups(
    graph: ResourceGraph, resource: Resource
) -> tuple[list[Resource], list[Mapping[str, Any]]]:
    """The resource's security groups with an ingress rule from the world, and those rules."""
    from iacgate.model import aws

    found: list[Resource] = []
    rules: list[Mapping[str, Any]] = []
    for group in graph.related(resource, "aws.ec2.security_group", EdgeType.USES_SECURITY_GROUP):
        holders = [
            group,
            *graph.related(group, "aws.ec2.security_group_rule", EdgeType.ATTACHED_TO, "in"),
        ]
        for holder in holders:
            for ref in aws.sg_rules(holder, "ingress"):
                if ref.rule.get("cidr_ipv4") in WORLD or ref.rule.get("cidr_ipv6") in WORLD:
                    if group not in found:
                        found.append(group)
                    rules.append(ref.rule)
    return found, rules


Entry = tuple[Resource, float, str, tuple[Hop, ...]]  # (entry, weight, note, hops before it)


def _instance_entry(graph: ResourceGraph, instance: Resource) -> Entry | None:
    """A public address, a security group open to the world, and — where the scan holds them —
    a route from an internet gateway to its subnet and a network ACL that lets the open ports
    in. A link the scan does not hold counts as open (its note says so)."""
    from iacgate.graph import network

    subnets = graph.related(instance, "aws.ec2.subnet", EdgeType.IN_SUBNET, "out")
    public = instance.get("associate_public_ip_address")
    if public is not True and not any(s.get("map_public_ip_on_launch") is True for s in subnets):
        return None
    groups, rules = _world_open_groups(graph, instance)
    if not groups:
        return None
    names = ", ".join(sorted(g.address for g in groups))
    note = f"public IP, security group open to the world: {names}"
    known = [s for s in subnets if not is_placeholder(s)]
    if not known:
        note += "; its subnet is not in the scan: assumed routed to the internet"
        return instance, 1.0, note, ()
    subnet = known[0]
    routing = network.subnet_routing(graph, subnet)
    if not routing.reached:
        return None
    before = [hop(graph, step.resource, step.via, step.note) for step in routing.steps]
    if routing.assumed:
        note += f"; assumed routed to the internet: {routing.assumed}"
    acl = network.network_acl(graph, subnet)
    wanted = network.world_ports(rules)
    if acl is not None and wanted:
        admitted, why = network.acl_admits(acl, wanted)
        if not admitted:
            return None
        before.append(hop(graph, acl, "filters", why))
    before.extend(hop(graph, group, "admits", "open to the world") for group in groups)
    return instance, 1.0, note, tuple(before)


def _public_statement(statement: Any) -> bool:
    if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
        return False
    principal = statement.get("Principal")
    everyone = principal == "*"
    if isinstance(principal, Mapping):
        values = principal.get("AWS")
        everyone = values == "*" or (isinstance(values, list) and "*" in values)
    return everyone and not statement.get("Condition")


def public_policy(resource: Resource) -> bool:
    """The resource policy admits every principal with no condition at all (a condition may
    confine it; the rules judge conditions, exposure claims only the plain case)."""
    from iacgate.model import aws

    return any(_public_statement(s) for _, s in aws.statements(resource.get("policy")))


def _entries(graph: ResourceGraph) -> Iterator[Entry]:
    for service in graph.resources("k8s.core.service"):
        found = _service_entry(service)
        if found is not None:
            yield service, *found, ()
    for ingress in graph.resources("k8s.networking.ingress"):
        if not k8s.internal_load_balancer(ingress):
            yield ingress, 1.0, "Ingress", ()
    for balancer in graph.resources("aws.elbv2.load_balancer"):
        if balancer.get("scheme") == "internet-facing":
            yield balancer, 1.0, "internet-facing load balancer", ()
    for instance in graph.resources("aws.ec2.instance"):
        entry = _instance_entry(graph, instance)
        if entry is not None:
            yield entry
    for method in graph.resources("aws.apigateway.method"):
        # A REST API's endpoint is public unless the API is private, which the scan does not
        # model: a method that asks for no authorization is an entry (fail closed).
        if method.get("authorization") == "NONE":
            yield method, 1.0, "API method without authorization", ()
    for function in graph.resources("aws.lambda.function"):
        url = function.get("url")
        if isinstance(url, Mapping) and url.get("authorization_type") == "NONE":
            yield function, 1.0, "function URL without authentication", ()
    for resource in graph.resources(PUBLIC_POLICY_KINDS):
        if public_policy(resource):
            yield resource, 1.0, "resource policy open to every principal", ()


# -- the search --------------------------------------------------------------------------------


def exposure(graph: ResourceGraph) -> dict[str, Exposure]:
    """Every node the internet reaches, with its level and hops; memoized on the graph."""
    cached = graph.memo.get("exposure")
    if isinstance(cached, dict):
        return cached
    parent: dict[str, tuple[str | None, str, str]] = {}  # key -> (previous, via, note)
    level: dict[str, float] = {}
    # The hops in front of an entry (internet gateway, route table, subnet, ACL, groups).
    before: dict[str, tuple[Hop, ...]] = {}
    queue: deque[str] = deque()
    # Full-weight entries first, so a node reachable both ways keeps the stronger path.
    entries = sorted(_entries(graph), key=lambda item: -item[1])
    for resource, weight, note, prefix in entries:
        if resource.key not in parent:
            parent[resource.key] = (None, "internet", note)
            level[resource.key] = weight
            before[resource.key] = prefix
            queue.append(resource.key)
    while queue:
        key = queue.popleft()
        node = graph.get(key)
        if node is None:
            continue
        for edge_type, direction in _FOLLOW.get(node.kind, ()):
            for edge in graph.edges(node, "out" if direction == "out" else "in"):
                if edge.type is not edge_type:
                    continue
                other = edge.target if direction == "out" else edge.source
                if other.key in parent:
                    continue
                parent[other.key] = (key, edge.type.value, "")
                level[other.key] = level[key]
                queue.append(other.key)
    found: dict[str, Exposure] = {}
    for key in parent:
        hops: list[Hop] = []
        current: str | None = key
        root = key
        while current is not None:
            previous, via, note = parent[current]
            node = graph.get(current)
            if node is not None:
                hops.append(hop(graph, node, via, note))
            root = current
            current = previous
        prefix = before.get(root, ())
        if prefix:
            # The network hops come first; the entry is then reached through its groups.
            first = hops[-1]
            via = EdgeType.USES_SECURITY_GROUP.value
            hops[-1] = Hop(first.kind, first.address, via, first.file, first.line, first.note)
            hops.extend(reversed(prefix))
            head = hops[-1]
            hops[-1] = Hop(head.kind, head.address, "internet", head.file, head.line, head.note)
        found[key] = Exposure(level[key], tuple(reversed(hops)))
    graph.memo["exposure"] = found
    return found
