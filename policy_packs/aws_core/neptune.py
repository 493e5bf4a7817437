"""Neptune DB clusters: encryption, audit logs, deletion protection, backups, IAM authentication."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, rule

from ._aws import FSBP
from ._checks import at_least, lists, setting

DB_CLUSTER = "aws.neptune.db_cluster"


@rule(
    code="AWS-NEPTUNE-001",
    name="neptune-cluster-unencrypted",
    kind=DB_CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["Neptune.1"]},
    tags=["neptune", "encryption-at-rest"],
)
def neptune_cluster_unencrypted(cluster: Resource, ctx: Context) -> Verdicts:
    """A Neptune DB cluster stores its data unencrypted.

    What it checks
        ``storage_encrypted`` must be true (off unless asked for).
    Why it matters
        The graph, its backups and snapshots sit in clear on the service's storage; encryption
        cannot be added later.
    How to fix
        Create the cluster encrypted.

        Terraform:

        ```hcl
        resource "aws_neptune_cluster" "graph" {
          cluster_identifier = "graph"
          storage_encrypted  = true
        }
        ```

        CloudFormation:

        ```yaml
        Graph:
          Type: AWS::Neptune::DBCluster
          Properties:
            DBClusterIdentifier: graph
            StorageEncrypted: true
        ```
    """
    return setting(cluster, "storage_encrypted", True, "the cluster is not encrypted at rest")


@rule(
    code="AWS-NEPTUNE-002",
    name="neptune-cluster-audit-logs-not-exported",
    kind=DB_CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Neptune.2"]},
    tags=["neptune", "logging"],
)
def neptune_cluster_audit_logs_not_exported(cluster: Resource, ctx: Context) -> Verdicts:
    """A Neptune DB cluster does not publish audit logs.

    What it checks
        ``enabled_cloudwatch_logs_exports`` must include ``audit``.
    Why it matters
        Audit logs record who queried or changed the graph; without them a breach leaves no
        trace.
    How to fix
        Export the audit log to CloudWatch Logs (and set neptune_enable_audit_log in the cluster
        parameter group).

        Terraform:

        ```hcl
        resource "aws_neptune_cluster" "graph" {
          cluster_identifier = "graph"
          enable_cloudwatch_logs_exports = ["audit"]
        }
        ```

        CloudFormation:

        ```yaml
        Graph:
          Type: AWS::Neptune::DBCluster
          Properties:
            DBClusterIdentifier: graph
            EnableCloudwatchLogsExports: [audit]
        ```
    """
    return lists(cluster, "enabled_cloudwatch_logs_exports", "audit", "audit logs are not exported")


@rule(
    code="AWS-NEPTUNE-003",
    name="neptune-cluster-deletion-protection-disabled",
    kind=DB_CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["Neptune.4"]},
    tags=["neptune", "deletion-protection"],
)
def neptune_cluster_deletion_protection_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Neptune DB cluster can be deleted in one call.

    What it checks
        ``deletion_protection`` must be true (off by default).
    Why it matters
        A mistaken or malicious delete removes the database and its automated backups.
    How to fix
        Enable deletion protection.

        Terraform:

        ```hcl
        resource "aws_neptune_cluster" "graph" {
          cluster_identifier = "graph"
          deletion_protection = true
        }
        ```

        CloudFormation:

        ```yaml
        Graph:
          Type: AWS::Neptune::DBCluster
          Properties:
            DBClusterIdentifier: graph
            DeletionProtection: true
        ```
    """
    return setting(cluster, "deletion_protection", True, "deletion protection is off")


@rule(
    code="AWS-NEPTUNE-004",
    name="neptune-cluster-backup-retention-too-short",
    kind=DB_CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Neptune.5"]},
    tags=["neptune", "backup"],
)
def neptune_cluster_backup_retention_too_short(cluster: Resource, ctx: Context) -> Verdicts:
    """A Neptune DB cluster keeps automated backups for less than seven days.

    What it checks
        ``backup_retention_period`` must be at least 7 days (AWS's default is 1).
    Why it matters
        A day of backups is often less than the time it takes to notice corruption or a bad
        change.
    How to fix
        Keep automated backups for at least a week.

        Terraform:

        ```hcl
        resource "aws_neptune_cluster" "graph" {
          cluster_identifier = "graph"
          backup_retention_period = 7
        }
        ```

        CloudFormation:

        ```yaml
        Graph:
          Type: AWS::Neptune::DBCluster
          Properties:
            DBClusterIdentifier: graph
            BackupRetentionPeriod: 7
        ```
    """
    return at_least(
        cluster, "backup_retention_period", 7, "backups are kept {value} day(s), less than 7"
    )


@rule(
    code="AWS-NEPTUNE-005",
    name="neptune-cluster-iam-authentication-disabled",
    kind=DB_CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Neptune.7"]},
    tags=["neptune", "access-control"],
)
def neptune_cluster_iam_authentication_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Neptune DB cluster does not authenticate requests with IAM.

    What it checks
        ``iam_database_authentication_enabled`` must be true (off by default).
    Why it matters
        Without IAM authentication, anything that reaches the endpoint can query and change the
        graph: Neptune has no passwords of its own.
    How to fix
        Enable IAM database authentication.

        Terraform:

        ```hcl
        resource "aws_neptune_cluster" "graph" {
          cluster_identifier = "graph"
          iam_database_authentication_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        Graph:
          Type: AWS::Neptune::DBCluster
          Properties:
            DBClusterIdentifier: graph
            IamAuthEnabled: true
        ```
    """
    return setting(
        cluster, "iam_database_authentication_enabled", True, "IAM authentication is off"
    )
