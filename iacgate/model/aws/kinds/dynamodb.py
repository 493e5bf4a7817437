"""DynamoDB: tables."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    OBJECT,
    OPT_STR,
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
        Field("name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("billing_mode", STR, "PROVISIONED"),
        Field("hash_key", OPT_STR),
        Field("range_key", OPT_STR),
        Field("deletion_protection_enabled", BOOL, False),
        Field("stream_enabled", BOOL, False),
        Field(
            "server_side_encryption",
            OBJECT,
            fields=(
                Field(
                    "enabled",
                    BOOL,
                    False,
                    description=(
                        "false: an AWS owned key; true: KMS (kms_key_arn null = the AWS managed "
                        "key aws/dynamodb)."
                    ),
                ),
                Field("kms_key_arn", OPT_STR),
            ),
        ),
        Field("point_in_time_recovery_enabled", BOOL, False),
        Field("tags", TAGS),
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
