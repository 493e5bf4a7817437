"""AWS Batch: job definitions (their container properties)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OBJECT,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
    STRINGS,
    TAGS,
    AwsKind,
    Collector,
    Field,
    Writers,
    enum,
    items,
)

JOB_DEFINITION = AwsKind(
    name="aws.batch.job_definition",
    description="An AWS Batch job definition (a live collection: each name's latest revision)",
    physical_id="arn",
    identifiers=("arn", "name"),
    terraform=Writers(types=("aws_batch_job_definition",)),
    cloudformation=Writers(types=("AWS::Batch::JobDefinition",)),
    fields=(
        Field(
            "arn",
            OPT_STR,
            description="ARN with its revision (physical id); assigned by AWS.",
            terraform="arn",
            api="jobDefinitionArn",
            default=ASSIGNED,
        ),
        Field(
            "name",
            OPT_STR,
            terraform="name",
            cloudformation="JobDefinitionName",
            api="jobDefinitionName",
            default=REQUIRED,
        ),
        Field(
            "type",
            enum("container", "multinode"),
            "container",
            terraform="type",
            cloudformation="Type",
            api="type",
        ),
        Field(
            "platform_capabilities",
            STRINGS,
            ["EC2"],
            terraform="platform_capabilities",
            cloudformation="PlatformCapabilities",
            api="platformCapabilities",
        ),
        Field(
            "container",
            OPT_OBJECT,
            description=(
                "The container properties (Terraform's container_properties JSON read the "
                "API's way); null for multi-node jobs."
            ),
            absent=None,
            fields=(
                Field("image", OPT_STR, cloudformation="Image", api="image"),
                Field("privileged", BOOL, False, cloudformation="Privileged", api="privileged"),
                Field(
                    "user",
                    OPT_STR,
                    description="null: the image's USER (root unless the image names another).",
                    cloudformation="User",
                    api="user",
                ),
                Field(
                    "readonly_root_filesystem",
                    BOOL,
                    False,
                    cloudformation="ReadonlyRootFilesystem",
                    api="readonlyRootFilesystem",
                ),
                Field(
                    "log_driver",
                    OPT_STR,
                    cloudformation="LogConfiguration.LogDriver",
                    api="logConfiguration.logDriver",
                ),
                Field(
                    "environment",
                    items(OBJECT),
                    [],
                    description=(
                        "Plain environment variables, [{name, value}]. Sensitive: reporters "
                        "never show values."
                    ),
                ),
                Field("secrets", STRINGS, [], description="Names of secret variables."),
            ),
            cloudformation="ContainerProperties",
            api="containerProperties",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="tags"),
    ),
    collector=Collector(
        service="batch",
        calls=(call("batch", "DescribeJobDefinitions", paginated=True),),
        id_field="jobDefinitionArn",
        arn="{id}",
        note="each name's latest active revision",
    ),
)


KINDS = (JOB_DEFINITION,)
