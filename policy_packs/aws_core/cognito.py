"""Cognito: user pools with threat protection, MFA, strong passwords and deletion protection."""

from __future__ import annotations

from iacgate.rules import (
    Context,
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

from ._aws import FSBP, reason
from ._settings import setting

USER_POOL = "aws.cognito.user_pool"
MINIMUM_PASSWORD_LENGTH = 12
CHARACTER_CLASSES = (
    "password_require_lowercase",
    "password_require_uppercase",
    "password_require_numbers",
    "password_require_symbols",
)


@rule(
    code="AWS-COGNITO-001",
    name="cognito-user-pool-threat-protection-not-enforced",
    kind=USER_POOL,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Cognito.1"]},
    tags=["cognito", "authentication"],
)
def cognito_user_pool_threat_protection_not_enforced(resource: Resource, ctx: Context) -> Verdict:
    """A Cognito user pool does not enforce threat protection.

    What it checks
        ``advanced_security_mode`` must be ``ENFORCED`` (``OFF`` unless set; ``AUDIT`` only
        reports).
    Why it matters
        Threat protection blocks sign-ins with compromised credentials and risky sign-ins (new
        devices, impossible travel); without enforcement credential stuffing succeeds.
    How to fix
        Terraform:

        ```hcl
        user_pool_add_ons {
          advanced_security_mode = "ENFORCED"
        }
        ```

        CloudFormation:

        ```yaml
        UserPoolAddOns:
          AdvancedSecurityMode: ENFORCED
        ```
    """
    return setting(
        resource,
        "advanced_security_mode",
        lambda value: value != "ENFORCED",
        "threat protection (advanced security) is not enforced",
    )


@rule(
    code="AWS-COGNITO-002",
    name="cognito-user-pool-mfa-off",
    kind=USER_POOL,
    severity=Severity.MEDIUM,
    tags=["cognito", "authentication"],
)
def cognito_user_pool_mfa_off(resource: Resource, ctx: Context) -> Verdict:
    """A Cognito user pool does not offer multi-factor authentication.

    What it checks
        ``mfa_configuration`` must be ``ON`` or ``OPTIONAL`` (``OFF`` unless set).
    Why it matters
        With passwords alone, one phished or reused password is a taken account.
    How to fix
        Terraform:

        ```hcl
        resource "aws_cognito_user_pool" "users" {
          mfa_configuration = "ON"
          software_token_mfa_configuration {
            enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Users:
          Type: AWS::Cognito::UserPool
          Properties:
            MfaConfiguration: "ON"
            EnabledMfas: [SOFTWARE_TOKEN_MFA]
        ```
    """
    return setting(
        resource,
        "mfa_configuration",
        lambda value: value == "OFF",
        "multi-factor authentication is off for the user pool",
    )


@rule(
    code="AWS-COGNITO-003",
    name="cognito-user-pool-weak-password-policy",
    kind=USER_POOL,
    severity=Severity.MEDIUM,
    tags=["cognito", "authentication"],
)
def cognito_user_pool_weak_password_policy(resource: Resource, ctx: Context) -> Verdicts:
    """A Cognito user pool accepts weak passwords.

    What it checks
        The password policy must require at least 12 characters (Cognito's default is 8) and
        every character class (lower case, upper case, numbers, symbols: Cognito requires them
        all unless told otherwise).
    Why it matters
        Short passwords fall to guessing and credential stuffing, which a user pool's sign-in
        page invites.
    How to fix
        Terraform:

        ```hcl
        password_policy {
          minimum_length    = 12
          require_lowercase = true
          require_uppercase = true
          require_numbers   = true
          require_symbols   = true
        }
        ```

        CloudFormation:

        ```yaml
        Policies:
          PasswordPolicy:
            MinimumLength: 12
            RequireLowercase: true
            RequireUppercase: true
            RequireNumbers: true
            RequireSymbols: true
        ```
    """
    verdicts: list[Verdict] = []
    length = resource.get("password_minimum_length")
    if is_unknown(length):
        verdicts.append(unknown(reason(length, "the minimum length"), "password_minimum_length"))
    elif isinstance(length, int) and length < MINIMUM_PASSWORD_LENGTH:
        message = (
            f"passwords may be {length} characters long (fewer than {MINIMUM_PASSWORD_LENGTH})"
        )
        verdicts.append(fail(message, "password_minimum_length"))
    for name in CHARACTER_CLASSES:
        required = resource.get(name)
        if is_unknown(required):
            verdicts.append(unknown(reason(required, name), name))
        elif required is not True:
            what = name.removeprefix("password_require_")
            verdicts.append(fail(f"passwords need not contain {what}", name))
    return verdicts or [ok()]


@rule(
    code="AWS-COGNITO-004",
    name="cognito-user-pool-deletion-protection-off",
    kind=USER_POOL,
    severity=Severity.LOW,
    tags=["cognito", "deletion-protection"],
)
def cognito_user_pool_deletion_protection_off(resource: Resource, ctx: Context) -> Verdict:
    """A Cognito user pool can be deleted without first turning off deletion protection.

    What it checks
        ``deletion_protection`` must be ``ACTIVE`` (``INACTIVE`` unless set).
    Why it matters
        Deleting a user pool deletes every user irrecoverably: passwords cannot be exported, so
        users must all sign up again.
    How to fix
        Terraform:

        ```hcl
        resource "aws_cognito_user_pool" "users" {
          deletion_protection = "ACTIVE"
        }
        ```

        CloudFormation:

        ```yaml
        Users:
          Type: AWS::Cognito::UserPool
          Properties:
            DeletionProtection: ACTIVE
        ```
    """
    return setting(
        resource,
        "deletion_protection",
        lambda value: value != "ACTIVE",
        "deletion protection is off for the user pool",
    )
