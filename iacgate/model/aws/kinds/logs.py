"""CloudWatch Logs: log groups."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
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
        Field("name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("retention_in_days", OPT_INT, description="null = never expire (Terraform 0)."),
        Field("kms_key_id", OPT_STR),
        Field("log_group_class", STR, "STANDARD"),
        Field("tags", TAGS),
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
