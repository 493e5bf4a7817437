"""DynamoDB Accelerator (DAX) clusters: encryption at rest and on the endpoint."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, rule

from ._aws import FSBP
from ._checks import setting

CLUSTER = "aws.dax.cluster"


@rule(
    code="AWS-DAX-001",
    name="dax-cluster-unencrypted-at-rest",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["DynamoDB.3"]},
    tags=["dax", "encryption-at-rest"],
)
def dax_cluster_unencrypted_at_rest(cluster: Resource, ctx: Context) -> Verdicts:
    """A DAX cluster stores cached items unencrypted.

    What it checks
        ``sse_enabled`` (server-side encryption) must be true: off unless asked for.
    Why it matters
        Cached table items, and their copies on the nodes' disks, sit in clear.
    How to fix
        Create the cluster with server-side encryption (it cannot be turned on later).

        Terraform:

        ```hcl
        resource "aws_dax_cluster" "cache" {
          cluster_name       = "cache"
          node_type          = "dax.t3.small"
          replication_factor = 3
          iam_role_arn       = aws_iam_role.dax.arn
          server_side_encryption {
            enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::DAX::Cluster
          Properties:
            NodeType: dax.t3.small
            ReplicationFactor: 3
            IAMRoleARN: !GetAtt DaxRole.Arn
            SSESpecification:
              SSEEnabled: true
        ```
    """
    return setting(cluster, "sse_enabled", True, "the cluster is not encrypted at rest")


@rule(
    code="AWS-DAX-002",
    name="dax-cluster-endpoint-not-tls",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DynamoDB.7"]},
    tags=["dax", "encryption-in-transit"],
)
def dax_cluster_endpoint_not_tls(cluster: Resource, ctx: Context) -> Verdicts:
    """A DAX cluster's endpoint accepts connections in clear.

    What it checks
        ``cluster_endpoint_encryption_type`` must be ``TLS`` (``NONE`` by default).
    Why it matters
        Without TLS, the items an application reads and writes cross the network in clear.
    How to fix
        Create the cluster with a TLS endpoint (it cannot be changed later).

        Terraform:

        ```hcl
        resource "aws_dax_cluster" "cache" {
          cluster_name       = "cache"
          node_type          = "dax.t3.small"
          replication_factor = 3
          iam_role_arn       = aws_iam_role.dax.arn
          cluster_endpoint_encryption_type = "TLS"
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::DAX::Cluster
          Properties:
            NodeType: dax.t3.small
            ReplicationFactor: 3
            IAMRoleARN: !GetAtt DaxRole.Arn
            ClusterEndpointEncryptionType: TLS
        ```
    """
    return setting(
        cluster, "cluster_endpoint_encryption_type", "TLS", "the endpoint is not encrypted (NONE)"
    )
