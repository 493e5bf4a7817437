"""API Gateway (REST): stages, their method settings folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    MAP,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

STAGE = AwsKind(
    name="aws.apigateway.stage",
    description="An API Gateway (REST) stage with its method settings",
    physical_id="arn",
    terraform=Writers(types=("aws_api_gateway_stage",), folds=("aws_api_gateway_method_settings",)),
    cloudformation=Writers(types=("AWS::ApiGateway::Stage",)),
    fields=(
        Field(
            "arn",
            STR,
            description="arn:aws:apigateway:<region>::/restapis/<id>/stages/<name> (physical id).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "rest_api_id",
            STR,
            terraform="rest_api_id",
            cloudformation="RestApiId",
            default=REQUIRED,
            api="restApiId",
        ),
        Field(
            "stage_name",
            STR,
            terraform="stage_name",
            cloudformation="StageName",
            default=REQUIRED,
            api="stageName",
        ),
        Field(
            "deployment_id",
            STR,
            terraform="deployment_id",
            cloudformation="DeploymentId",
            default=REQUIRED,
            api="deploymentId",
        ),
        Field(
            "tracing_enabled",
            BOOL,
            False,
            description="X-Ray tracing.",
            terraform="xray_tracing_enabled",
            cloudformation="TracingEnabled",
            api="tracingEnabled",
        ),
        Field(
            "cache_cluster_enabled",
            BOOL,
            False,
            terraform="cache_cluster_enabled",
            cloudformation="CacheClusterEnabled",
            api="cacheClusterEnabled",
        ),
        Field(
            "client_certificate_id",
            OPT_STR,
            terraform="client_certificate_id",
            cloudformation="ClientCertificateId",
            api="clientCertificateId",
        ),
        Field(
            "access_log_settings",
            OPT_OBJECT,
            fields=(
                Field(
                    "destination_arn",
                    OPT_STR,
                    terraform="destination_arn",
                    cloudformation="DestinationArn",
                    api="destinationArn",
                ),
                Field("format", OPT_STR, terraform="format", cloudformation="Format", api="format"),
            ),
            terraform="access_log_settings",
            cloudformation="AccessLogSetting",
            absent=None,
            api="accessLogSettings",
        ),
        Field(
            "method_settings",
            MAP,
            {},
            description=(
                "By method path (*/* for every method): aws_api_gateway_method_settings, "
                "MethodSettings, the stage's methodSettings."
            ),
            fields=(
                Field(
                    "logging_level",
                    STR,
                    "OFF",
                    terraform="logging_level",
                    cloudformation="LoggingLevel",
                    api="loggingLevel",
                ),
                Field(
                    "metrics_enabled",
                    BOOL,
                    False,
                    terraform="metrics_enabled",
                    cloudformation="MetricsEnabled",
                    api="metricsEnabled",
                ),
                Field(
                    "data_trace_enabled",
                    BOOL,
                    False,
                    terraform="data_trace_enabled",
                    cloudformation="DataTraceEnabled",
                    api="dataTraceEnabled",
                ),
                Field(
                    "caching_enabled",
                    BOOL,
                    False,
                    terraform="caching_enabled",
                    cloudformation="CachingEnabled",
                    api="cachingEnabled",
                ),
                Field(
                    "cache_data_encrypted",
                    BOOL,
                    False,
                    terraform="cache_data_encrypted",
                    cloudformation="CacheDataEncrypted",
                    api="cacheDataEncrypted",
                ),
            ),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="tags"),
    ),
    edges=(Edge("access_log_settings.destination_arn", EdgeType.LOGS_TO, ("aws.logs.log_group",)),),
    collector=Collector(
        service="apigateway",
        calls=(
            call(
                "apigateway",
                "GetRestApis",
                "apigateway:GET",
                paginated=True,
                resource="arn:{partition}:apigateway:*::/restapis",
            ),
            call(
                "apigateway",
                "GetStages",
                "apigateway:GET",
                gone=("NotFoundException",),
                resource="arn:{partition}:apigateway:*::/restapis/*/stages",
            ),
        ),
        id_field="stageName",
        arn="arn:{partition}:apigateway:{region}::/restapis/{id}",
        note="REST API stages; the ARN id is <rest api id>/stages/<stage name>",
    ),
)


METHOD = AwsKind(
    name="aws.apigateway.method",
    description="A method of an API Gateway (REST) resource and how callers are authorized",
    physical_id="id",
    terraform=Writers(types=("aws_api_gateway_method",), folds=("aws_api_gateway_integration",)),
    cloudformation=Writers(types=("AWS::ApiGateway::Method",)),
    fields=(
        Field(
            "id",
            STR,
            description="agm-<rest api id>-<resource id>-<HTTP method> (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="id",
        ),
        Field(
            "rest_api_id",
            STR,
            terraform="rest_api_id",
            cloudformation="RestApiId",
            default=REQUIRED,
            api="restApiId",
        ),
        Field(
            "resource_id",
            STR,
            terraform="resource_id",
            cloudformation="ResourceId",
            default=REQUIRED,
            api="resourceId",
        ),
        Field(
            "http_method",
            STR,
            terraform="http_method",
            cloudformation="HttpMethod",
            default=REQUIRED,
            api="httpMethod",
        ),
        Field(
            "authorization",
            enum("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"),
            "NONE",
            description="Terraform authorization (required), CloudFormation AuthorizationType.",
            terraform="authorization",
            cloudformation="AuthorizationType",
            api="authorizationType",
        ),
        Field(
            "authorizer_id",
            OPT_STR,
            terraform="authorizer_id",
            cloudformation="AuthorizerId",
            api="authorizerId",
        ),
        Field(
            "api_key_required",
            BOOL,
            False,
            terraform="api_key_required",
            cloudformation="ApiKeyRequired",
            api="apiKeyRequired",
        ),
        Field(
            "integration_type",
            OPT_STR,
            description=(
                "What the method calls: AWS_PROXY/AWS (a Lambda function or another service), "
                "HTTP(_PROXY), MOCK; null without an integration (Terraform "
                "aws_api_gateway_integration folded in)."
            ),
            cloudformation="Integration.Type",
            api="methodIntegration.type",
        ),
        Field(
            "integration_uri",
            OPT_STR,
            description="The integration's URI (a Lambda function's invocation ARN, a URL).",
            cloudformation="Integration.Uri",
            api="methodIntegration.uri",
        ),
    ),
    edges=(Edge("integration_uri", EdgeType.ROUTES_TO, ("aws.lambda.function",)),),
    collector=Collector(
        service="apigateway",
        calls=(
            call(
                "apigateway",
                "GetRestApis",
                "apigateway:GET",
                paginated=True,
                resource="arn:{partition}:apigateway:*::/restapis",
            ),
            call(
                "apigateway",
                "GetResources",
                "apigateway:GET",
                paginated=True,
                gone=("NotFoundException",),
                resource="arn:{partition}:apigateway:*::/restapis/*/resources",
            ),
            call(
                "apigateway",
                "GetMethod",
                "apigateway:GET",
                gone=("NotFoundException",),
                resource="arn:{partition}:apigateway:*::/restapis/*/resources/*/methods/*",
            ),
        ),
        id_field="id",
        arn="arn:{partition}:apigateway:{region}::/restapis/{id}",
        address="api-gateway-method/{id}",
        note="REST API methods; the id is agm-<rest api id>-<resource id>-<HTTP method>",
    ),
)


KINDS = (STAGE, METHOD)
