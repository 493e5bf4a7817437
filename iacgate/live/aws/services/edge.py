"""Network edge: classic load balancers (their tags asked 20 at a time)."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord

_TAG_BATCH = 20  # DescribeTags takes at most 20 load balancer names


def classic_load_balancers(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeLoadBalancers", "LoadBalancerDescriptions")
    names = [lb["LoadBalancerName"] for lb in listed]
    tags: dict[str, Any] = {}
    for start in range(0, len(names), _TAG_BATCH):
        answer = api.get("DescribeTags", LoadBalancerNames=names[start : start + _TAG_BATCH])
        for found in (answer or {}).get("TagDescriptions", []):
            tags[found.get("LoadBalancerName")] = found.get("Tags", [])

    def detail(lb: dict[str, Any]) -> NativeRecord:
        name = lb["LoadBalancerName"]
        return api.record(
            lb,
            {
                "DescribeLoadBalancerAttributes": api.get(
                    "DescribeLoadBalancerAttributes", LoadBalancerName=name
                ),
                "DescribeLoadBalancerPolicies": api.get(
                    "DescribeLoadBalancerPolicies", LoadBalancerName=name
                ),
                "DescribeTags": tags.get(name, []),
            },
        )

    return api.each(listed, detail)


# ListCertificates answers RSA 2048 certificates only unless asked for every key type.
_KEY_TYPES = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
]


def certificates(api: Api) -> list[NativeRecord]:
    listed = api.items(
        "ListCertificates", "CertificateSummaryList", Includes={"keyTypes": _KEY_TYPES}
    )

    def detail(summary: dict[str, Any]) -> NativeRecord:
        arn = summary["CertificateArn"]
        return api.record(
            summary,
            {
                "DescribeCertificate": api.get("DescribeCertificate", CertificateArn=arn),
                "ListTagsForCertificate": api.get("ListTagsForCertificate", CertificateArn=arn),
            },
        )

    return api.each(listed, detail)


def web_acls(api: Api) -> list[NativeRecord]:
    # CLOUDFRONT web ACLs exist in us-east-1 only; regional ones in every region.
    scopes = ["REGIONAL", "CLOUDFRONT"] if api.region == "us-east-1" else ["REGIONAL"]
    listed: list[dict[str, Any]] = []
    for scope in scopes:
        # ListWebACLs has no boto3 paginator: its NextMarker is followed here.
        marker: dict[str, Any] = {}
        while True:
            page = api.single("ListWebACLs", Scope=scope, Limit=100, **marker) or {}
            listed.extend({**acl, "Scope": scope} for acl in page.get("WebACLs", []))
            if not page.get("NextMarker") or not page.get("WebACLs"):
                break
            marker = {"NextMarker": page["NextMarker"]}

    def detail(acl: dict[str, Any]) -> NativeRecord:
        arn = acl["ARN"]
        return api.record(
            acl,
            {
                "GetWebACL": api.get(
                    "GetWebACL", Name=acl["Name"], Scope=acl["Scope"], Id=acl["Id"]
                ),
                "GetLoggingConfiguration": api.get("GetLoggingConfiguration", ResourceArn=arn),
                "ListTagsForResource": api.get("ListTagsForResource", ResourceARN=arn),
            },
        )

    return api.each(listed, detail)


def web_acl_associations(api: Api) -> list[NativeRecord]:
    balancers = api.items("DescribeLoadBalancers", "LoadBalancers")

    def detail(lb: dict[str, Any]) -> NativeRecord | None:
        arn = lb["LoadBalancerArn"]
        found = api.get("GetWebACLForResource", ResourceArn=arn)
        if not isinstance(found, dict) or not found.get("WebACL"):
            return None  # no web ACL protects it
        return api.record({"ResourceArn": arn}, {"GetWebACLForResource": found})

    return [r for r in api.each(balancers, detail) if r is not None]


def hosted_zones(api: Api) -> list[NativeRecord]:
    listed = api.items("ListHostedZones", "HostedZones")
    # One listing of every query logging configuration of the account, not one call per zone.
    configs: dict[str, list[Any]] = {}
    for config in api.items("ListQueryLoggingConfigs", "QueryLoggingConfigs"):
        configs.setdefault(str(config.get("HostedZoneId")), []).append(config)

    def detail(zone: dict[str, Any]) -> NativeRecord:
        ident = str(zone["Id"]).removeprefix("/hostedzone/")
        details: dict[str, Any] = {
            "GetHostedZone": api.get("GetHostedZone", Id=ident),
            "ListQueryLoggingConfigs": {"QueryLoggingConfigs": configs.get(ident, [])},
            "ListTagsForResource": api.get(
                "ListTagsForResource", ResourceType="hostedzone", ResourceId=ident
            ),
        }
        if not (zone.get("Config") or {}).get("PrivateZone"):
            # DNSSEC signs public zones only.
            details["GetDNSSEC"] = api.get("GetDNSSEC", HostedZoneId=ident)
        return api.record({**zone, "Id": ident}, details)

    return api.each(listed, detail)
