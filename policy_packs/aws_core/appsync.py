"""AppSync: GraphQL APIs that log, trace and do not rely on API keys."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, rule, unknown

from ._aws import FSBP, reason
from ._settings import setting

GRAPHQL_API = "aws.appsync.graphql_api"


@rule(
    code="AWS-APPSYNC-001",
    name="appsync-graphql-api-logging-disabled",
    kind=GRAPHQL_API,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["AppSync.2"]},
    tags=["appsync", "logging"],
)
def appsync_graphql_api_logging_disabled(resource: Resource, ctx: Context) -> Verdict:
    """An AppSync GraphQL API does not log its resolvers.

    What it checks
        ``log_config`` must be set with a ``field_log_level`` other than ``NONE``.
    Why it matters
        Without field-level logs, abuse of the API (enumeration, injection through arguments,
        failing resolvers) leaves no trace.
    How to fix
        Terraform:

        ```hcl
        log_config {
          cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn
          field_log_level          = "ERROR"
        }
        ```

        CloudFormation:

        ```yaml
        LogConfig:
          CloudWatchLogsRoleArn: !GetAtt AppSyncLogsRole.Arn
          FieldLogLevel: ERROR
        ```
    """
    config = resource.get("log_config")
    if is_unknown(config):
        return unknown(reason(config, "log_config"), "log_config")
    if config is None:
        return fail("the API logs nothing (no log configuration)", "log_config")
    return setting(
        resource,
        "log_config.field_log_level",
        lambda level: level == "NONE",
        "the API logs no resolver (field log level NONE)",
    )


@rule(
    code="AWS-APPSYNC-002",
    name="appsync-graphql-api-key-authentication",
    kind=GRAPHQL_API,
    severity=Severity.MEDIUM,
    tags=["appsync", "authentication"],
)
def appsync_graphql_api_key_authentication(resource: Resource, ctx: Context) -> Verdict:
    """An AppSync GraphQL API accepts API keys.

    What it checks
        Neither ``authentication_type`` nor an additional authorization mode may be ``API_KEY``.
    Why it matters
        An API key is a static secret shipped to every client; it identifies no user, cannot be
        scoped and is easily extracted from an app: anyone who has it may call the API.
    How to fix
        Terraform:

        ```hcl
        resource "aws_appsync_graphql_api" "app" {
          name                = "app"
          authentication_type = "AMAZON_COGNITO_USER_POOLS"
          user_pool_config {
            user_pool_id   = aws_cognito_user_pool.users.id
            default_action = "ALLOW"
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AppSync::GraphQLApi
          Properties:
            Name: app
            AuthenticationType: AWS_IAM
        ```
    """
    primary = resource.get("authentication_type")
    if is_unknown(primary):
        return unknown(reason(primary, "authentication_type"), "authentication_type")
    if primary == "API_KEY":
        return fail("the API authenticates callers with an API key", "authentication_type")
    return setting(
        resource,
        "additional_authentication_types",
        lambda types: "API_KEY" in types,
        "an additional authorization mode of the API is an API key",
    )


@rule(
    code="AWS-APPSYNC-003",
    name="appsync-graphql-api-tracing-disabled",
    kind=GRAPHQL_API,
    severity=Severity.LOW,
    tags=["appsync", "logging"],
)
def appsync_graphql_api_tracing_disabled(resource: Resource, ctx: Context) -> Verdict:
    """An AppSync GraphQL API is not traced with AWS X-Ray.

    What it checks
        ``xray_enabled`` must be true (off unless asked for).
    Why it matters
        Tracing follows each request through its resolvers and data sources; without it, slow or
        failing requests are hard to attribute.
    How to fix
        Terraform:

        ```hcl
        resource "aws_appsync_graphql_api" "app" {
          xray_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AppSync::GraphQLApi
          Properties:
            XrayEnabled: true
        ```
    """
    return setting(
        resource,
        "xray_enabled",
        lambda value: value is not True,
        "X-Ray tracing is off for the API",
    )
