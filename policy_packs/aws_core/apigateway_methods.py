"""API Gateway (REST) methods: callers authorized."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import reason


@rule(
    code="AWS-APIGATEWAY-010",
    name="api-gateway-method-without-authorization",
    kind="aws.apigateway.method",
    severity=Severity.MEDIUM,
    tags=["apigateway", "authentication", "exposure"],
)
def api_gateway_method_without_authorization(method: Resource, ctx: Context) -> Verdict:
    """An API Gateway REST method accepts calls from anyone: no authorizer, no API key.

    What it checks
        ``authorization`` (``AuthorizationType`` in CloudFormation, default ``NONE``) must name
        an authorizer (``AWS_IAM``, ``CUSTOM``, ``COGNITO_USER_POOLS``), or the method must
        require an API key. ``OPTIONS`` methods (CORS preflight, which browsers send without
        credentials) pass.
    Why it matters
        An open method runs its integration (a Lambda function, a backend, an AWS service
        call) for every caller on the internet: data it returns is public, and its cost and
        the backend's load are anyone's to drive.
    How to fix
        Authorize callers with IAM, a Cognito user pool or a Lambda authorizer.

        Terraform:

        ```hcl
        resource "aws_api_gateway_method" "get" {
          rest_api_id   = aws_api_gateway_rest_api.api.id
          resource_id   = aws_api_gateway_resource.items.id
          http_method   = "GET"
          authorization = "AWS_IAM"
        }
        ```

        CloudFormation:

        ```yaml
        GetItems:
          Type: AWS::ApiGateway::Method
          Properties:
            RestApiId: !Ref Api
            ResourceId: !Ref Items
            HttpMethod: GET
            AuthorizationType: AWS_IAM
        ```
    """
    verb = method.get("http_method")
    if isinstance(verb, str) and verb.upper() == "OPTIONS":
        return ok()
    kind = method.get("authorization")
    if is_unknown(kind):
        # A required API key admits only its holders, whatever the authorization type.
        if method.get("api_key_required") is True:
            return ok()
        return unknown(reason(kind, "the authorization type"), "authorization")
    if kind != "NONE":
        return ok()
    key = method.get("api_key_required")
    if is_unknown(key):
        return unknown(reason(key, "whether an API key is required"), "api_key_required")
    if key is True:
        return ok()
    return fail("the method authorizes no caller (authorization NONE, no API key)", "authorization")
