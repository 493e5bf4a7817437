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


METRIC_FILTER = AwsKind(
    name="aws.logs.metric_filter",
    description="A CloudWatch Logs metric filter: log events matching a pattern become a metric",
    physical_id="name",
    terraform=Writers(types=("aws_cloudwatch_log_metric_filter",)),
    cloudformation=Writers(types=("AWS::Logs::MetricFilter",)),
    identifiers=("name",),
    note="The metric of the filter's first (and in practice only) transformation.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id (unique within its log group).",
            terraform="name",
            cloudformation="FilterName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="filterName",
        ),
        Field(
            "log_group_name",
            STR,
            terraform="log_group_name",
            cloudformation="LogGroupName",
            default=REQUIRED,
            api="logGroupName",
        ),
        Field(
            "pattern",
            STR,
            "",
            description="The filter pattern; empty matches every event.",
            terraform="pattern",
            cloudformation="FilterPattern",
            api="filterPattern",
        ),
        Field(
            "metric_name",
            STR,
            terraform="metric_transformation.0.name",
            cloudformation="MetricTransformations.0.MetricName",
            default=REQUIRED,
            api="metricTransformations.0.metricName",
        ),
        Field(
            "metric_namespace",
            STR,
            terraform="metric_transformation.0.namespace",
            cloudformation="MetricTransformations.0.MetricNamespace",
            default=REQUIRED,
            api="metricTransformations.0.metricNamespace",
        ),
    ),
    edges=(Edge("log_group_name", EdgeType.ATTACHED_TO, ("aws.logs.log_group",)),),
    collector=Collector(
        service="logs",
        calls=(call("logs", "DescribeMetricFilters", paginated=True, items="metricFilters"),),
        id_field="filterName",
        arn="arn:{partition}:logs:{region}:{account}:metric-filter:{id}",
        address="metric-filter/{log_group_name}/{name}",
    ),
)


KINDS = (LOG_GROUP, METRIC_FILTER)
