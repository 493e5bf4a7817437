"""DynamoDB: tables."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

TABLE = AwsKind(
    name="aws.dynamodb.table",
    description="A DynamoDB table",
    physical_id="name",
    terraform=Writers(types=("aws_dynamodb_table",)),
    cloudformation=Writers(types=("AWS::DynamoDB::Table",)),
    fields=(
        Field(
            "name",
            STR,
            REQUIRED,
            terraform="name",
            cloudformation="TableName",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            description="Physical id.",
            api="TableName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            terraform="arn",
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            api="DescribeTable:Table.TableArn",
        ),
        Field(
            "billing_mode",
            STR,
            "PROVISIONED",
            "billing_mode",
            "BillingMode",
            api="DescribeTable:Table.BillingModeSummary.BillingMode",
        ),
        # CloudFormation: the KeySchema entries (the kind's code).
        Field("hash_key", OPT_STR, terraform="hash_key"),
        Field("range_key", OPT_STR, terraform="range_key"),
        Field(
            "deletion_protection_enabled",
            BOOL,
            False,
            "deletion_protection_enabled",
            "DeletionProtectionEnabled",
            api="DescribeTable:Table.DeletionProtectionEnabled",
        ),
        # CloudFormation: a StreamSpecification turns the stream on (the kind's code).
        Field(
            "stream_enabled",
            BOOL,
            False,
            "stream_enabled",
            api="DescribeTable:Table.StreamSpecification.StreamEnabled",
        ),
        Field(
            "server_side_encryption",
            OBJECT,
            terraform="server_side_encryption",
            cloudformation="SSESpecification",
            fields=(
                Field(
                    "enabled",
                    BOOL,
                    False,
                    "enabled",
                    "SSEEnabled",
                    description=(
                        "false: an AWS owned key; true: KMS (kms_key_arn null = the AWS managed "
                        "key aws/dynamodb)."
                    ),
                ),
                Field("kms_key_arn", OPT_STR, None, "kms_key_arn", "KMSMasterKeyId"),
            ),
        ),
        Field(
            "point_in_time_recovery_enabled",
            BOOL,
            False,
            "point_in_time_recovery.0.enabled",
            "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTagsOfResource:"),
    ),
    edges=(Edge("server_side_encryption.kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="dynamodb",
        calls=(
            call("dynamodb", "ListTables", paginated=True),
            call("dynamodb", "DescribeTable", gone=("ResourceNotFoundException",)),
            call("dynamodb", "DescribeContinuousBackups", gone=("TableNotFoundException",)),
            call("dynamodb", "ListTagsOfResource", paginated=True),
            call("kms", "DescribeKey"),
        ),
        id_field="TableName",
        arn="arn:{partition}:dynamodb:{region}:{account}:table/{id}",
        note="kms:DescribeKey tells the AWS managed key from a customer key",
    ),
)


KINDS = (TABLE,)
