"""CloudTrail: trails."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
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

TRAIL = AwsKind(
    name="aws.cloudtrail.trail",
    description="A CloudTrail trail",
    physical_id="name",
    terraform=Writers(types=("aws_cloudtrail",)),
    cloudformation=Writers(types=("AWS::CloudTrail::Trail",)),
    fields=(
        Field("name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("s3_bucket_name", STR),
        Field("s3_key_prefix", OPT_STR),
        Field("is_multi_region_trail", BOOL, False),
        Field("include_global_service_events", BOOL, True),
        Field("log_file_validation_enabled", BOOL, False),
        Field("kms_key_id", OPT_STR),
        Field("cloud_watch_logs_log_group_arn", OPT_STR),
        Field("cloud_watch_logs_role_arn", OPT_STR),
        Field("is_organization_trail", BOOL, False),
        Field("sns_topic_name", OPT_STR),
        Field(
            "is_logging",
            BOOL,
            True,
            description="Terraform enable_logging, CloudFormation IsLogging, GetTrailStatus.",
        ),
        Field("tags", TAGS),
    ),
    edges=(
        Edge("s3_bucket_name", EdgeType.LOGS_TO, ("aws.s3.bucket",)),
        Edge("cloud_watch_logs_log_group_arn", EdgeType.LOGS_TO, ("aws.logs.log_group",)),
        Edge("cloud_watch_logs_role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="cloudtrail",
        calls=(
            call("cloudtrail", "DescribeTrails"),
            call("cloudtrail", "GetTrailStatus", gone=("TrailNotFoundException",)),
            call("cloudtrail", "ListTags", paginated=True),
        ),
        id_field="Name",
        arn="arn:{partition}:cloudtrail:{region}:{account}:trail/{id}",
    ),
)


KINDS = (TRAIL,)
