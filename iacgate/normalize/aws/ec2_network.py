"""Route tables and network ACLs: what the field tables cannot say.

Both are written in pieces. A route table's routes come inline (Terraform ``route`` blocks),
one per resource (``aws_route``, ``AWS::EC2::Route``) or from the API with the local route
every table has; its subnets from association resources or the API's ``Associations``. A
network ACL's entries come inline (Terraform ``ingress``/``egress``), one per resource
(``aws_network_acl_rule``, ``AWS::EC2::NetworkAclEntry``: ``egress`` says the direction) or
from the API's ``Entries`` with the final deny-all entry. Each becomes one sorted list, so that
reachability reads one shape and drift compares like with like.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API, TERRAFORM
from iacgate.model.aws.kinds.ec2_network import NETWORK_ACL, ROUTE_TABLE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, is_unset, reorder_list, sort_mixed, to_bool

ROUTE_FIELDS = tuple(f.name for f in ROUTE_TABLE.field("routes").fields)
# aws_route and AWS::EC2::Route name a route's fields differently from the inline block.
_TERRAFORM_ROUTE = {name: name for name in ROUTE_FIELDS}
_CLOUDFORMATION_ROUTE = {
    "destination_cidr_block": "DestinationCidrBlock",
    "destination_ipv6_cidr_block": "DestinationIpv6CidrBlock",
    "destination_prefix_list_id": "DestinationPrefixListId",
    "gateway_id": "GatewayId",
    "nat_gateway_id": "NatGatewayId",
    "egress_only_gateway_id": "EgressOnlyInternetGatewayId",
    "transit_gateway_id": "TransitGatewayId",
    "vpc_peering_connection_id": "VpcPeeringConnectionId",
    "network_interface_id": "NetworkInterfaceId",
}
# The implicit last entry of every network ACL (deny everything): the API lists it, code never.
_FINAL_ENTRY = 32767


def _blank(value: Any) -> Any:
    return None if is_unset(value) else value


# -- route tables ------------------------------------------------------------------------------


_DESTINATIONS = (
    "destination_cidr_block",
    "destination_ipv6_cidr_block",
    "destination_prefix_list_id",
)


def _route_key(route: Any) -> tuple[str, ...]:
    if not isinstance(route, Mapping):
        return ("~",)
    return tuple(
        "~" if is_unknown(route.get(k)) else str(route.get(k) or "") for k in _DESTINATIONS
    )


def _routes(d: Draft) -> list[Any] | None:
    routes = d.attrs.get("routes")
    return routes if isinstance(routes, list) else None


def _add_route(d: Draft, v: Any, names: Mapping[str, str]) -> None:
    routes = _routes(d)
    if routes is None:
        return  # the table's routes are unknown as a whole: one more does not make them known
    index = len(routes)
    routes.append({})
    for name in ROUTE_FIELDS:
        d.put(("routes", index, name), _blank(v.raw(names[name])), v, (names[name],))


def _route_table_api(d: Draft, v: Any) -> None:
    """Leave out the local route (it never leaves the VPC; code does not write it); read the
    associations: explicit subnets, and whether the table is its VPC's main one."""
    routes = _routes(d)
    if routes is not None:
        d.attrs["routes"] = [r for r in routes if r.get("gateway_id") != "local"]
    subnets: list[str] = []
    main = False
    for association in v.items("Associations"):
        if not isinstance(association, Mapping):
            continue
        main = main or association.get("Main") is True
        if isinstance(association.get("SubnetId"), str):
            subnets.append(association["SubnetId"])
    d.put("subnet_ids", sorted(subnets), v)
    d.put("main", main, v)


def _default_route_table(d: Draft, v: Any) -> None:
    """``aws_default_route_table`` adopts a VPC's main table; ``default_route_table_id`` names
    it through the VPC (``aws_vpc.x.default_route_table_id``), so that reference is the
    table's VPC."""
    d.put("main", True, v, ("default_route_table_id",))
    if is_unset(d.attrs.get("vpc_id")) or is_unknown(d.attrs.get("vpc_id")):
        vpc = Unknown("the VPC whose main route table default_route_table_id names")
        d.put("vpc_id", vpc, v, ("default_route_table_id",))


def _route_table_owner(v: Any, ctx: Context, at: str) -> Draft | None:
    owner = ctx.owner(v, (at,), ROUTE_TABLE.name, ("route_table_id",))
    if owner is None:
        ctx.unattached.append(v.address)
        return None
    owner.folded.append(v.address)
    owner.adopt(v)
    return owner


def _fold_terraform_route(v: Any, ctx: Context) -> None:
    owner = _route_table_owner(v, ctx, "route_table_id")
    if owner is not None:
        _add_route(owner, v, _TERRAFORM_ROUTE)


def _fold_cloudformation_route(v: Any, ctx: Context) -> None:
    owner = _route_table_owner(v, ctx, "RouteTableId")
    if owner is not None:
        _add_route(owner, v, _CLOUDFORMATION_ROUTE)


def _associate(d: Draft, v: Any, at: str, field: str = "subnet_ids") -> None:
    subnet = v.raw(at)
    if is_unset(subnet) and not is_unknown(subnet):
        return  # an association of a gateway (edge association), not of a subnet
    current = d.attrs.get(field)
    if not isinstance(current, list):
        return
    index = len(current)
    current.append(subnet)
    d.locate((field, index), v, (at,))


def _stub(v: Any, table_at: str) -> Draft:
    """A route table the input names but does not hold: its routes are not known."""
    missing = Unknown("the route table is not in the scan")
    d = Draft(ROUTE_TABLE.name, v, {})
    table = v.raw(table_at)
    d.put("route_table_id", table if isinstance(table, str) and table else missing, v, (table_at,))
    d.put("arn", missing)
    d.put("vpc_id", missing)
    d.put("routes", Unknown(f"the routes of the route table {table_at} names (not in the scan)"))
    d.put("subnet_ids", [])
    d.put("main", False)
    d.put("tags", {})
    return d


def _outside_table(v: Any, ctx: Context, table_at: str, subnet_at: str) -> None:
    """An association whose route table is not in the input still says the subnet does not
    use its VPC's main table: a table of its own, with routes not known, keeps that (and
    reachability fails closed on it instead of reading the main table)."""
    subnet = v.raw(subnet_at)
    if is_unset(subnet) and not is_unknown(subnet):
        return
    d = _stub(v, table_at)
    _associate(d, v, subnet_at)
    ctx.extra.append(d)


def _fold_association(v: Any, ctx: Context) -> None:
    table_at, subnet_at = (
        ("route_table_id", "subnet_id") if v.source == TERRAFORM else ("RouteTableId", "SubnetId")
    )
    owner = ctx.owner(v, (table_at,), ROUTE_TABLE.name, ("route_table_id",))
    if owner is None:
        _outside_table(v, ctx, table_at, subnet_at)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    _associate(owner, v, subnet_at)


def _fold_main_association(v: Any, ctx: Context) -> None:
    """``aws_main_route_table_association``: the table becomes its VPC's main table (a table
    outside the scan: a main table of the VPC whose routes are not known)."""
    owner = ctx.owner(v, ("route_table_id",), ROUTE_TABLE.name, ("route_table_id",))
    if owner is None:
        d = _stub(v, "route_table_id")
        d.put("vpc_id", v.raw("vpc_id"), v, ("vpc_id",))
        d.put("main", True, v, ("route_table_id",))
        ctx.extra.append(d)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    owner.put("main", True, v, ("route_table_id",))


def _sorted_ids(d: Draft, field: str) -> None:
    values = d.attrs.get(field)
    if isinstance(values, list):
        rank = {id(item): index for index, item in enumerate(sort_mixed(values))}
        reorder_list(d, (field,), lambda item: rank[id(item)])


def _route_table(d: Draft) -> None:
    routes = _routes(d)
    if routes is not None:
        for route in routes:
            for name in ROUTE_FIELDS:
                route[name] = _blank(route.get(name))
        reorder_list(d, ("routes",), _route_key)
    _sorted_ids(d, "subnet_ids")


# -- network ACLs ------------------------------------------------------------------------------


def _port(value: Any) -> Any:
    if is_unknown(value) or is_unset(value):
        return None if not is_unknown(value) else value
    try:
        return int(value)
    except (TypeError, ValueError):
        return Unknown(f"port {value!r}")


def _entry(
    number: Any, protocol: Any, action: Any, cidr: Any, ipv6: Any, low: Any, high: Any
) -> dict[str, Any]:
    proto = aws.protocol(protocol)  # named as security group rules name it ("tcp", "-1")
    ported = proto in aws.PORTED or is_unknown(proto)
    return {
        "rule_number": _port(number),
        "protocol": proto,
        "action": action if is_unknown(action) else str(action).lower(),
        "cidr_block": _blank(cidr),
        "ipv6_cidr_block": _blank(ipv6),
        # Ports mean something for TCP and UDP only (Terraform keeps 0 for the others).
        "from_port": _port(low) if ported else None,
        "to_port": _port(high) if ported else None,
    }


def _add_entry(d: Draft, side: str, entry: Any, v: Any, at: AttrPath) -> None:
    current = d.attrs.get(side)
    if not isinstance(current, list):
        return
    if is_unknown(entry):
        d.put(side, entry, v, at)
        return
    index = len(current)
    current.append(entry)
    d.locate((side, index), v, at)


def _nacl_terraform(d: Draft, v: Any) -> None:
    for side in ("ingress", "egress"):
        blocks = v.items(side)
        d.attrs[side] = []
        if is_unknown(blocks):
            d.put(side, blocks, v, (side,))
            continue
        for index, block in enumerate(blocks):
            if not isinstance(block, Mapping):
                continue
            entry = _entry(
                block.get("rule_no"),
                block.get("protocol"),
                block.get("action"),
                block.get("cidr_block"),
                block.get("ipv6_cidr_block"),
                block.get("from_port"),
                block.get("to_port"),
            )
            _add_entry(d, side, entry, v, (side, index))


def _default_nacl(d: Draft, v: Any) -> None:
    """``aws_default_network_acl`` adopts a VPC's default ACL, named through the VPC
    (``aws_vpc.x.default_network_acl_id``): that reference is the ACL's VPC."""
    d.put("is_default", True, v, ("default_network_acl_id",))
    if is_unset(d.attrs.get("vpc_id")) or is_unknown(d.attrs.get("vpc_id")):
        vpc = Unknown("the VPC whose default ACL default_network_acl_id names")
        d.put("vpc_id", vpc, v, ("default_network_acl_id",))


def _nacl_api(d: Draft, v: Any) -> None:
    d.attrs["ingress"], d.attrs["egress"] = [], []
    for entry in v.items("Entries"):
        if not isinstance(entry, Mapping) or entry.get("RuleNumber") == _FINAL_ENTRY:
            continue
        ports = entry.get("PortRange") or {}
        made = _entry(
            entry.get("RuleNumber"),
            entry.get("Protocol"),
            entry.get("RuleAction"),
            entry.get("CidrBlock"),
            entry.get("Ipv6CidrBlock"),
            ports.get("From"),
            ports.get("To"),
        )
        _add_entry(d, "egress" if entry.get("Egress") else "ingress", made, v, ())
    subnets = [
        a["SubnetId"]
        for a in v.items("Associations")
        if isinstance(a, Mapping) and isinstance(a.get("SubnetId"), str)
    ]
    d.put("subnet_ids", sorted(subnets), v)


def _nacl_owner(v: Any, ctx: Context, at: str) -> Draft | None:
    owner = ctx.owner(v, (at,), NETWORK_ACL.name, ("network_acl_id",))
    if owner is None:
        ctx.unattached.append(v.address)
        return None
    owner.folded.append(v.address)
    owner.adopt(v)
    return owner


def _fold_terraform_entry(v: Any, ctx: Context) -> None:
    owner = _nacl_owner(v, ctx, "network_acl_id")
    if owner is None:
        return
    egress = to_bool(v.opt("egress", default=False))
    entry = _entry(
        v.raw("rule_number"),
        v.raw("protocol"),
        v.raw("rule_action"),
        v.raw("cidr_block"),
        v.raw("ipv6_cidr_block"),
        v.raw("from_port"),
        v.raw("to_port"),
    )
    if is_unknown(egress):
        _add_entry(owner, "ingress", egress, v, ("egress",))
        return
    _add_entry(owner, "egress" if egress else "ingress", entry, v, ())


def _fold_cloudformation_entry(v: Any, ctx: Context) -> None:
    owner = _nacl_owner(v, ctx, "NetworkAclId")
    if owner is None:
        return
    egress = to_bool(v.opt("Egress", default=False))
    ports = v.raw("PortRange")
    ports = ports if isinstance(ports, Mapping) else {}
    entry = _entry(
        v.raw("RuleNumber"),
        v.raw("Protocol"),
        v.raw("RuleAction"),
        v.raw("CidrBlock"),
        v.raw("Ipv6CidrBlock"),
        ports.get("From"),
        ports.get("To"),
    )
    if is_unknown(egress):
        _add_entry(owner, "ingress", egress, v, ("Egress",))
        return
    _add_entry(owner, "egress" if egress else "ingress", entry, v, ())


def _fold_nacl_association(v: Any, ctx: Context) -> None:
    """An association whose ACL is not in the input still takes the subnet off its VPC's
    default ACL: an ACL of its own, entries not known (reachability fails closed on it)."""
    at = "subnet_id" if v.source == TERRAFORM else "SubnetId"
    acl_at = "network_acl_id" if v.source == TERRAFORM else "NetworkAclId"
    owner = ctx.owner(v, (acl_at,), NETWORK_ACL.name, ("network_acl_id",))
    if owner is not None:
        owner.folded.append(v.address)
        owner.adopt(v)
        _associate(owner, v, at)
        return
    missing = Unknown("the network ACL is not in the scan")
    d = Draft(NETWORK_ACL.name, v, {})
    acl = v.raw(acl_at)
    d.put("network_acl_id", acl if isinstance(acl, str) and acl else missing, v, (acl_at,))
    d.put("arn", missing)
    d.put("vpc_id", missing)
    d.put("is_default", False)
    d.put("subnet_ids", [])
    d.put("ingress", Unknown(f"the entries of the network ACL {acl_at} names (not in the scan)"))
    d.put("egress", Unknown(f"the entries of the network ACL {acl_at} names (not in the scan)"))
    d.put("tags", {})
    _associate(d, v, at)
    ctx.extra.append(d)


def _entry_key(entry: Any) -> Any:
    number = entry.get("rule_number") if isinstance(entry, Mapping) else None
    return number if isinstance(number, int) else 1 << 20


def _network_acl(d: Draft) -> None:
    for side in ("ingress", "egress"):
        reorder_list(d, (side,), _entry_key)
    _sorted_ids(d, "subnet_ids")


CODE = (
    KindCode(
        ROUTE_TABLE,
        read={API: _route_table_api},
        types={"aws_default_route_table": _default_route_table},
        folds={
            "aws_route": _fold_terraform_route,
            "aws_route_table_association": _fold_association,
            "aws_main_route_table_association": _fold_main_association,
            "AWS::EC2::Route": _fold_cloudformation_route,
            "AWS::EC2::SubnetRouteTableAssociation": _fold_association,
        },
        finish=_route_table,
    ),
    KindCode(
        NETWORK_ACL,
        read={TERRAFORM: _nacl_terraform, API: _nacl_api},
        types={"aws_default_network_acl": _default_nacl},
        folds={
            "aws_network_acl_rule": _fold_terraform_entry,
            "aws_network_acl_association": _fold_nacl_association,
            "AWS::EC2::NetworkAclEntry": _fold_cloudformation_entry,
            "AWS::EC2::SubnetNetworkAclAssociation": _fold_nacl_association,
        },
        finish=_network_acl,
    ),
)
