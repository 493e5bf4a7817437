"""Athena: workgroups, where query results are written and whether clients may override it."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_STR,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_RESULTS = "WorkGroupConfiguration.ResultConfiguration"
_API = "GetWorkGroup:WorkGroup.Configuration"

WORKGROUP = AwsKind(
    name="aws.athena.workgroup",
    description="An Athena workgroup and the configuration its queries run with",
    physical_id="name",
    identifiers=("name",),
    terraform=Writers(types=("aws_athena_workgroup",)),
    cloudformation=Writers(types=("AWS::Athena::WorkGroup",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "state",
            enum("ENABLED", "DISABLED"),
            "ENABLED",
            terraform="state",
            cloudformation="State",
            api="State",
        ),
        Field(
            "enforce_workgroup_configuration",
            BOOL,
            True,
            description=(
                "The workgroup's settings (result location, encryption) override the client's. "
                "Terraform, CloudFormation and the console create workgroups enforcing them."
            ),
            terraform="configuration.0.enforce_workgroup_configuration",
            cloudformation="WorkGroupConfiguration.EnforceWorkGroupConfiguration",
            api=f"{_API}.EnforceWorkGroupConfiguration",
        ),
        Field(
            "publish_cloudwatch_metrics_enabled",
            BOOL,
            True,
            description=(
                "Query metrics published to CloudWatch (Terraform's and the console's default)."
            ),
            terraform="configuration.0.publish_cloudwatch_metrics_enabled",
            cloudformation="WorkGroupConfiguration.PublishCloudWatchMetricsEnabled",
            api=f"{_API}.PublishCloudWatchMetricsEnabled",
        ),
        Field(
            "output_location",
            OPT_STR,
            description="The S3 location of query results; null = the client chooses.",
            terraform="configuration.0.result_configuration.0.output_location",
            cloudformation=f"{_RESULTS}.OutputLocation",
            api=f"{_API}.ResultConfiguration.OutputLocation",
        ),
        Field(
            "encryption_option",
            {"type": ["string", "null"], "enum": ["SSE_S3", "SSE_KMS", "CSE_KMS", None]},
            description="How query results are encrypted; null = not encrypted by the workgroup.",
            terraform=(
                "configuration.0.result_configuration.0.encryption_configuration.0."
                "encryption_option"
            ),
            cloudformation=f"{_RESULTS}.EncryptionConfiguration.EncryptionOption",
            api=f"{_API}.ResultConfiguration.EncryptionConfiguration.EncryptionOption",
        ),
        Field(
            "kms_key",
            OPT_STR,
            description="The KMS key of SSE_KMS or CSE_KMS results.",
            terraform=(
                "configuration.0.result_configuration.0.encryption_configuration.0.kms_key_arn"
            ),
            cloudformation=f"{_RESULTS}.EncryptionConfiguration.KmsKey",
            api=f"{_API}.ResultConfiguration.EncryptionConfiguration.KmsKey",
        ),
    ),
    edges=(Edge("kms_key", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="athena",
        calls=(
            call("athena", "ListWorkGroups", items="WorkGroups"),
            call(
                "athena",
                "GetWorkGroup",
                gone=("InvalidRequestException",),
                params=(("WorkGroup", "Name"),),
            ),
        ),
        id_field="Name",
        arn="arn:{partition}:athena:{region}:{account}:workgroup/{id}",
    ),
)

KINDS = (WORKGROUP,)
