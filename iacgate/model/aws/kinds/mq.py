"""Amazon MQ: brokers (ActiveMQ and RabbitMQ)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_BROKER = "DescribeBroker:"

BROKER = AwsKind(
    name="aws.mq.broker",
    description="An Amazon MQ broker (ActiveMQ or RabbitMQ)",
    physical_id="broker_id",
    identifiers=("broker_id", "arn"),
    terraform=Writers(types=("aws_mq_broker",)),
    cloudformation=Writers(types=("AWS::AmazonMQ::Broker",)),
    fields=(
        Field(
            "broker_id",
            STR,
            ASSIGNED,
            description="b-... (physical id).",
            terraform="id",
            api="BrokerId",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="BrokerArn",
        ),
        Field(
            "broker_name",
            STR,
            REQUIRED,
            terraform="broker_name",
            cloudformation="BrokerName",
            api="BrokerName",
        ),
        Field(
            "engine_type",
            STR,
            REQUIRED,
            description="ActiveMQ or RabbitMQ (as the API spells them).",
            terraform="engine_type",
            cloudformation="EngineType",
            api=_BROKER + "EngineType",
        ),
        Field(
            "engine_version",
            STR,
            Chosen("the engine's default version"),
            terraform="engine_version",
            cloudformation="EngineVersion",
            api=_BROKER + "EngineVersion",
        ),
        Field(
            "publicly_accessible",
            BOOL,
            False,
            terraform="publicly_accessible",
            cloudformation="PubliclyAccessible",
            api=_BROKER + "PubliclyAccessible",
        ),
        Field(
            "auto_minor_version_upgrade",
            BOOL,
            False,
            terraform="auto_minor_version_upgrade",
            cloudformation="AutoMinorVersionUpgrade",
            api=_BROKER + "AutoMinorVersionUpgrade",
        ),
        Field(
            "deployment_mode",
            enum("SINGLE_INSTANCE", "ACTIVE_STANDBY_MULTI_AZ", "CLUSTER_MULTI_AZ"),
            "SINGLE_INSTANCE",
            terraform="deployment_mode",
            cloudformation="DeploymentMode",
            api=_BROKER + "DeploymentMode",
        ),
        Field(
            "use_aws_owned_key",
            BOOL,
            True,
            description="Encrypted with a key AWS owns (true by default) rather than a KMS key.",
            terraform="encryption_options.0.use_aws_owned_key",
            cloudformation="EncryptionOptions.UseAwsOwnedKey",
            api=_BROKER + "EncryptionOptions.UseAwsOwnedKey",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            terraform="encryption_options.0.kms_key_id",
            cloudformation="EncryptionOptions.KmsKeyId",
            api=_BROKER + "EncryptionOptions.KmsKeyId",
        ),
        Field(
            "audit_log",
            BOOL,
            False,
            description="ActiveMQ audit logs to CloudWatch Logs: off unless asked for.",
            terraform="logs.0.audit",
            cloudformation="Logs.Audit",
            api=_BROKER + "Logs.Audit",
        ),
        Field(
            "general_log",
            BOOL,
            False,
            description="General logs to CloudWatch Logs: off unless asked for.",
            terraform="logs.0.general",
            cloudformation="Logs.General",
            api=_BROKER + "Logs.General",
        ),
        Field(
            "security_groups",
            STRINGS,
            [],
            description="Sorted.",
            terraform="security_groups",
            cloudformation="SecurityGroups",
            api=_BROKER + "SecurityGroups",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            Chosen("the default VPC's subnets"),
            description="Sorted.",
            terraform="subnet_ids",
            cloudformation="SubnetIds",
            api=_BROKER + "SubnetIds",
        ),
        Field("tags", TAGS, required=False, terraform="tags", api=_BROKER + "Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("security_groups.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="mq",
        calls=(
            call("mq", "ListBrokers", paginated=True, items="BrokerSummaries"),
            call(
                "mq",
                "DescribeBroker",
                gone=("NotFoundException",),
                params=(("BrokerId", "BrokerId"),),
            ),
        ),
        id_field="BrokerId",
        arn="arn:{partition}:mq:{region}:{account}:broker:{id}",
    ),
)


KINDS = (BROKER,)
