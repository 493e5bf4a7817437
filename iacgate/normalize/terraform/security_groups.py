"""Security groups: inline ``ingress``/``egress`` blocks, ``aws_security_group_rule`` and
``aws_vpc_security_group_{ingress,egress}_rule`` all become one list of atomic rules per
direction (one protocol and port range, exactly one peer), the shape of AWS's own
security-group-rule API and of CloudFormation's rule properties."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.terraform.core import (
    Context,
    Draft,
    View,
    is_computed,
    reorder_list,
    to_bool,
)

GROUP = "aws.ec2.security_group"
RULE = "aws.ec2.security_group_rule"
SIDES = ("ingress", "egress")
_BY_ID = ("group_id",)


def security_group(v: View) -> Draft:
    d = Draft(GROUP, v, {})
    d.put("group_id", v.out("id"), src_path=("id",))
    d.put("arn", v.out("arn"))
    d.put("name", v.chosen("name", by="AWS generates the name (name_prefix)"))
    d.put("description", v.opt("description", default="Managed by Terraform"))
    d.put("vpc_id", v.chosen("vpc_id", by="the region's default VPC"))
    d.put("tags", v.tags())
    own_id = d.attrs["group_id"]
    for side in SIDES:
        blocks = v.blocks(side)
        if is_unknown(blocks):
            d.put(side, blocks, v, (side,))
            continue
        rules: list[tuple[dict[str, Any], View, AttrPath]] = []
        for index, block in enumerate(blocks):
            for rule, where in _explode(block, own_id, (side, index)):
                rules.append((rule, v, where))
        d.attrs[side] = []
        _add_rules(d, side, rules)
    return d


def default_security_group(v: View) -> Draft:
    """``aws_default_security_group`` adopts the VPC's default group: name ``default``, AWS's
    description, and exactly the rules declared (Terraform removes the others)."""
    d = security_group(v)
    d.attrs["name"] = "default"
    d.attrs["description"] = "default VPC security group"
    return d


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
    for group, where in peers("security_groups"):
        out.append((aws.sg_rule(referenced_group_id=group, **common), where))
    for group, where in peers("source_security_group_id"):
        out.append((aws.sg_rule(referenced_group_id=group, **common), where))
    self_flag = block.get("self")
    self_ref = False if is_computed(self_flag) else to_bool(aws.value_or(self_flag, False))
    if is_unknown(self_ref) or self_ref:
        rule = aws.sg_rule(referenced_group_id=own_id, self_referencing=True, **common)
        if is_unknown(self_ref):
            rule["self_referencing"] = self_ref
        out.append((rule, (*at, "self")))
    return out


def _vpc_rule(v: View) -> dict[str, Any]:
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


def _add_rules(d: Draft, side: str, rules: list[tuple[dict[str, Any], View, AttrPath]]) -> None:
    current = d.attrs.get(side)
    if is_unknown(current):
        return  # the group's rules are unknown as a whole; one more does not make them known
    assert isinstance(current, list)
    seen = {aws.rule_identity(r): i for i, r in enumerate(current)}
    for rule, src, where in rules:
        identity = aws.rule_identity(rule)
        index = seen.get(identity)
        if index is None:
            index = len(current)
            seen[identity] = index
            current.append(rule)
        else:
            # Terraform state reads every rule of a group back into its inline set; the
            # split resource that declared the rule is where it belongs.
            current[index] = rule
        d.locate((side, index), src, where)


def _owner(v: View, ctx: Context) -> Draft | None:
    return ctx.owner(v, ("security_group_id",), GROUP, _BY_ID)


def _standalone(
    v: View, side: str, rules: list[tuple[dict[str, Any], AttrPath]], ctx: Context
) -> None:
    d = Draft(RULE, v, {})
    d.put("rule_id", v.out("security_group_rule_id"), src_path=("security_group_rule_id",))
    d.put("group_id", v.required("security_group_id"), src_path=("security_group_id",))
    d.put("tags", v.tags())
    for other in SIDES:
        d.attrs[other] = []
    _add_rules(d, side, [(rule, v, where) for rule, where in rules])
    ctx.extra.append(d)


def fold_rule(v: View, ctx: Context) -> None:
    """``aws_security_group_rule``: ``type`` says the direction; lists of peers."""
    side = v.raw("type")
    if side not in SIDES:
        side = "ingress"  # the provider requires one of the two
    owner = _owner(v, ctx)
    own_id = owner.attrs.get("group_id") if owner else v.raw("security_group_id")
    rules = _explode(dict(v.record.values), own_id, ())
    if owner is None:
        _standalone(v, str(side), rules, ctx)
        return
    owner.folded.append(v.address)
    _add_rules(owner, str(side), [(rule, v, where) for rule, where in rules])


def _fold_vpc_rule(v: View, ctx: Context, side: str) -> None:
    rule = _vpc_rule(v)
    owner = _owner(v, ctx)
    if owner is None:
        _standalone(v, side, [(rule, ())], ctx)
        return
    owner.folded.append(v.address)
    _add_rules(owner, side, [(rule, v, ())])


def fold_ingress_rule(v: View, ctx: Context) -> None:
    _fold_vpc_rule(v, ctx, "ingress")


def fold_egress_rule(v: View, ctx: Context) -> None:
    _fold_vpc_rule(v, ctx, "egress")


def finalize(d: Draft) -> None:
    """Rules in one canonical order, whatever order the sources wrote them in."""
    for side in SIDES:
        reorder_list(d, (side,), aws.rule_identity)


PRIMARY = {
    "aws_security_group": security_group,
    "aws_default_security_group": default_security_group,
}
FOLDERS = {
    "aws_security_group_rule": fold_rule,
    "aws_vpc_security_group_ingress_rule": fold_ingress_rule,
    "aws_vpc_security_group_egress_rule": fold_egress_rule,
}
FINALIZERS = {GROUP: finalize, RULE: finalize}
