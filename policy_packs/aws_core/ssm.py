"""Systems Manager: secrets stored as SecureString, documents not shared with everyone."""

from __future__ import annotations

from iacgate.model.sensitive import SECRET_NAME
from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, chosen_by_aws, reason
from ._settings import setting

PARAMETER = "aws.ssm.parameter"
DOCUMENT = "aws.ssm.document"


@rule(
    code="AWS-SSM-001",
    name="ssm-parameter-secret-not-securestring",
    kind=PARAMETER,
    severity=Severity.HIGH,
    tags=["ssm", "secrets", "encryption-at-rest"],
)
def ssm_parameter_secret_not_securestring(resource: Resource, ctx: Context) -> Verdict:
    """An SSM parameter whose name says it holds a secret is not a SecureString.

    What it checks
        A parameter whose name (its last path segment) names a credential (password, secret,
        token, API or access key...) must be of type ``SecureString``; ``String`` and
        ``StringList`` values are stored and shown in clear. CloudFormation cannot create
        SecureString parameters: create such parameters outside the template.
    Why it matters
        Plain parameters are readable by anyone allowed ``ssm:GetParameter``, without any KMS
        permission, and appear in clear in the console, CloudFormation and Terraform state.
    How to fix
        Terraform:

        ```hcl
        resource "aws_ssm_parameter" "db_password" {
          name  = "/app/db_password"
          type  = "SecureString"
          value = var.db_password
        }
        ```

        CloudFormation:

        ```yaml
        # CloudFormation cannot create a SecureString: create the parameter outside the
        # template (or keep the secret in Secrets Manager) and reference it:
        Password: "{{resolve:ssm-secure:/app/db_password}}"
        ```
    """
    name = resource.get("name")
    if chosen_by_aws(name):
        return ok()  # a generated name says nothing about the value
    if is_unknown(name):
        return unknown(reason(name, "the parameter's name"), "name")
    if not isinstance(name, str) or not SECRET_NAME.search(name.rsplit("/", 1)[-1]):
        return ok()
    return setting(
        resource,
        "type",
        lambda kind: kind != "SecureString",
        f"{name} names a secret but is not a SecureString",
    )


@rule(
    code="AWS-SSM-002",
    name="ssm-document-public",
    kind=DOCUMENT,
    severity=Severity.HIGH,
    frameworks={FSBP: ["SSM.4"]},
    tags=["ssm", "exposure"],
)
def ssm_document_public(resource: Resource, ctx: Context) -> Verdict:
    """An SSM document is shared with every AWS account.

    What it checks
        ``shared_with`` must not contain ``all`` (Terraform's ``permissions = { type = "Share",
        account_ids = "all" }``).
    Why it matters
        A public document exposes its scripts, parameters and the internal names and addresses
        they mention to anyone, and lets any account run it as its own.
    How to fix
        Terraform:

        ```hcl
        resource "aws_ssm_document" "patch" {
          permissions = {
            type        = "Share"
            account_ids = "111122223333"
          }
        }
        ```

        CloudFormation:

        ```yaml
        # CloudFormation documents are shared with nobody: share them, if needed, with
        # named accounts only.
        ```
    """
    shared = resource.get("shared_with")
    if is_unknown(shared):
        return unknown(reason(shared, "the accounts the document is shared with"), "shared_with")
    if "all" in (shared or []):
        return fail("the document is shared with every AWS account", "shared_with")
    return ok()
