"""AppSync: GraphQL APIs, their authorization, logging and tracing."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_AUTH = enum(
    "API_KEY",
    "AWS_IAM",
    "AMAZON_COGNITO_USER_POOLS",
    "OPENID_CONNECT",
    "AWS_LAMBDA",
)

GRAPHQL_API = AwsKind(
    name="aws.appsync.graphql_api",
    description="An AppSync GraphQL API",
    physical_id="api_id",
    identifiers=("api_id", "arn"),
    terraform=Writers(types=("aws_appsync_graphql_api",)),
    cloudformation=Writers(types=("AWS::AppSync::GraphQLApi",)),
    fields=(
        Field(
            "api_id",
            STR,
            description="The API id (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="apiId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="arn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            api="name",
        ),
        Field(
            "authentication_type",
            _AUTH,
            terraform="authentication_type",
            cloudformation="AuthenticationType",
            default=REQUIRED,
            api="authenticationType",
        ),
        Field(
            "additional_authentication_types",
            STRINGS,
            [],
            description="The additional authorization modes' types.",
            terraform="additional_authentication_provider.*.authentication_type",
            cloudformation="AdditionalAuthenticationProviders.*.AuthenticationType",
            api="additionalAuthenticationProviders.*.authenticationType",
        ),
        Field(
            "log_config",
            OPT_OBJECT,
            description="Logging to CloudWatch Logs; null when not configured (nothing logged).",
            fields=(
                Field(
                    "field_log_level",
                    enum("NONE", "ERROR", "ALL", "INFO", "DEBUG"),
                    terraform="field_log_level",
                    cloudformation="FieldLogLevel",
                    default=REQUIRED,
                    api="fieldLogLevel",
                ),
                Field(
                    "cloudwatch_logs_role_arn",
                    OPT_STR,
                    terraform="cloudwatch_logs_role_arn",
                    cloudformation="CloudWatchLogsRoleArn",
                    api="cloudWatchLogsRoleArn",
                ),
            ),
            absent=None,
            terraform="log_config",
            cloudformation="LogConfig",
            api="logConfig",
        ),
        Field(
            "xray_enabled",
            BOOL,
            False,
            terraform="xray_enabled",
            cloudformation="XrayEnabled",
            api="xrayEnabled",
        ),
        Field(
            "visibility",
            enum("GLOBAL", "PRIVATE"),
            "GLOBAL",
            terraform="visibility",
            cloudformation="Visibility",
            api="visibility",
        ),
    ),
    edges=(Edge("log_config.cloudwatch_logs_role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),),
    collector=Collector(
        service="appsync",
        calls=(call("appsync", "ListGraphqlApis", paginated=True, items="graphqlApis"),),
        id_field="apiId",
        arn="arn:{partition}:appsync:{region}:{account}:apis/{id}",
    ),
)

KINDS = (GRAPHQL_API,)
