"""WorkSpaces: virtual desktops and the encryption of their volumes."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_STR,
    REQUIRED,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

WORKSPACE = AwsKind(
    name="aws.workspaces.workspace",
    description="A WorkSpaces virtual desktop",
    physical_id="workspace_id",
    identifiers=("workspace_id",),
    terraform=Writers(types=("aws_workspaces_workspace",)),
    cloudformation=Writers(types=("AWS::WorkSpaces::Workspace",)),
    fields=(
        Field(
            "workspace_id",
            OPT_STR,
            description="ws-... (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="WorkspaceId",
            default=ASSIGNED,
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            default=ASSIGNED,
        ),
        Field(
            "directory_id",
            OPT_STR,
            terraform="directory_id",
            cloudformation="DirectoryId",
            api="DirectoryId",
            default=REQUIRED,
        ),
        Field(
            "bundle_id",
            OPT_STR,
            terraform="bundle_id",
            cloudformation="BundleId",
            api="BundleId",
            default=REQUIRED,
        ),
        Field(
            "user_name",
            OPT_STR,
            terraform="user_name",
            cloudformation="UserName",
            api="UserName",
            default=REQUIRED,
        ),
        Field(
            "root_volume_encryption_enabled",
            BOOL,
            False,
            description="The system (C:) volume encrypted at rest; off unless asked for.",
            terraform="root_volume_encryption_enabled",
            cloudformation="RootVolumeEncryptionEnabled",
            api="RootVolumeEncryptionEnabled",
        ),
        Field(
            "user_volume_encryption_enabled",
            BOOL,
            False,
            description="The user (D:) volume encrypted at rest; off unless asked for.",
            terraform="user_volume_encryption_enabled",
            cloudformation="UserVolumeEncryptionEnabled",
            api="UserVolumeEncryptionEnabled",
        ),
        Field(
            "volume_encryption_key",
            OPT_STR,
            description="The KMS key of encrypted volumes; null: the AWS managed aws/workspaces.",
            terraform="volume_encryption_key",
            cloudformation="VolumeEncryptionKey",
            api="VolumeEncryptionKey",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="DescribeTags:TagList"),
    ),
    edges=(Edge("volume_encryption_key", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="workspaces",
        calls=(
            call("workspaces", "DescribeWorkspaces", paginated=True, items="Workspaces"),
            call(
                "workspaces",
                "DescribeTags",
                gone=("ResourceNotFoundException",),
                params=(("ResourceId", "WorkspaceId"),),
            ),
        ),
        id_field="WorkspaceId",
        arn="arn:{partition}:workspaces:{region}:{account}:workspace/{id}",
    ),
)


KINDS = (WORKSPACE,)
