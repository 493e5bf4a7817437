"""IAM: roles, users and groups with their inline policies, managed policy attachments and
memberships folded in; managed policies, access keys and instance profiles."""

from __future__ import annotations

from typing import Any

from iacgate.model import aws
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.terraform.core import Context, Draft, View, reorder_list

ROLE = "aws.iam.role"
USER = "aws.iam.user"
GROUP = "aws.iam.group"
_BY_NAME = ("name", "arn")
# Every inline policy document, when inline_policies cannot be keyed (docs/model.md).
DOCUMENTS = "inline_policy_documents"


def _principal(kind: str, v: View) -> Draft:
    d = Draft(kind, v, {})
    d.put("name", v.chosen("name", by="AWS generates the name (name_prefix)"))
    d.put("arn", v.out("arn"))
    d.put("path", v.opt("path", default="/"))
    d.put("tags", v.tags())
    d.put("inline_policies", {})
    d.put(DOCUMENTS, [])
    d.put("managed_policy_arns", [])
    return d


def role(v: View) -> Draft:
    d = _principal(ROLE, v)
    d.put("description", v.opt("description"))
    d.put("assume_role_policy", aws.parse_policy(v.raw("assume_role_policy")))
    d.put("max_session_duration", v.number("max_session_duration", default=3600))
    d.put("permissions_boundary", v.opt("permissions_boundary"))
    _inline_blocks(d, v)
    _add_arns(d, v.opt("managed_policy_arns", default=[]), v, ("managed_policy_arns",))
    return d


def user(v: View) -> Draft:
    d = _principal(USER, v)
    d.put("permissions_boundary", v.opt("permissions_boundary"))
    d.put("groups", [])
    d.put("login_profile", None)
    return d


def group(v: View) -> Draft:
    return _principal(GROUP, v)


def _inline_blocks(d: Draft, v: View) -> None:
    blocks = v.blocks("inline_policy")
    if is_unknown(blocks):
        d.put("inline_policies", blocks, v, ("inline_policy",))
        _add_document(d, blocks, v, ("inline_policy",))
        return
    for index, block in enumerate(blocks):
        name = block.get("name")
        if name is None or name == "":  # the provider's placeholder for "no inline policies"
            continue
        _add_inline(d, name, block.get("policy"), v, ("inline_policy", index))


def _add_inline(d: Draft, name: Any, policy: Any, v: View, at: AttrPath) -> None:
    policies = d.attrs.get("inline_policies")
    if is_unknown(name) and not is_unknown(policies):
        # An unknown name cannot key the map: the map as a whole becomes unknown, and the
        # documents, named or not, move to inline_policy_documents so rules can judge them.
        for key, document in (policies or {}).items():
            _move_document(d, document, ("inline_policies", key))
        d.put("inline_policies", Unknown("inline policy name known after apply"), v, at)
        policies = d.attrs["inline_policies"]
    if is_unknown(policies):
        _add_document(d, aws.parse_policy(policy), v, (*at, "policy"))
        return
    d.put(("inline_policies", str(name)), aws.parse_policy(policy), v, (*at, "policy"))


def _add_document(d: Draft, document: Any, v: View, at: AttrPath) -> None:
    documents = d.attrs[DOCUMENTS]
    documents.append(document)
    d.locate((DOCUMENTS, len(documents) - 1), v, at)


def _move_document(d: Draft, document: Any, old: AttrPath) -> None:
    documents = d.attrs[DOCUMENTS]
    documents.append(document)
    span = d.spans.pop(old, None)
    if span is not None:
        d.spans[(DOCUMENTS, len(documents) - 1)] = span


def _add_arns(
    d: Draft, value: Any, v: View, at: AttrPath, field: str = "managed_policy_arns"
) -> None:
    current = d.attrs.get(field)
    if is_unknown(current):
        return
    if is_unknown(value):
        value = [value]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return
    assert isinstance(current, list)
    for item in value:
        if item in (None, ""):
            continue
        if is_unknown(item) or item not in current:
            current.append(item)
        index = current.index(item) if not is_unknown(item) else len(current) - 1
        d.locate((field, index), v, at)


def finalize_principal(d: Draft) -> None:
    """Sort attachment lists (AWS keeps no order) and move their spans along."""
    for field in ("managed_policy_arns", "groups"):
        reorder_list(d, (field,), lambda item: (is_unknown(item), str(item)))


# -- folded split resources ------------------------------------------------------------------


def _owners(v: View, ctx: Context, path: AttrPath, kind: str) -> list[Draft]:
    return ctx.owners(v, path, kind, _BY_NAME)


def _fold_inline(kind: str, owner_field: str):  # type: ignore[no-untyped-def]
    def fold(v: View, ctx: Context) -> None:
        owners = _owners(v, ctx, (owner_field,), kind)
        if not owners:
            ctx.unattached.append(v.address)
        for d in owners:
            d.folded.append(v.address)
            _add_inline(d, v.chosen("name", by="AWS generates the name"), v.raw("policy"), v, ())

    return fold


def _fold_attachment(kind: str, owner_field: str):  # type: ignore[no-untyped-def]
    def fold(v: View, ctx: Context) -> None:
        owners = _owners(v, ctx, (owner_field,), kind)
        if not owners:
            ctx.unattached.append(v.address)
        for d in owners:
            d.folded.append(v.address)
            _add_arns(d, v.raw("policy_arn"), v, ("policy_arn",))

    return fold


def fold_policy_attachment(v: View, ctx: Context) -> None:
    """``aws_iam_policy_attachment``: one policy, exclusive over lists of roles/users/groups."""
    attached = False
    for field, kind in (("roles", ROLE), ("users", USER), ("groups", GROUP)):
        for d in _owners(v, ctx, (field,), kind):
            attached = True
            d.folded.append(v.address)
            _add_arns(d, v.raw("policy_arn"), v, ("policy_arn",))
    if not attached:
        ctx.unattached.append(v.address)


def fold_user_groups(v: View, ctx: Context) -> None:
    """``aws_iam_user_group_membership``: one user, several groups."""
    owners = _owners(v, ctx, ("user",), USER)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        _add_arns(d, v.raw("groups"), v, ("groups",), field="groups")


def fold_group_membership(v: View, ctx: Context) -> None:
    """``aws_iam_group_membership``: one group, several users."""
    owners = _owners(v, ctx, ("users",), USER)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.folded.append(v.address)
        _add_arns(d, v.raw("group"), v, ("group",), field="groups")


def fold_login_profile(v: View, ctx: Context) -> None:
    owners = _owners(v, ctx, ("user",), USER)
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners:
        d.fold(v, ("login_profile",))
        d.put("login_profile", {}, v, ())
        d.put(
            ("login_profile", "password_reset_required"),
            v.flag("password_reset_required", default=False),
            v,
            ("password_reset_required",),
        )


def policy(v: View) -> Draft:
    d = Draft("aws.iam.policy", v, {})
    d.put("name", v.chosen("name", by="AWS generates the name (name_prefix)"))
    d.put("arn", v.out("arn"))
    d.put("path", v.opt("path", default="/"))
    d.put("description", v.opt("description"))
    d.put("policy", aws.parse_policy(v.raw("policy")))
    d.put("tags", v.tags())
    return d


def access_key(v: View) -> Draft:
    d = Draft("aws.iam.access_key", v, {})
    d.put("access_key_id", v.out("id"), src_path=("id",))
    d.put("user", v.required("user"))
    d.put("status", v.opt("status", default="Active"))
    return d


def instance_profile(v: View) -> Draft:
    d = Draft("aws.iam.instance_profile", v, {})
    d.put("name", v.chosen("name", by="AWS generates the name (name_prefix)"))
    d.put("arn", v.out("arn"))
    d.put("path", v.opt("path", default="/"))
    d.put("role", v.opt("role"))
    d.put("tags", v.tags())
    return d


PRIMARY = {
    "aws_iam_role": role,
    "aws_iam_user": user,
    "aws_iam_group": group,
    "aws_iam_policy": policy,
    "aws_iam_access_key": access_key,
    "aws_iam_instance_profile": instance_profile,
}
FOLDERS = {
    "aws_iam_role_policy": _fold_inline(ROLE, "role"),
    "aws_iam_user_policy": _fold_inline(USER, "user"),
    "aws_iam_group_policy": _fold_inline(GROUP, "group"),
    "aws_iam_role_policy_attachment": _fold_attachment(ROLE, "role"),
    "aws_iam_user_policy_attachment": _fold_attachment(USER, "user"),
    "aws_iam_group_policy_attachment": _fold_attachment(GROUP, "group"),
    "aws_iam_policy_attachment": fold_policy_attachment,
    "aws_iam_user_group_membership": fold_user_groups,
    "aws_iam_group_membership": fold_group_membership,
    "aws_iam_user_login_profile": fold_login_profile,
}
FINALIZERS = {ROLE: finalize_principal, USER: finalize_principal, GROUP: finalize_principal}
