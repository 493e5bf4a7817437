"""Cognito: user pools, their MFA, password policy and threat protection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_CLOUDFORMATION,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Field,
    Writers,
    enum,
)

_POOL = "DescribeUserPool:UserPool."
_PASSWORD = "Policies.PasswordPolicy"


def _password(
    name: str, schema: Mapping[str, Any], default: object, terraform: str, api: str
) -> Field:
    return Field(
        name,
        schema,
        default,
        terraform=f"password_policy.0.{terraform}",
        cloudformation=f"{_PASSWORD}.{api}",
        api=f"{_POOL}{_PASSWORD}.{api}",
    )


USER_POOL = AwsKind(
    name="aws.cognito.user_pool",
    description="A Cognito user pool",
    physical_id="user_pool_id",
    identifiers=("user_pool_id", "arn"),
    terraform=Writers(types=("aws_cognito_user_pool",)),
    cloudformation=Writers(types=("AWS::Cognito::UserPool",)),
    fields=(
        Field(
            "user_pool_id",
            STR,
            description="<region>_... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="Id",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api=f"{_POOL}Arn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="UserPoolName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "mfa_configuration",
            enum("OFF", "ON", "OPTIONAL"),
            "OFF",
            description="Multi-factor authentication; OFF unless asked for.",
            terraform="mfa_configuration",
            cloudformation="MfaConfiguration",
            api=f"{_POOL}MfaConfiguration",
        ),
        _password("password_minimum_length", INT, 8, "minimum_length", "MinimumLength"),
        _password(
            "password_require_lowercase", BOOL, True, "require_lowercase", "RequireLowercase"
        ),
        _password(
            "password_require_uppercase", BOOL, True, "require_uppercase", "RequireUppercase"
        ),
        _password("password_require_numbers", BOOL, True, "require_numbers", "RequireNumbers"),
        _password("password_require_symbols", BOOL, True, "require_symbols", "RequireSymbols"),
        Field(
            "advanced_security_mode",
            enum("OFF", "AUDIT", "ENFORCED"),
            "OFF",
            description="Threat protection (advanced security features); OFF unless asked for.",
            terraform="user_pool_add_ons.0.advanced_security_mode",
            cloudformation="UserPoolAddOns.AdvancedSecurityMode",
            api=f"{_POOL}UserPoolAddOns.AdvancedSecurityMode",
        ),
        Field(
            "deletion_protection",
            enum("ACTIVE", "INACTIVE"),
            "INACTIVE",
            terraform="deletion_protection",
            cloudformation="DeletionProtection",
            api=f"{_POOL}DeletionProtection",
        ),
    ),
    collector=Collector(
        service="cognito-idp",
        calls=(
            call("cognito-idp", "ListUserPools", paginated=True),
            call(
                "cognito-idp",
                "DescribeUserPool",
                gone=("ResourceNotFoundException",),
            ),
        ),
        id_field="Id",
        arn="arn:{partition}:cognito-idp:{region}:{account}:userpool/{id}",
    ),
)

KINDS = (USER_POOL,)
