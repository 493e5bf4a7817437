"""S3 buckets (with their policy node) and the account-level public access block.

Real AWS, not an emulator, is the model: a bucket whose default encryption was deleted is
encrypted with SSE-S3 (every bucket is, since January 2023), so "no encryption configuration"
(``ServerSideEncryptionConfigurationNotFoundError``) reads as AES256, as the Terraform and
CloudFormation mappings have it (docs/model.md). moto answers "not found" there.
"""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.records import NativeRecord
from iacgate.model import aws
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws_api.core import Mapped, answer, as_bool, dig, opt, tag_map

DEFAULT_ENCRYPTION = {
    "sse_algorithm": "AES256",
    "kms_master_key_id": None,
    "bucket_key_enabled": False,
}
_PAB = (
    ("block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
)


def _public_access_block(value: Any) -> Any:
    if value is None or is_unknown(value):
        return value
    config = value.get("PublicAccessBlockConfiguration") or {}
    return {name: as_bool(config.get(field)) for name, field in _PAB}


def _encryption(value: Any) -> Any:
    if value is None:
        return dict(DEFAULT_ENCRYPTION)
    if is_unknown(value):
        return value
    rule = dig(value, "ServerSideEncryptionConfiguration", "Rules", 0, default={})
    default = rule.get("ApplyServerSideEncryptionByDefault") or {}
    return {
        "sse_algorithm": opt(default.get("SSEAlgorithm")) or "AES256",
        "kms_master_key_id": opt(default.get("KMSMasterKeyID")),
        "bucket_key_enabled": as_bool(rule.get("BucketKeyEnabled")),
    }


def _versioning(value: Any) -> Any:
    if is_unknown(value):
        return value
    value = value or {}
    return {
        "status": opt(value.get("Status")) or "Disabled",
        "mfa_delete": value.get("MFADelete") == "Enabled",
    }


def _logging(value: Any) -> Any:
    if is_unknown(value):
        return value
    enabled = (value or {}).get("LoggingEnabled")
    if not enabled:
        return None
    return {
        "target_bucket": opt(enabled.get("TargetBucket")),
        "target_prefix": enabled.get("TargetPrefix") or "",
    }


def _grants(value: Any) -> Any:
    if is_unknown(value):
        return value
    value = value or {}
    owner = dig(value, "Owner", "ID")
    grants = []
    for item in value.get("Grants") or []:
        grantee = item.get("Grantee") or {}
        permission = str(item.get("Permission") or "")
        if permission == "FULL_CONTROL" and owner and grantee.get("ID") == owner:
            continue  # the owner's own grant, which every bucket has
        grants.append(
            aws.grant(
                permission,
                type=str(grantee.get("Type") or ""),
                id=grantee.get("ID"),
                uri=grantee.get("URI"),
                email=grantee.get("EmailAddress"),
            )
        )
    return sorted(grants, key=aws.grant_sort_key)


def _ownership(value: Any) -> Any:
    if value is None or is_unknown(value):
        return value
    return opt(dig(value, "OwnershipControls", "Rules", 0, "ObjectOwnership"))


def _object_lock(value: Any) -> Any:
    if is_unknown(value):
        return value
    return dig(value, "ObjectLockConfiguration", "ObjectLockEnabled") == "Enabled"


def _policy(value: Any) -> Any:
    if value is None or is_unknown(value):
        return value
    return aws.parse_policy(value.get("Policy"))


def bucket(record: NativeRecord) -> list[Mapped]:
    name = str(record.item["Name"])
    arn = f"arn:{record.partition}:s3:::{name}"
    policy = _policy(answer(record, "GetBucketPolicy"))
    attributes = {
        "name": name,
        "arn": arn,
        "tags": tag_map(dig(answer(record, "GetBucketTagging"), "TagSet")),
        "public_access_block": _public_access_block(answer(record, "GetPublicAccessBlock")),
        "encryption": _encryption(answer(record, "GetBucketEncryption")),
        "versioning": _versioning(answer(record, "GetBucketVersioning")),
        "logging": _logging(answer(record, "GetBucketLogging")),
        "policy": policy,
        "grants": _grants(answer(record, "GetBucketAcl")),
        "object_ownership": _ownership(answer(record, "GetBucketOwnershipControls")),
        "object_lock_enabled": _object_lock(answer(record, "GetObjectLockConfiguration")),
    }
    origin = {"region": record.region}
    mapped = [Mapped("aws.s3.bucket", arn, attributes, origin)]
    if policy is not None and not is_unknown(policy):
        mapped.append(
            Mapped(
                "aws.s3.bucket_policy", f"{arn}#policy", {"bucket": name, "policy": policy}, origin
            )
        )
    return mapped


def account_public_access_block(record: NativeRecord) -> list[Mapped]:
    account = str(record.item["AccountId"])
    value = answer(record, "GetPublicAccessBlock")
    config = None if value is None or is_unknown(value) else value
    attributes: dict[str, Any] = {"account_id": account}
    for name, field in _PAB:
        if is_unknown(value):
            attributes[name] = value
        else:
            # No configuration: nothing is blocked at the account level.
            attributes[name] = as_bool(dig(config, "PublicAccessBlockConfiguration", field))
    return [Mapped("aws.s3.account_public_access_block", account, attributes)]
