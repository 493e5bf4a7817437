"""DocumentDB clusters: encryption, backups, audit logs, deletion protection."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, rule

from ._aws import FSBP
from ._checks import at_least, lists, setting

DB_CLUSTER = "aws.docdb.db_cluster"


@rule(
    code="AWS-DOCDB-001",
    name="docdb-cluster-unencrypted",
    kind=DB_CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["DocumentDB.1"]},
    tags=["docdb", "encryption-at-rest"],
)
def docdb_cluster_unencrypted(cluster: Resource, ctx: Context) -> Verdicts:
    """A DocumentDB cluster stores its data unencrypted.

    What it checks
        ``storage_encrypted`` must be true (off unless asked for).
    Why it matters
        Documents, backups and snapshots sit in clear on the service's storage; encryption
        cannot be added later.
    How to fix
        Create the cluster encrypted.

        Terraform:

        ```hcl
        resource "aws_docdb_cluster" "documents" {
          cluster_identifier = "documents"
          master_username    = "docdbadmin"
          master_password    = var.master_password
          storage_encrypted  = true
        }
        ```

        CloudFormation:

        ```yaml
        Documents:
          Type: AWS::DocDB::DBCluster
          Properties:
            MasterUsername: docdbadmin
            MasterUserPassword: !Ref MasterPassword
            StorageEncrypted: true
        ```
    """
    return setting(cluster, "storage_encrypted", True, "the cluster is not encrypted at rest")


@rule(
    code="AWS-DOCDB-002",
    name="docdb-cluster-backup-retention-too-short",
    kind=DB_CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DocumentDB.2"]},
    tags=["docdb", "backup"],
)
def docdb_cluster_backup_retention_too_short(cluster: Resource, ctx: Context) -> Verdicts:
    """A DocumentDB cluster keeps automated backups for less than seven days.

    What it checks
        ``backup_retention_period`` must be at least 7 days (AWS's default is 1).
    Why it matters
        A day of backups is often less than the time it takes to notice corruption or a bad
        change.
    How to fix
        Keep automated backups for at least a week.

        Terraform:

        ```hcl
        resource "aws_docdb_cluster" "documents" {
          cluster_identifier = "documents"
          master_username    = "docdbadmin"
          master_password    = var.master_password
          backup_retention_period = 7
        }
        ```

        CloudFormation:

        ```yaml
        Documents:
          Type: AWS::DocDB::DBCluster
          Properties:
            MasterUsername: docdbadmin
            MasterUserPassword: !Ref MasterPassword
            BackupRetentionPeriod: 7
        ```
    """
    return at_least(
        cluster, "backup_retention_period", 7, "backups are kept {value} day(s), less than 7"
    )


@rule(
    code="AWS-DOCDB-003",
    name="docdb-cluster-audit-logs-not-exported",
    kind=DB_CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DocumentDB.4"]},
    tags=["docdb", "logging"],
)
def docdb_cluster_audit_logs_not_exported(cluster: Resource, ctx: Context) -> Verdicts:
    """A DocumentDB cluster does not publish audit logs.

    What it checks
        ``enabled_cloudwatch_logs_exports`` must include ``audit``.
    Why it matters
        Audit logs record authentication and data definition events; without them a breach
        leaves no trace.
    How to fix
        Export the audit log to CloudWatch Logs (and set audit_logs in the cluster parameter
        group).

        Terraform:

        ```hcl
        resource "aws_docdb_cluster" "documents" {
          cluster_identifier = "documents"
          master_username    = "docdbadmin"
          master_password    = var.master_password
          enabled_cloudwatch_logs_exports = ["audit", "profiler"]
        }
        ```

        CloudFormation:

        ```yaml
        Documents:
          Type: AWS::DocDB::DBCluster
          Properties:
            MasterUsername: docdbadmin
            MasterUserPassword: !Ref MasterPassword
            EnableCloudwatchLogsExports: [audit, profiler]
        ```
    """
    return lists(cluster, "enabled_cloudwatch_logs_exports", "audit", "audit logs are not exported")


@rule(
    code="AWS-DOCDB-004",
    name="docdb-cluster-deletion-protection-disabled",
    kind=DB_CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["DocumentDB.5"]},
    tags=["docdb", "deletion-protection"],
)
def docdb_cluster_deletion_protection_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A DocumentDB cluster can be deleted in one call.

    What it checks
        ``deletion_protection`` must be true (off by default).
    Why it matters
        A mistaken or malicious delete removes the database and its automated backups.
    How to fix
        Enable deletion protection.

        Terraform:

        ```hcl
        resource "aws_docdb_cluster" "documents" {
          cluster_identifier = "documents"
          master_username    = "docdbadmin"
          master_password    = var.master_password
          deletion_protection = true
        }
        ```

        CloudFormation:

        ```yaml
        Documents:
          Type: AWS::DocDB::DBCluster
          Properties:
            MasterUsername: docdbadmin
            MasterUserPassword: !Ref MasterPassword
            DeletionProtection: true
        ```
    """
    return setting(cluster, "deletion_protection", True, "deletion protection is off")
