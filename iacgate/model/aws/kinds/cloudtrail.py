"""CloudTrail: trails."""

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
    TAGS,
    AwsKind,
    Chosen,
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
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="TrailName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="TrailARN",
        ),
        Field(
            "s3_bucket_name",
            STR,
            terraform="s3_bucket_name",
            cloudformation="S3BucketName",
            default=REQUIRED,
            api="S3BucketName",
        ),
        Field(
            "s3_key_prefix",
            OPT_STR,
            terraform="s3_key_prefix",
            cloudformation="S3KeyPrefix",
            api="S3KeyPrefix",
        ),
        Field(
            "is_multi_region_trail",
            BOOL,
            False,
            terraform="is_multi_region_trail",
            cloudformation="IsMultiRegionTrail",
            api="IsMultiRegionTrail",
        ),
        Field(
            "include_global_service_events",
            BOOL,
            True,
            terraform="include_global_service_events",
            cloudformation="IncludeGlobalServiceEvents",
            api="IncludeGlobalServiceEvents",
        ),
        Field(
            "log_file_validation_enabled",
            BOOL,
            False,
            terraform="enable_log_file_validation",
            cloudformation="EnableLogFileValidation",
            api="LogFileValidationEnabled",
        ),
        Field(
            "kms_key_id", OPT_STR, terraform="kms_key_id", cloudformation="KMSKeyId", api="KmsKeyId"
        ),
        Field(
            "cloud_watch_logs_log_group_arn",
            OPT_STR,
            terraform="cloud_watch_logs_group_arn",
            cloudformation="CloudWatchLogsLogGroupArn",
            api="CloudWatchLogsLogGroupArn",
        ),
        Field(
            "cloud_watch_logs_role_arn",
            OPT_STR,
            terraform="cloud_watch_logs_role_arn",
            cloudformation="CloudWatchLogsRoleArn",
            api="CloudWatchLogsRoleArn",
        ),
        Field(
            "is_organization_trail",
            BOOL,
            False,
            terraform="is_organization_trail",
            cloudformation="IsOrganizationTrail",
            api="IsOrganizationTrail",
        ),
        Field(
            "sns_topic_name",
            OPT_STR,
            terraform="sns_topic_name",
            cloudformation="SnsTopicName",
            api="SnsTopicName",
        ),
        Field(
            "is_logging",
            BOOL,
            True,
            description="Terraform enable_logging, CloudFormation IsLogging, GetTrailStatus.",
            terraform="enable_logging",
            cloudformation="IsLogging",
            defaults={CLOUDFORMATION: Chosen("required by CloudFormation")},
            api="GetTrailStatus:IsLogging",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTags:0.TagsList"),
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
