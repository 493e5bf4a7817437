"""Governance and detection: Config recorders (their status asked by a list of names),
the IAM account password policy (AWS's default one when none is set), GuardDuty detectors (the
list call gives ids only), Security Hub (per region: the hub, when enabled)."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api, ApiFailure
from iacgate.live.aws.records import NativeRecord


def config_recorders(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeConfigurationRecorders", "ConfigurationRecorders")

    def detail(recorder: dict[str, Any]) -> NativeRecord:
        status = api.get(
            "DescribeConfigurationRecorderStatus", ConfigurationRecorderNames=[recorder["name"]]
        )
        return api.record(recorder, {"DescribeConfigurationRecorderStatus": status})

    return api.each(listed, detail)


def password_policy(api: Api) -> list[NativeRecord]:
    # No policy set (NoSuchEntity) is an answer: AWS's default policy applies.
    answer = api.single("GetAccountPasswordPolicy")
    policy = (answer or {}).get("PasswordPolicy") or {}
    return [api.record({**policy, "AccountId": api.scope.account})]


def detectors(api: Api) -> list[NativeRecord]:
    ids = api.items("ListDetectors", "DetectorIds")

    def detail(ident: str) -> NativeRecord:
        return api.record(
            {"DetectorId": ident}, {"GetDetector": api.get("GetDetector", DetectorId=ident)}
        )

    return api.each(ids, detail)


def hubs(api: Api) -> list[NativeRecord]:
    # A region where Security Hub is not enabled answers InvalidAccessException: no hub.
    hub = api.single("DescribeHub")
    if hub is None:
        return []
    return [api.record({**hub, "Region": api.region})]


def standards(api: Api) -> list[NativeRecord]:
    # Security Hub not enabled in the region (InvalidAccessException): no subscription.
    try:
        listed = api.items("GetEnabledStandards", "StandardsSubscriptions")
    except ApiFailure as exc:
        if exc.code in api.declared("GetEnabledStandards").absent:
            return []
        raise
    return [api.record(item) for item in listed]


def api_methods(api: Api) -> list[NativeRecord]:
    """Every method of every resource of every REST API, each read by GetMethod."""
    apis = api.items("GetRestApis", "items")

    def of_api(rest_api: dict[str, Any]) -> list[NativeRecord]:
        rest_id = rest_api["id"]
        try:
            resources = api.items("GetResources", "items", restApiId=rest_id)
        except ApiFailure as exc:
            api.record_failure(exc)
            return []  # recorded for coverage: no method to attach it to
        found: list[NativeRecord] = []
        for resource in resources:
            for verb in sorted(resource.get("resourceMethods") or {}):
                answer = api.get(
                    "GetMethod", restApiId=rest_id, resourceId=resource["id"], httpMethod=verb
                )
                if not isinstance(answer, dict) or "httpMethod" not in answer:
                    continue  # a failure, recorded for coverage
                ident = f"agm-{rest_id}-{resource['id']}-{verb}"
                item = {**answer, "id": ident, "restApiId": rest_id, "resourceId": resource["id"]}
                found.append(api.record(item))
        return found

    return [record for batch in api.each(apis, of_api) for record in batch]
