"""Amplify Hosting: apps (the repository they build, and the credentials code may give them)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Field,
    Writers,
)

APP = AwsKind(
    name="aws.amplify.app",
    description="An Amplify Hosting app",
    physical_id="app_id",
    identifiers=("app_id", "arn"),
    terraform=Writers(types=("aws_amplify_app",)),
    cloudformation=Writers(types=("AWS::Amplify::App",)),
    note=(
        "The repository token and basic-auth credentials are read from code only: the API "
        "never returns the tokens, and the basic-auth credentials it returns are not collected."
    ),
    fields=(
        Field(
            "app_id",
            STR,
            ASSIGNED,
            description="Physical id; assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="appId",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="appArn",
        ),
        Field("name", STR, REQUIRED, terraform="name", cloudformation="Name", api="name"),
        Field(
            "repository",
            OPT_STR,
            description="The Git repository's URL; null for manual deployments.",
            terraform="repository",
            cloudformation="Repository",
            api="repository",
        ),
        Field(
            "access_token",
            OPT_STR,
            description="A GitHub personal access token, when code writes one. Sensitive.",
            required=False,
            terraform="access_token",
            cloudformation="AccessToken",
        ),
        Field(
            "oauth_token",
            OPT_STR,
            description="An OAuth token of another Git provider, when code writes one. Sensitive.",
            required=False,
            terraform="oauth_token",
            cloudformation="OauthToken",
        ),
        Field(
            "enable_basic_auth",
            BOOL,
            False,
            terraform="enable_basic_auth",
            cloudformation="BasicAuthConfig.EnableBasicAuth",
            api="enableBasicAuth",
        ),
        Field(
            "basic_auth_credentials",
            OPT_STR,
            description=(
                "The basic-auth secret when code writes it: Terraform's base64 user:password, "
                "CloudFormation's BasicAuthConfig.Password. Sensitive; never collected."
            ),
            required=False,
            terraform="basic_auth_credentials",
            cloudformation="BasicAuthConfig.Password",
        ),
        Field("tags", TAGS, required=False, terraform="tags", cloudformation="Tags", api="tags"),
    ),
    collector=Collector(
        service="amplify",
        calls=(call("amplify", "ListApps", paginated=True, items="apps"),),
        id_field="appId",
        arn="arn:{partition}:amplify:{region}:{account}:apps/{id}",
    ),
)

KINDS = (APP,)
