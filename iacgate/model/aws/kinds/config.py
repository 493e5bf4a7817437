"""AWS Config: configuration recorders (their recording status folded in) and Config rules."""

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
    Fold,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

RECORDER = AwsKind(
    name="aws.config.configuration_recorder",
    description="An AWS Config configuration recorder and whether it records",
    physical_id="name",
    identifiers=("name",),
    terraform=Writers(
        types=("aws_config_configuration_recorder",),
        folds=(
            Fold(
                "aws_config_configuration_recorder_status",
                "name",
                ("name",),
                "recording",
                "is_enabled",
            ),
        ),
    ),
    cloudformation=Writers(types=("AWS::Config::ConfigurationRecorder",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id (one recorder per region; AWS names it 'default').",
            terraform="name",
            cloudformation="Name",
            default="default",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="name",
        ),
        Field(
            "role_arn",
            STR,
            terraform="role_arn",
            cloudformation="RoleARN",
            default=REQUIRED,
            api="roleARN",
        ),
        Field(
            "all_supported",
            BOOL,
            True,
            description="Records every supported resource type (recording_group all_supported).",
            terraform="recording_group.0.all_supported",
            cloudformation="RecordingGroup.AllSupported",
            api="recordingGroup.allSupported",
        ),
        Field(
            "include_global_resource_types",
            BOOL,
            False,
            description="Records global resources (IAM users, groups, roles, policies).",
            terraform="recording_group.0.include_global_resource_types",
            cloudformation="RecordingGroup.IncludeGlobalResourceTypes",
            api="recordingGroup.includeGlobalResourceTypes",
        ),
        Field(
            "resource_types",
            STRINGS,
            [],
            description="The resource types recorded when not all of them are.",
            terraform="recording_group.0.resource_types",
            cloudformation="RecordingGroup.ResourceTypes",
            api="recordingGroup.resourceTypes",
        ),
        Field(
            "recording",
            BOOL,
            False,
            description=(
                "The recorder runs (aws_config_configuration_recorder_status is_enabled, "
                "DescribeConfigurationRecorderStatus). A Terraform recorder without a status "
                "resource is created stopped; CloudFormation starts the recorder it creates as "
                "soon as a delivery channel exists."
            ),
            defaults={CLOUDFORMATION: True},
            api="DescribeConfigurationRecorderStatus:ConfigurationRecordersStatus.0.recording",
        ),
    ),
    edges=(Edge("role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),),
    collector=Collector(
        service="config",
        calls=(
            call("config", "DescribeConfigurationRecorders", items="ConfigurationRecorders"),
            call(
                "config",
                "DescribeConfigurationRecorderStatus",
                gone=("NoSuchConfigurationRecorderException",),
                params=(("ConfigurationRecorderNames", "name"),),
            ),
        ),
        id_field="name",
        arn="arn:{partition}:config:{region}:{account}:config-recorder/{id}",
        address="config-recorder/{name}",
    ),
)

RULE = AwsKind(
    name="aws.config.config_rule",
    description="An AWS Config rule",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_config_config_rule",)),
    cloudformation=Writers(types=("AWS::Config::ConfigRule",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="ConfigRuleName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="ConfigRuleName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="ConfigRuleArn",
        ),
        Field(
            "owner",
            enum("AWS", "CUSTOM_LAMBDA", "CUSTOM_POLICY"),
            terraform="source.0.owner",
            cloudformation="Source.Owner",
            default=REQUIRED,
            api="Source.Owner",
        ),
        Field(
            "source_identifier",
            OPT_STR,
            description="The managed rule's identifier, or the custom rule's Lambda ARN.",
            terraform="source.0.source_identifier",
            cloudformation="Source.SourceIdentifier",
            api="Source.SourceIdentifier",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
    ),
    collector=Collector(
        service="config",
        calls=(call("config", "DescribeConfigRules", paginated=True, items="ConfigRules"),),
        id_field="ConfigRuleName",
        arn="arn:{partition}:config:{region}:{account}:config-rule/{id}",
    ),
)


KINDS = (RECORDER, RULE)
