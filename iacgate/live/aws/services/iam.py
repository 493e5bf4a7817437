"""IAM (global): roles, users and groups with their inline and attached policies, customer
managed policies with their default version, access keys (never secrets), instance profiles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord


def _inline(api: Api, lister: str, getter: str, key: str, name: str) -> Any:
    """``{policy name: GetXPolicy answer}``, or the listing's failure marker."""
    names = api.listing(lister, "PolicyNames", **{key: name})
    if not isinstance(names, list):
        return names
    return {policy: api.get(getter, **{key: name, "PolicyName": policy}) for policy in names}


def _principals(
    api: Api, lister: str, key: str, detail: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[NativeRecord]:
    listed = api.items(lister, key)
    return api.each(listed, lambda item: api.record(item, detail(item)))


def roles(api: Api) -> list[NativeRecord]:
    def detail(role: dict[str, Any]) -> dict[str, Any]:
        name = role["RoleName"]
        return {
            "GetRole": api.get("GetRole", RoleName=name),
            "GetRolePolicy": _inline(api, "ListRolePolicies", "GetRolePolicy", "RoleName", name),
            "ListAttachedRolePolicies": api.listing(
                "ListAttachedRolePolicies", "AttachedPolicies", RoleName=name
            ),
        }

    return _principals(api, "ListRoles", "Roles", detail)


def users(api: Api) -> list[NativeRecord]:
    def detail(user: dict[str, Any]) -> dict[str, Any]:
        name = user["UserName"]
        return {
            "GetUser": api.get("GetUser", UserName=name),
            "GetUserPolicy": _inline(api, "ListUserPolicies", "GetUserPolicy", "UserName", name),
            "ListAttachedUserPolicies": api.listing(
                "ListAttachedUserPolicies", "AttachedPolicies", UserName=name
            ),
            "ListGroupsForUser": api.listing("ListGroupsForUser", "Groups", UserName=name),
            "GetLoginProfile": api.get("GetLoginProfile", UserName=name),
        }

    return _principals(api, "ListUsers", "Users", detail)


def groups(api: Api) -> list[NativeRecord]:
    def detail(group: dict[str, Any]) -> dict[str, Any]:
        name = group["GroupName"]
        return {
            "GetGroupPolicy": _inline(
                api, "ListGroupPolicies", "GetGroupPolicy", "GroupName", name
            ),
            "ListAttachedGroupPolicies": api.listing(
                "ListAttachedGroupPolicies", "AttachedPolicies", GroupName=name
            ),
        }

    return _principals(api, "ListGroups", "Groups", detail)


def policies(api: Api) -> list[NativeRecord]:
    # Customer managed policies only: AWS managed policies are ARNs, not resources of the
    # account (docs/model.md).
    listed = api.items("ListPolicies", "Policies", Scope="Local")

    def detail(policy: dict[str, Any]) -> NativeRecord:
        arn = policy["Arn"]
        version = api.get("GetPolicyVersion", PolicyArn=arn, VersionId=policy["DefaultVersionId"])
        return api.record(
            policy, {"GetPolicy": api.get("GetPolicy", PolicyArn=arn), "GetPolicyVersion": version}
        )

    return api.each(listed, detail)


def access_keys(api: Api) -> list[NativeRecord]:
    listed = api.items("ListUsers", "Users")

    def keys(user: dict[str, Any]) -> list[NativeRecord]:
        found = api.listing("ListAccessKeys", "AccessKeyMetadata", UserName=user["UserName"])
        # A user whose keys cannot be listed leaves a gap in coverage (recorded by the gate).
        return [api.record(key) for key in found] if isinstance(found, list) else []

    return [record for batch in api.each(listed, keys) for record in batch]


def instance_profiles(api: Api) -> list[NativeRecord]:
    # Listings leave tags out; GetInstanceProfile has them.
    listed = api.items("ListInstanceProfiles", "InstanceProfiles")

    def detail(profile: dict[str, Any]) -> NativeRecord:
        name = profile["InstanceProfileName"]
        found = api.get("GetInstanceProfile", InstanceProfileName=name)
        return api.record(profile, {"GetInstanceProfile": found})

    return api.each(listed, detail)
