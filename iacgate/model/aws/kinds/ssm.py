"""Systems Manager: parameters (their type, never their value) and documents (with whom they
are shared)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

PARAMETER = AwsKind(
    name="aws.ssm.parameter",
    description="An SSM Parameter Store parameter (its value is never read)",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_ssm_parameter",)),
    cloudformation=Writers(types=("AWS::SSM::Parameter",)),
    note="CloudFormation cannot create SecureString parameters.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={"cloudformation": Chosen("CloudFormation generates the name")},
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="ARN",
        ),
        Field(
            "type",
            enum("String", "StringList", "SecureString"),
            terraform="type",
            cloudformation="Type",
            default=REQUIRED,
            api="Type",
        ),
        Field(
            "key_id",
            OPT_STR,
            description=(
                "The KMS key of a SecureString; null = alias/aws/ssm (and for other types)."
            ),
            terraform="key_id",
            api="KeyId",
        ),
        Field(
            "tier",
            enum("Standard", "Advanced", "Intelligent-Tiering"),
            "Standard",
            terraform="tier",
            cloudformation="Tier",
            api="Tier",
        ),
    ),
    edges=(Edge("key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="ssm",
        calls=(call("ssm", "DescribeParameters", paginated=True, items="Parameters"),),
        id_field="Name",
        arn="arn:{partition}:ssm:{region}:{account}:parameter/{id}",
    ),
)

DOCUMENT = AwsKind(
    name="aws.ssm.document",
    description="An SSM document the account owns, with the accounts it is shared with",
    physical_id="name",
    identifiers=("name",),
    terraform=Writers(types=("aws_ssm_document",)),
    cloudformation=Writers(types=("AWS::SSM::Document",)),
    note="CloudFormation cannot share documents: its documents are shared with nobody.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={"cloudformation": Chosen("CloudFormation generates the name")},
            api="Name",
        ),
        Field(
            "document_type",
            STR,
            "Command",
            terraform="document_type",
            cloudformation="DocumentType",
            api="DocumentType",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "shared_with",
            STRINGS,
            [],
            description=(
                "The account ids the document is shared with; ``all`` = public (any AWS "
                "account may run it)."
            ),
            api="DescribeDocumentPermission:AccountIds",
        ),
    ),
    collector=Collector(
        service="ssm",
        calls=(
            call("ssm", "ListDocuments", paginated=True, items="DocumentIdentifiers"),
            call("ssm", "DescribeDocumentPermission", gone=("InvalidDocument",)),
        ),
        id_field="Name",
        arn="arn:{partition}:ssm:{region}:{account}:document/{id}",
    ),
)

KINDS = (PARAMETER, DOCUMENT)
