"""CodeBuild: projects, their build environment (privileged mode, environment variables with
their type), source, artifacts and logs."""

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
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

_STATUS = enum("ENABLED", "DISABLED")

PROJECT = AwsKind(
    name="aws.codebuild.project",
    description="A CodeBuild project",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_codebuild_project",)),
    cloudformation=Writers(types=("AWS::CodeBuild::Project",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="arn",
        ),
        Field(
            "service_role",
            STR,
            terraform="service_role",
            cloudformation="ServiceRole",
            default=REQUIRED,
            api="serviceRole",
        ),
        Field(
            "encryption_key",
            OPT_STR,
            description="The key of the build output; null = the AWS managed key aws/s3.",
            terraform="encryption_key",
            cloudformation="EncryptionKey",
            api="encryptionKey",
        ),
        Field(
            "source_type",
            STR,
            terraform="source.0.type",
            cloudformation="Source.Type",
            default=REQUIRED,
            api="source.type",
        ),
        Field(
            "source_location",
            OPT_STR,
            description=(
                "The repository URL (or bucket path); sensitive when it embeds credentials."
            ),
            terraform="source.0.location",
            cloudformation="Source.Location",
            api="source.location",
        ),
        Field(
            "privileged_mode",
            BOOL,
            False,
            description="Docker daemon in the build container (root on the build host).",
            terraform="environment.0.privileged_mode",
            cloudformation="Environment.PrivilegedMode",
            api="environment.privilegedMode",
        ),
        Field(
            "environment_variables",
            items(OBJECT),
            [],
            ordered=True,
            description=(
                "The build's variables with their type: PLAINTEXT values are in the project "
                "definition (sensitive: reporters redact secret-looking names); PARAMETER_STORE "
                "and SECRETS_MANAGER values name where the secret is."
            ),
            fields=(
                Field("name", STR, terraform="name", cloudformation="Name", api="name"),
                Field(
                    "type",
                    enum("PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"),
                    "PLAINTEXT",
                    terraform="type",
                    cloudformation="Type",
                    api="type",
                ),
                Field("value", STR, terraform="value", cloudformation="Value", api="value"),
            ),
            key=("name",),
            terraform="environment.0.environment_variable",
            cloudformation="Environment.EnvironmentVariables",
            api="environment.environmentVariables",
        ),
        Field(
            "artifacts_type",
            enum("CODEPIPELINE", "NO_ARTIFACTS", "S3"),
            terraform="artifacts.0.type",
            cloudformation="Artifacts.Type",
            default=REQUIRED,
            api="artifacts.type",
        ),
        Field(
            "artifacts_encryption_disabled",
            BOOL,
            False,
            terraform="artifacts.0.encryption_disabled",
            cloudformation="Artifacts.EncryptionDisabled",
            api="artifacts.encryptionDisabled",
        ),
        Field(
            "cloudwatch_logs_status",
            _STATUS,
            "ENABLED",
            description="Build logs to CloudWatch Logs: on unless turned off.",
            terraform="logs_config.0.cloudwatch_logs.0.status",
            cloudformation="LogsConfig.CloudWatchLogs.Status",
            api="logsConfig.cloudWatchLogs.status",
        ),
        Field(
            "cloudwatch_logs_group_name",
            OPT_STR,
            terraform="logs_config.0.cloudwatch_logs.0.group_name",
            cloudformation="LogsConfig.CloudWatchLogs.GroupName",
            api="logsConfig.cloudWatchLogs.groupName",
        ),
        Field(
            "s3_logs_status",
            _STATUS,
            "DISABLED",
            description="Build logs to S3: off unless turned on.",
            terraform="logs_config.0.s3_logs.0.status",
            cloudformation="LogsConfig.S3Logs.Status",
            api="logsConfig.s3Logs.status",
        ),
        Field(
            "s3_logs_encryption_disabled",
            BOOL,
            False,
            terraform="logs_config.0.s3_logs.0.encryption_disabled",
            cloudformation="LogsConfig.S3Logs.EncryptionDisabled",
            api="logsConfig.s3Logs.encryptionDisabled",
        ),
    ),
    edges=(
        Edge("service_role", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("encryption_key", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("cloudwatch_logs_group_name", EdgeType.LOGS_TO, ("aws.logs.log_group",)),
    ),
    collector=Collector(
        service="codebuild",
        calls=(
            call("codebuild", "ListProjects", paginated=True, items="projects"),
            call("codebuild", "BatchGetProjects", gone=("ResourceNotFoundException",)),
        ),
        id_field="name",
        arn="arn:{partition}:codebuild:{region}:{account}:project/{id}",
    ),
)

KINDS = (PROJECT,)
