"""Load balancers and listeners: Terraform's ``internal`` flag, CloudFormation's key/value
attributes and subnet mappings, and what applies to application load balancers only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.elbv2 import LISTENER, LOAD_BALANCER
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, convert, str_list


def _scheme(d: Draft, v: Any) -> None:
    """Terraform says ``internal = true``; AWS (and CloudFormation) say the scheme."""
    internal = convert(v.raw("internal"), False)
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
    attributes, where = _attributes(v)
    for path, key in _ATTRIBUTES:
        field = LOAD_BALANCER.field(str(path[0]))
        value = attributes.get(key) if isinstance(attributes, dict) else attributes
        d.put(path, convert(value, field.default), v, where.get(key, ("LoadBalancerAttributes",)))
    logs = LOAD_BALANCER.field("access_logs")
    made: dict[str, Any] = {}
    for name, key in _ACCESS_LOGS:
        value = attributes.get(key) if isinstance(attributes, dict) else attributes
        made[name] = convert(value, logs.fields[[f.name for f in logs.fields].index(name)].default)
    where_logs = where.get("access_logs.s3.enabled", ("LoadBalancerAttributes",))
    d.put("access_logs", made, v, where_logs)


def _attributes(v: Any) -> tuple[Any, dict[str, AttrPath]]:
    """``LoadBalancerAttributes`` as a map (or Unknown) and where each key was written."""
    items = v.items("LoadBalancerAttributes")
    if is_unknown(items):
        return items, {}
    values: dict[str, Any] = {}
    where: dict[str, AttrPath] = {}
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and isinstance(item.get("Key"), str):
            values[item["Key"]] = item.get("Value")
            where[item["Key"]] = ("LoadBalancerAttributes", index, "Value")
    return values, where


def _load_balancer(d: Draft) -> None:
    if d.attrs.get("load_balancer_type") != "application":
        # Only application load balancers parse HTTP headers.
        d.attrs["drop_invalid_header_fields"] = False
        d.attrs["desync_mitigation_mode"] = None


def _listener(d: Draft) -> None:
    protocol = d.attrs.get("protocol")
    if not is_unknown(protocol) and protocol not in ("HTTPS", "TLS"):
        d.attrs["ssl_policy"] = None  # a security policy only for TLS listeners


CODE = (
    KindCode(
        LOAD_BALANCER,
        read={TERRAFORM: _scheme, CLOUDFORMATION: _cloudformation},
        finish=_load_balancer,
    ),
    KindCode(LISTENER, finish=_listener),
)
