"""S3 buckets: the settings Terraform splits into resources of their own fold in, and the shapes
a table cannot say (an encryption rule in a list, the ACL as canned names or grant blocks,
Terraform's legacy inline blocks, the API's access control list); bucket policies are a node
of their own as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.s3 import BUCKET, BUCKET_POLICY
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, fill, to_bool, walk

_BY_NAME = ("name",)
DEFAULT_ENCRYPTION = {
    "sse_algorithm": "AES256",
    "kms_master_key_id": None,
    "bucket_key_enabled": False,
}
_ENCRYPTION = BUCKET.field("encryption").fields
# Written in a split resource at its top: the resource is the setting.
_AT_TOP = {
    name: replace(BUCKET.field(name), terraform="") for name in ("public_access_block", "logging")
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


# -- the bucket ------------------------------------------------------------------------------


def _terraform(d: Draft, v: Any) -> None:
    d.put("object_lock_enabled", _object_lock(v), v, ("object_lock_enabled",))
    _terraform_encryption(d, v, v.block("server_side_encryption_configuration"))
    _versioning_inline(d, v)
    _grants_inline(d, v)


def _object_lock(v: Any) -> Any:
    enabled = v.flag("object_lock_enabled", default=None)
    if enabled is None:  # the provider's legacy block
        legacy = v.block("object_lock_configuration")
        if is_unknown(legacy):
            return legacy
        enabled = bool(legacy) and legacy.get("object_lock_enabled") == "Enabled"
    return enabled


def _terraform_encryption(d: Draft, v: Any, config: Any, at: AttrPath | None = None) -> None:
    """A ``server_side_encryption_configuration``: inline (block 0 of the bucket) or folded
    (the split resource itself, ``at`` ())."""
    at = ("server_side_encryption_configuration", 0) if at is None else at
    if is_unknown(config):
        d.put("encryption", config, v, at)
        return
    if not config:
        if v is d.view:  # the bucket itself says nothing: the S3 default applies
            d.put("encryption", dict(DEFAULT_ENCRYPTION), v, at)
        return
    rules = config.get("rule")
    rule = rules[0] if isinstance(rules, list) and rules else rules
    _rule(d, v, rule, at, (*at, "rule"), (*at, "rule", 0), at)


def _cloudformation_encryption(d: Draft, v: Any) -> None:
    at: AttrPath = ("BucketEncryption", "ServerSideEncryptionConfiguration")
    rules = v.items(*at)
    if is_unknown(rules):
        d.put("encryption", rules, v, at)
        return
    rule_at = (*at, 0)
    _rule(d, v, rules[0] if rules else None, ("BucketEncryption",), rule_at, rule_at, rule_at)


def _rule(
    d: Draft,
    v: Any,
    rule: Any,
    at: AttrPath,
    unknown_at: AttrPath,
    rule_at: AttrPath,
    object_at: AttrPath,
) -> None:
    """The one rule of a default encryption configuration, as the canonical object (located
    at ``object_at``: Terraform's configuration block, CloudFormation's rule)."""
    if is_unknown(rule):
        d.put("encryption", rule, v, unknown_at)
        return
    if not isinstance(rule, Mapping):
        d.put("encryption", dict(DEFAULT_ENCRYPTION), v, at)
        return
    d.put("encryption", {}, v, object_at)
    fill(d, v, _ENCRYPTION, at=rule_at, into=("encryption",), values=rule)


def _versioning_inline(d: Draft, v: Any) -> None:
    """The provider's legacy ``versioning`` block: ``enabled``, ``mfa_delete`` as booleans."""
    block = v.block("versioning")
    if is_unknown(block):
        d.put("versioning", block, v, ("versioning",))
        return
    block = block or {}
    enabled = to_bool(aws.value_or(block.get("enabled"), False))
    status: Any = enabled if is_unknown(enabled) else ("Enabled" if enabled else "Disabled")
    d.put("versioning", {}, v, ("versioning", 0))
    d.put(("versioning", "status"), status, v, ("versioning", 0, "enabled"))
    mfa_delete = to_bool(aws.value_or(block.get("mfa_delete"), False))
    d.put(("versioning", "mfa_delete"), mfa_delete, v, ("versioning", 0, "mfa_delete"))


def _canned_acl(d: Draft, v: Any) -> bool:
    """Terraform's ``acl`` (a canned ACL), when it is set: its grants."""
    acl = v.opt("acl")
    if acl is not None:
        d.put("grants", aws.canned_acl_grants(acl), v, ("acl",))
    return acl is not None


def _grants_inline(d: Draft, v: Any) -> None:
    if _canned_acl(d, v):
        return
    blocks = v.blocks("grant")
    if is_unknown(blocks):
        d.put("grants", blocks, v, ("grant",))
        return
    grants: list[dict[str, Any]] = []
    for item in blocks:
        for permission in _items(item.get("permissions")):
            kind = str(aws.value_or(item.get("type"), ""))
            grants.append(
                aws.grant(str(permission), type=kind, id=item.get("id"), uri=item.get("uri"))
            )
    # Read back from AWS, the inline set holds the owner's own FULL_CONTROL grant, which the
    # canonical grants leave out: a lone canonical-user FULL_CONTROL grant is that one.
    users = [g for g in grants if g["grantee_type"] == "CanonicalUser"]
    if len(users) == 1 and users[0]["permission"] == "FULL_CONTROL":
        grants.remove(users[0])
    d.put("grants", sorted(grants, key=aws.grant_sort_key), v, ("grant",))


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _cloudformation(d: Draft, v: Any) -> None:
    _cloudformation_encryption(d, v)
    logging = d.attrs.get("logging")
    if isinstance(logging, dict) and logging.get("target_bucket") is None:
        # Without a destination, CloudFormation has the bucket log into itself.
        logging["target_bucket"] = d.attrs["name"]
    acl = v.opt("AccessControl")
    if isinstance(acl, str):
        acl = CANNED_ACLS.get(acl, acl)
    d.put("grants", aws.canned_acl_grants(acl), v, ("AccessControl",))


def _api(d: Draft, v: Any) -> None:
    versioning = d.attrs["versioning"]
    if isinstance(versioning, dict):
        mfa = v.value_at(("GetBucketVersioning:MFADelete",), (), None)
        versioning["mfa_delete"] = mfa == "Enabled"
    d.put("grants", _acl_grants(v.answer("GetBucketAcl")), v)
    lock = v.value_at(
        ("GetObjectLockConfiguration:ObjectLockConfiguration", "ObjectLockEnabled"), (), None
    )
    d.put("object_lock_enabled", lock if is_unknown(lock) else lock == "Enabled", v)
    policy = d.attrs["policy"]
    if policy is not None and not is_unknown(policy):
        # The bucket's policy is a node of its own as well, as in code.
        record = v.record
        node = Draft(
            BUCKET_POLICY.name,
            type(v)(record, f"arn:{record.partition}:s3:::{d.attrs['name']}#policy"),
            {},
        )
        node.put("bucket", d.attrs["name"], node.view)
        node.put("policy", policy, node.view)
        v.also.append(node)


def _acl_grants(acl: Any) -> Any:
    """GetBucketAcl's grants, the owner's own FULL_CONTROL grant (every bucket has it) left
    out."""
    if is_unknown(acl):
        return acl
    acl = acl or {}
    owner = walk(acl, ("Owner", "ID"))
    grants = []
    for item in acl.get("Grants") or []:
        grantee = item.get("Grantee") or {}
        permission = str(item.get("Permission") or "")
        if permission == "FULL_CONTROL" and owner and grantee.get("ID") == owner:
            continue
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


# -- Terraform's split bucket resources --------------------------------------------------------


def _owner(v: Any, ctx: Context) -> Draft | None:
    found = ctx.owner(v, ("bucket",), BUCKET.name, _BY_NAME)
    if found is None:
        ctx.unattached.append(v.address)
    return found


def _fold_public_access_block(v: Any, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is not None:
        d.fold(v, ("public_access_block",))
        fill(d, v, (_AT_TOP["public_access_block"],))


def _fold_logging(v: Any, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is not None:
        d.fold(v, ("logging",))
        fill(d, v, (_AT_TOP["logging"],))


def _fold_encryption(v: Any, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is not None:
        d.fold(v, ("encryption",))
        _terraform_encryption(d, v, dict(v.record.values), ())


def _fold_versioning(v: Any, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("versioning",))
    config = v.block("versioning_configuration")
    at: AttrPath = ("versioning_configuration", 0)
    if is_unknown(config):
        d.put("versioning", config, v, at)
        return
    config = config or {}
    d.put("versioning", {}, v, ())
    status = aws.value_or(config.get("status"), "Disabled")
    d.put(("versioning", "status"), status, v, (*at, "status"))
    mfa = config.get("mfa_delete")
    mfa_delete = mfa if is_unknown(mfa) else mfa == "Enabled"
    d.put(("versioning", "mfa_delete"), mfa_delete, v, (*at, "mfa_delete"))


def _fold_acl(v: Any, ctx: Context) -> None:
    d = _owner(v, ctx)
    if d is None:
        return
    d.fold(v, ("grants",))
    if _canned_acl(d, v):
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
        grantee = item.get("grantee") if isinstance(item, Mapping) else None
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
    at: AttrPath = ("access_control_policy", 0, "grant")
    d.put("grants", sorted(grants, key=aws.grant_sort_key), v, at)


# -- bucket policies: a node of their own, and folded into their bucket ---------------------------

# Per source: the attribute naming the bucket, the document's.
_POLICY = {TERRAFORM: ("bucket", "policy"), CLOUDFORMATION: ("Bucket", "PolicyDocument")}


def _fold_policy(v: Any, ctx: Context) -> None:
    """``aws_s3_bucket_policy`` / ``AWS::S3::BucketPolicy``: the standalone node judges a
    policy whose bucket is declared elsewhere."""
    bucket, document_at = _POLICY[v.source]
    document = aws.parse_policy(v.raw(document_at))
    standalone = Draft(BUCKET_POLICY.name, v, {})
    name = aws.value_or(v.raw(bucket), Unknown(f"{bucket} not set"))
    standalone.put("bucket", name, v, (bucket,))
    standalone.put("policy", document, v, (document_at,))
    ctx.extra.append(standalone)
    owner = ctx.owner(v, (bucket,), BUCKET.name, _BY_NAME)
    if owner is None:
        return  # the bucket is declared elsewhere: the standalone policy still carries it
    owner.fold(v, ("policy",))
    owner.put("policy", document, v, (document_at,))


CODE = (
    KindCode(
        BUCKET,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        folds={
            "aws_s3_bucket_public_access_block": _fold_public_access_block,
            "aws_s3_bucket_server_side_encryption_configuration": _fold_encryption,
            "aws_s3_bucket_versioning": _fold_versioning,
            "aws_s3_bucket_logging": _fold_logging,
            "aws_s3_bucket_policy": _fold_policy,
            "aws_s3_bucket_acl": _fold_acl,
            "AWS::S3::BucketPolicy": _fold_policy,
        },
    ),
)
