"""Redshift clusters: public exposure, encryption at rest and in transit (their parameter group's
require_ssl, through the graph), audit logging, snapshots, upgrades, routing and defaults."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdicts,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, chosen_by_aws, reason
from ._checks import at_least, not_setting, setting

CLUSTER = "aws.redshift.cluster"
PARAMETER_GROUP = "aws.redshift.parameter_group"


@rule(
    code="AWS-REDSHIFT-001",
    name="redshift-cluster-publicly-accessible",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["Redshift.1"]},
    tags=["redshift", "public-exposure"],
)
def redshift_cluster_publicly_accessible(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster has a public endpoint.

    What it checks
        ``publicly_accessible`` must be false. AWS's default is false since January 2025, but
        the Terraform AWS provider 5.x sends true when the argument is left out.
    Why it matters
        A public endpoint puts the database's login on the internet, one security group rule
        away from everyone.
    How to fix
        Make the cluster private and reach it through the VPC.

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          publicly_accessible = false
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            PubliclyAccessible: false
        ```
    """
    return setting(cluster, "publicly_accessible", False, "the cluster is publicly accessible")


@rule(
    code="AWS-REDSHIFT-002",
    name="redshift-cluster-unencrypted",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["Redshift.10"]},
    tags=["redshift", "encryption-at-rest"],
)
def redshift_cluster_unencrypted(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster stores its data unencrypted.

    What it checks
        ``encrypted`` must be true. AWS encrypts new clusters by default since January 2025, but
        the Terraform AWS provider 5.x sends false when the argument is left out.
    Why it matters
        The data blocks, system metadata and snapshots sit in clear on the service's storage.
    How to fix
        Encrypt the cluster (with a KMS key of your own where the key's policy matters).

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          encrypted          = true
          kms_key_id         = aws_kms_key.warehouse.arn
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            Encrypted: true
            KmsKeyId: !Ref WarehouseKey
        ```
    """
    return setting(cluster, "encrypted", True, "the cluster is not encrypted at rest")


@rule(
    code="AWS-REDSHIFT-003",
    name="redshift-cluster-audit-logging-disabled",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Redshift.4"]},
    tags=["redshift", "logging"],
)
def redshift_cluster_audit_logging_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster does not keep audit logs.

    What it checks
        ``logging_enabled`` must be true: an ``aws_redshift_logging`` resource (or the cluster's
        logging block) in Terraform, ``LoggingProperties`` in CloudFormation.
    Why it matters
        Connection, user and user-activity logs are the record of who reached the data and what
        they ran.
    How to fix
        Enable audit logging to S3 or CloudWatch Logs.

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
        }

        resource "aws_redshift_logging" "warehouse" {
          cluster_identifier   = aws_redshift_cluster.warehouse.id
          log_destination_type = "cloudwatch"
          log_exports          = ["connectionlog", "userlog", "useractivitylog"]
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            LoggingProperties:
              LogDestinationType: cloudwatch
              LogExports: [connectionlog, userlog, useractivitylog]
        ```
    """
    return setting(cluster, "logging_enabled", True, "audit logging is off")


@rule(
    code="AWS-REDSHIFT-004",
    name="redshift-cluster-ssl-not-required",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Redshift.2"]},
    tags=["redshift", "encryption-in-transit"],
)
def redshift_cluster_ssl_not_required(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster accepts connections without TLS.

    What it checks
        The cluster's parameter group (found through the graph) must set ``require_ssl`` to
        true. A default parameter group (``default.*``, or none named) cannot be changed and is
        taken as not requiring it; a group the scan does not hold is unknown.
    Why it matters
        Without require_ssl, clients may connect in clear: passwords and query results cross the
        network unencrypted.
    How to fix
        Give the cluster a parameter group of its own that sets require_ssl.

        Terraform:

        ```hcl
        resource "aws_redshift_parameter_group" "tls" {
          name   = "tls"
          family = "redshift-1.0"
          parameter {
            name  = "require_ssl"
            value = "true"
          }
        }

        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier           = "warehouse"
          node_type                    = "ra3.xlplus"
          cluster_parameter_group_name = aws_redshift_parameter_group.tls.name
        }
        ```

        CloudFormation:

        ```yaml
        Tls:
          Type: AWS::Redshift::ClusterParameterGroup
          Properties:
            Description: TLS only
            ParameterGroupFamily: redshift-1.0
            Parameters:
              - ParameterName: require_ssl
                ParameterValue: "true"
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            ClusterParameterGroupName: !Ref Tls
        ```
    """
    path = "cluster_parameter_group_name"
    groups = ctx.related(cluster, PARAMETER_GROUP, EdgeType.REFERENCES, "out")
    if groups:
        required = groups[0].get("require_ssl")
        if is_unknown(required):
            return unknown(reason(required, "require_ssl"), path)
        if required is True:
            return ok()
        return fail(f"the parameter group {groups[0].get('name')} does not set require_ssl", path)
    name = cluster.get(path)
    if chosen_by_aws(name) or (isinstance(name, str) and name.startswith("default.")):
        return fail("a default parameter group: require_ssl is not set", path)
    if is_unknown(name):
        return unknown(reason(name, "the parameter group"), path)
    return unknown("the parameter group is not among the scanned resources", path)


@rule(
    code="AWS-REDSHIFT-005",
    name="redshift-cluster-snapshot-retention-too-short",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Redshift.3"]},
    tags=["redshift", "backup"],
)
def redshift_cluster_snapshot_retention_too_short(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster keeps automated snapshots for less than seven days (or none).

    What it checks
        ``automated_snapshot_retention_period`` must be at least 7 days (AWS's default is 1; 0
        turns snapshots off).
    Why it matters
        Automated snapshots are the way back from a bad load, a dropped table or ransomware; a
        day is often less than the time it takes to notice.
    How to fix
        Keep automated snapshots for at least a week.

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          automated_snapshot_retention_period = 7
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            AutomatedSnapshotRetentionPeriod: 7
        ```
    """
    return at_least(
        cluster,
        "automated_snapshot_retention_period",
        7,
        "automated snapshots are kept {value} day(s), less than 7",
    )


@rule(
    code="AWS-REDSHIFT-006",
    name="redshift-cluster-version-upgrade-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["Redshift.6"]},
    tags=["redshift", "patching"],
)
def redshift_cluster_version_upgrade_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster does not take major version upgrades.

    What it checks
        ``allow_version_upgrade`` must be true (AWS's default).
    Why it matters
        Engine upgrades bring security fixes; a cluster that refuses them falls behind supported
        versions.
    How to fix
        Allow version upgrades in the maintenance window.

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          allow_version_upgrade = true
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            AllowVersionUpgrade: true
        ```
    """
    return setting(cluster, "allow_version_upgrade", True, "version upgrades are refused")


@rule(
    code="AWS-REDSHIFT-007",
    name="redshift-cluster-enhanced-vpc-routing-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["Redshift.7"]},
    tags=["redshift", "network"],
)
def redshift_cluster_enhanced_vpc_routing_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster's COPY and UNLOAD traffic does not go through the VPC.

    What it checks
        ``enhanced_vpc_routing`` must be true (off by default).
    Why it matters
        Without it, traffic to S3 leaves the VPC's controls: endpoint policies, flow logs and
        network ACLs do not see it.
    How to fix
        Enable enhanced VPC routing.

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          enhanced_vpc_routing = true
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            EnhancedVpcRouting: true
        ```
    """
    return setting(cluster, "enhanced_vpc_routing", True, "enhanced VPC routing is off")


@rule(
    code="AWS-REDSHIFT-008",
    name="redshift-cluster-default-admin-username",
    kind=CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["Redshift.8"]},
    tags=["redshift", "access-control"],
)
def redshift_cluster_default_admin_username(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redshift cluster's admin user has the well-known default name.

    What it checks
        ``master_username`` must not be ``awsuser`` (the console's default).
    Why it matters
        A known admin name halves what a password-guessing attacker must find.
    How to fix
        Name the admin user something of your own (a new cluster: the name cannot change).

        Terraform:

        ```hcl
        resource "aws_redshift_cluster" "warehouse" {
          cluster_identifier = "warehouse"
          node_type          = "ra3.xlplus"
          master_username    = "warehouse_admin"
        }
        ```

        CloudFormation:

        ```yaml
        Warehouse:
          Type: AWS::Redshift::Cluster
          Properties:
            NodeType: ra3.xlplus
            MasterUsername: warehouse_admin
        ```
    """
    return not_setting(cluster, "master_username", "awsuser", "the admin user is named awsuser")
