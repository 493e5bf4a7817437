"""DocumentDB: DB clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
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

DB_CLUSTER = AwsKind(
    name="aws.docdb.db_cluster",
    description="A DocumentDB (with MongoDB compatibility) DB cluster",
    physical_id="db_cluster_identifier",
    identifiers=("db_cluster_identifier", "arn"),
    note="The DocumentDB API answers for every engine's clusters: the collector keeps docdb's.",
    terraform=Writers(types=("aws_docdb_cluster",)),
    cloudformation=Writers(types=("AWS::DocDB::DBCluster",)),
    fields=(
        Field(
            "db_cluster_identifier",
            STR,
            NAMED_BY_AWS,
            description="Physical id.",
            terraform="cluster_identifier",
            cloudformation="DBClusterIdentifier",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="DBClusterIdentifier",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="DBClusterArn",
        ),
        Field(
            "storage_encrypted",
            BOOL,
            False,
            terraform="storage_encrypted",
            cloudformation="StorageEncrypted",
            api="StorageEncrypted",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null when unencrypted or encrypted with the AWS managed key aws/rds.",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field(
            "enabled_cloudwatch_logs_exports",
            STRINGS,
            [],
            description="Sorted (audit, profiler).",
            terraform="enabled_cloudwatch_logs_exports",
            cloudformation="EnableCloudwatchLogsExports",
            api="EnabledCloudwatchLogsExports",
        ),
        Field(
            "deletion_protection",
            BOOL,
            False,
            terraform="deletion_protection",
            cloudformation="DeletionProtection",
            api="DeletionProtection",
        ),
        Field(
            "backup_retention_period",
            INT,
            1,
            description="Days of automated backups; AWS's default is 1.",
            terraform="backup_retention_period",
            cloudformation="BackupRetentionPeriod",
            api="BackupRetentionPeriod",
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
            "db_cluster_parameter_group_name",
            STR,
            Chosen("the engine version's default parameter group"),
            terraform="db_cluster_parameter_group_name",
            cloudformation="DBClusterParameterGroupName",
            api="DBClusterParameterGroup",
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
        Field("tags", TAGS, required=False, terraform="tags", cloudformation="Tags"),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("vpc_security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
    ),
    collector=Collector(
        service="docdb",
        calls=(
            call("docdb", "DescribeDBClusters", prefix="rds", paginated=True, items="DBClusters"),
        ),
        id_field="DBClusterIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:cluster:{id}",
    ),
)


KINDS = (DB_CLUSTER,)
