"""S3: buckets with every split bucket resource folded in, bucket policies, account-level
public access block."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.unknown import is_unknown
from iacgate.normalize.terraform.core import Context, Draft, View, to_bool

BUCKET = "aws.s3.bucket"
_BY_NAME = ("name",)
DEFAULT_ENCRYPTION = {
    "sse_algorithm": "AES256",
    "kms_master_key_id": None,
    "bucket_key_enabled": False,
}
PAB_KEYS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


def bucket(v: View) -> Draft:
    d = Draft(BUCKET, v, {})
    d.put(
        "name",
        v.chosen("bucket", by="AWS generates the name (bucket_prefix)"),
        src_path=("bucket",),
    )
    d.put("arn", v.out("arn"))
    d.put("tags", v.tags())
    d.put("object_lock_enabled", _object_lock(v), src_path=("object_lock_enabled",))
    d.put("public_access_block", None)
    d.put("object_ownership", None)
    _encryption_from(
        d,
        v,
        v.block("server_side_encryption_configuration"),
        ("server_side_encryption_configuration", 0),
    )
    _versioning_inline(d, v)
    _logging(d, v, v.block("logging"), ("logging", 0))
    d.put("policy", aws.parse_policy(v.opt("policy")), src_path=("policy",))
    _grants_inline(d, v)
    return d


def _object_lock(v: View) -> Any:
    enabled = v.flag("object_lock_enabled", default=None)
    if enabled is None:
        legacy = v.block("object_lock_configuration")
        if is_unknown(legacy):
            return legacy
        enabled = bool(legacy) and legacy.get("object_lock_enabled") == "Enabled"
    return enabled


def _encryption_from(d: Draft, v: View, config: Any, at: tuple[str | int, ...]) -> None:
    if is_unknown(config):
        d.put("encryption", config, v, at)
        return
    if not config:
        if v is d.view:  # the bucket itself says nothing: the S3 default applies
            d.put("encryption", dict(DEFAULT_ENCRYPTION), v, at)
        return
    rules = config.get("rule")
    rule = rules[0] if isinstance(rules, list) and rules else rules
    if is_unknown(rule):
        d.put("encryption", rule, v, (*at, "rule"))
        return
    if not isinstance(rule, Mapping):
        d.put("encryption", dict(DEFAULT_ENCRYPTION), v, at)
        return
    by_default = rule.get("apply_server_side_encryption_by_default")
    if isinstance(by_default, list):
        by_default = by_default[0] if by_default else None
    rule_at = (*at, "rule", 0)
    default_at = (*rule_at, "apply_server_side_encryption_by_default", 0)
    if is_unknown(by_default):
        algorithm: Any = by_default
        key: Any = by_default
    else:
        by_default = by_default if isinstance(by_default, Mapping) else {}
        algorithm = aws.value_or(by_default.get("sse_algorithm"), "AES256")
        key = aws.value_or(by_default.get("kms_master_key_id"))
    d.put(("encryption",), {}, v, at)
    d.put(("encryption", "sse_algorithm"), algorithm, v, (*default_at, "sse_algorithm"))
    d.put(("encryption", "kms_master_key_id"), key, v, (*default_at, "kms_master_key_id"))
    bucket_key = rule.get("bucket_key_enabled")
    d.put(
        ("encryption", "bucket_key_enabled"),
        False if bucket_key is None else to_bool(bucket_key),
        v,
        (*rule_at, "bucket_key_enabled"),
    )


def _versioning_inline(d: Draft, v: View) -> None:
    block = v.block("versioning")
    if is_unknown(block):
        d.put("versioning", block, v, ("versioning",))
        return
    block = block or {}
    enabled = to_bool(aws.value_or(block.get("enabled"), False))
    status: Any = enabled if is_unknown(enabled) else ("Enabled" if enabled else "Disabled")
    d.put("versioning", {}, v, ("versioning", 0))
    d.put(("versioning", "status"), status, v, ("versioning", 0, "enabled"))
    d.put(
        ("versioning", "mfa_delete"),
        to_bool(aws.value_or(block.get("mfa_delete"), False)),
        v,
        ("versioning", 0, "mfa_delete"),
    )


def _logging(d: Draft, v: View, block: Any, at: tuple[str | int, ...]) -> None:
    if is_unknown(block):
        d.put("logging", block, v, at)
        return
    if not block:
        if v is d.view:
            d.put("logging", None)
        return
    d.put("logging", {}, v, at)
    d.put(
        ("logging", "target_bucket"),
        aws.value_or(block.get("target_bucket")),
        v,
        (*at, "target_bucket"),
    )
    d.put(
        ("logging", "target_prefix"),
        aws.value_or(block.get("target_prefix"), ""),
        v,
        (*at, "target_prefix"),
    )


def _grants_inline(d: Draft, v: View) -> None:
    acl = v.opt("acl")
    if acl is not None:
        d.put("grants", aws.canned_acl_grants(acl), v, ("acl",))
        return
    blocks = v.blocks("grant")
    if is_unknown(blocks):
        d.put("grants", blocks, v, ("grant",))
        return
    grants: list[dict[str, Any]] = []
    for item in blocks:
        for permission in _items(item.get("permissions")):
            grants.append(
                aws.grant(
                    str(permission),
                    type=str(aws.value_or(item.get("type"), "")),
                    id=item.get("id"),
                    uri=item.get("uri"),
                )
            )
    # Read back from AWS, the inline set holds the owner's own FULL_CONTROL grant, which the
    # canonical grants leave out: a lone canonical-user FULL_CONTROL grant is that one.
    users = [g for g in grants if g["grantee_type"] == "CanonicalUser"]
    if len(users) == 1 and users[0]["permission"] == "FULL_CONTROL":
        grants.remove(users[0])
    d.put("grants", sorted(grants, key=aws.grant_sort_key), v, ("grant",))


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


# -- folded split resources ------------------------------------------------------------------


def _owner(v: View, ctx: Context) -> Draft | None:
    found = ctx.owner(v, ("bucket",), BUCKET, _BY_NAME)
    if found is None:
        ctx.unattached.append(v.address)
    return found


def fold_public_access_block(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("public_access_block",))
    d.put("public_access_block", {}, v, ())
    for key in PAB_KEYS:
        d.put(("public_access_block", key), v.flag(key), v, (key,))


def fold_encryption(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("encryption",))
    _encryption_from(d, v, dict(v.record.values), ())


def fold_versioning(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("versioning",))
    config = v.block("versioning_configuration")
    at = ("versioning_configuration", 0)
    if is_unknown(config):
        d.put("versioning", config, v, at)
        return
    config = config or {}
    d.put("versioning", {}, v, ())
    d.put(
        ("versioning", "status"), aws.value_or(config.get("status"), "Disabled"), v, (*at, "status")
    )
    mfa = config.get("mfa_delete")
    d.put(
        ("versioning", "mfa_delete"),
        mfa if is_unknown(mfa) else mfa == "Enabled",
        v,
        (*at, "mfa_delete"),
    )


def fold_logging(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("logging",))
    _logging(d, v, dict(v.record.values), ())


def fold_policy(v: View, ctx: Context) -> None:
    document = aws.parse_policy(v.raw("policy"))
    standalone = Draft("aws.s3.bucket_policy", v, {})
    standalone.put("bucket", v.required("bucket"))
    standalone.put("policy", document)
    ctx.extra.append(standalone)
    d = ctx.owner(v, ("bucket",), BUCKET, _BY_NAME)
    if d is None:
        return  # the standalone bucket_policy still carries it
    d.fold(v, ("policy",))
    d.put("policy", document, v, ("policy",))


def fold_acl(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("grants",))
    acl = v.opt("acl")
    if acl is not None:
        d.put("grants", aws.canned_acl_grants(acl), v, ("acl",))
        return
    policy = v.block("access_control_policy")
    if is_unknown(policy):
        d.put("grants", policy, v, ("access_control_policy",))
        return
    if not policy:
        d.put("grants", [], v, ())
        return
    owner = policy.get("owner")
    owner = owner[0] if isinstance(owner, list) and owner else owner
    owner_id = owner.get("id") if isinstance(owner, Mapping) else None
    grants: list[dict[str, Any]] = []
    for item in _items(policy.get("grant")):
        if not isinstance(item, Mapping):
            continue
        grantee = item.get("grantee")
        grantee = grantee[0] if isinstance(grantee, list) and grantee else grantee
        if not isinstance(grantee, Mapping):
            continue
        permission = str(aws.value_or(item.get("permission"), ""))
        if permission == "FULL_CONTROL" and owner_id and grantee.get("id") == owner_id:
            continue  # the owner's own grant, implied for every bucket
        grants.append(
            aws.grant(
                permission,
                type=str(aws.value_or(grantee.get("type"), "")),
                id=grantee.get("id"),
                uri=grantee.get("uri"),
                email=grantee.get("email_address"),
            )
        )
    d.put(
        "grants", sorted(grants, key=aws.grant_sort_key), v, ("access_control_policy", 0, "grant")
    )


def fold_ownership(v: View, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("object_ownership",))
    rule = v.block("rule")
    value = rule if is_unknown(rule) else (rule or {}).get("object_ownership")
    d.put("object_ownership", value, v, ("rule", 0, "object_ownership"))


def account_public_access_block(v: View) -> Draft:
    d = Draft("aws.s3.account_public_access_block", v, {})
    d.put("account_id", v.chosen("account_id", by="the provider's account"))
    for key in PAB_KEYS:
        d.put(key, v.flag(key))
    return d


PRIMARY = {
    "aws_s3_bucket": bucket,
    "aws_s3_account_public_access_block": account_public_access_block,
}
FOLDERS = {
    "aws_s3_bucket_public_access_block": fold_public_access_block,
    "aws_s3_bucket_server_side_encryption_configuration": fold_encryption,
    "aws_s3_bucket_versioning": fold_versioning,
    "aws_s3_bucket_logging": fold_logging,
    "aws_s3_bucket_policy": fold_policy,
    "aws_s3_bucket_acl": fold_acl,
    "aws_s3_bucket_ownership_controls": fold_ownership,
}
