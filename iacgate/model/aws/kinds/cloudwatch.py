"""CloudWatch: metric alarms."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

ALARM = AwsKind(
    name="aws.cloudwatch.alarm",
    description="A CloudWatch metric alarm and the actions it notifies",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_cloudwatch_metric_alarm",)),
    cloudformation=Writers(types=("AWS::CloudWatch::Alarm",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="alarm_name",
            cloudformation="AlarmName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="AlarmName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="AlarmArn",
        ),
        Field(
            "metric_name",
            OPT_STR,
            description="The metric watched; null for an alarm on a metric math expression.",
            terraform="metric_name",
            cloudformation="MetricName",
            api="MetricName",
        ),
        Field(
            "namespace",
            OPT_STR,
            terraform="namespace",
            cloudformation="Namespace",
            api="Namespace",
        ),
        Field(
            "actions_enabled",
            BOOL,
            True,
            terraform="actions_enabled",
            cloudformation="ActionsEnabled",
            api="ActionsEnabled",
        ),
        Field(
            "alarm_actions",
            STRINGS,
            [],
            description="ARNs notified when the alarm fires (SNS topics, mostly).",
            terraform="alarm_actions",
            cloudformation="AlarmActions",
            api="AlarmActions",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
    ),
    edges=(Edge("alarm_actions.*", EdgeType.REFERENCES, ("aws.sns.topic",)),),
    collector=Collector(
        service="cloudwatch",
        calls=(call("cloudwatch", "DescribeAlarms", paginated=True, items="MetricAlarms"),),
        id_field="AlarmName",
        arn="arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
    ),
)


KINDS = (ALARM,)
