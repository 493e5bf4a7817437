"""EFS: file systems encrypted at rest, with a key the account controls; access points that
confine their clients to a directory and a user."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    Verdicts,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import CIS, FSBP, reason
from ._checks import not_setting

FILE_SYSTEM = "aws.efs.file_system"
ACCESS_POINT = "aws.efs.access_point"


def _encrypted(fs: Resource) -> Verdict | None:
    """None when the file system is encrypted; else the verdict."""
    value = fs.get("encrypted")
    if is_unknown(value):
        return unknown(reason(value, "encrypted"), "encrypted")
    if value is not True:
        return fail("the file system is not encrypted at rest", "encrypted")
    return None


@rule(
    code="AWS-EFS-001",
    name="efs-file-system-unencrypted",
    kind=FILE_SYSTEM,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.4.1"], FSBP: ["EFS.1"]},
    tags=["efs", "encryption-at-rest"],
)
def efs_file_system_unencrypted(fs: Resource, ctx: Context) -> Verdict:
    """An EFS file system stores its files unencrypted.

    What it checks
        ``encrypted`` must be true. Terraform, CloudFormation and the API create file systems
        unencrypted unless asked (only the console asks by default).
    Why it matters
        Every file and every backup of the file system sits in clear on the service's
        storage. Encryption cannot be turned on later: the data must be copied to a new,
        encrypted file system.
    How to fix
        Create a new, encrypted file system (with a customer-managed key: AWS-EFS-002) and
        copy the data over.

        Terraform:

        ```hcl
        resource "aws_efs_file_system" "shared" {
          creation_token = "shared"
          encrypted      = true
        }
        ```

        CloudFormation:

        ```yaml
        Shared:
          Type: AWS::EFS::FileSystem
          Properties:
            Encrypted: true
        ```
    """
    return _encrypted(fs) or ok()


@rule(
    code="AWS-EFS-002",
    name="efs-file-system-not-encrypted-with-cmk",
    kind=FILE_SYSTEM,
    severity=Severity.LOW,
    tags=["efs", "encryption-at-rest"],
)
def efs_file_system_not_encrypted_with_cmk(fs: Resource, ctx: Context) -> Verdict:
    """An EFS file system is not encrypted with a customer-managed KMS key.

    What it checks
        The file system must be encrypted with a KMS key of the account's own
        (``kms_key_id``): no key, or the ``aws/elasticfilesystem`` alias, is the AWS managed
        key. A key that is not among the scanned resources (named by ARN, or an AWS managed
        key a live collection reports by ARN) cannot be told apart: unknown.
    Why it matters
        A customer-managed key adds a key policy that decides, independently of IAM, who can
        read the files and their backups, logs every use, and can be disabled to cut access.
    How to fix
        Encrypt the file system with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_efs_file_system" "shared" {
          encrypted  = true
          kms_key_id = aws_kms_key.efs.arn
        }
        ```

        CloudFormation:

        ```yaml
        Shared:
          Type: AWS::EFS::FileSystem
          Properties:
            Encrypted: true
            KmsKeyId: !GetAtt EfsKey.Arn
        ```
    """
    verdict = _encrypted(fs)
    if verdict is not None:
        return verdict
    if ctx.related(fs, "aws.kms.key", EdgeType.ENCRYPTED_BY, "out"):
        return ok()  # a key of the scanned code or collection: the account's own
    key = fs.get("kms_key_id")
    if is_unknown(key):
        return unknown(reason(key, "the KMS key"), "kms_key_id")
    if key is None or "alias/aws/" in str(key):
        return fail(
            "the file system uses the AWS managed aws/elasticfilesystem key, not a "
            "customer-managed key",
            "kms_key_id" if key is not None else "encrypted",
        )
    return unknown(
        "the KMS key is not among the scanned resources: whether the account manages it is "
        "not known",
        "kms_key_id",
    )


@rule(
    code="AWS-EFS-003",
    name="efs-access-point-without-root-directory",
    kind=ACCESS_POINT,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EFS.3"]},
    tags=["efs", "access-control"],
)
def efs_access_point_without_root_directory(point: Resource, ctx: Context) -> Verdicts:
    """An EFS access point exposes the whole file system.

    What it checks
        ``root_directory_path`` must be a directory other than ``/`` (the default).
    Why it matters
        An access point exists to confine an application to its own directory; on / every client
        of the access point sees every other application's files.
    How to fix
        Give the access point a root directory (created with an owner and permissions).

        Terraform:

        ```hcl
        resource "aws_efs_access_point" "app" {
          file_system_id = aws_efs_file_system.shared.id
          root_directory {
            path = "/app"
            creation_info {
              owner_uid   = 1000
              owner_gid   = 1000
              permissions = "750"
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EFS::AccessPoint
          Properties:
            FileSystemId: !Ref Shared
            RootDirectory:
              Path: /app
              CreationInfo:
                OwnerUid: "1000"
                OwnerGid: "1000"
                Permissions: "750"
        ```
    """
    return not_setting(
        point, "root_directory_path", "/", "the access point's root is the file system's root"
    )


@rule(
    code="AWS-EFS-004",
    name="efs-access-point-without-user-identity",
    kind=ACCESS_POINT,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EFS.4"]},
    tags=["efs", "access-control"],
)
def efs_access_point_without_user_identity(point: Resource, ctx: Context) -> Verdicts:
    """An EFS access point lets clients act as whatever user they claim.

    What it checks
        ``posix_user_uid`` must be set: the access point then makes every request as that user.
    Why it matters
        Without an enforced identity, a client may claim root (or any user) and read or change
        every file its network access reaches.
    How to fix
        Enforce a POSIX user on the access point.

        Terraform:

        ```hcl
        resource "aws_efs_access_point" "app" {
          file_system_id = aws_efs_file_system.shared.id
          posix_user {
            uid = 1000
            gid = 1000
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EFS::AccessPoint
          Properties:
            FileSystemId: !Ref Shared
            PosixUser:
              Uid: "1000"
              Gid: "1000"
        ```
    """
    uid = point.get("posix_user_uid")
    if is_unknown(uid):
        return unknown(reason(uid, "posix_user_uid"), "posix_user_uid")
    return ok() if uid is not None else fail("no POSIX user is enforced", "posix_user_uid")
