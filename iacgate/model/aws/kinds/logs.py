"""CloudWatch Logs: log groups."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    CLOUDFORMATION,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OPT_INT,
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

LOG_GROUP = AwsKind(
    name="aws.logs.log_group",
    description="A CloudWatch Logs log group",
    physical_id="name",
    terraform=Writers(types=("aws_cloudwatch_log_group",)),
    cloudformation=Writers(types=("AWS::Logs::LogGroup",)),
    identifiers=("arn", "name"),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="LogGroupName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="logGroupName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="logGroupArn",
        ),
        Field(
            "retention_in_days",
            OPT_INT,
            description="null = never expire (Terraform 0).",
            terraform="retention_in_days",
            cloudformation="RetentionInDays",
            api="retentionInDays",
        ),
        Field(
            "kms_key_id", OPT_STR, terraform="kms_key_id", cloudformation="KmsKeyId", api="kmsKeyId"
        ),
        Field(
            "log_group_class",
            STR,
            "STANDARD",
            terraform="log_group_class",
            cloudformation="LogGroupClass",
            api="logGroupClass",
        ),
        Field(
            "tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTagsForResource:tags"
        ),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="logs",
        calls=(
            call("logs", "DescribeLogGroups", paginated=True),
            call("logs", "ListTagsForResource", gone=("ResourceNotFoundException",)),
        ),
        id_field="logGroupName",
        arn="arn:{partition}:logs:{region}:{account}:log-group:{id}",
    ),
)


KINDS = (LOG_GROUP,)
