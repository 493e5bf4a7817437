"""EFS: file systems encrypted at rest, with a key the account controls."""

from __future__ import annotations

from iacgate.model.edges import EdgeType
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown
from iacgate.rules import Context, Severity, Verdict, fail, ok, rule, unknown

from ._aws import CIS, FSBP, reason

FILE_SYSTEM = "aws.efs.file_system"


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
