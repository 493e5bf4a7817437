"""Neptune: DB clusters."""

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
    name="aws.neptune.db_cluster",
    description="A Neptune DB cluster",
    physical_id="db_cluster_identifier",
    identifiers=("db_cluster_identifier", "arn"),
    note="The Neptune API answers for every engine's clusters: the collector keeps Neptune's.",
    terraform=Writers(types=("aws_neptune_cluster",)),
    cloudformation=Writers(types=("AWS::Neptune::DBCluster",)),
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
            terraform="kms_key_arn",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field(
            "enabled_cloudwatch_logs_exports",
            STRINGS,
            [],
            description="Sorted (audit, slowquery).",
            terraform="enable_cloudwatch_logs_exports",
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
            "iam_database_authentication_enabled",
            BOOL,
            False,
            terraform="iam_database_authentication_enabled",
            cloudformation="IamAuthEnabled",
            api="IAMDatabaseAuthenticationEnabled",
        ),
        Field(
            "copy_tags_to_snapshot",
            BOOL,
            False,
            terraform="copy_tags_to_snapshot",
            cloudformation="CopyTagsToSnapshot",
            api="CopyTagsToSnapshot",
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
        service="neptune",
        calls=(
            call("neptune", "DescribeDBClusters", prefix="rds", paginated=True, items="DBClusters"),
        ),
        id_field="DBClusterIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:cluster:{id}",
    ),
)


KINDS = (DB_CLUSTER,)
