"""RDS: DB instances (Aurora members included) and DB clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    INT,
    OPT_INT,
    OPT_STR,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
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
        Field("db_instance_identifier", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("engine", STR),
        Field("instance_class", STR),
        Field("allocated_storage", OPT_INT, required=False),
        Field(
            "storage_type",
            STR,
            description="Unset: chosen by AWS (gp2, io1 with iops); UNKNOWN in code until apply.",
            required=False,
        ),
        Field("storage_encrypted", BOOL, False),
        Field("publicly_accessible", BOOL, False),
        Field("multi_az", BOOL, False, required=False),
        Field("auto_minor_version_upgrade", BOOL, True, required=False),
        Field("monitoring_interval", INT, 0, required=False),
        Field("performance_insights_enabled", BOOL, False, required=False),
        Field("performance_insights_kms_key_id", OPT_STR, required=False),
        Field(
            "ca_cert_identifier",
            STR,
            description=(
                "Unset: chosen by AWS (the region's default CA); UNKNOWN in code until apply."
            ),
            required=False,
        ),
        Field(
            "db_cluster_identifier",
            OPT_STR,
            description="The cluster of an Aurora instance (Terraform aws_rds_cluster_instance).",
            required=False,
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
        ),
        Field(
            "engine_version",
            STR,
            description=(
                "Unset: chosen by AWS (the engine's default version); UNKNOWN in code until apply."
            ),
            required=False,
        ),
        Field(
            "backup_retention_period",
            INT,
            1,
            description="Days; AWS's default is 1, 0 disables automated backups.",
            required=False,
        ),
        Field("deletion_protection", BOOL, False, required=False),
        Field("iam_database_authentication_enabled", BOOL, False, required=False),
        Field("copy_tags_to_snapshot", BOOL, False, required=False),
        Field(
            "db_subnet_group_name",
            STR,
            "default",
            description="Unset: the default VPC's subnet group, named default.",
            required=False,
        ),
        Field(
            "enabled_cloudwatch_logs_exports", STRINGS, [], description="Sorted.", required=False
        ),
        Field("master_username", OPT_STR, required=False),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null when unencrypted; UNKNOWN when encrypted with aws/rds in code.",
            required=False,
        ),
        Field(
            "vpc_security_group_ids",
            STRINGS,
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
            required=False,
        ),
        Field("tags", TAGS),
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
        Field("db_cluster_identifier", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("engine", STR, "aurora"),
        Field("engine_mode", STR, "provisioned"),
        Field(
            "storage_encrypted",
            BOOL,
            False,
            description="Default false (true for engine_mode serverless).",
        ),
        Field(
            "engine_version",
            STR,
            description=(
                "Unset: chosen by AWS (the engine's default version); UNKNOWN in code until apply."
            ),
        ),
        Field(
            "backup_retention_period",
            INT,
            1,
            description="Days; AWS's default is 1, 0 disables automated backups.",
        ),
        Field("deletion_protection", BOOL, False),
        Field("iam_database_authentication_enabled", BOOL, False),
        Field("copy_tags_to_snapshot", BOOL, False),
        Field(
            "db_subnet_group_name",
            STR,
            "default",
            description="Unset: the default VPC's subnet group, named default.",
        ),
        Field("enabled_cloudwatch_logs_exports", STRINGS, [], description="Sorted."),
        Field("master_username", OPT_STR),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null when unencrypted; UNKNOWN when encrypted with aws/rds in code.",
        ),
        Field(
            "vpc_security_group_ids",
            STRINGS,
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
        ),
        Field("tags", TAGS),
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
