"""KMS: customer managed keys, their aliases and separate key policies folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_INT,
    OPT_STR,
    POLICY,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Field,
    Fold,
    Writers,
)

KEY = AwsKind(
    name="aws.kms.key",
    description="A KMS key with its aliases",
    physical_id="key_id",
    terraform=Writers(
        types=("aws_kms_key",),
        folds=(
            "aws_kms_alias",
            Fold("aws_kms_key_policy", "key_id", ("key_id", "arn"), "policy", "policy"),
        ),
    ),
    cloudformation=Writers(types=("AWS::KMS::Key",), folds=("AWS::KMS::Alias",)),
    identifiers=("key_id", "arn", "aliases"),
    fields=(
        Field(
            "key_id",
            STR,
            description="The key id (physical id).",
            terraform="key_id",
            default=ASSIGNED,
            api="KeyId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="KeyArn",
        ),
        Field(
            "description",
            OPT_STR,
            terraform="description",
            cloudformation="Description",
            api="DescribeKey:KeyMetadata.Description",
        ),
        Field(
            "key_usage",
            STR,
            "ENCRYPT_DECRYPT",
            terraform="key_usage",
            cloudformation="KeyUsage",
            api="DescribeKey:KeyMetadata.KeyUsage",
        ),
        Field(
            "key_spec",
            STR,
            "SYMMETRIC_DEFAULT",
            terraform="customer_master_key_spec",
            cloudformation="KeySpec",
            api="DescribeKey:KeyMetadata.KeySpec",
        ),
        Field(
            "key_rotation_enabled",
            BOOL,
            False,
            description=(
                "Terraform enable_key_rotation, CloudFormation EnableKeyRotation, "
                "GetKeyRotationStatus."
            ),
            terraform="enable_key_rotation",
            cloudformation="EnableKeyRotation",
            api="GetKeyRotationStatus:KeyRotationEnabled",
        ),
        Field(
            "rotation_period_in_days",
            OPT_INT,
            description="365 by default when rotation is enabled; null when it is not.",
            terraform="rotation_period_in_days",
            cloudformation="RotationPeriodInDays",
            default=365,
            api="GetKeyRotationStatus:RotationPeriodInDays",
        ),
        Field(
            "enabled",
            BOOL,
            True,
            terraform="is_enabled",
            cloudformation="Enabled",
            api="DescribeKey:KeyMetadata.Enabled",
        ),
        Field(
            "multi_region",
            BOOL,
            False,
            terraform="multi_region",
            cloudformation="MultiRegion",
            api="DescribeKey:KeyMetadata.MultiRegion",
        ),
        Field(
            "policy",
            POLICY,
            description="The key policy. Unset: the default key policy (UNKNOWN in code).",
            terraform="policy",
            cloudformation="KeyPolicy",
            default=Chosen("the default key policy (the account may use the key)"),
            api="GetKeyPolicy:Policy",
        ),
        Field(
            "aliases",
            STRINGS,
            [],
            description=(
                "Alias names (alias/...), sorted (aws_kms_alias, AWS::KMS::Alias, ListAliases)."
            ),
            api="ListAliases:",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListResourceTags:"),
    ),
    collector=Collector(
        service="kms",
        calls=(
            call("kms", "ListKeys", paginated=True),
            call("kms", "ListAliases", paginated=True),
            call("kms", "DescribeKey", gone=("NotFoundException",)),
            call("kms", "GetKeyRotationStatus", gone=("NotFoundException",)),
            call("kms", "GetKeyPolicy", gone=("NotFoundException",)),
            call("kms", "ListResourceTags", paginated=True, gone=("NotFoundException",)),
        ),
        id_field="KeyId",
        arn="arn:{partition}:kms:{region}:{account}:key/{id}",
        note="customer managed keys; AWS managed keys and keys pending deletion are left out",
    ),
)


KINDS = (KEY,)
