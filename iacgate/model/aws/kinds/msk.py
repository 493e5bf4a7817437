"""Amazon MSK: provisioned Kafka clusters."""

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
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_AUTH = "ClientAuthentication."
_LOGS = "LoggingInfo.BrokerLogs."
_TF_LOGS = "logging_info.0.broker_logs.0."

CLUSTER = AwsKind(
    name="aws.msk.cluster",
    description="An Amazon MSK (managed Kafka) provisioned cluster",
    physical_id="arn",
    identifiers=("arn", "cluster_name"),
    terraform=Writers(types=("aws_msk_cluster",)),
    cloudformation=Writers(types=("AWS::MSK::Cluster",)),
    fields=(
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="Physical id (the API names a cluster by its ARN).",
            terraform="arn",
            api="ClusterArn",
        ),
        Field(
            "cluster_name",
            STR,
            REQUIRED,
            terraform="cluster_name",
            cloudformation="ClusterName",
            api="ClusterName",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The key of the data volumes; null = the AWS managed key aws/kafka.",
            terraform="encryption_info.0.encryption_at_rest_kms_key_arn",
            cloudformation="EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId",
            api="EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId",
        ),
        Field(
            "client_broker_encryption",
            enum("TLS", "TLS_PLAINTEXT", "PLAINTEXT"),
            "TLS",
            description="Encryption between clients and brokers; TLS only by default.",
            terraform="encryption_info.0.encryption_in_transit.0.client_broker",
            cloudformation="EncryptionInfo.EncryptionInTransit.ClientBroker",
            api="EncryptionInfo.EncryptionInTransit.ClientBroker",
        ),
        Field(
            "in_cluster_encryption",
            BOOL,
            True,
            description="TLS between the brokers: on by default.",
            terraform="encryption_info.0.encryption_in_transit.0.in_cluster",
            cloudformation="EncryptionInfo.EncryptionInTransit.InCluster",
            api="EncryptionInfo.EncryptionInTransit.InCluster",
        ),
        Field(
            "sasl_iam",
            BOOL,
            False,
            terraform="client_authentication.0.sasl.0.iam",
            cloudformation=_AUTH + "Sasl.Iam.Enabled",
            api=_AUTH + "Sasl.Iam.Enabled",
        ),
        Field(
            "sasl_scram",
            BOOL,
            False,
            terraform="client_authentication.0.sasl.0.scram",
            cloudformation=_AUTH + "Sasl.Scram.Enabled",
            api=_AUTH + "Sasl.Scram.Enabled",
        ),
        Field(
            "tls_authentication",
            BOOL,
            False,
            description="Mutual TLS (Terraform: a tls block; the kind's code).",
            cloudformation=_AUTH + "Tls.Enabled",
            api=_AUTH + "Tls.Enabled",
        ),
        Field(
            "unauthenticated_access",
            BOOL,
            False,
            description=(
                "Clients may connect without authenticating: asked for, or no authentication "
                "method enabled at all (AWS then admits unauthenticated clients; the kind's "
                "code)."
            ),
            terraform="client_authentication.0.unauthenticated",
            cloudformation=_AUTH + "Unauthenticated.Enabled",
            api=_AUTH + "Unauthenticated.Enabled",
        ),
        Field(
            "broker_logs_cloudwatch",
            BOOL,
            False,
            terraform=_TF_LOGS + "cloudwatch_logs.0.enabled",
            cloudformation=_LOGS + "CloudWatchLogs.Enabled",
            api=_LOGS + "CloudWatchLogs.Enabled",
        ),
        Field(
            "broker_logs_firehose",
            BOOL,
            False,
            terraform=_TF_LOGS + "firehose.0.enabled",
            cloudformation=_LOGS + "Firehose.Enabled",
            api=_LOGS + "Firehose.Enabled",
        ),
        Field(
            "broker_logs_s3",
            BOOL,
            False,
            terraform=_TF_LOGS + "s3.0.enabled",
            cloudformation=_LOGS + "S3.Enabled",
            api=_LOGS + "S3.Enabled",
        ),
        Field(
            "public_access_type",
            STR,
            "DISABLED",
            description="SERVICE_PROVIDED_EIPS gives the brokers public addresses.",
            terraform="broker_node_group_info.0.connectivity_info.0.public_access.0.type",
            cloudformation="BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type",
            api="BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type",
        ),
        Field(
            "enhanced_monitoring",
            enum("DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"),
            "DEFAULT",
            terraform="enhanced_monitoring",
            cloudformation="EnhancedMonitoring",
            api="EnhancedMonitoring",
        ),
        Field(
            "security_groups",
            STRINGS,
            [],
            description="Sorted.",
            terraform="broker_node_group_info.0.security_groups",
            cloudformation="BrokerNodeGroupInfo.SecurityGroups",
            api="BrokerNodeGroupInfo.SecurityGroups",
        ),
        Field(
            "client_subnets",
            STRINGS,
            [],
            description="Sorted.",
            terraform="broker_node_group_info.0.client_subnets",
            cloudformation="BrokerNodeGroupInfo.ClientSubnets",
            api="BrokerNodeGroupInfo.ClientSubnets",
        ),
        Field("tags", TAGS, required=False, terraform="tags", api="Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("security_groups.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("client_subnets.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="kafka",
        calls=(call("kafka", "ListClusters", paginated=True, items="ClusterInfoList"),),
        id_field="ClusterArn",
        arn="{id}",
    ),
)


KINDS = (CLUSTER,)
