"""S3 Glacier: vaults with their access policy."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_POLICY,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Field,
    Writers,
)

VAULT = AwsKind(
    name="aws.glacier.vault",
    description="An S3 Glacier vault with its access policy",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_glacier_vault",)),
    note="No CloudFormation type writes a Glacier vault.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            default=REQUIRED,
            api="VaultName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="VaultARN",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The vault access policy (access_policy, GetVaultAccessPolicy); null when none "
                "(the account's IAM alone decides)."
            ),
            terraform="access_policy",
            api="GetVaultAccessPolicy:policy.Policy",
        ),
        Field("tags", TAGS, terraform="tags", api="ListTagsForVault:Tags"),
    ),
    collector=Collector(
        service="glacier",
        calls=(
            call("glacier", "ListVaults", paginated=True, items="VaultList"),
            call(
                "glacier",
                "GetVaultAccessPolicy",
                absent=("ResourceNotFoundException",),
                params=(("vaultName", "VaultName"),),
            ),
            call(
                "glacier",
                "ListTagsForVault",
                gone=("ResourceNotFoundException",),
                params=(("vaultName", "VaultName"),),
            ),
        ),
        id_field="VaultName",
        arn="arn:{partition}:glacier:{region}:{account}:vaults/{id}",
    ),
)


KINDS = (VAULT,)
