"""S3: buckets (CloudFormation keeps their settings inline) and bucket policies, which are
also folded into their bucket."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.cloudformation.core import (
    DEPLOYED,
    Context,
    Draft,
    View,
    or_default,
    to_bool,
)

BUCKET = "aws.s3.bucket"
_BY_NAME = ("name",)
DEFAULT_ENCRYPTION = {
    "sse_algorithm": "AES256",
    "kms_master_key_id": None,
    "bucket_key_enabled": False,
}
# CloudFormation spells canned ACLs in PascalCase.
CANNED_ACLS = {
    "Private": "private",
    "PublicRead": "public-read",
    "PublicReadWrite": "public-read-write",
    "AuthenticatedRead": "authenticated-read",
    "LogDeliveryWrite": "log-delivery-write",
    "BucketOwnerRead": "bucket-owner-read",
    "BucketOwnerFullControl": "bucket-owner-full-control",
    "AwsExecRead": "aws-exec-read",
}
_PAB = (
    ("block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
)


def bucket(v: View) -> Draft:
    d = Draft(BUCKET, v, {})
    d.put(
        "name", v.chosen("BucketName", by="CloudFormation generates the name"), v, ("BucketName",)
    )
    d.put("arn", DEPLOYED)
    d.put("tags", v.tags(), v, ("Tags",))
    d.put("object_lock_enabled", v.flag("ObjectLockEnabled"), v, ("ObjectLockEnabled",))
    _public_access_block(d, v)
    _ownership(d, v)
    _encryption(d, v)
    _versioning(d, v)
    _logging(d, v)
    d.put("policy", None)
    acl = v.opt("AccessControl")
    if isinstance(acl, str):
        acl = CANNED_ACLS.get(acl, acl)
    d.put("grants", aws.canned_acl_grants(acl), v, ("AccessControl",))
    return d


def _public_access_block(d: Draft, v: View) -> None:
    block = v.block("PublicAccessBlockConfiguration")
    at = ("PublicAccessBlockConfiguration",)
    if block is None or is_unknown(block):
        d.put("public_access_block", block, v, at)
        return
    d.put("public_access_block", {}, v, at)
    for canonical, name in _PAB:
        d.put(("public_access_block", canonical), v.flag(*at, name), v, (*at, name))


def _ownership(d: Draft, v: View) -> None:
    rules = v.items("OwnershipControls", "Rules")
    at = ("OwnershipControls", "Rules", 0, "ObjectOwnership")
    if is_unknown(rules):
        d.put("object_ownership", rules, v, at)
        return
    first = rules[0] if rules else None
    value = first.get("ObjectOwnership") if isinstance(first, Mapping) else None
    d.put("object_ownership", value, v, at)


def _encryption(d: Draft, v: View) -> None:
    at = ("BucketEncryption", "ServerSideEncryptionConfiguration")
    rules = v.items(*at)
    if is_unknown(rules):
        d.put("encryption", rules, v, at)
        return
    rule = rules[0] if rules else None
    if is_unknown(rule):
        d.put("encryption", rule, v, (*at, 0))
        return
    if not isinstance(rule, Mapping):
        d.put("encryption", dict(DEFAULT_ENCRYPTION), v, ("BucketEncryption",))
        return
    rule_at = (*at, 0)
    by_default = rule.get("ServerSideEncryptionByDefault")
    default_at = (*rule_at, "ServerSideEncryptionByDefault")
    if is_unknown(by_default):
        algorithm: Any = by_default
        key: Any = by_default
    else:
        by_default = by_default if isinstance(by_default, Mapping) else {}
        algorithm = or_default(by_default.get("SSEAlgorithm"), "AES256")
        key = or_default(by_default.get("KMSMasterKeyID"), None)
    d.put("encryption", {}, v, rule_at)
    d.put(("encryption", "sse_algorithm"), algorithm, v, (*default_at, "SSEAlgorithm"))
    d.put(("encryption", "kms_master_key_id"), key, v, (*default_at, "KMSMasterKeyID"))
    bucket_key = rule.get("BucketKeyEnabled")
    d.put(
        ("encryption", "bucket_key_enabled"),
        False if bucket_key is None else to_bool(bucket_key),
        v,
        (*rule_at, "BucketKeyEnabled"),
    )


def _versioning(d: Draft, v: View) -> None:
    at = ("VersioningConfiguration",)
    block = v.block(*at)
    if is_unknown(block):
        d.put("versioning", block, v, at)
        return
    d.put("versioning", {}, v, at)
    status = or_default((block or {}).get("Status"), "Disabled")
    d.put(("versioning", "status"), status, v, (*at, "Status"))
    # CloudFormation cannot set MFA delete (only the root user's API call can).
    d.put(("versioning", "mfa_delete"), False)


def _logging(d: Draft, v: View) -> None:
    at = ("LoggingConfiguration",)
    block = v.block(*at)
    if block is None or is_unknown(block):
        d.put("logging", block, v, at)
        return
    d.put("logging", {}, v, at)
    # Without a destination, CloudFormation has the bucket log into itself.
    target = or_default(block.get("DestinationBucketName"), d.attrs["name"])
    d.put(("logging", "target_bucket"), target, v, (*at, "DestinationBucketName"))
    d.put(
        ("logging", "target_prefix"),
        or_default(block.get("LogFilePrefix"), ""),
        v,
        (*at, "LogFilePrefix"),
    )


def fold_policy(v: View, ctx: Context) -> None:
    """``AWS::S3::BucketPolicy``: a node of its own, and folded into its bucket."""
    document = aws.parse_policy(v.raw("PolicyDocument"))
    standalone = Draft("aws.s3.bucket_policy", v, {})
    name = v.raw("Bucket")
    standalone.put("bucket", or_default(name, Unknown("Bucket not set")), v, ("Bucket",))
    standalone.put("policy", document, v, ("PolicyDocument",))
    ctx.extra.append(standalone)
    owner = ctx.owner(v, ("Bucket",), BUCKET, _BY_NAME)
    if owner is None:
        return  # the bucket is declared elsewhere: the standalone policy still carries it
    owner.fold(v, ("policy",))
    owner.put("policy", document, v, ("PolicyDocument",))


PRIMARY = {"AWS::S3::Bucket": bucket}
FOLDERS = {"AWS::S3::BucketPolicy": fold_policy}
