"""WAFv2 web ACLs: an action is a block (Terraform) or a key (CloudFormation, the API) whose
presence says it: ``default_action { allow {} }``, ``Action: {Block: {}}``; a rule group's
rule says ``override_action`` instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.wafv2 import ACTIONS, WEB_ACL
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _action(value: Any) -> Any:
    """The action a block or key set names (``{"allow": [{}]}``, ``{"Block": {}}``)."""
    if is_unknown(value):
        return value
    if isinstance(value, list):
        value = value[0] if len(value) == 1 else None
    if not isinstance(value, Mapping):
        return Unknown("no action is set")
    for key, body in value.items():
        name = str(key).lower()
        if name in ACTIONS and body is not None and body != []:
            return name
    return Unknown("no action is set")


def _read(d: Draft, v: Any, default: AttrPath, rules: AttrPath, keys: tuple[str, str]) -> None:
    d.put("default_action", _action(v.value_at(default, (), None)), v, default)
    found = v.items_at(rules, (), None)
    made = d.attrs.get("rules")
    if is_unknown(found) or not isinstance(made, list) or len(made) != len(found):
        return
    for index, (rule, item) in enumerate(zip(made, found, strict=True)):
        if not isinstance(item, Mapping) or not isinstance(rule, dict):
            continue
        action, override = item.get(keys[0]), item.get(keys[1])
        chosen = override if override not in (None, []) else action
        d.put(("rules", index, "action"), _action(chosen), v, (*rules, index))


def _terraform(d: Draft, v: Any) -> None:
    _read(d, v, ("default_action",), ("rule",), ("action", "override_action"))


def _cloudformation(d: Draft, v: Any) -> None:
    _read(d, v, ("DefaultAction",), ("Rules",), ("Action", "OverrideAction"))


def _api(d: Draft, v: Any) -> None:
    at = ("GetWebACL:WebACL",)
    _read(d, v, (*at, "DefaultAction"), (*at, "Rules"), ("Action", "OverrideAction"))


def _finish(d: Draft) -> None:
    rules = d.attrs.get("rules")
    if isinstance(rules, list) and all(
        isinstance(r, dict) and isinstance(r.get("priority"), int) for r in rules
    ):
        rules.sort(key=lambda r: r["priority"])


CODE = (
    KindCode(
        WEB_ACL,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        finish=_finish,
    ),
)
