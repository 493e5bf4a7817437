"""MSK clusters: encryption in transit, client authentication, public exposure."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, rule

from ._aws import FSBP
from ._checks import setting

CLUSTER = "aws.msk.cluster"


@rule(
    code="AWS-MSK-001",
    name="msk-cluster-plaintext-client-traffic",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["MSK.1"]},
    tags=["msk", "encryption-in-transit"],
)
def msk_cluster_plaintext_client_traffic(cluster: Resource, ctx: Context) -> Verdicts:
    """An MSK cluster accepts client connections in clear.

    What it checks
        ``client_broker_encryption`` must be ``TLS`` (the default); ``TLS_PLAINTEXT`` and
        ``PLAINTEXT`` admit plaintext clients.
    Why it matters
        Plaintext listeners carry every message, and SASL/SCRAM credentials, in clear.
    How to fix
        Accept TLS only between clients and brokers.

        Terraform:

        ```hcl
        resource "aws_msk_cluster" "events" {
          cluster_name           = "events"
          kafka_version          = "3.6.0"
          number_of_broker_nodes = 3
          broker_node_group_info {
            instance_type   = "kafka.m5.large"
            client_subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d", "subnet-2a3b4c5d"]
            security_groups = ["sg-0a1b2c3d"]
          }
          encryption_info {
            encryption_in_transit {
              client_broker = "TLS"
              in_cluster    = true
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::MSK::Cluster
          Properties:
            ClusterName: events
            KafkaVersion: 3.6.0
            NumberOfBrokerNodes: 3
            BrokerNodeGroupInfo:
              InstanceType: kafka.m5.large
              ClientSubnets: [subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d]
            EncryptionInfo:
              EncryptionInTransit:
                ClientBroker: TLS
                InCluster: true
        ```
    """
    return setting(cluster, "client_broker_encryption", "TLS", "clients may connect in plaintext")


@rule(
    code="AWS-MSK-002",
    name="msk-cluster-plaintext-between-brokers",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["MSK.1"]},
    tags=["msk", "encryption-in-transit"],
)
def msk_cluster_plaintext_between_brokers(cluster: Resource, ctx: Context) -> Verdicts:
    """An MSK cluster's brokers replicate data in clear.

    What it checks
        ``in_cluster_encryption`` must be true (the default).
    Why it matters
        Replication traffic carries every message between brokers: in clear, anything on the
        network reads it.
    How to fix
        Encrypt traffic between brokers (set at creation).

        Terraform:

        ```hcl
        resource "aws_msk_cluster" "events" {
          cluster_name           = "events"
          kafka_version          = "3.6.0"
          number_of_broker_nodes = 3
          broker_node_group_info {
            instance_type   = "kafka.m5.large"
            client_subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d", "subnet-2a3b4c5d"]
            security_groups = ["sg-0a1b2c3d"]
          }
          encryption_info {
            encryption_in_transit {
              in_cluster = true
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::MSK::Cluster
          Properties:
            ClusterName: events
            KafkaVersion: 3.6.0
            NumberOfBrokerNodes: 3
            BrokerNodeGroupInfo:
              InstanceType: kafka.m5.large
              ClientSubnets: [subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d]
            EncryptionInfo:
              EncryptionInTransit:
                InCluster: true
        ```
    """
    return setting(cluster, "in_cluster_encryption", True, "brokers replicate in plaintext")


@rule(
    code="AWS-MSK-003",
    name="msk-cluster-unauthenticated-access",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["MSK.6"]},
    tags=["msk", "access-control"],
)
def msk_cluster_unauthenticated_access(cluster: Resource, ctx: Context) -> Verdicts:
    """An MSK cluster admits clients that do not authenticate.

    What it checks
        ``unauthenticated_access`` must be false: asked for explicitly, or no authentication
        method (IAM, SCRAM, mutual TLS) enabled at all, admits anyone who reaches the brokers.
    Why it matters
        Any client on the network can produce to and consume from every topic.
    How to fix
        Authenticate clients with IAM, SASL/SCRAM or mutual TLS, and turn unauthenticated access
        off.

        Terraform:

        ```hcl
        resource "aws_msk_cluster" "events" {
          cluster_name           = "events"
          kafka_version          = "3.6.0"
          number_of_broker_nodes = 3
          broker_node_group_info {
            instance_type   = "kafka.m5.large"
            client_subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d", "subnet-2a3b4c5d"]
            security_groups = ["sg-0a1b2c3d"]
          }
          client_authentication {
            unauthenticated = false
            sasl {
              iam = true
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::MSK::Cluster
          Properties:
            ClusterName: events
            KafkaVersion: 3.6.0
            NumberOfBrokerNodes: 3
            BrokerNodeGroupInfo:
              InstanceType: kafka.m5.large
              ClientSubnets: [subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d]
            ClientAuthentication:
              Unauthenticated:
                Enabled: false
              Sasl:
                Iam:
                  Enabled: true
        ```
    """
    return setting(
        cluster, "unauthenticated_access", False, "clients may connect without authenticating"
    )


@rule(
    code="AWS-MSK-004",
    name="msk-cluster-publicly-accessible",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["MSK.4"]},
    tags=["msk", "public-exposure"],
)
def msk_cluster_publicly_accessible(cluster: Resource, ctx: Context) -> Verdicts:
    """An MSK cluster's brokers have public addresses.

    What it checks
        ``public_access_type`` must be ``DISABLED`` (the default); ``SERVICE_PROVIDED_EIPS``
        gives every broker an internet address.
    Why it matters
        Public brokers are reachable by anyone their security groups admit: one rule away from
        the internet.
    How to fix
        Turn public access off and reach the cluster through the VPC.

        Terraform:

        ```hcl
        resource "aws_msk_cluster" "events" {
          cluster_name           = "events"
          kafka_version          = "3.6.0"
          number_of_broker_nodes = 3
          broker_node_group_info {
            instance_type   = "kafka.m5.large"
            client_subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d", "subnet-2a3b4c5d"]
            security_groups = ["sg-0a1b2c3d"]
          }
          # broker_node_group_info { connectivity_info { public_access { type = "DISABLED" } } }
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::MSK::Cluster
          Properties:
            ClusterName: events
            KafkaVersion: 3.6.0
            NumberOfBrokerNodes: 3
            BrokerNodeGroupInfo:
              InstanceType: kafka.m5.large
              ClientSubnets: [subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d]
            # BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type: DISABLED
        ```
    """
    return setting(cluster, "public_access_type", "DISABLED", "the brokers have public addresses")
