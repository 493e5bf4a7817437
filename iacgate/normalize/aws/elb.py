"""Classic load balancers: Terraform's ``internal`` flag; access logs that are off; the
policies (SSL negotiation policies among them) and the listeners they are in force on, which
Terraform splits into three resource types, CloudFormation lists with the ports they apply to
and the API answers from its own call; the desync mitigation mode among the API's additional
attributes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.elb import LOAD_BALANCER
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, reorder_list, str_list, to_bool

SSL_NEGOTIATION = "SSLNegotiationPolicyType"
_DESYNC = "elb.http.desyncmitigationmode"


def _logs_off(d: Draft, v: Any, enabled: Any, at: AttrPath) -> None:
    """Access logs that are turned off are no access logs (their bucket is kept by AWS). Every
    source says Enabled beside the settings (CloudFormation requires it; the provider's block
    is on unless it says otherwise)."""
    if d.attrs.get("access_logs") is None or enabled is None:
        return
    if is_unknown(enabled):
        d.put("access_logs", enabled, v, at)
    elif to_bool(enabled) is not True:
        d.put("access_logs", None, v, at)


def _terraform(d: Draft, v: Any) -> None:
    internal = v.flag("internal")
    scheme = internal if is_unknown(internal) else "internal" if internal else "internet-facing"
    d.put("scheme", scheme, v, ("internal",))
    # The provider's access_logs block is on unless it says enabled = false.
    _logs_off(d, v, v.opt("access_logs", 0, "enabled", default=True), ("access_logs",))


def _attributes(pairs: Any, key: str, value: str) -> Any:
    """Name/value pairs as a map (values as strings, as the API answers them)."""
    if is_unknown(pairs):
        return pairs
    found: dict[str, Any] = {}
    for item in pairs if isinstance(pairs, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get(key), str):
            raw = item.get(value)
            found[item[key]] = raw if is_unknown(raw) else _text(raw)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cloudformation(d: Draft, v: Any) -> None:
    _logs_off(d, v, v.raw("AccessLoggingPolicy", "Enabled"), ("AccessLoggingPolicy", "Enabled"))
    policies = v.items("Policies")
    if is_unknown(policies):
        d.put("policies", policies, v, ("Policies",))
        return
    for index, policy in enumerate(policies):
        at: AttrPath = ("Policies", index)
        if not isinstance(policy, Mapping):
            continue
        name = policy.get("PolicyName")
        if not isinstance(name, str):
            d.put("policies", Unknown("a policy name is not known"), v, at)
            return
        made = {
            "type": policy.get("PolicyType"),
            "attributes": _attributes(policy.get("Attributes"), "Name", "Value"),
        }
        d.put(("policies", name), made, v, at)
        # A policy names the load balancer ports whose listeners it is in force on.
        for port in str_list(policy.get("LoadBalancerPorts"), sort=False) or ():
            _attach(d, v, port, name, at)


def _attach(d: Draft, v: Any, port: Any, name: Any, at: AttrPath) -> None:
    listeners = d.attrs.get("listeners")
    if not isinstance(listeners, list):
        return
    for index, listener in enumerate(listeners):
        if not isinstance(listener, dict) or str(listener.get("lb_port")) != str(port):
            continue
        names = listener.get("policy_names")
        if is_unknown(names) or is_unknown(name):
            d.put(("listeners", index, "policy_names"), names if is_unknown(names) else name, v, at)
        elif isinstance(names, list) and name not in names:
            d.put(("listeners", index, "policy_names"), sorted([*names, name]), v, at)


def _api(d: Draft, v: Any) -> None:
    record = v.record
    name = v.raw("LoadBalancerName")
    arn = f"arn:{record.partition}:elasticloadbalancing:{record.region}:{record.account}"
    d.put("arn", f"{arn}:loadbalancer/{name}", v)
    attributes = ("DescribeLoadBalancerAttributes:LoadBalancerAttributes",)
    _logs_off(
        d,
        v,
        v.value_at((*attributes, "AccessLog", "Enabled"), (), None),
        (*attributes, "AccessLog"),
    )
    extra = _attributes(v.value_at((*attributes, "AdditionalAttributes"), (), None), "Key", "Value")
    mode = extra.get(_DESYNC) if isinstance(extra, dict) else None
    if isinstance(mode, str):
        d.put("desync_mitigation_mode", mode, v, (*attributes, "AdditionalAttributes"))
    at: AttrPath = ("DescribeLoadBalancerPolicies:PolicyDescriptions",)
    for index, policy in enumerate(v.items_at(at, (), None) or ()):
        if isinstance(policy, Mapping) and isinstance(policy.get("PolicyName"), str):
            made = {
                "type": policy.get("PolicyTypeName"),
                "attributes": _attributes(
                    policy.get("PolicyAttributeDescriptions"), "AttributeName", "AttributeValue"
                ),
            }
            d.put(("policies", policy["PolicyName"]), made, v, (*at, index))


# -- Terraform's split types ---------------------------------------------------------------------


def _owner(v: Any, ctx: Context, path: str) -> Draft | None:
    owner = ctx.owner(v, (path,), LOAD_BALANCER.name, ("name",))
    if owner is None:
        ctx.unattached.append(v.address)
    return owner


def _fold_policy(v: Any, ctx: Context) -> None:
    """``aws_load_balancer_policy``: a policy of the load balancer (any type)."""
    owner = _owner(v, ctx, "load_balancer_name")
    if owner is None:
        return
    _put_policy(owner, v, v.raw("policy_name"), v.raw("policy_type_name"), "policy_attribute")


def _put_policy(owner: Draft, v: Any, name: Any, kind: Any, attributes: str) -> None:
    if not isinstance(name, str):
        owner.folded.append(v.address)
        owner.put("policies", Unknown("a policy name is not known"), v, ())
        return
    owner.fold(v, ("policies", name))
    made = {"type": kind, "attributes": _attributes(v.items(attributes), "name", "value")}
    owner.put(("policies", name), made, v, ())


def _fold_listener_policy(v: Any, ctx: Context) -> None:
    """``aws_load_balancer_listener_policy``: the policies in force on one listener (they
    replace the listener's, as the API call behind it does)."""
    owner = _owner(v, ctx, "load_balancer_name")
    if owner is None:
        return
    owner.fold(v, ("listeners",))
    names = str_list(v.raw("policy_names"))
    _replace(owner, v, v.raw("load_balancer_port"), names, ("policy_names",))


def _replace(owner: Draft, v: Any, port: Any, names: Any, at: AttrPath) -> None:
    listeners = owner.attrs.get("listeners")
    if not isinstance(listeners, list):
        return
    for index, listener in enumerate(listeners):
        if isinstance(listener, dict) and (
            is_unknown(port) or str(listener.get("lb_port")) == str(port)
        ):
            owner.put(("listeners", index, "policy_names"), names, v, at)


def _fold_ssl_negotiation(v: Any, ctx: Context) -> None:
    """``aws_lb_ssl_negotiation_policy``: an SSL negotiation policy, in force on the listener
    of its port."""
    owner = _owner(v, ctx, "load_balancer")
    if owner is None:
        return
    name = v.raw("name")
    _put_policy(owner, v, name, SSL_NEGOTIATION, "attribute")
    _attach(owner, v, v.raw("lb_port"), name, ("lb_port",))


def _finish(d: Draft) -> None:
    listeners = d.attrs.get("listeners")
    for listener in listeners if isinstance(listeners, list) else ():
        if not isinstance(listener, dict):
            continue
        for key in ("lb_protocol", "instance_protocol"):
            if isinstance(listener.get(key), str):
                listener[key] = listener[key].upper()  # AWS takes them in either case
        if listener.get("lb_protocol") in ("HTTP", "TCP"):
            listener["ssl_certificate_id"] = None
    reorder_list(d, ("listeners",), lambda item: str(item.get("lb_port")).zfill(5))


CODE = (
    KindCode(
        LOAD_BALANCER,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        folds={
            "aws_load_balancer_policy": _fold_policy,
            "aws_load_balancer_listener_policy": _fold_listener_policy,
            "aws_lb_ssl_negotiation_policy": _fold_ssl_negotiation,
        },
        finish=_finish,
    ),
)
