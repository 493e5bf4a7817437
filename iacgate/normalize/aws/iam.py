"""IAM: roles, users and groups gather their inline policies, managed policy attachments and
memberships from wherever a source writes them (policy folding: Terraform's inline blocks and
split resources, CloudFormation's Policies, AWS::IAM::Policy naming several principals, a
managed policy naming its roles); what a table cannot say.

An inline policy whose name is not known before apply cannot key ``inline_policies``: the
map as a whole becomes unknown, and every document, named or not, moves to
``inline_policy_documents`` so rules still judge them (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.iam import (
    ACCESS_KEY,
    GROUP,
    INSTANCE_PROFILE,
    MANAGED_POLICY,
    PASSWORD_POLICY,
    ROLE,
    USER,
)
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, reorder_list

_BY_NAME = ("name", "arn")
DOCUMENTS = "inline_policy_documents"
_PRINCIPALS = (("Roles", ROLE.name), ("Users", USER.name), ("Groups", GROUP.name))


# -- inline policies, attachments, memberships ---------------------------------------------------


def _unkeyed(d: Draft, why: Unknown, v: Any, at: AttrPath) -> None:
    """Move the named documents to ``inline_policy_documents``; the map becomes ``why``."""
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


def _add_inline(d: Draft, name: Any, document: Any, v: Any, at: AttrPath, written: str) -> None:
    """One inline policy named ``name``, its document written at ``(*at, written)``."""
    if v.source == TERRAFORM and is_unknown(name):
        _unkeyed(d, Unknown("inline policy name known after apply"), v, at)
    elif v.source == CLOUDFORMATION and (is_unknown(name) or name is None):
        reason = name.reason if is_unknown(name) else "no PolicyName"
        _unkeyed(d, Unknown(f"inline policy name: {reason}"), v, at)
    if is_unknown(d.attrs.get("inline_policies")):
        _add_document(d, aws.parse_policy(document), v, (*at, written))
        return
    d.put(("inline_policies", str(name)), aws.parse_policy(document), v, (*at, written))


def _add_document(d: Draft, document: Any, v: Any, at: AttrPath) -> None:
    documents = d.attrs[DOCUMENTS]
    documents.append(document)
    d.locate((DOCUMENTS, len(documents) - 1), v, at)


def _add_arns(
    d: Draft, value: Any, v: Any, at: AttrPath, field: str = "managed_policy_arns"
) -> None:
    """Attach policies (or groups): each once, located where it was written. A Terraform list
    is one argument; CloudFormation locates each item; an unknown CloudFormation list makes
    the whole attribute unknown."""
    current = d.attrs.get(field)
    if is_unknown(current):
        return
    if is_unknown(value):
        if v.source == CLOUDFORMATION:
            d.put(field, value, v, at)
            return
        value = [value]
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
        d.locate((field, index), v, at if v.source == TERRAFORM else (*at, offset))


def _finish_principal(d: Draft) -> None:
    """Attachment lists in one order (AWS keeps none); their spans move along."""
    for field in ("managed_policy_arns", "groups"):
        reorder_list(d, (field,), lambda item: (is_unknown(item), str(item)))


# -- the principals' own records ---------------------------------------------------------------


def _terraform_role(d: Draft, v: Any) -> None:
    blocks = v.blocks("inline_policy")
    if is_unknown(blocks):
        d.put("inline_policies", blocks, v, ("inline_policy",))
        _add_document(d, blocks, v, ("inline_policy",))
    else:
        for index, block in enumerate(blocks):
            name = block.get("name")
            if name is None or name == "":  # the provider's placeholder for "none"
                continue
            _add_inline(d, name, block.get("policy"), v, ("inline_policy", index), "policy")
    d.put("managed_policy_arns", [], v, ("managed_policy_arns",))
    arns = v.opt("managed_policy_arns", default=[])
    _add_arns(d, arns, v, ("managed_policy_arns",))


def _cloudformation_principal(d: Draft, v: Any) -> None:
    items = v.items("Policies")
    if is_unknown(items):
        d.put("inline_policies", items, v, ("Policies",))
        _add_document(d, items, v, ("Policies",))
    else:
        for index, item in enumerate(items):
            at: AttrPath = ("Policies", index)
            if is_unknown(item):
                _unkeyed(d, Unknown(f"an inline policy: {item.reason}"), v, at)
                _add_document(d, item, v, at)
            elif isinstance(item, Mapping):
                policy = item.get("PolicyDocument")
                _add_inline(d, item.get("PolicyName"), policy, v, at, "PolicyDocument")
    _add_arns(d, v.opt("ManagedPolicyArns", default=[]), v, ("ManagedPolicyArns",))
    if d.kind == USER.name:
        _add_arns(d, v.opt("Groups", default=[]), v, ("Groups",), field="groups")


def _cloudformation_role(d: Draft, v: Any) -> None:
    _cloudformation_principal(d, v)
    document = aws.value_or(v.raw("AssumeRolePolicyDocument"), None)
    if document is None:
        missing = Unknown("AssumeRolePolicyDocument not set")
        d.put("assume_role_policy", missing, v, ("AssumeRolePolicyDocument",))
    else:
        parsed = aws.parse_policy(document)
        d.put("assume_role_policy", parsed, v, ("AssumeRolePolicyDocument",))


def _access_key_user(d: Draft, v: Any) -> None:
    """The user an access key belongs to: a key cannot exist without one."""
    name = {TERRAFORM: "user", CLOUDFORMATION: "UserName"}[v.source]
    user = aws.value_or(v.raw(name), Unknown(f"{name} not set"))
    d.put("user", user, v, (name,))


def _cloudformation_profile_role(d: Draft, v: Any) -> None:
    """CloudFormation lists the profile's roles (at most one)."""
    roles = v.raw("Roles")
    first = roles[0] if isinstance(roles, list) and roles else roles
    where: AttrPath = ("Roles", 0) if isinstance(roles, list) else ("Roles",)
    d.put("role", first if first != [] else None, v, where)


# -- the API ---------------------------------------------------------------------------------------

# The detail answer holding each principal's inline policies (by policy name).
_INLINE = {ROLE.name: "GetRolePolicy", USER.name: "GetUserPolicy", GROUP.name: "GetGroupPolicy"}


def _api_principal(d: Draft, v: Any) -> None:
    """The inline policies, one answer per policy name (each may have failed on its own)."""
    answer = v.answer(_INLINE[d.kind])
    if is_unknown(answer):
        d.put("inline_policies", answer, v)
        return
    policies = {
        str(name): _api_document(v.answered(response)) for name, response in (answer or {}).items()
    }
    d.put("inline_policies", policies, v)


def _api_document(response: Any) -> Any:
    if is_unknown(response):
        return response
    return aws.parse_policy(
        response.get("PolicyDocument") if isinstance(response, Mapping) else None
    )


# -- split resources ---------------------------------------------------------------------------


def _fold_terraform_inline(v: Any, ctx: Context) -> None:
    """``aws_iam_{role,user,group}_policy``: one inline policy of one principal."""
    field, kind = _TERRAFORM_OWNER[v.record.type]
    owners = ctx.owners(v, (field,), kind, _BY_NAME)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        name = v.chosen("name", by="AWS generates the name")
        _add_inline(d, name, v.raw("policy"), v, (), "policy")


def _fold_terraform_attachment(v: Any, ctx: Context) -> None:
    """``aws_iam_{role,user,group}_policy_attachment`` and ``aws_iam_policy_attachment`` (one
    policy, exclusive over lists of roles, users and groups)."""
    fields: tuple[tuple[str, str], ...]
    if v.record.type == "aws_iam_policy_attachment":
        fields = (("roles", ROLE.name), ("users", USER.name), ("groups", GROUP.name))
    else:
        fields = (_TERRAFORM_OWNER[v.record.type],)
    attached = False
    for field, kind in fields:
        for d in ctx.owners(v, (field,), kind, _BY_NAME):
            attached = True
            d.folded.append(v.address)
            _add_arns(d, v.raw("policy_arn"), v, ("policy_arn",))
    if not attached:
        ctx.unattached.append(v.address)


def _fold_terraform_membership(v: Any, ctx: Context) -> None:
    """``aws_iam_user_group_membership`` (one user, several groups) and
    ``aws_iam_group_membership`` (one group, several users)."""
    user_field, groups_field = (
        ("user", "groups")
        if v.record.type == "aws_iam_user_group_membership"
        else ("users", "group")
    )
    owners = ctx.owners(v, (user_field,), USER.name, _BY_NAME)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        _add_arns(d, v.raw(groups_field), v, (groups_field,), field="groups")


def _fold_login_profile(v: Any, ctx: Context) -> None:
    owners = ctx.owners(v, ("user",), USER.name, _BY_NAME)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.fold(v, ("login_profile",))
        d.put("login_profile", {}, v, ())
        reset = v.flag("password_reset_required", default=False)
        d.put(("login_profile", "password_reset_required"), reset, v, ("password_reset_required",))
        # Terraform generates the password (encrypted with a PGP key): the code never holds it.
        d.set(("login_profile", "password"), None)


def _finish_password_policy(d: Draft) -> None:
    # The API answers 0 for "never expires" and "no reuse prevention" (Terraform writes 0 too).
    for name in ("max_password_age", "password_reuse_prevention"):
        if d.attrs.get(name) == 0:
            d.attrs[name] = None


_TERRAFORM_OWNER = {
    "aws_iam_role_policy": ("role", ROLE.name),
    "aws_iam_user_policy": ("user", USER.name),
    "aws_iam_group_policy": ("group", GROUP.name),
    "aws_iam_role_policy_attachment": ("role", ROLE.name),
    "aws_iam_user_policy_attachment": ("user", USER.name),
    "aws_iam_group_policy_attachment": ("group", GROUP.name),
}
_CLOUDFORMATION_OWNER = {
    "AWS::IAM::RolePolicy": (("RoleName", ROLE.name),),
    "AWS::IAM::UserPolicy": (("UserName", USER.name),),
    "AWS::IAM::GroupPolicy": (("GroupName", GROUP.name),),
    "AWS::IAM::Policy": _PRINCIPALS,
}


def _fold_cloudformation_policy(v: Any, ctx: Context) -> None:
    """``AWS::IAM::Policy`` (one inline policy put into every principal it names) and
    ``AWS::IAM::{Role,User,Group}Policy`` (one of one)."""
    attached = False
    for field, kind in _CLOUDFORMATION_OWNER[v.record.type]:
        for d in ctx.owners(v, (field,), kind, _BY_NAME):
            attached = True
            d.fold(v, ("inline_policies",))
            _add_inline(d, v.raw("PolicyName"), v.raw("PolicyDocument"), v, (), "PolicyDocument")
    if not attached:
        ctx.unattached.append(v.address)


def _fold_user_to_group(v: Any, ctx: Context) -> None:
    """``AWS::IAM::UserToGroupAddition``: users join one group."""
    owners = ctx.owners(v, ("Users",), USER.name, _BY_NAME)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        _add_arns(d, [v.raw("GroupName")], v, ("GroupName",), field="groups")
        d.adopt(v)


def attach_managed_policies(ctx: Context) -> None:
    """A CloudFormation managed policy's ``Roles``/``Users``/``Groups`` attach it to those
    principals: an attachment, not a fold (the policy stays a node of its own)."""
    for policy in [d for d in ctx.drafts.values() if d.kind == MANAGED_POLICY.name]:
        v = policy.view
        arn = Unknown(f"ARN of managed policy {v.address} (known after deploy)")
        for field, kind in _PRINCIPALS:
            for d in ctx.owners(v, (field,), kind, _BY_NAME):
                current = d.attrs["managed_policy_arns"]
                if is_unknown(current):
                    continue
                current.append(arn)
                d.locate(("managed_policy_arns", len(current) - 1), v, (field,))
                d.edges.append((("managed_policy_arns", len(current) - 1), v.address))


CODE = (
    KindCode(
        ROLE,
        read={
            TERRAFORM: _terraform_role,
            CLOUDFORMATION: _cloudformation_role,
            API: _api_principal,
        },
        folds={
            "aws_iam_role_policy": _fold_terraform_inline,
            "aws_iam_role_policy_attachment": _fold_terraform_attachment,
            "aws_iam_policy_attachment": _fold_terraform_attachment,
            "AWS::IAM::Policy": _fold_cloudformation_policy,
            "AWS::IAM::RolePolicy": _fold_cloudformation_policy,
        },
        finish=_finish_principal,
    ),
    KindCode(
        USER,
        read={CLOUDFORMATION: _cloudformation_principal, API: _api_principal},
        folds={
            "aws_iam_user_policy": _fold_terraform_inline,
            "aws_iam_user_policy_attachment": _fold_terraform_attachment,
            "aws_iam_user_group_membership": _fold_terraform_membership,
            "aws_iam_group_membership": _fold_terraform_membership,
            "aws_iam_user_login_profile": _fold_login_profile,
            "AWS::IAM::UserPolicy": _fold_cloudformation_policy,
            "AWS::IAM::UserToGroupAddition": _fold_user_to_group,
        },
        finish=_finish_principal,
    ),
    KindCode(
        GROUP,
        read={CLOUDFORMATION: _cloudformation_principal, API: _api_principal},
        folds={
            "aws_iam_group_policy": _fold_terraform_inline,
            "aws_iam_group_policy_attachment": _fold_terraform_attachment,
            "AWS::IAM::GroupPolicy": _fold_cloudformation_policy,
        },
        finish=_finish_principal,
    ),
    KindCode(MANAGED_POLICY, links={CLOUDFORMATION: attach_managed_policies}),
    KindCode(ACCESS_KEY, read={TERRAFORM: _access_key_user, CLOUDFORMATION: _access_key_user}),
    KindCode(INSTANCE_PROFILE, read={CLOUDFORMATION: _cloudformation_profile_role}),
    KindCode(PASSWORD_POLICY, finish=_finish_password_policy),
)
