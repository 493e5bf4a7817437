"""EC2: security groups (inline rules and ``AWS::EC2::SecurityGroupIngress``/``Egress``
resources folded in), instances, volumes, VPCs, subnets and flow logs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.cloudformation.core import (
    DEPLOYED,
    Context,
    Draft,
    View,
    or_default,
    reorder_list,
)

GROUP = "aws.ec2.security_group"
RULE = "aws.ec2.security_group_rule"
SIDES = ("ingress", "egress")
_PROPERTY = {"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"}
# The peer properties of each direction: (canonical peer field, property).
_PEERS = {
    "ingress": (
        ("cidr_ipv4", "CidrIp"),
        ("cidr_ipv6", "CidrIpv6"),
        ("prefix_list_id", "SourcePrefixListId"),
        ("referenced_group_id", "SourceSecurityGroupId"),
        ("referenced_group_id", "SourceSecurityGroupName"),
    ),
    "egress": (
        ("cidr_ipv4", "CidrIp"),
        ("cidr_ipv6", "CidrIpv6"),
        ("prefix_list_id", "DestinationPrefixListId"),
        ("referenced_group_id", "DestinationSecurityGroupId"),
    ),
}
# What AWS adds to a group created without egress rules (CloudFormation keeps it).
DEFAULT_EGRESS = aws.sg_rule(proto="-1", from_port=None, to_port=None, cidr_ipv4="0.0.0.0/0")


def security_group(v: View) -> Draft:
    d = Draft(GROUP, v, {})
    d.put("group_id", DEPLOYED)
    d.put("arn", DEPLOYED)
    d.put("name", v.chosen("GroupName", by="CloudFormation generates the name"), v, ("GroupName",))
    d.put("description", v.opt("GroupDescription"), v, ("GroupDescription",))
    d.put("vpc_id", v.chosen("VpcId", by="the region's default VPC"), v, ("VpcId",))
    d.put("tags", v.tags(), v, ("Tags",))
    for side in SIDES:
        name = _PROPERTY[side]
        items = v.items(name)
        if is_unknown(items):
            d.put(side, items, v, (name,))
            continue
        d.attrs[side] = []
        if side == "egress" and v.raw(name) is None:
            d.attrs[side].append(dict(DEFAULT_EGRESS))
        rules: list[tuple[dict[str, Any], View, AttrPath]] = []
        for index, item in enumerate(items):
            if is_unknown(item):
                d.put(side, item, v, (name, index))
                break
            if isinstance(item, Mapping):
                rule = _rule(item, side, d, v, (name, index))
                rules.append((rule, v, (name, index)))
        _add_rules(d, side, rules)
    return d


def _rule(
    item: Mapping[str, Any], side: str, owner: Draft | None, v: View, at: AttrPath
) -> dict[str, Any]:
    """One CloudFormation rule (always a single peer) as a canonical rule."""
    peers: dict[str, Any] = {}
    for canonical, name in _PEERS[side]:
        value = item.get(name)
        if value not in (None, "") and canonical not in peers:
            peers[canonical] = value
    rule = aws.sg_rule(
        proto=item.get("IpProtocol"),
        from_port=item.get("FromPort"),
        to_port=item.get("ToPort"),
        description=item.get("Description"),
        **peers,
    )
    if owner is not None and "referenced_group_id" in peers:
        own = owner.address
        peer_paths = [(*at, n) for c, n in _PEERS[side] if c == "referenced_group_id"]
        if any(own in v.targets(p) for p in peer_paths):
            rule["referenced_group_id"] = owner.attrs.get("group_id")
            rule["self_referencing"] = True
    return rule


def _add_rules(
    d: Draft, side: str, rules: list[tuple[dict[str, Any], View, AttrPath]]
) -> list[int]:
    """Add rules (each only once); the index each rule got."""
    current = d.attrs.get(side)
    if is_unknown(current):
        return []
    assert isinstance(current, list)
    seen = {aws.rule_identity(r): i for i, r in enumerate(current)}
    indexes: list[int] = []
    for rule, src, where in rules:
        identity = aws.rule_identity(rule)
        index = seen.get(identity)
        if index is None:
            index = len(current)
            seen[identity] = index
            current.append(rule)
        d.locate((side, index), src, where)
        indexes.append(index)
    return indexes


def _fold_rule(v: View, ctx: Context, side: str) -> None:
    """``AWS::EC2::SecurityGroupIngress``/``Egress``: one rule of a group."""
    owner = ctx.owner(v, ("GroupId",), GROUP, ("group_id", "name")) or ctx.owner(
        v, ("GroupName",), GROUP, ("name",)
    )
    properties = v.record.properties
    item = properties if isinstance(properties, Mapping) else {}
    if is_unknown(properties):
        rule: Any = properties
    else:
        rule = _rule(item, side, owner, v, ())
    if owner is None:
        d = Draft(RULE, v, {})
        d.put("rule_id", DEPLOYED)
        group = or_default(v.raw("GroupId"), v.raw("GroupName"))
        d.put("group_id", or_default(group, Unknown("GroupId not set")), v, ("GroupId",))
        d.put("tags", {})
        for other in SIDES:
            d.attrs[other] = []
        if is_unknown(rule):
            d.put(side, rule, v, ())
        else:
            _add_rules(d, side, [(rule, v, ())])
        ctx.extra.append(d)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    if is_unknown(rule):
        owner.put(side, rule, v, ())
        return
    for index in _add_rules(owner, side, [(rule, v, ())]):
        # The peer group is a relation of the owner; GroupId only names the owner.
        for _, name in _PEERS[side]:
            owner.sources[(v.address, (name,))] = (side, index)


def fold_ingress(v: View, ctx: Context) -> None:
    _fold_rule(v, ctx, "ingress")


def fold_egress(v: View, ctx: Context) -> None:
    _fold_rule(v, ctx, "egress")


def finalize_group(d: Draft) -> None:
    for side in SIDES:
        reorder_list(d, (side,), aws.rule_identity)


PRIMARY = {
    "AWS::EC2::SecurityGroup": security_group,
}
FOLDERS = {
    "AWS::EC2::SecurityGroupIngress": fold_ingress,
    "AWS::EC2::SecurityGroupEgress": fold_egress,
}
FINALIZERS = {GROUP: finalize_group, RULE: finalize_group}
