"""SES: sending identities (email addresses and domains) with their sending authorization
policies."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OBJECT,
    POLICY,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Field,
    Writers,
    items,
)

EMAIL_IDENTITY = AwsKind(
    name="aws.ses.email_identity",
    description="An SES identity (email address or domain) and its sending authorization policies",
    physical_id="identity",
    identifiers=("identity",),
    terraform=Writers(
        types=("aws_sesv2_email_identity", "aws_ses_domain_identity", "aws_ses_email_identity"),
        folds=("aws_ses_identity_policy", "aws_sesv2_email_identity_policy"),
    ),
    cloudformation=Writers(types=("AWS::SES::EmailIdentity",)),
    note="CloudFormation has no sending authorization policy: its identities have none.",
    fields=(
        Field(
            "identity",
            STR,
            description="The email address or domain (physical id).",
            terraform="email_identity",
            cloudformation="EmailIdentity",
            default=REQUIRED,
            api="IdentityName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "dkim_signing_enabled",
            BOOL,
            True,
            description="Outgoing mail DKIM-signed (SES's default for a new identity).",
            cloudformation="DkimAttributes.SigningEnabled",
            api="GetEmailIdentity:DkimAttributes.SigningEnabled",
        ),
        Field(
            "policies",
            items(OBJECT),
            [],
            description=(
                "Sending authorization policies, by name (aws_ses_identity_policy, "
                "aws_sesv2_email_identity_policy, GetEmailIdentity's Policies); empty when none "
                "(only the owning account may send)."
            ),
            fields=(
                Field("name", STR, default=REQUIRED),
                Field("policy", POLICY, default=REQUIRED),
            ),
            key=("name",),
        ),
    ),
    collector=Collector(
        service="sesv2",
        calls=(
            call("sesv2", "ListEmailIdentities", prefix="ses", items="EmailIdentities"),
            call(
                "sesv2",
                "GetEmailIdentity",
                prefix="ses",
                gone=("NotFoundException",),
                params=(("EmailIdentity", "IdentityName"),),
            ),
        ),
        id_field="IdentityName",
        arn="arn:{partition}:ses:{region}:{account}:identity/{id}",
    ),
)

KINDS = (EMAIL_IDENTITY,)
