"""IAM: roles, users and groups with inline policies (a map name -> document) and attached
managed policy ARNs (sorted); customer managed policies; access keys; instance profiles."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.records import NativeRecord, failed_unknown, is_failure
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws_api.core import (
    Mapped,
    answer,
    as_int,
    dig,
    opt,
    policy,
    sorted_strings,
    tag_map,
)


def _inline(record: NativeRecord, key: str) -> Any:
    value = record.details.get(key)
    if is_failure(value):
        return failed_unknown(value)
    out: dict[str, Any] = {}
    for name, response in (value or {}).items():
        out[str(name)] = (
            failed_unknown(response)
            if is_failure(response)
            else policy(dig(response, "PolicyDocument"))
        )
    return out


def _attached(record: NativeRecord, key: str) -> Any:
    value = answer(record, key)
    if is_unknown(value):
        return value
    return sorted_strings(item.get("PolicyArn") for item in value or [])


def _principal(record: NativeRecord, name: str) -> dict[str, Any]:
    item = record.item
    return {
        "name": name,
        "arn": item.get("Arn"),
        "path": item.get("Path") or "/",
    }


def role(record: NativeRecord) -> list[Mapped]:
    item = record.item
    name = str(item["RoleName"])
    detail = answer(record, "GetRole")
    full = item if is_unknown(detail) else dig(detail, "Role", default=item)
    attributes = _principal(record, name)
    attributes.update(
        {
            "tags": detail if is_unknown(detail) else tag_map(full.get("Tags")),
            "inline_policies": _inline(record, "GetRolePolicy"),
            "managed_policy_arns": _attached(record, "ListAttachedRolePolicies"),
            "description": opt(full.get("Description")),
            "assume_role_policy": policy(full.get("AssumeRolePolicyDocument")),
            "max_session_duration": as_int(full.get("MaxSessionDuration"), 3600),
            "permissions_boundary": detail
            if is_unknown(detail)
            else opt(dig(full, "PermissionsBoundary", "PermissionsBoundaryArn")),
        }
    )
    return [Mapped("aws.iam.role", str(item["Arn"]), attributes)]


def user(record: NativeRecord) -> list[Mapped]:
    item = record.item
    name = str(item["UserName"])
    detail = answer(record, "GetUser")
    full = item if is_unknown(detail) else dig(detail, "User", default=item)
    groups = answer(record, "ListGroupsForUser")
    login = answer(record, "GetLoginProfile")
    attributes = _principal(record, name)
    attributes.update(
        {
            "tags": detail if is_unknown(detail) else tag_map(full.get("Tags")),
            "inline_policies": _inline(record, "GetUserPolicy"),
            "managed_policy_arns": _attached(record, "ListAttachedUserPolicies"),
            "permissions_boundary": detail
            if is_unknown(detail)
            else opt(dig(full, "PermissionsBoundary", "PermissionsBoundaryArn")),
            "groups": groups
            if is_unknown(groups)
            else sorted_strings(g.get("GroupName") for g in groups or []),
            "login_profile": login
            if login is None or is_unknown(login)
            else {
                "password_reset_required": bool(
                    dig(login, "LoginProfile", "PasswordResetRequired", default=False)
                )
            },
        }
    )
    return [Mapped("aws.iam.user", str(item["Arn"]), attributes)]


def group(record: NativeRecord) -> list[Mapped]:
    item = record.item
    name = str(item["GroupName"])
    attributes = _principal(record, name)
    attributes.update(
        {
            "tags": {},  # IAM groups cannot be tagged
            "inline_policies": _inline(record, "GetGroupPolicy"),
            "managed_policy_arns": _attached(record, "ListAttachedGroupPolicies"),
        }
    )
    return [Mapped("aws.iam.group", str(item["Arn"]), attributes)]


def managed_policy(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["Arn"])
    detail = answer(record, "GetPolicy")
    full = item if is_unknown(detail) else dig(detail, "Policy", default=item)
    version = answer(record, "GetPolicyVersion")
    document = version if is_unknown(version) else policy(dig(version, "PolicyVersion", "Document"))
    attributes = {
        "name": item.get("PolicyName"),
        "arn": arn,
        "path": item.get("Path") or "/",
        "description": opt(full.get("Description")),
        "policy": document,
        "tags": detail if is_unknown(detail) else tag_map(full.get("Tags")),
    }
    return [Mapped("aws.iam.policy", arn, attributes)]


def access_key(record: NativeRecord) -> list[Mapped]:
    item = record.item
    key_id = str(item["AccessKeyId"])
    attributes = {
        "access_key_id": key_id,
        "user": item.get("UserName"),
        "status": item.get("Status") or "Active",
    }
    return [Mapped("aws.iam.access_key", key_id, attributes)]


def instance_profile(record: NativeRecord) -> list[Mapped]:
    item = record.item
    roles = item.get("Roles") or []
    found = answer(record, "GetInstanceProfile")
    tags = found if is_unknown(found) else dig(found, "InstanceProfile", "Tags")
    attributes = {
        "name": item.get("InstanceProfileName"),
        "arn": item.get("Arn"),
        "path": item.get("Path") or "/",
        "role": roles[0].get("RoleName") if roles else None,
        "tags": tag_map(tags),
    }
    return [Mapped("aws.iam.instance_profile", str(item["Arn"]), attributes)]
