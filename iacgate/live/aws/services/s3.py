"""S3: buckets (listed once for the account, details asked in each bucket's region) and the
account-level public access block (S3 Control)."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord, is_failure

# Detail calls asked for every bucket; "not configured" answers are declared on each call.
BUCKET_DETAILS = (
    "GetBucketTagging",
    "GetPublicAccessBlock",
    "GetBucketEncryption",
    "GetBucketVersioning",
    "GetBucketLogging",
    "GetBucketPolicy",
    "GetBucketAcl",
    "GetBucketOwnershipControls",
    "GetObjectLockConfiguration",
)


def bucket_region(location: Any, default: str) -> str:
    """GetBucketLocation's answer as a region: ``None`` is us-east-1, ``EU`` eu-west-1."""
    if not isinstance(location, dict) or is_failure(location):
        return default
    constraint = location.get("LocationConstraint")
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def buckets(api: Api) -> list[NativeRecord]:
    listed = api.items("ListBuckets", "Buckets")

    def detail(bucket: dict[str, Any]) -> NativeRecord:
        name = bucket["Name"]
        location = api.get("GetBucketLocation", Bucket=name)
        region = bucket_region(location, api.region)
        details: dict[str, Any] = {"GetBucketLocation": location}
        for operation in BUCKET_DETAILS:
            details[operation] = api.get(operation, region=region, Bucket=name)
        return api.record(bucket, details, region=region)

    return api.each(listed, detail)


def account_public_access_block(api: Api) -> list[NativeRecord]:
    answer = api.single("GetPublicAccessBlock", AccountId=api.scope.account)
    return [api.record({"AccountId": api.scope.account}, {"GetPublicAccessBlock": answer})]
