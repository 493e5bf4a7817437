"""RDS: DB instances (Aurora members included) and DB clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    OPT_INT,
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
)
from iacgate.model.edges import EdgeType

DB_INSTANCE = AwsKind(
    name="aws.rds.db_instance",
    description="An RDS DB instance (standalone or a cluster member)",
    physical_id="db_instance_identifier",
    terraform=Writers(types=("aws_db_instance", "aws_rds_cluster_instance")),
    cloudformation=Writers(types=("AWS::RDS::DBInstance",)),
    identifiers=("db_instance_identifier", "arn"),
    note=(
        "A DB instance. Aurora cluster members (aws_rds_cluster_instance) are DB instances too; "
        "their storage settings come from the cluster (UNKNOWN in code)."
    ),
    fields=(
        Field(
            "db_instance_identifier",
            STR,
            description="Physical id.",
            terraform="identifier",
            cloudformation="DBInstanceIdentifier",
            default=Chosen("AWS generates the identifier"),
            defaults={CLOUDFORMATION: Chosen("CloudFormation generates the identifier")},
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "engine",
            STR,
            terraform="engine",
            cloudformation="Engine",
            default=Chosen("the snapshot's engine"),
        ),
        Field(
            "instance_class",
            STR,
            terraform="instance_class",
            cloudformation="DBInstanceClass",
            default=REQUIRED,
        ),
        Field(
            "allocated_storage",
            OPT_INT,
            required=False,
            terraform="allocated_storage",
            cloudformation="AllocatedStorage",
            default=Chosen("the snapshot's size"),
        ),
        Field(
            "storage_type",
            STR,
            description="Unset: chosen by AWS (gp2, io1 with iops); UNKNOWN in code until apply.",
            required=False,
            terraform="storage_type",
            cloudformation="StorageType",
            default=Chosen("gp2, or io1 when iops is set"),
        ),
        Field(
            "storage_encrypted",
            BOOL,
            False,
            terraform="storage_encrypted",
            cloudformation="StorageEncrypted",
        ),
        Field(
            "publicly_accessible",
            BOOL,
            False,
            terraform="publicly_accessible",
            cloudformation="PubliclyAccessible",
            defaults={CLOUDFORMATION: Chosen("AWS decides from the DB subnet group's VPC")},
        ),
        Field(
            "multi_az", BOOL, False, required=False, terraform="multi_az", cloudformation="MultiAZ"
        ),
        Field(
            "auto_minor_version_upgrade",
            BOOL,
            True,
            required=False,
            terraform="auto_minor_version_upgrade",
            cloudformation="AutoMinorVersionUpgrade",
        ),
        Field(
            "monitoring_interval",
            INT,
            0,
            required=False,
            terraform="monitoring_interval",
            cloudformation="MonitoringInterval",
        ),
        Field(
            "performance_insights_enabled",
            BOOL,
            False,
            required=False,
            terraform="performance_insights_enabled",
            cloudformation="EnablePerformanceInsights",
        ),
        Field(
            "performance_insights_kms_key_id",
            OPT_STR,
            required=False,
            terraform="performance_insights_kms_key_id",
            cloudformation="PerformanceInsightsKMSKeyId",
        ),
        Field(
            "ca_cert_identifier",
            STR,
            description=(
                "Unset: chosen by AWS (the region's default CA); UNKNOWN in code until apply."
            ),
            required=False,
            terraform="ca_cert_identifier",
            cloudformation="CACertificateIdentifier",
            default=Chosen("the region's default CA"),
        ),
        Field(
            "db_cluster_identifier",
            OPT_STR,
            description="The cluster of an Aurora instance (Terraform aws_rds_cluster_instance).",
            required=False,
            terraform="db_cluster_identifier",
            cloudformation="DBClusterIdentifier",
        ),
        Field(
            "source_db_instance_identifier",
            OPT_STR,
            None,
            description=(
                "The source of a read replica (Terraform replicate_source_db, CloudFormation "
                "SourceDBInstanceIdentifier); null otherwise. A replica's storage encryption is "
                "inherited from its source (UNKNOWN in code when unset)."
            ),
            required=False,
            terraform="replicate_source_db",
            cloudformation="SourceDBInstanceIdentifier",
        ),
        Field(
            "engine_version",
            STR,
            description=(
                "Unset: chosen by AWS (the engine's default version); UNKNOWN in code until apply."
            ),
            required=False,
            terraform="engine_version",
            cloudformation="EngineVersion",
            default=Chosen("the engine's default version"),
        ),
        Field(
            "backup_retention_period",
            INT,
            1,
            description="Days; AWS's default is 1, 0 disables automated backups.",
            required=False,
            terraform="backup_retention_period",
            cloudformation="BackupRetentionPeriod",
        ),
        Field(
            "deletion_protection",
            BOOL,
            False,
            required=False,
            terraform="deletion_protection",
            cloudformation="DeletionProtection",
        ),
        Field(
            "iam_database_authentication_enabled",
            BOOL,
            False,
            required=False,
            terraform="iam_database_authentication_enabled",
            cloudformation="EnableIAMDatabaseAuthentication",
        ),
        Field(
            "copy_tags_to_snapshot",
            BOOL,
            False,
            required=False,
            terraform="copy_tags_to_snapshot",
            cloudformation="CopyTagsToSnapshot",
        ),
        Field(
            "db_subnet_group_name",
            STR,
            "default",
            description="Unset: the default VPC's subnet group, named default.",
            required=False,
            terraform="db_subnet_group_name",
            cloudformation="DBSubnetGroupName",
        ),
        Field(
            "enabled_cloudwatch_logs_exports",
            STRINGS,
            [],
            description="Sorted.",
            required=False,
            terraform="enabled_cloudwatch_logs_exports",
            cloudformation="EnableCloudwatchLogsExports",
        ),
        Field(
            "master_username",
            OPT_STR,
            required=False,
            terraform="username",
            cloudformation="MasterUsername",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null when unencrypted; UNKNOWN when encrypted with aws/rds in code.",
            required=False,
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
        ),
        Field(
            "vpc_security_group_ids",
            STRINGS,
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
            required=False,
            terraform="vpc_security_group_ids",
            cloudformation="VPCSecurityGroups",
            default=Chosen("the VPC's default security group"),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("performance_insights_kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("vpc_security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("db_cluster_identifier", EdgeType.MEMBER_OF, ("aws.rds.db_cluster",)),
        Edge("source_db_instance_identifier", EdgeType.REFERENCES, ("aws.rds.db_instance",)),
    ),
    collector=Collector(
        service="rds",
        calls=(call("rds", "DescribeDBInstances", paginated=True, items="DBInstances"),),
        id_field="DBInstanceIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:db:{id}",
    ),
)


DB_CLUSTER = AwsKind(
    name="aws.rds.db_cluster",
    description="An RDS/Aurora DB cluster",
    physical_id="db_cluster_identifier",
    terraform=Writers(types=("aws_rds_cluster",)),
    cloudformation=Writers(types=("AWS::RDS::DBCluster",)),
    identifiers=("db_cluster_identifier", "arn"),
    fields=(
        Field(
            "db_cluster_identifier",
            STR,
            description="Physical id.",
            terraform="cluster_identifier",
            cloudformation="DBClusterIdentifier",
            default=Chosen("AWS generates the identifier"),
            defaults={CLOUDFORMATION: Chosen("CloudFormation generates the identifier")},
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field("engine", STR, "aurora", terraform="engine", cloudformation="Engine"),
        Field(
            "engine_mode", STR, "provisioned", terraform="engine_mode", cloudformation="EngineMode"
        ),
        Field(
            "storage_encrypted",
            BOOL,
            False,
            description="Default false (true for engine_mode serverless).",
            terraform="storage_encrypted",
            cloudformation="StorageEncrypted",
        ),
        Field(
            "engine_version",
            STR,
            description=(
                "Unset: chosen by AWS (the engine's default version); UNKNOWN in code until apply."
            ),
            terraform="engine_version",
            cloudformation="EngineVersion",
            default=Chosen("the engine's default version"),
        ),
        Field(
            "backup_retention_period",
            INT,
            1,
            description="Days; AWS's default is 1, 0 disables automated backups.",
            terraform="backup_retention_period",
            cloudformation="BackupRetentionPeriod",
        ),
        Field(
            "deletion_protection",
            BOOL,
            False,
            terraform="deletion_protection",
            cloudformation="DeletionProtection",
        ),
        Field(
            "iam_database_authentication_enabled",
            BOOL,
            False,
            terraform="iam_database_authentication_enabled",
            cloudformation="EnableIAMDatabaseAuthentication",
        ),
        Field(
            "copy_tags_to_snapshot",
            BOOL,
            False,
            terraform="copy_tags_to_snapshot",
            cloudformation="CopyTagsToSnapshot",
        ),
        Field(
            "db_subnet_group_name",
            STR,
            "default",
            description="Unset: the default VPC's subnet group, named default.",
            terraform="db_subnet_group_name",
            cloudformation="DBSubnetGroupName",
        ),
        Field(
            "enabled_cloudwatch_logs_exports",
            STRINGS,
            [],
            description="Sorted.",
            terraform="enabled_cloudwatch_logs_exports",
            cloudformation="EnableCloudwatchLogsExports",
        ),
        Field(
            "master_username", OPT_STR, terraform="master_username", cloudformation="MasterUsername"
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null when unencrypted; UNKNOWN when encrypted with aws/rds in code.",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
        ),
        Field(
            "vpc_security_group_ids",
            STRINGS,
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
            terraform="vpc_security_group_ids",
            cloudformation="VpcSecurityGroupIds",
            default=Chosen("the VPC's default security group"),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("vpc_security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
    ),
    collector=Collector(
        service="rds",
        calls=(call("rds", "DescribeDBClusters", paginated=True, items="DBClusters"),),
        id_field="DBClusterIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:cluster:{id}",
    ),
)


KINDS = (DB_INSTANCE, DB_CLUSTER)
