"""The Terraform configuration of the AWS provider itself (``provider "aws"`` blocks).

Not an AWS resource: the one place where Terraform code commonly writes AWS credentials. The
HCL reader hands each block over as a record of type ``provider.aws`` (address
``provider.aws`` / ``provider.aws.<alias>``); plans keep provider configurations apart from
resources and are not read for them. The credentials themselves are never kept: only which
credential arguments the code writes as literal text.
"""

from __future__ import annotations

from iacgate.model.aws.declaration import OPT_STR, STR, STRINGS, AwsKind, Field, Writers

PROVIDER = AwsKind(
    name="aws.terraform.provider",
    description='A Terraform provider "aws" configuration block (HCL only; never collected)',
    physical_id="alias",
    regional=False,
    terraform=Writers(types=("provider.aws",)),
    note=(
        "Written by HCL only: a plan keeps provider configurations apart from resources, and "
        "CloudFormation and the AWS APIs have no such thing."
    ),
    fields=(
        Field(
            "alias",
            STR,
            "default",
            description="The configuration's alias; default for the unaliased one.",
            terraform="alias",
        ),
        Field("region", OPT_STR, description="The region as written.", terraform="region"),
        Field(
            "static_credentials",
            STRINGS,
            [],
            description=(
                "Sorted names of the credential arguments (access_key, secret_key, token) "
                "whose value is known text in the code and not from a sensitive variable; "
                "the values are never kept."
            ),
        ),
    ),
)

KINDS = (PROVIDER,)
