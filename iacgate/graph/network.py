"""Whether the internet reaches into a subnet: internet gateway -> route table -> subnet, and
what the subnet's network ACL lets in.

A subnet is *routed* when the route table it uses (its explicit association, else its VPC's
main table) has a route to an internet gateway: without one, a public address on an instance
is unreachable. A VPC created by the code has a main table with the local route only, unless
the code adopts it (``aws_default_route_table``) or names another; the region's default VPC's
main table routes everything to its internet gateway. The network ACL (the subnet's, else the
VPC's default one, which AWS creates allowing everything) is evaluated as AWS does: entries by
rule number, the first that matches a packet decides, deny at the end.

Every answer is one of three: the internet reaches it (with the hops that carry it), it does
not (with the reason), or a link is not in the scan — which is treated as reached, with the
reason saying why (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.graph.graph import EdgeType, ResourceGraph, is_placeholder
from iacgate.model.aws.acl import EVERY_PORT as _EVERY_PORT
from iacgate.model.aws.acl import WORLD, Ports
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown


@dataclass(frozen=True, slots=True)
class Step:
    """A node on the way in from the internet and what it does there."""

    resource: Resource
    via: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reach:
    """``reached``: the internet reaches in (True, also when a link is not in the scan:
    ``assumed`` then says which); ``steps`` the nodes on the way; ``reason`` why not."""

    reached: bool
    steps: tuple[Step, ...] = ()
    reason: str = ""
    assumed: str = ""


def _live(resource: Resource) -> bool:
    return resource.source.startswith("live")


def _vpc(graph: ResourceGraph, resource: Resource) -> Resource | None:
    found = graph.related(resource, "aws.ec2.vpc", EdgeType.IN_VPC, "out")
    return found[0] if found else None


def route_table(graph: ResourceGraph, subnet: Resource) -> tuple[Resource | None, str]:
    """The route table the subnet uses, or None with the reason it is not known (empty: the
    VPC's main table is AWS's own, with the local route only)."""
    tables = graph.related(subnet, "aws.ec2.route_table", EdgeType.ATTACHED_TO, "in")
    if tables:
        return tables[0], ""
    vpc = _vpc(graph, subnet)
    if vpc is None or is_placeholder(vpc):
        return None, "the subnet's VPC is not in the scan: its main route table is not known"
    mains = [
        t
        for t in graph.related(vpc, "aws.ec2.route_table", EdgeType.IN_VPC, "in")
        if t.get("main") is True
    ]
    if mains:
        return mains[0], ""
    if vpc.get("is_default") is True:
        return None, "the default VPC's main route table (AWS routes it to the internet gateway)"
    if _live(vpc):
        return None, "the VPC's main route table was not collected"
    return None, ""


def internet_routes(graph: ResourceGraph, table: Resource) -> tuple[list[Step], str]:
    """The internet gateways the table routes to (as steps), or the reason it is not known."""
    routes = table.get("routes")
    if is_unknown(routes) or not isinstance(routes, list):
        return [], f"the routes of {table.address} are not known"
    gateways = {
        e.path[1]: e.target
        for e in graph.edges(table, "out")
        if e.type is EdgeType.ROUTES_TO and len(e.path) > 1 and isinstance(e.path[1], int)
    }
    steps: list[Step] = []
    unknown = ""
    for index, route in enumerate(routes):
        if not isinstance(route, Mapping):
            continue
        gateway = route.get("gateway_id")
        target = gateways.get(index)
        internet = target is not None or (isinstance(gateway, str) and gateway.startswith("igw-"))
        if not internet:
            if is_unknown(gateway) and not _names_other_kind(graph, table, index):
                unknown = f"the gateway of route {index} of {table.address} is not known"
            continue
        destination = route.get("destination_cidr_block") or route.get(
            "destination_ipv6_cidr_block"
        )
        note = f"route {destination} -> internet gateway" if isinstance(destination, str) else ""
        steps.append(Step(target or table, "routes-to", note or "route to an internet gateway"))
    if steps or not unknown:
        return steps, ""
    return [], unknown


def _reference_type(graph: ResourceGraph, table: Resource, target: str) -> str | None:
    """What a reference names: the kind of a scanned node, else a Terraform address's type."""
    node = graph.get(f"{table.scope}::{target}")
    if node is not None:
        return node.kind
    if not table.source.startswith("terraform"):
        return None
    parts = [p for p in target.split(".") if p]  # module.x.aws_vpn_gateway.main[0]
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    return parts[0] if parts and parts[0].startswith("aws_") else None


def _names_other_kind(graph: ResourceGraph, table: Resource, index: int) -> bool:
    """The route's references name only resources that are no internet gateway (a virtual
    private gateway, a VPC endpoint): the gateway's id is unknown, what it is is not. Inline
    blocks keep their references at the route's own path."""
    refs = table.origin.get("references")
    found: list[str | None] = []
    for item in refs if isinstance(refs, tuple | list) else ():
        if not (isinstance(item, tuple | list) and len(item) == 2):
            continue
        path, target = item
        if tuple(path) in (("routes", index), ("routes", index, "gateway_id")) and isinstance(
            target, str
        ):
            found.append(_reference_type(graph, table, target))
    internet = ("aws.ec2.internet_gateway", "aws_internet_gateway")
    return bool(found) and all(t is not None and t not in internet for t in found)


def subnet_routing(graph: ResourceGraph, subnet: Resource) -> Reach:
    """Internet gateway -> route table -> subnet."""
    table, why = route_table(graph, subnet)
    if table is None:
        if why:
            return Reach(True, (Step(subnet, "in-subnet", why),), assumed=why)
        return Reach(
            False,
            reason=f"{subnet.address} uses its VPC's main route table, "
            "which has no route to an internet gateway",
        )
    gateways, why = internet_routes(graph, table)
    if why:
        return Reach(True, (Step(table, "routes", why), Step(subnet, "attached-to")), assumed=why)
    if not gateways:
        return Reach(
            False,
            reason=f"{table.address}, the route table of {subnet.address}, has no route "
            "to an internet gateway",
        )
    first = gateways[0]
    if first.resource.key == table.key:  # the gateway is named by id only
        return Reach(True, (Step(table, "routes", first.note), Step(subnet, "attached-to")))
    steps = (Step(first.resource, "internet", first.note), Step(table, "routes-to"))
    return Reach(True, (*steps, Step(subnet, "attached-to")))


# -- network ACLs --------------------------------------------------------------------------------


def network_acl(graph: ResourceGraph, subnet: Resource) -> Resource | None:
    """The subnet's ACL, else its VPC's default ACL; None: AWS's default (allows all)."""
    acls = graph.related(subnet, "aws.ec2.network_acl", EdgeType.ATTACHED_TO, "in")
    if acls:
        return acls[0]
    vpc = _vpc(graph, subnet)
    if vpc is None:
        return None
    for acl in graph.related(vpc, "aws.ec2.network_acl", EdgeType.IN_VPC, "in"):
        if acl.get("is_default") is True:
            return acl
    return None


def acl_admits(acl: Resource, wanted: Iterable[Ports]) -> tuple[bool, str]:
    """Whether the ACL's inbound entries let traffic from anywhere in on any of ``wanted``
    (``model.aws.acl``), and the entry that decides; an entry the scan cannot read counts as
    allowing (fail closed)."""
    from iacgate.model.aws import acl as evaluation

    found = evaluation.admits(acl.get("ingress"), wanted)
    if found.admitted is None:
        return True, f"{found.why} in {acl.address}"
    if found.admitted:
        return True, found.why
    return False, f"{acl.address}: {found.why}"


def world_ports(rules: Iterable[Mapping[str, Any]]) -> list[Ports]:
    """The port ranges security group ingress rules open to the world."""
    out: list[Ports] = []
    for rule in rules:
        if rule.get("cidr_ipv4") not in WORLD and rule.get("cidr_ipv6") not in WORLD:
            continue
        proto, lo, hi = rule.get("protocol"), rule.get("from_port"), rule.get("to_port")
        if proto == "-1" or is_unknown(proto):
            out.append(("-1", *_EVERY_PORT))
        elif proto in ("tcp", "udp"):
            if isinstance(lo, int) and isinstance(hi, int):
                out.append((str(proto), lo, hi))
            else:
                out.append((str(proto), *_EVERY_PORT))
    return out
