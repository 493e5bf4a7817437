"""ECS: clusters, task definitions (their containers and volumes) and services."""

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
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
    nullable,
)
from iacgate.model.edges import EdgeType

_EXEC = "configuration.0.execute_command_configuration.0"
_CFN_EXEC = "Configuration.ExecuteCommandConfiguration"
_API_EXEC = "DescribeClusters:configuration.executeCommandConfiguration"

CLUSTER = AwsKind(
    name="aws.ecs.cluster",
    description="An ECS cluster",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_ecs_cluster",)),
    cloudformation=Writers(types=("AWS::ECS::Cluster",)),
    fields=(
        Field(
            "name",
            OPT_STR,
            description="Physical id.",
            terraform="name",
            cloudformation="ClusterName",
            api="DescribeClusters:clusterName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="clusterArn",
            default=ASSIGNED,
        ),
        Field(
            "container_insights",
            enum("enabled", "disabled", "enhanced"),
            description=(
                "The containerInsights setting. Unset: the account's containerInsights default "
                "(off unless the account turned it on); UNKNOWN in code."
            ),
            default=Chosen("the account's containerInsights setting"),
        ),
        Field(
            "execute_command_logging",
            enum("DEFAULT", "NONE", "OVERRIDE"),
            "DEFAULT",
            description="Where ECS Exec sessions are logged (DEFAULT: the task's awslogs).",
            terraform=f"{_EXEC}.logging",
            cloudformation=f"{_CFN_EXEC}.Logging",
            api=f"{_API_EXEC}.logging",
        ),
        Field(
            "execute_command_kms_key_id",
            OPT_STR,
            description="The KMS key that encrypts ECS Exec sessions; null: TLS only.",
            terraform=f"{_EXEC}.kms_key_id",
            cloudformation=f"{_CFN_EXEC}.KmsKeyId",
            api=f"{_API_EXEC}.kmsKeyId",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="DescribeClusters:tags"),
    ),
    edges=(Edge("execute_command_kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="ecs",
        calls=(
            call("ecs", "ListClusters", paginated=True),
            call("ecs", "DescribeClusters"),
        ),
        id_field="clusterArn",
        arn="{id}",
    ),
)


_CONTAINER = (
    Field("name", OPT_STR, cloudformation="Name", api="name"),
    Field("image", OPT_STR, cloudformation="Image", api="image"),
    Field("essential", BOOL, True, cloudformation="Essential", api="essential"),
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
        description="The log driver; null: no logging configuration.",
        cloudformation="LogConfiguration.LogDriver",
        api="logConfiguration.logDriver",
    ),
    Field(
        "environment",
        items(OBJECT),
        [],
        description=(
            "Plain environment variables, [{name, value}] in the order written. Sensitive: "
            "reporters never show values."
        ),
    ),
    Field(
        "secrets",
        STRINGS,
        [],
        description="Names of the variables taken from Secrets Manager or Parameter Store.",
    ),
)

TASK_DEFINITION = AwsKind(
    name="aws.ecs.task_definition",
    description="An ECS task definition (a live collection: each family's latest active revision)",
    physical_id="arn",
    identifiers=("arn", "family"),
    terraform=Writers(types=("aws_ecs_task_definition",)),
    cloudformation=Writers(types=("AWS::ECS::TaskDefinition",)),
    fields=(
        Field(
            "arn",
            OPT_STR,
            description="ARN with its revision (physical id); assigned by AWS.",
            terraform="arn",
            api="DescribeTaskDefinition:taskDefinition.taskDefinitionArn",
            default=ASSIGNED,
        ),
        Field(
            "family",
            OPT_STR,
            terraform="family",
            cloudformation="Family",
            api="DescribeTaskDefinition:taskDefinition.family",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "network_mode",
            enum("bridge", "host", "awsvpc", "none", "default"),
            "bridge",
            description="Unset: bridge (Linux containers on EC2).",
            terraform="network_mode",
            cloudformation="NetworkMode",
            api="DescribeTaskDefinition:taskDefinition.networkMode",
        ),
        Field(
            "pid_mode",
            OPT_STR,
            description="host, task, or null (each container its own namespace).",
            terraform="pid_mode",
            cloudformation="PidMode",
            api="DescribeTaskDefinition:taskDefinition.pidMode",
        ),
        Field(
            "ipc_mode",
            OPT_STR,
            description="host, task, none, or null (Docker's default).",
            terraform="ipc_mode",
            cloudformation="IpcMode",
            api="DescribeTaskDefinition:taskDefinition.ipcMode",
        ),
        Field(
            "requires_compatibilities",
            STRINGS,
            [],
            terraform="requires_compatibilities",
            cloudformation="RequiresCompatibilities",
            api="DescribeTaskDefinition:taskDefinition.requiresCompatibilities",
        ),
        Field(
            "task_role_arn",
            OPT_STR,
            terraform="task_role_arn",
            cloudformation="TaskRoleArn",
            api="DescribeTaskDefinition:taskDefinition.taskRoleArn",
        ),
        Field(
            "execution_role_arn",
            OPT_STR,
            terraform="execution_role_arn",
            cloudformation="ExecutionRoleArn",
            api="DescribeTaskDefinition:taskDefinition.executionRoleArn",
        ),
        Field(
            "containers",
            items(OBJECT),
            [],
            description=(
                "Container definitions in the order written (Terraform's container_definitions "
                "JSON read the API's way)."
            ),
            ordered=True,
            key=("name",),
            fields=_CONTAINER,
            cloudformation="ContainerDefinitions",
            api="DescribeTaskDefinition:taskDefinition.containerDefinitions",
        ),
        Field(
            "volumes",
            items(OBJECT),
            [],
            key=("name",),
            fields=(
                Field("name", OPT_STR, terraform="name", cloudformation="Name", api="name"),
                Field(
                    "host_path",
                    OPT_STR,
                    terraform="host_path",
                    cloudformation="Host.SourcePath",
                    api="host.sourcePath",
                ),
                Field(
                    "efs_file_system_id",
                    OPT_STR,
                    terraform="efs_volume_configuration.0.file_system_id",
                    cloudformation="EFSVolumeConfiguration.FilesystemId",
                    api="efsVolumeConfiguration.fileSystemId",
                ),
                Field(
                    "efs_transit_encryption",
                    nullable(enum("ENABLED", "DISABLED")),
                    "DISABLED",
                    description=(
                        "EFS volumes: TLS between the task and EFS (off unless asked); null where "
                        "a source writes no EFS configuration for a volume that is not EFS."
                    ),
                    terraform="efs_volume_configuration.0.transit_encryption",
                    cloudformation="EFSVolumeConfiguration.TransitEncryption",
                    api="efsVolumeConfiguration.transitEncryption",
                ),
            ),
            terraform="volume",
            cloudformation="Volumes",
            api="DescribeTaskDefinition:taskDefinition.volumes",
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="Tags",
            api="DescribeTaskDefinition:tags",
        ),
    ),
    edges=(
        Edge("task_role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("execution_role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("volumes.*.efs_file_system_id", EdgeType.REFERENCES, ("aws.efs.file_system",)),
    ),
    collector=Collector(
        service="ecs",
        calls=(
            call("ecs", "ListTaskDefinitionFamilies", paginated=True),
            call("ecs", "DescribeTaskDefinition", gone=("ClientException",)),
        ),
        id_field="family",
        arn="arn:{partition}:ecs:{region}:{account}:task-definition/{id}",
        note="each family's latest active revision",
    ),
)


SERVICE = AwsKind(
    name="aws.ecs.service",
    description="An ECS service",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(types=("aws_ecs_service",)),
    cloudformation=Writers(types=("AWS::ECS::Service",)),
    fields=(
        Field(
            "arn",
            OPT_STR,
            description="ARN (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="serviceArn",
            default=ASSIGNED,
        ),
        Field(
            "name",
            OPT_STR,
            terraform="name",
            cloudformation="ServiceName",
            api="serviceName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "cluster",
            OPT_STR,
            description="The cluster (name or ARN as written); unset: the default cluster.",
            terraform="cluster",
            cloudformation="Cluster",
            api="clusterArn",
            default="default",
        ),
        Field(
            "task_definition",
            OPT_STR,
            terraform="task_definition",
            cloudformation="TaskDefinition",
            api="taskDefinition",
        ),
        Field(
            "launch_type",
            OPT_STR,
            description=(
                "EC2, FARGATE, EXTERNAL; null: a capacity provider strategy (the cluster's "
                "default when none is named)."
            ),
            terraform="launch_type",
            cloudformation="LaunchType",
            api="launchType",
        ),
        Field(
            "platform_version",
            OPT_STR,
            description="Fargate platform version; unset: LATEST. Null for other launch types.",
            terraform="platform_version",
            cloudformation="PlatformVersion",
            api="platformVersion",
        ),
        Field(
            "assign_public_ip",
            BOOL,
            False,
            description="awsvpc tasks get a public address (CloudFormation/API ENABLED).",
            terraform="network_configuration.0.assign_public_ip",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            terraform="network_configuration.0.subnets",
            cloudformation="NetworkConfiguration.AwsvpcConfiguration.Subnets",
            api="networkConfiguration.awsvpcConfiguration.subnets",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            [],
            terraform="network_configuration.0.security_groups",
            cloudformation="NetworkConfiguration.AwsvpcConfiguration.SecurityGroups",
            api="networkConfiguration.awsvpcConfiguration.securityGroups",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="tags"),
    ),
    edges=(
        Edge("cluster", EdgeType.ATTACHED_TO, ("aws.ecs.cluster",)),
        Edge("task_definition", EdgeType.REFERENCES, ("aws.ecs.task_definition",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
    ),
    collector=Collector(
        service="ecs",
        calls=(
            call("ecs", "ListClusters", paginated=True),
            call("ecs", "ListServices", paginated=True),
            call("ecs", "DescribeServices"),
        ),
        id_field="serviceArn",
        arn="{id}",
    ),
)


KINDS = (CLUSTER, TASK_DEFINITION, SERVICE)
