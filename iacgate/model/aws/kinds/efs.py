"""EFS: file systems, their file system policy and backup policy folded in; access points."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_INT,
    OPT_POLICY,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_BY_ID = (("FileSystemId", "FileSystemId"),)

FILE_SYSTEM = AwsKind(
    name="aws.efs.file_system",
    description="An EFS file system with its file system policy and backup policy",
    physical_id="file_system_id",
    identifiers=("file_system_id", "arn"),
    terraform=Writers(
        types=("aws_efs_file_system",),
        folds=(
            Fold(
                "aws_efs_file_system_policy",
                "file_system_id",
                ("file_system_id",),
                "policy",
                "policy",
            ),
            Fold(
                "aws_efs_backup_policy",
                "file_system_id",
                ("file_system_id",),
                "backup_policy_status",
                "backup_policy.0.status",
            ),
        ),
    ),
    cloudformation=Writers(types=("AWS::EFS::FileSystem",)),
    fields=(
        Field(
            "file_system_id",
            STR,
            description="fs-... (physical id).",
            terraform="id",
            api="FileSystemId",
            default=ASSIGNED,
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="FileSystemArn",
            default=ASSIGNED,
        ),
        Field(
            "encrypted",
            BOOL,
            False,
            description="Encryption at rest. Off unless asked for (the console asks by default).",
            terraform="encrypted",
            cloudformation="Encrypted",
            api="Encrypted",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description=(
                "The KMS key of an encrypted file system; null = the AWS managed key "
                "aws/elasticfilesystem (code that names no key). A live collection names the key "
                "AWS used, the AWS managed one included."
            ),
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field(
            "performance_mode",
            enum("generalPurpose", "maxIO"),
            "generalPurpose",
            terraform="performance_mode",
            cloudformation="PerformanceMode",
            api="PerformanceMode",
        ),
        Field(
            "throughput_mode",
            enum("bursting", "provisioned", "elastic"),
            "bursting",
            terraform="throughput_mode",
            cloudformation="ThroughputMode",
            api="ThroughputMode",
        ),
        Field(
            "availability_zone_name",
            OPT_STR,
            description="One Zone file systems: their zone; null = Regional (Multi-AZ).",
            terraform="availability_zone_name",
            cloudformation="AvailabilityZoneName",
            api="AvailabilityZoneName",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The file system policy (aws_efs_file_system_policy, FileSystemPolicy, "
                "DescribeFileSystemPolicy); null when none (any IAM principal of the account "
                "with network access may mount)."
            ),
            cloudformation="FileSystemPolicy",
            api="DescribeFileSystemPolicy:Policy",
        ),
        Field(
            "backup_policy_status",
            enum("ENABLED", "DISABLED", "ENABLING", "DISABLING"),
            "DISABLED",
            description=(
                "Automatic backups (aws_efs_backup_policy, BackupPolicy, DescribeBackupPolicy). "
                "Off unless asked for (the console turns them on)."
            ),
            cloudformation="BackupPolicy.Status",
            api="DescribeBackupPolicy:BackupPolicy.Status",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="FileSystemTags", api="Tags"),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="efs",
        calls=(
            call(
                "efs",
                "DescribeFileSystems",
                prefix="elasticfilesystem",
                paginated=True,
                items="FileSystems",
            ),
            call(
                "efs",
                "DescribeFileSystemPolicy",
                prefix="elasticfilesystem",
                absent=("PolicyNotFound",),
                gone=("FileSystemNotFound",),
                params=_BY_ID,
            ),
            call(
                "efs",
                "DescribeBackupPolicy",
                prefix="elasticfilesystem",
                absent=("PolicyNotFound",),
                gone=("FileSystemNotFound",),
                params=_BY_ID,
            ),
        ),
        id_field="FileSystemId",
        arn="arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
    ),
)


ACCESS_POINT = AwsKind(
    name="aws.efs.access_point",
    description="An EFS access point: the root directory and user identity it enforces",
    physical_id="access_point_id",
    identifiers=("access_point_id", "arn"),
    terraform=Writers(types=("aws_efs_access_point",)),
    cloudformation=Writers(types=("AWS::EFS::AccessPoint",)),
    fields=(
        Field(
            "access_point_id",
            STR,
            ASSIGNED,
            description="fsap-... (physical id).",
            terraform="id",
            api="AccessPointId",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="AccessPointArn",
        ),
        Field(
            "file_system_id",
            STR,
            REQUIRED,
            terraform="file_system_id",
            cloudformation="FileSystemId",
            api="FileSystemId",
        ),
        Field(
            "root_directory_path",
            STR,
            "/",
            description=(
                "The directory clients see as the root; / (the default) is the whole file system."
            ),
            terraform="root_directory.0.path",
            cloudformation="RootDirectory.Path",
            api="RootDirectory.Path",
        ),
        Field(
            "posix_user_uid",
            OPT_INT,
            description="The user id every request is made as; null = the client's own.",
            terraform="posix_user.0.uid",
            cloudformation="PosixUser.Uid",
            api="PosixUser.Uid",
        ),
        Field(
            "posix_user_gid",
            OPT_INT,
            terraform="posix_user.0.gid",
            cloudformation="PosixUser.Gid",
            api="PosixUser.Gid",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="AccessPointTags", api="Tags"),
    ),
    edges=(Edge("file_system_id", EdgeType.ATTACHED_TO, ("aws.efs.file_system",)),),
    collector=Collector(
        service="efs",
        calls=(
            call(
                "efs",
                "DescribeAccessPoints",
                prefix="elasticfilesystem",
                paginated=True,
                items="AccessPoints",
            ),
        ),
        id_field="AccessPointId",
        arn="arn:{partition}:elasticfilesystem:{region}:{account}:access-point/{id}",
    ),
)


KINDS = (FILE_SYSTEM, ACCESS_POINT)
