"""SES: identities whose sending authorization policies do not let everyone send."""

from __future__ import annotations

from collections.abc import Mapping

from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Verdict,
    Verdicts,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import public_policy_verdicts, reason

IDENTITY = "aws.ses.email_identity"


@rule(
    code="AWS-SES-001",
    name="ses-identity-policy-public",
    kind=IDENTITY,
    severity=Severity.HIGH,
    tags=["ses", "resource-policy", "exposure"],
)
def ses_identity_policy_public(resource: Resource, ctx: Context) -> Verdicts:
    """An SES identity's sending authorization policy allows any principal.

    What it checks
        No Allow statement of the identity's policies may name ``*`` as principal unless a
        condition confines it to known accounts.
    Why it matters
        Anyone with an AWS account could then send mail as the domain or address, with its
        reputation and DKIM signature: phishing that passes every mail check.
    How to fix
        Terraform:

        ```hcl
        resource "aws_ses_identity_policy" "partner" {
          identity = aws_ses_domain_identity.example.arn
          name     = "partner"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { AWS = "arn:aws:iam::111122223333:root" }
              Action    = ["ses:SendEmail", "ses:SendRawEmail"]
              Resource  = aws_ses_domain_identity.example.arn
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        # CloudFormation has no sending authorization policy: write it with the API or
        # Terraform, naming the accounts allowed to send.
        ```
    """
    policies = resource.get("policies")
    if is_unknown(policies):
        return unknown(reason(policies, "the identity's policies"), "policies")
    verdicts: list[Verdict] = []
    for index, policy in enumerate(policies or []):
        if isinstance(policy, Mapping):
            name = policy.get("name")
            verdicts.extend(
                v
                for v in public_policy_verdicts(
                    resource, ("policies", index, "policy"), f"policy {name}"
                )
                if v.status.name != "PASS"
            )
    return verdicts or [ok()]
