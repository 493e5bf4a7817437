"""Secrets Manager secrets: rotation folds in from its own resource (three attributes, and
CloudFormation's hosted rotation function); the API keeps the rules of a rotation turned off."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.secretsmanager import SECRET
from iacgate.model.unknown import Unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, fill

# Per source: the attribute naming the secret, the rotation function's, the rules'.
_ROTATION = {
    TERRAFORM: ("secret_id", "rotation_lambda_arn", "rotation_rules"),
    CLOUDFORMATION: ("SecretId", "RotationLambdaARN", "RotationRules"),
}
_RULES = SECRET.field("rotation_rules")


def _fold_rotation(v: Any, ctx: Context) -> None:
    """``aws_secretsmanager_secret_rotation`` / ``AWS::SecretsManager::RotationSchedule``."""
    target, function, rules = _ROTATION[v.source]
    owner = ctx.owner(v, (target,), SECRET.name, ("arn", "name"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("rotation_enabled",))
    owner.put("rotation_enabled", True, v, ())
    arn = v.opt(function)
    if arn is None and v.source == CLOUDFORMATION and v.raw("HostedRotationLambda") is not None:
        arn = Unknown("the hosted rotation function CloudFormation creates")
    owner.put("rotation_lambda_arn", arn, v, (function,))
    # The rules are written in the rotation's own resource.
    at_rotation = replace(_RULES, terraform=rules, cloudformation=rules)
    fill(owner, v, (at_rotation,))


def _api(d: Draft, v: Any) -> None:
    rules = v.raw("RotationRules")
    if d.attrs["rotation_enabled"] is not True or not isinstance(rules, Mapping) or not rules:
        d.put("rotation_rules", None, v)


CODE = (
    KindCode(
        SECRET,
        read={API: _api},
        folds={
            "aws_secretsmanager_secret_rotation": _fold_rotation,
            "AWS::SecretsManager::RotationSchedule": _fold_rotation,
        },
    ),
)
