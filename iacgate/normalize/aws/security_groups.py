"""Security groups: every way a source writes a rule becomes one list of atomic rules per
direction (one protocol and port range, exactly one peer), the shape of AWS's own
security-group-rule API.

Terraform writes inline blocks and ``aws_security_group_rule`` with lists of peers (one rule
per peer here) and ``aws_vpc_security_group_{ingress,egress}_rule`` with one; CloudFormation
writes one peer per rule, inline or as ``AWS::EC2::SecurityGroupIngress``/``Egress``, and keeps
AWS's default egress rule; the API groups the peers of one protocol and port range. A rule
whose group is not in the input is an ``aws.ec2.security_group_rule`` of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.ec2 import SECURITY_GROUP, SECURITY_GROUP_RULE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, is_computed, reorder_list, to_bool

GROUP = SECURITY_GROUP.name
RULE = SECURITY_GROUP_RULE.name
SIDES = ("ingress", "egress")
Rule = tuple[dict[str, Any], Any, AttrPath]  # (rule, the record that wrote it, where)


def _add_rules(d: Draft, side: str, rules: list[Rule], *, replace: bool) -> list[int]:
    """Add rules (each only once: AWS refuses duplicates); the index each rule got. With
    ``replace``, a rule already there takes the later one's description: Terraform state reads
    every rule of a group back into its inline set, and the split resource that declared the
    rule is where it belongs."""
    current = d.attrs.get(side)
    if is_unknown(current):
        return []  # the group's rules are unknown as a whole; one more does not make them known
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
        elif replace:
            current[index] = rule
        d.locate((side, index), src, where)
        indexes.append(index)
    return indexes


def _finish(d: Draft) -> None:
    """Rules in one canonical order, whatever order the sources wrote them in."""
    for side in SIDES:
        reorder_list(d, (side,), aws.rule_identity)


# -- Terraform ---------------------------------------------------------------------------------


def _terraform(d: Draft, v: Any) -> None:
    own_id = d.attrs["group_id"]
    for side in SIDES:
        blocks = v.blocks(side)
        if is_unknown(blocks):
            d.put(side, blocks, v, (side,))
            continue
        rules: list[Rule] = []
        for index, block in enumerate(blocks):
            for rule, where in _explode(block, own_id, (side, index)):
                rules.append((rule, v, where))
        d.attrs[side] = []
        _add_rules(d, side, rules, replace=True)


def _default_group(d: Draft, v: Any) -> None:
    """``aws_default_security_group`` adopts the VPC's default group: name ``default``, AWS's
    description, and exactly the rules declared (Terraform removes the others)."""
    d.attrs["name"] = "default"
    d.attrs["description"] = "default VPC security group"


def _explode(
    block: Mapping[str, Any], own_id: Any, at: AttrPath
) -> list[tuple[dict[str, Any], AttrPath]]:
    """An inline block or an ``aws_security_group_rule``: one rule per peer."""
    common: dict[str, Any] = {
        "proto": block.get("protocol"),
        "from_port": block.get("from_port"),
        "to_port": block.get("to_port"),
        "description": block.get("description"),
    }
    out: list[tuple[dict[str, Any], AttrPath]] = []

    def peers(key: str) -> list[tuple[Any, AttrPath]]:
        value = block.get(key)
        if is_computed(value):
            return []  # the provider's own value for a peer the configuration leaves out
        if is_unknown(value):
            return [(value, (*at, key))]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [(item, (*at, key, i)) for i, item in enumerate(value) if item not in (None, "")]

    for cidr, where in peers("cidr_blocks"):
        out.append((aws.sg_rule(cidr_ipv4=cidr, **common), where))
    for cidr, where in peers("ipv6_cidr_blocks"):
        out.append((aws.sg_rule(cidr_ipv6=cidr, **common), where))
    for prefix, where in peers("prefix_list_ids"):
        out.append((aws.sg_rule(prefix_list_id=prefix, **common), where))
    for key in ("security_groups", "source_security_group_id"):
        for group, where in peers(key):
            out.append((aws.sg_rule(referenced_group_id=group, **common), where))
    self_flag = block.get("self")
    self_ref = False if is_computed(self_flag) else to_bool(aws.value_or(self_flag, False))
    if is_unknown(self_ref) or self_ref:
        rule = aws.sg_rule(referenced_group_id=own_id, self_referencing=True, **common)
        if is_unknown(self_ref):
            rule["self_referencing"] = self_ref
        out.append((rule, (*at, "self")))
    return out


def _standalone(
    v: Any, side: str, rules: list[Rule], ctx: Context, rule_id: Any, group_id: Any, at: AttrPath
) -> None:
    """Rules whose group is not in the input: a resource of their own."""
    d = Draft(RULE, v, {})
    d.put("rule_id", rule_id, v, ("security_group_rule_id",) if v.source == TERRAFORM else None)
    d.put("group_id", group_id, v, at)
    d.put(
        "tags",
        v.tags() if v.source == TERRAFORM else {},
        v,
        ("tags",) if v.source == TERRAFORM else None,
    )
    for other in SIDES:
        d.attrs[other] = []
    _add_rules(d, side, rules, replace=True)
    ctx.extra.append(d)


def _fold_terraform_rule(v: Any, ctx: Context) -> None:
    """``aws_security_group_rule`` (``type`` says the direction; lists of peers) and
    ``aws_vpc_security_group_{ingress,egress}_rule`` (one peer)."""
    owner = ctx.owner(v, ("security_group_id",), GROUP, ("group_id",))
    if v.record.type == "aws_security_group_rule":
        side = v.raw("type")
        side = side if side in SIDES else "ingress"  # the provider requires one of the two
        own_id = owner.attrs.get("group_id") if owner else v.raw("security_group_id")
        exploded = _explode(dict(v.record.values), own_id, ())
    else:
        side = "ingress" if v.record.type.endswith("_ingress_rule") else "egress"
        exploded = [(_vpc_rule(v), ())]
    rules = [(rule, v, where) for rule, where in exploded]
    if owner is None:
        rule_id = v.out("security_group_rule_id")
        _standalone(
            v,
            str(side),
            rules,
            ctx,
            rule_id,
            v.required("security_group_id"),
            ("security_group_id",),
        )
        return
    owner.folded.append(v.address)
    _add_rules(owner, str(side), rules, replace=True)


def _vpc_rule(v: Any) -> dict[str, Any]:
    """``aws_vpc_security_group_{ingress,egress}_rule``: already one peer."""
    return aws.sg_rule(
        proto=v.raw("ip_protocol"),
        from_port=v.raw("from_port"),
        to_port=v.raw("to_port"),
        cidr_ipv4=v.opt("cidr_ipv4"),
        cidr_ipv6=v.opt("cidr_ipv6"),
        prefix_list_id=v.opt("prefix_list_id"),
        referenced_group_id=v.opt("referenced_security_group_id"),
        description=v.opt("description"),
    )


# -- CloudFormation ----------------------------------------------------------------------------

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


def _cloudformation(d: Draft, v: Any) -> None:
    for side in SIDES:
        name = _PROPERTY[side]
        items = v.items(name)
        if is_unknown(items):
            d.put(side, items, v, (name,))
            continue
        d.attrs[side] = []
        if side == "egress" and v.raw(name) is None:
            d.attrs[side].append(dict(DEFAULT_EGRESS))
        rules: list[Rule] = []
        for index, item in enumerate(items):
            if is_unknown(item):
                d.put(side, item, v, (name, index))
                break
            if isinstance(item, Mapping):
                rules.append((_rule(item, side, d, v, (name, index)), v, (name, index)))
        _add_rules(d, side, rules, replace=False)


def _rule(
    item: Mapping[str, Any], side: str, owner: Draft | None, v: Any, at: AttrPath
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
        peer_paths = [(*at, n) for c, n in _PEERS[side] if c == "referenced_group_id"]
        if any(owner.address in v.targets(p) for p in peer_paths):
            rule["referenced_group_id"] = owner.attrs.get("group_id")
            rule["self_referencing"] = True
    return rule


def _fold_cloudformation_rule(v: Any, ctx: Context) -> None:
    """``AWS::EC2::SecurityGroupIngress``/``Egress``: one rule of a group."""
    side = "ingress" if v.record.type.endswith("Ingress") else "egress"
    owner = ctx.owner(v, ("GroupId",), GROUP, ("group_id", "name")) or ctx.owner(
        v, ("GroupName",), GROUP, ("name",)
    )
    properties = v.record.properties
    rule: Any = properties
    if not is_unknown(properties):
        rule = _rule(properties if isinstance(properties, Mapping) else {}, side, owner, v, ())
    if owner is None:
        group = aws.value_or(v.raw("GroupId"), v.raw("GroupName"))
        group = aws.value_or(group, Unknown("GroupId not set"))
        if is_unknown(rule):
            _unknown_standalone(v, side, rule, ctx, group)
            return
        _standalone(v, side, [(rule, v, ())], ctx, v.assigned_value(None), group, ("GroupId",))
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    if is_unknown(rule):
        owner.put(side, rule, v, ())
        return
    for index in _add_rules(owner, side, [(rule, v, ())], replace=False):
        # The peer group is a relation of the owner; GroupId only names the owner.
        for _, name in _PEERS[side]:
            owner.sources[(v.address, (name,))] = (side, index)


def _unknown_standalone(v: Any, side: str, rule: Any, ctx: Context, group: Any) -> None:
    d = Draft(RULE, v, {})
    d.put("rule_id", v.assigned_value(None))
    d.put("group_id", group, v, ("GroupId",))
    d.put("tags", {})
    for other in SIDES:
        d.attrs[other] = []
    d.put(side, rule, v, ())
    ctx.extra.append(d)


# -- the API -------------------------------------------------------------------------------------

_PERMISSIONS = {"ingress": "IpPermissions", "egress": "IpPermissionsEgress"}
# The peers of an IpPermission: (list, canonical peer field, the peer's field).
_API_PEERS = (
    ("IpRanges", "cidr_ipv4", "CidrIp"),
    ("Ipv6Ranges", "cidr_ipv6", "CidrIpv6"),
    ("PrefixListIds", "prefix_list_id", "PrefixListId"),
    ("UserIdGroupPairs", "referenced_group_id", "GroupId"),
)


def _api(d: Draft, v: Any) -> None:
    """``IpPermissions`` (one protocol and port range, several peers each): one rule per
    peer."""
    own_id = d.attrs["group_id"]
    for side in SIDES:
        rules: list[Rule] = []
        for permission in v.items(_PERMISSIONS[side]):
            common = {
                "proto": permission.get("IpProtocol"),
                "from_port": permission.get("FromPort"),
                "to_port": permission.get("ToPort"),
            }
            for key, canonical, name in _API_PEERS:
                for peer in permission.get(key) or []:
                    value = peer.get(name)
                    rule = aws.sg_rule(
                        description=peer.get("Description"), **{canonical: value}, **common
                    )
                    if canonical == "referenced_group_id":
                        rule["self_referencing"] = value == own_id
                    rules.append((rule, v, ()))
        d.attrs[side] = []
        _add_rules(d, side, rules, replace=False)


CODE = (
    KindCode(
        SECURITY_GROUP,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        types={"aws_default_security_group": _default_group},
        folds={
            "aws_security_group_rule": _fold_terraform_rule,
            "aws_vpc_security_group_ingress_rule": _fold_terraform_rule,
            "aws_vpc_security_group_egress_rule": _fold_terraform_rule,
            "AWS::EC2::SecurityGroupIngress": _fold_cloudformation_rule,
            "AWS::EC2::SecurityGroupEgress": _fold_cloudformation_rule,
        },
        finish=_finish,
    ),
    KindCode(SECURITY_GROUP_RULE, finish=_finish),
)
