"""IAM: roles, users and groups with their inline ``Policies``, ``ManagedPolicyArns``,
``AWS::IAM::Policy``/``RolePolicy``/``UserPolicy``/``GroupPolicy``, ``AWS::IAM::ManagedPolicy``
attachments (its ``Roles``/``Users``/``Groups``) and group memberships folded in; managed
policies, access keys and instance profiles."""

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

ROLE = "aws.iam.role"
USER = "aws.iam.user"
GROUP = "aws.iam.group"
_BY_NAME = ("name", "arn")
_GENERATED = "CloudFormation generates the name"
# Every inline policy document, when inline_policies cannot be keyed (docs/model.md).
DOCUMENTS = "inline_policy_documents"


def _principal(kind: str, v: View, name: str) -> Draft:
    d = Draft(kind, v, {})
    d.put("name", v.chosen(name, by=_GENERATED), v, (name,))
    d.put("arn", DEPLOYED)
    d.put("path", v.opt("Path", default="/"), v, ("Path",))
    d.put("tags", v.tags(), v, ("Tags",))
    d.put("inline_policies", {})
    d.put(DOCUMENTS, [])
    d.put("managed_policy_arns", [])
    _inline_policies(d, v)
    _add_arns(d, v.opt("ManagedPolicyArns", default=[]), v, ("ManagedPolicyArns",))
    return d


def role(v: View) -> Draft:
    d = _principal(ROLE, v, "RoleName")
    d.put("description", v.opt("Description"), v, ("Description",))
    d.put(
        "assume_role_policy",
        aws.parse_policy(
            or_default(
                v.raw("AssumeRolePolicyDocument"), Unknown("AssumeRolePolicyDocument not set")
            )
        ),
        v,
        ("AssumeRolePolicyDocument",),
    )
    d.put(
        "max_session_duration",
        v.number("MaxSessionDuration", default=3600),
        v,
        ("MaxSessionDuration",),
    )
    d.put("permissions_boundary", v.opt("PermissionsBoundary"), v, ("PermissionsBoundary",))
    return d


def user(v: View) -> Draft:
    d = _principal(USER, v, "UserName")
    d.put("permissions_boundary", v.opt("PermissionsBoundary"), v, ("PermissionsBoundary",))
    d.put("groups", [])
    _add_arns(d, v.opt("Groups", default=[]), v, ("Groups",), field="groups")
    profile = v.block("LoginProfile")
    if profile is None or is_unknown(profile):
        d.put("login_profile", profile, v, ("LoginProfile",))
    else:
        d.put("login_profile", {}, v, ("LoginProfile",))
        reset = v.flag("LoginProfile", "PasswordResetRequired", default=False)
        d.put(
            ("login_profile", "password_reset_required"),
            reset,
            v,
            ("LoginProfile", "PasswordResetRequired"),
        )
    return d


def group(v: View) -> Draft:
    return _principal(GROUP, v, "GroupName")


def _inline_policies(d: Draft, v: View) -> None:
    items = v.items("Policies")
    if is_unknown(items):
        d.put("inline_policies", items, v, ("Policies",))
        _add_document(d, items, v, ("Policies",))
        return
    for index, item in enumerate(items):
        if is_unknown(item):
            _unkeyed(d, Unknown(f"an inline policy: {item.reason}"), v, ("Policies", index))
            _add_document(d, item, v, ("Policies", index))
            continue
        if isinstance(item, Mapping):
            _add_inline(
                d, item.get("PolicyName"), item.get("PolicyDocument"), v, ("Policies", index)
            )


def _add_inline(d: Draft, name: Any, document: Any, v: View, at: AttrPath) -> None:
    if is_unknown(name) or name is None:
        reason = name.reason if is_unknown(name) else "no PolicyName"
        _unkeyed(d, Unknown(f"inline policy name: {reason}"), v, at)
    if is_unknown(d.attrs.get("inline_policies")):
        _add_document(d, aws.parse_policy(document), v, (*at, "PolicyDocument"))
        return
    d.put(("inline_policies", str(name)), aws.parse_policy(document), v, (*at, "PolicyDocument"))


def _unkeyed(d: Draft, why: Unknown, v: View, at: AttrPath) -> None:
    """An inline policy without a known name: the map as a whole becomes unknown, and the
    documents, named or not, move to inline_policy_documents so rules can judge them."""
    policies = d.attrs.get("inline_policies")
    if is_unknown(policies):
        return
    for key, known in (policies or {}).items():
        documents = d.attrs[DOCUMENTS]
        documents.append(known)
        span = d.spans.pop(("inline_policies", key), None)
        if span is not None:
            d.spans[(DOCUMENTS, len(documents) - 1)] = span
    d.put("inline_policies", why, v, at)


def _add_document(d: Draft, document: Any, v: View, at: AttrPath) -> None:
    documents = d.attrs[DOCUMENTS]
    documents.append(document)
    d.locate((DOCUMENTS, len(documents) - 1), v, at)


def _add_arns(
    d: Draft, value: Any, v: View, at: AttrPath, field: str = "managed_policy_arns"
) -> None:
    current = d.attrs.get(field)
    if is_unknown(current):
        return
    if is_unknown(value):
        d.put(field, value, v, at)
        return
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return
    assert isinstance(current, list)
    for offset, item in enumerate(value):
        if item in (None, ""):
            continue
        if is_unknown(item) or item not in current:
            current.append(item)
        index = current.index(item) if not is_unknown(item) else len(current) - 1
        d.locate((field, index), v, (*at, offset))


def finalize_principal(d: Draft) -> None:
    for field in ("managed_policy_arns", "groups"):
        reorder_list(d, (field,), lambda item: (is_unknown(item), str(item)))


# -- folded resources ------------------------------------------------------------------------


def fold_policy(v: View, ctx: Context) -> None:
    """``AWS::IAM::Policy``: one inline policy put into every role, user and group it names."""
    attached = False
    for field, kind in (("Roles", ROLE), ("Users", USER), ("Groups", GROUP)):
        for d in ctx.owners(v, (field,), kind, _BY_NAME):
            attached = True
            d.fold(v, ("inline_policies",))
            _add_inline(d, v.raw("PolicyName"), v.raw("PolicyDocument"), v, ())
    if not attached:
        ctx.unattached.append(v.address)


def _fold_single(kind: str, owner_field: str):  # type: ignore[no-untyped-def]
    """``AWS::IAM::RolePolicy`` and friends: one inline policy of one principal."""

    def fold(v: View, ctx: Context) -> None:
        owners = ctx.owners(v, (owner_field,), kind, _BY_NAME)
        if not owners:
            ctx.unattached.append(v.address)
        for d in owners:
            d.fold(v, ("inline_policies",))
            _add_inline(d, v.raw("PolicyName"), v.raw("PolicyDocument"), v, ())

    return fold


def managed_policy(v: View) -> Draft:
    d = Draft("aws.iam.policy", v, {})
    d.put("name", v.chosen("ManagedPolicyName", by=_GENERATED), v, ("ManagedPolicyName",))
    d.put("arn", DEPLOYED)
    d.put("path", v.opt("Path", default="/"), v, ("Path",))
    d.put("description", v.opt("Description"), v, ("Description",))
    d.put("policy", aws.parse_policy(v.raw("PolicyDocument")), v, ("PolicyDocument",))
    d.put("tags", {})
    return d


def attach_managed_policies(ctx: Context) -> None:
    """A managed policy's ``Roles``/``Users``/``Groups`` attach it to those principals."""
    for policy in [d for d in ctx.drafts.values() if d.kind == "aws.iam.policy"]:
        v = policy.view
        arn = Unknown(f"ARN of managed policy {v.address} (known after deploy)")
        for field, kind in (("Roles", ROLE), ("Users", USER), ("Groups", GROUP)):
            for d in ctx.owners(v, (field,), kind, _BY_NAME):
                # An attachment, not a fold: the policy stays a node of its own.
                current = d.attrs["managed_policy_arns"]
                if is_unknown(current):
                    continue
                current.append(arn)
                d.locate(("managed_policy_arns", len(current) - 1), v, (field,))
                d.edges.append((("managed_policy_arns", len(current) - 1), v.address))


def fold_user_to_group(v: View, ctx: Context) -> None:
    """``AWS::IAM::UserToGroupAddition``: users join one group."""
    owners = ctx.owners(v, ("Users",), USER, _BY_NAME)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        _add_arns(d, [v.raw("GroupName")], v, ("GroupName",), field="groups")
        d.adopt(v)


def access_key(v: View) -> Draft:
    d = Draft("aws.iam.access_key", v, {})
    d.put("access_key_id", DEPLOYED)
    name = v.raw("UserName")
    d.put("user", or_default(name, Unknown("UserName not set")), v, ("UserName",))
    d.put("status", v.opt("Status", default="Active"), v, ("Status",))
    return d


def instance_profile(v: View) -> Draft:
    d = Draft("aws.iam.instance_profile", v, {})
    d.put("name", v.chosen("InstanceProfileName", by=_GENERATED), v, ("InstanceProfileName",))
    d.put("arn", DEPLOYED)
    d.put("path", v.opt("Path", default="/"), v, ("Path",))
    roles = v.raw("Roles")
    first = roles[0] if isinstance(roles, list) and roles else roles
    d.put(
        "role",
        first if first != [] else None,
        v,
        ("Roles", 0) if isinstance(roles, list) else ("Roles",),
    )
    d.put("tags", {})
    return d


PRIMARY = {
    "AWS::IAM::Role": role,
    "AWS::IAM::User": user,
    "AWS::IAM::Group": group,
    "AWS::IAM::ManagedPolicy": managed_policy,
    "AWS::IAM::AccessKey": access_key,
    "AWS::IAM::InstanceProfile": instance_profile,
}
FOLDERS = {
    "AWS::IAM::Policy": fold_policy,
    "AWS::IAM::RolePolicy": _fold_single(ROLE, "RoleName"),
    "AWS::IAM::UserPolicy": _fold_single(USER, "UserName"),
    "AWS::IAM::GroupPolicy": _fold_single(GROUP, "GroupName"),
    "AWS::IAM::UserToGroupAddition": fold_user_to_group,
}
FINALIZERS = {ROLE: finalize_principal, USER: finalize_principal, GROUP: finalize_principal}
