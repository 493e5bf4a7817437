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
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown

WORLD = frozenset({"0.0.0.0/0", "::/0"})
# One port range of one protocol ("tcp", "udp"; "-1" = every protocol), as security group
# rules and network ACL entries name them.
Ports = tuple[str, int, int]
_EVERY_PORT = (0, 65535)


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
            if is_unknown(gateway):
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


def _subtract(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if hi < a or lo > b:
            out.append((a, b))
            continue
        if a < lo:
            out.append((a, lo - 1))
        if hi < b:
            out.append((hi + 1, b))
    return out


def acl_admits(acl: Resource, wanted: Iterable[Ports]) -> tuple[bool, str]:
    """Whether the ACL's inbound entries let traffic from anywhere in on any of ``wanted``
    (a packet from an address only a world entry covers: narrower entries never match it),
    and the entry that decides; an entry the scan cannot read counts as allowing."""
    entries = acl.get("ingress")
    if is_unknown(entries) or not isinstance(entries, list):
        return True, f"the entries of {acl.address} are not known"
    for proto, lo, hi in wanted:
        protos = ("tcp", "udp") if proto == "-1" else (proto,)
        for one in protos:
            open_spans = [(lo, hi)]
            for index, entry in enumerate(entries):
                if not open_spans or not isinstance(entry, Mapping):
                    continue
                values = [entry.get(k) for k in ("cidr_block", "ipv6_cidr_block", "protocol")]
                values += [entry.get("action"), entry.get("from_port"), entry.get("to_port")]
                if any(is_unknown(v) for v in values):
                    return True, f"entry {index} of {acl.address} is not known"
                if (
                    entry.get("cidr_block") not in WORLD
                    and entry.get("ipv6_cidr_block") not in WORLD
                ):
                    continue
                if entry.get("protocol") not in ("-1", one):
                    continue
                a, b = entry.get("from_port"), entry.get("to_port")
                a, b = (a, b) if isinstance(a, int) and isinstance(b, int) else _EVERY_PORT
                covered = _subtract(open_spans, a, b) != open_spans
                if not covered:
                    continue
                if entry.get("action") == "allow":
                    number = entry.get("rule_number")
                    return True, f"rule {number} allows {one} {a}-{b} from anywhere"
                open_spans = _subtract(open_spans, a, b)
    return False, f"{acl.address} admits nothing from anywhere on the open ports"


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
