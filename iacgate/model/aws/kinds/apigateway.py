"""API Gateway (REST): stages, their method settings folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    MAP,
    OPT_OBJECT,
    OPT_STR,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
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
        ),
        Field("rest_api_id", STR),
        Field("stage_name", STR),
        Field("deployment_id", STR),
        Field("tracing_enabled", BOOL, False, description="X-Ray tracing."),
        Field("cache_cluster_enabled", BOOL, False),
        Field("client_certificate_id", OPT_STR),
        Field(
            "access_log_settings",
            OPT_OBJECT,
            fields=(
                Field("destination_arn", OPT_STR),
                Field("format", OPT_STR),
            ),
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
                Field("logging_level", STR, "OFF"),
                Field("metrics_enabled", BOOL, False),
                Field("data_trace_enabled", BOOL, False),
                Field("caching_enabled", BOOL, False),
                Field("cache_data_encrypted", BOOL, False),
            ),
        ),
        Field("tags", TAGS),
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


KINDS = (STAGE,)
