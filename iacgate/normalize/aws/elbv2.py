"""Load balancers and listeners: Terraform's ``internal`` flag, CloudFormation's key/value
attributes and subnet mappings, and what applies to application load balancers only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.elbv2 import LISTENER, LOAD_BALANCER, TARGET_GROUP
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import (
    Context,
    Draft,
    field_value,
    is_unset,
    reorder_list,
    sort_mixed,
    str_list,
)


def _scheme(d: Draft, v: Any) -> None:
    """Terraform says ``internal = true``; AWS (and CloudFormation) say the scheme."""
    internal = v.flag("internal")
    scheme = internal if is_unknown(internal) else "internal" if internal else "internet-facing"
    d.put("scheme", scheme, v, ("internal",))


# Load balancer attributes (Key/Value strings in CloudFormation) and their canonical fields.
_ATTRIBUTES: tuple[tuple[AttrPath, str], ...] = (
    (("drop_invalid_header_fields",), "routing.http.drop_invalid_header_fields.enabled"),
    (("deletion_protection_enabled",), "deletion_protection.enabled"),
    (("idle_timeout",), "idle_timeout.timeout_seconds"),
    (("desync_mitigation_mode",), "routing.http.desync_mitigation_mode"),
)
_ACCESS_LOGS = (
    ("enabled", "access_logs.s3.enabled"),
    ("bucket", "access_logs.s3.bucket"),
    ("prefix", "access_logs.s3.prefix"),
)


def _cloudformation(d: Draft, v: Any) -> None:
    subnets = v.raw("Subnets")
    if subnets in (None, []):
        d.put("subnets", Unknown("not set: the subnet mappings"), v, ("SubnetMappings",))
    else:
        d.put("subnets", str_list(subnets), v, ("Subnets",))
    _attributes(d, v, ("LoadBalancerAttributes",))


def _api(d: Draft, v: Any) -> None:
    _attributes(d, v, ("DescribeLoadBalancerAttributes:Attributes",))


def _attributes(d: Draft, v: Any, at: AttrPath) -> None:
    """The load balancer attributes: Key/Value strings (CloudFormation, the API), each the
    value of a canonical field."""
    items = v.items_at(at, (), None)
    values: Any = items
    where: dict[str, AttrPath] = {}
    if not is_unknown(items):
        values = {}
        for index, item in enumerate(items):
            if isinstance(item, Mapping) and isinstance(item.get("Key"), str):
                values[item["Key"]] = item.get("Value")
                where[item["Key"]] = (*at, index, "Value")

    def value(key: str) -> Any:
        return values.get(key) if isinstance(values, dict) else values

    for path, key in _ATTRIBUTES:
        field = LOAD_BALANCER.field(str(path[0]))
        d.put(path, field_value(field, v, value(key)), v, where.get(key, at))
    logs = LOAD_BALANCER.field("access_logs")
    made = {
        name: field_value(next(f for f in logs.fields if f.name == name), v, value(key))
        for name, key in _ACCESS_LOGS
    }
    d.put("access_logs", made, v, where.get("access_logs.s3.enabled", at))


def _load_balancer(d: Draft) -> None:
    if d.attrs.get("load_balancer_type") != "application":
        # Only application load balancers parse HTTP headers.
        d.attrs["drop_invalid_header_fields"] = False
        d.attrs["desync_mitigation_mode"] = None


def _listener_api(d: Draft, v: Any) -> None:
    """The API numbers the default actions (``Order``): canonical lists are in that order."""
    found = v.items_at(("DefaultActions",), (), None)
    made = d.attrs["default_actions"]
    if is_unknown(found) or not isinstance(made, list) or len(made) != len(found):
        return
    rank = {id(action): item.get("Order") or 0 for action, item in zip(made, found, strict=True)}
    reorder_list(d, ("default_actions",), lambda action: rank[id(action)])


# A listener without a protocol takes its load balancer's: HTTP on an application load
# balancer (the default type), TCP on a network one.
_DEFAULT_PROTOCOL = {"application": "HTTP", "network": "TCP"}
_LB_ARGUMENT = {TERRAFORM: "load_balancer_arn", CLOUDFORMATION: "LoadBalancerArn"}
_PROTOCOL_ARGUMENT = {TERRAFORM: "protocol", CLOUDFORMATION: "Protocol"}


def _listener_protocol(ctx: Context) -> None:
    """The protocol a listener leaves unset, from its load balancer's type (through the graph
    of the input: a load balancer elsewhere leaves it unknown)."""
    for d in [d for d in ctx.drafts.values() if d.kind == LISTENER.name]:
        v = d.view
        if not is_unknown(d.attrs.get("protocol")) or not is_unset(
            v.raw(_PROTOCOL_ARGUMENT[v.source])
        ):
            continue
        balancer = ctx.owner(v, (_LB_ARGUMENT[v.source],), LOAD_BALANCER.name, ("arn",))
        kind = balancer.attrs.get("load_balancer_type") if balancer is not None else None
        protocol = _DEFAULT_PROTOCOL.get(kind) if isinstance(kind, str) else None
        if balancer is not None and protocol is not None:
            d.set(("protocol",), protocol)


def _listener(d: Draft) -> None:
    protocol = d.attrs.get("protocol")
    if not is_unknown(protocol) and protocol not in ("HTTPS", "TLS"):
        d.attrs["ssl_policy"] = None  # a security policy only for TLS listeners


# -- target groups -------------------------------------------------------------------------------


def _target_group_api(d: Draft, v: Any) -> None:
    """DescribeTargetHealth lists the registered targets (with their effective ports)."""
    health = v.value_at(("DescribeTargetHealth:TargetHealthDescriptions",), (), None)
    if is_unknown(health):
        d.put("targets", health, v)
        return
    targets = []
    for item in health if isinstance(health, list) else []:
        target = item.get("Target") if isinstance(item, Mapping) else None
        if isinstance(target, Mapping) and isinstance(target.get("Id"), str):
            targets.append({"id": target["Id"], "port": target.get("Port")})
    d.put("targets", targets, v)


def _fold_attachment(v: Any, ctx: Context) -> None:
    """``aws_lb_target_group_attachment``: one target of a group."""
    owner = ctx.owner(v, ("target_group_arn",), TARGET_GROUP.name, ("arn",))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    targets = owner.attrs.get("targets")
    if not isinstance(targets, list):
        return
    index = len(targets)
    targets.append({})
    owner.put(("targets", index, "id"), v.raw("target_id"), v, ("target_id",))
    port = v.raw("port")
    owner.put(("targets", index, "port"), None if is_unset(port) else port, v, ("port",))


def _target_group(d: Draft) -> None:
    """A target without a port takes the group's (as AWS registers it); targets sorted."""
    targets = d.attrs.get("targets")
    if d.attrs.get("target_type") == "lambda":
        d.attrs["protocol"] = None  # Lambda targets speak no protocol of the group's
        d.attrs["port"] = None
    if not isinstance(targets, list):
        return
    for target in targets:
        if isinstance(target, dict) and target.get("port") is None:
            target["port"] = d.attrs.get("port")
        if isinstance(target, dict) and isinstance(target.get("port"), str):
            target["port"] = int(target["port"]) if target["port"].isdigit() else target["port"]
    ids = [t.get("id") if isinstance(t, Mapping) else None for t in targets]
    order = {id(x): i for i, x in enumerate(sort_mixed(x for x in ids if x is not None))}
    reorder_list(
        d,
        ("targets",),
        lambda t: order.get(id(t.get("id")), len(order)) if isinstance(t, Mapping) else 0,
    )


CODE = (
    KindCode(
        LOAD_BALANCER,
        read={TERRAFORM: _scheme, CLOUDFORMATION: _cloudformation, API: _api},
        finish=_load_balancer,
    ),
    KindCode(
        LISTENER,
        read={API: _listener_api},
        links={TERRAFORM: _listener_protocol, CLOUDFORMATION: _listener_protocol},
        finish=_listener,
    ),
    KindCode(
        TARGET_GROUP,
        read={API: _target_group_api},
        folds={
            "aws_lb_target_group_attachment": _fold_attachment,
            "aws_alb_target_group_attachment": _fold_attachment,
        },
        finish=_target_group,
    ),
)
