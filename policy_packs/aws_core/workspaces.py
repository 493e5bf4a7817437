"""WorkSpaces: the root and user volumes of every desktop encrypted at rest."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason

WORKSPACE = "aws.workspaces.workspace"


def _encrypted(workspace: Resource, name: str, what: str) -> Verdict:
    value = workspace.get(name)
    if value is True:
        return ok()
    if is_unknown(value):
        return unknown(reason(value, name), name)
    return fail(f"the {what} volume is not encrypted", name)


@rule(
    code="AWS-WORKSPACES-001",
    name="workspaces-user-volume-unencrypted",
    kind=WORKSPACE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["WorkSpaces.1"]},
    tags=["workspaces", "encryption-at-rest"],
)
def workspaces_user_volume_unencrypted(workspace: Resource, ctx: Context) -> Verdict:
    """A WorkSpace's user volume is not encrypted.

    What it checks
        ``user_volume_encryption_enabled`` must be true (off unless asked for).
    Why it matters
        The user volume holds the user's profile and documents, and every snapshot of it.
        Encryption cannot be added later: the WorkSpace must be rebuilt.
    How to fix
        Create WorkSpaces with encrypted volumes.

        Terraform:

        ```hcl
        resource "aws_workspaces_workspace" "desk" {
          directory_id                   = aws_workspaces_directory.main.id
          bundle_id                      = "wsb-bh8rsxt14"
          user_name                      = "jdoe"
          root_volume_encryption_enabled = true
          user_volume_encryption_enabled = true
          volume_encryption_key          = aws_kms_key.workspaces.arn
        }
        ```

        CloudFormation:

        ```yaml
        Desk:
          Type: AWS::WorkSpaces::Workspace
          Properties:
            DirectoryId: d-1234567890
            BundleId: wsb-bh8rsxt14
            UserName: jdoe
            RootVolumeEncryptionEnabled: true
            UserVolumeEncryptionEnabled: true
            VolumeEncryptionKey: !GetAtt WorkspacesKey.Arn
        ```
    """
    return _encrypted(workspace, "user_volume_encryption_enabled", "user")


@rule(
    code="AWS-WORKSPACES-002",
    name="workspaces-root-volume-unencrypted",
    kind=WORKSPACE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["WorkSpaces.2"]},
    tags=["workspaces", "encryption-at-rest"],
)
def workspaces_root_volume_unencrypted(workspace: Resource, ctx: Context) -> Verdict:
    """A WorkSpace's root volume is not encrypted.

    What it checks
        ``root_volume_encryption_enabled`` must be true (off unless asked for).
    Why it matters
        The root volume holds the operating system, installed applications and their caches,
        credentials included. Encryption cannot be added later.
    How to fix
        Create WorkSpaces with encrypted volumes.

        Terraform:

        ```hcl
        resource "aws_workspaces_workspace" "desk" {
          directory_id                   = aws_workspaces_directory.main.id
          bundle_id                      = "wsb-bh8rsxt14"
          user_name                      = "jdoe"
          root_volume_encryption_enabled = true
          user_volume_encryption_enabled = true
          volume_encryption_key          = aws_kms_key.workspaces.arn
        }
        ```

        CloudFormation:

        ```yaml
        Desk:
          Type: AWS::WorkSpaces::Workspace
          Properties:
            DirectoryId: d-1234567890
            BundleId: wsb-bh8rsxt14
            UserName: jdoe
            RootVolumeEncryptionEnabled: true
            UserVolumeEncryptionEnabled: true
            VolumeEncryptionKey: !GetAtt WorkspacesKey.Arn
        ```
    """
    return _encrypted(workspace, "root_volume_encryption_enabled", "root")


@rule(
    code="AWS-WORKSPACES-003",
    name="workspaces-volumes-not-encrypted-with-cmk",
    kind=WORKSPACE,
    severity=Severity.LOW,
    tags=["workspaces", "encryption-at-rest"],
)
def workspaces_volumes_not_encrypted_with_cmk(workspace: Resource, ctx: Context) -> Verdict:
    """A WorkSpace's encrypted volumes use the AWS managed key, not a customer-managed one.

    What it checks
        When a volume is encrypted, ``volume_encryption_key`` must be a key of the account's
        own: the ``aws/workspaces`` alias (or no key) is the AWS managed key. A key named by
        ARN that is not among the scanned resources cannot be told apart: unknown.
        Unencrypted volumes are AWS-WORKSPACES-001/002's.
    Why it matters
        A customer-managed key adds a key policy that decides who may use the desktop's
        volumes and snapshots, logs every use, and can be disabled to cut access at once.
    How to fix
        Encrypt the volumes with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_workspaces_workspace" "desk" {
          directory_id                   = aws_workspaces_directory.main.id
          bundle_id                      = "wsb-bh8rsxt14"
          user_name                      = "jdoe"
          root_volume_encryption_enabled = true
          user_volume_encryption_enabled = true
          volume_encryption_key          = aws_kms_key.workspaces.arn
        }
        ```

        CloudFormation:

        ```yaml
        Desk:
          Type: AWS::WorkSpaces::Workspace
          Properties:
            DirectoryId: d-1234567890
            BundleId: wsb-bh8rsxt14
            UserName: jdoe
            RootVolumeEncryptionEnabled: true
            UserVolumeEncryptionEnabled: true
            VolumeEncryptionKey: !GetAtt WorkspacesKey.Arn
        ```
    """
    flags = [
        workspace.get("root_volume_encryption_enabled"),
        workspace.get("user_volume_encryption_enabled"),
    ]
    if not any(flag is True for flag in flags):
        return ok()  # nothing encrypted: the encryption rules say so
    if ctx.related(workspace, "aws.kms.key", EdgeType.ENCRYPTED_BY, "out"):
        return ok()  # a key of the scanned code or collection: the account's own
    key = workspace.get("volume_encryption_key")
    if is_unknown(key):
        return unknown(reason(key, "the volume key"), "volume_encryption_key")
    if key is None or "alias/aws/" in str(key):
        return fail(
            "the volumes use the AWS managed aws/workspaces key, not a customer-managed key",
            "volume_encryption_key",
        )
    return unknown(
        "the KMS key is not among the scanned resources: whether the account manages it is "
        "not known",
        "volume_encryption_key",
    )
