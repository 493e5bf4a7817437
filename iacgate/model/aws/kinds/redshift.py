"""Redshift: provisioned clusters (their audit logging folded in) and cluster parameter
groups."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    TERRAFORM,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

CLUSTER = AwsKind(
    name="aws.redshift.cluster",
    description="A Redshift provisioned cluster, with its audit logging",
    physical_id="cluster_identifier",
    identifiers=("cluster_identifier", "arn"),
    note=(
        "aws_redshift_logging folds into logging_enabled. Defaults are the API's (since "
        "January 2025: encrypted, not publicly accessible); the Terraform AWS provider 5.x "
        "sends its own (unencrypted, publicly accessible) when the arguments are left out."
    ),
    terraform=Writers(types=("aws_redshift_cluster",), folds=("aws_redshift_logging",)),
    cloudformation=Writers(types=("AWS::Redshift::Cluster",)),
    fields=(
        Field(
            "cluster_identifier",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="cluster_identifier",
            cloudformation="ClusterIdentifier",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="ClusterIdentifier",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
        ),
        Field(
            "encrypted",
            BOOL,
            True,
            description=(
                "Encryption at rest. AWS encrypts new clusters unless told not to; the "
                "Terraform AWS provider 5.x sends false when the argument is left out."
            ),
            defaults={TERRAFORM: False},
            terraform="encrypted",
            cloudformation="Encrypted",
            api="Encrypted",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The KMS key; null = the AWS managed key (code that names no key).",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field(
            "publicly_accessible",
            BOOL,
            False,
            description=(
                "A public endpoint. AWS's default is false; the Terraform AWS provider 5.x "
                "sends true when the argument is left out."
            ),
            defaults={TERRAFORM: True},
            terraform="publicly_accessible",
            cloudformation="PubliclyAccessible",
            api="PubliclyAccessible",
        ),
        Field(
            "automated_snapshot_retention_period",
            INT,
            1,
            description="Days of automated snapshots; 0 turns them off.",
            terraform="automated_snapshot_retention_period",
            cloudformation="AutomatedSnapshotRetentionPeriod",
            api="AutomatedSnapshotRetentionPeriod",
        ),
        Field(
            "allow_version_upgrade",
            BOOL,
            True,
            description="Major version upgrades applied in the maintenance window.",
            terraform="allow_version_upgrade",
            cloudformation="AllowVersionUpgrade",
            api="AllowVersionUpgrade",
        ),
        Field(
            "enhanced_vpc_routing",
            BOOL,
            False,
            terraform="enhanced_vpc_routing",
            cloudformation="EnhancedVpcRouting",
            api="EnhancedVpcRouting",
        ),
        Field(
            "master_username",
            OPT_STR,
            terraform="master_username",
            cloudformation="MasterUsername",
            api="MasterUsername",
        ),
        Field(
            "master_password",
            OPT_STR,
            description="Sensitive (redacted in every output); the API never returns it.",
            required=False,
            terraform="master_password",
            cloudformation="MasterUserPassword",
        ),
        Field(
            "database_name",
            STR,
            "dev",
            terraform="database_name",
            cloudformation="DBName",
            api="DBName",
        ),
        Field(
            "cluster_parameter_group_name",
            STR,
            Chosen("the default parameter group of the cluster's version"),
            terraform="cluster_parameter_group_name",
            cloudformation="ClusterParameterGroupName",
            api="ClusterParameterGroups.0.ParameterGroupName",
        ),
        Field(
            "cluster_subnet_group_name",
            OPT_STR,
            terraform="cluster_subnet_group_name",
            cloudformation="ClusterSubnetGroupName",
            api="ClusterSubnetGroupName",
        ),
        Field(
            "vpc_security_group_ids",
            STRINGS,
            Chosen("the VPC's default security group"),
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
            terraform="vpc_security_group_ids",
            cloudformation="VpcSecurityGroupIds",
            api="VpcSecurityGroups.*.VpcSecurityGroupId",
        ),
        Field(
            "logging_enabled",
            BOOL,
            False,
            description=(
                "Audit logging (aws_redshift_logging, the logging block, LoggingProperties, "
                "DescribeLoggingStatus): off unless asked for."
            ),
            terraform="logging.0.enable",
            api="DescribeLoggingStatus:LoggingEnabled",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("vpc_security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge(
            "cluster_parameter_group_name",
            EdgeType.REFERENCES,
            ("aws.redshift.parameter_group",),
        ),
    ),
    collector=Collector(
        service="redshift",
        calls=(
            call("redshift", "DescribeClusters", paginated=True, items="Clusters"),
            call(
                "redshift",
                "DescribeLoggingStatus",
                gone=("ClusterNotFound", "ClusterNotFoundFault"),
                params=(("ClusterIdentifier", "ClusterIdentifier"),),
            ),
        ),
        id_field="ClusterIdentifier",
        arn="arn:{partition}:redshift:{region}:{account}:cluster:{id}",
    ),
)


PARAMETER_GROUP = AwsKind(
    name="aws.redshift.parameter_group",
    description="A Redshift cluster parameter group",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_redshift_parameter_group",)),
    cloudformation=Writers(types=("AWS::Redshift::ClusterParameterGroup",)),
    fields=(
        Field(
            "name",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="name",
            cloudformation="ParameterGroupName",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="ParameterGroupName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
        ),
        Field(
            "family",
            STR,
            REQUIRED,
            terraform="family",
            cloudformation="ParameterGroupFamily",
            api="ParameterGroupFamily",
        ),
        Field(
            "require_ssl",
            BOOL,
            False,
            description=(
                "The require_ssl parameter (the family's default is false); every source lists "
                "parameters as name/value pairs (the kind's code)."
            ),
        ),
        Field(
            "enable_user_activity_logging",
            BOOL,
            False,
            description="The enable_user_activity_logging parameter (default false).",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    collector=Collector(
        service="redshift",
        calls=(
            call(
                "redshift",
                "DescribeClusterParameterGroups",
                paginated=True,
                items="ParameterGroups",
            ),
            call(
                "redshift",
                "DescribeClusterParameters",
                paginated=True,
                items="Parameters",
                gone=("ClusterParameterGroupNotFound", "ClusterParameterGroupNotFoundFault"),
                params=(("ParameterGroupName", "ParameterGroupName"),),
            ),
        ),
        id_field="ParameterGroupName",
        arn="arn:{partition}:redshift:{region}:{account}:parametergroup:{id}",
    ),
)


KINDS = (CLUSTER, PARAMETER_GROUP)
