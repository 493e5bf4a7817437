"""Lambda functions: the function URL and the permissions (statements of the function's
resource policy) fold in from their own resources."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.lambda_ import FUNCTION
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, fill

_BY = ("function_name", "arn")
# The URL's attributes are written in the URL's own resource, at its top.
_URL = replace(FUNCTION.field("url"), terraform="", cloudformation="")
_URL_FUNCTION = {TERRAFORM: "function_name", CLOUDFORMATION: "TargetFunctionArn"}
# A permission's arguments, as each source names them.
_PERMISSION = {
    TERRAFORM: (
        "function_name",
        "action",
        "principal",
        "source_arn",
        "source_account",
        "principal_org_id",
        "function_url_auth_type",
        "event_source_token",
    ),
    CLOUDFORMATION: (
        "FunctionName",
        "Action",
        "Principal",
        "SourceArn",
        "SourceAccount",
        "PrincipalOrgID",
        "FunctionUrlAuthType",
        "EventSourceToken",
    ),
}


def _fold_url(v: Any, ctx: Context) -> None:
    owner = ctx.owner(v, (_URL_FUNCTION[v.source],), FUNCTION.name, _BY)
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("url",))
    fill(owner, v, (_URL,))


def _fold_permission(v: Any, ctx: Context) -> None:
    """One statement of the function's resource policy."""
    function, action, principal, arn, account, org, auth, token = _PERMISSION[v.source]
    owner = ctx.owner(v, (function,), FUNCTION.name, _BY)
    if owner is None:
        ctx.unattached.append(v.address)
        return
    statement = aws.lambda_permission_statement(
        action=v.raw(action),
        principal=v.raw(principal),
        resource=owner.attrs.get("arn"),
        source_arn=v.raw(arn),
        source_account=v.raw(account),
        principal_org_id=v.raw(org),
        function_url_auth_type=v.raw(auth),
        event_source_token=v.raw(token),
    )
    policy = aws.add_statement(owner.attrs.get("policy"), statement)
    owner.fold(v, ("policy",))
    owner.attrs["policy"] = policy
    if isinstance(policy, dict):
        owner.locate(("policy", "Statement", len(policy["Statement"]) - 1), v, ())


def _finish(d: Draft) -> None:
    vpc = d.attrs.get("vpc_config")
    if isinstance(vpc, dict) and vpc.get("subnet_ids") == []:
        d.attrs["vpc_config"] = None  # no subnets: the function runs outside any VPC
    if d.attrs.get("reserved_concurrent_executions") == -1:
        d.attrs["reserved_concurrent_executions"] = None  # Terraform's "no reservation"


CODE = (
    KindCode(
        FUNCTION,
        folds={
            "aws_lambda_function_url": _fold_url,
            "AWS::Lambda::Url": _fold_url,
            "aws_lambda_permission": _fold_permission,
            "AWS::Lambda::Permission": _fold_permission,
        },
        finish=_finish,
    ),
)
