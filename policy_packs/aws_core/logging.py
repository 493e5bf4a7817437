"""Logging: CloudTrail, CloudWatch Logs log groups and API Gateway stages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import CIS, FSBP, is_set, reason, summarize

TRAIL = "aws.cloudtrail.trail"
LOG_GROUP = "aws.logs.log_group"
STAGE = "aws.apigateway.stage"


def _flag(resource: Resource, path: str, message: str) -> Verdict:
    value = resource.get(path)
    if is_unknown(value):
        return unknown(reason(value, path), path)
    return ok() if value is True else fail(message, path)


def _set(resource: Resource, path: str, message: str, ctx: Context) -> Verdict:
    answer = is_set(resource, (path,), ctx)
    if is_unknown(answer):
        return unknown(reason(answer, path), path)
    return ok() if answer else fail(message, path)


@rule(
    code="AWS-CLOUDTRAIL-001",
    name="cloudtrail-not-multi-region",
    kind=TRAIL,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.1"], FSBP: ["CloudTrail.1"]},
    tags=["cloudtrail", "logging"],
)
def cloudtrail_not_multi_region(trail: Resource, ctx: Context) -> Verdict:
    """A CloudTrail trail records only the region it is created in.

    What it checks
        ``is_multi_region_trail`` must be true.
    Why it matters
        An attacker works in the regions nobody watches: instances started in an unused
        region, or IAM calls recorded only where they were made, never reach a single-region
        trail.
    How to fix
        Make the trail multi-region (with global service events).

        Terraform:

        ```hcl
        resource "aws_cloudtrail" "main" {
          name                          = "main"
          s3_bucket_name                = aws_s3_bucket.trail.id
          is_multi_region_trail         = true
          include_global_service_events = true
        }
        ```

        CloudFormation:

        ```yaml
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: !Ref TrailBucket
            IsMultiRegionTrail: true
            IncludeGlobalServiceEvents: true
        ```
    """
    return _flag(trail, "is_multi_region_trail", "the trail records a single region")


@rule(
    code="AWS-CLOUDTRAIL-002",
    name="cloudtrail-log-validation-disabled",
    kind=TRAIL,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.2"], FSBP: ["CloudTrail.4"]},
    tags=["cloudtrail", "logging", "integrity"],
)
def cloudtrail_log_validation_disabled(trail: Resource, ctx: Context) -> Verdict:
    """A CloudTrail trail does not produce digest files to validate its logs.

    What it checks
        ``log_file_validation_enabled`` (``EnableLogFileValidation``) must be true.
    Why it matters
        Without digests nobody can prove that a log file was not altered or removed after
        delivery: an intruder with access to the bucket edits the evidence undetected.
    How to fix
        Turn log file validation on.

        Terraform:

        ```hcl
        resource "aws_cloudtrail" "main" {
          name                       = "main"
          s3_bucket_name             = aws_s3_bucket.trail.id
          enable_log_file_validation = true
        }
        ```

        CloudFormation:

        ```yaml
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: !Ref TrailBucket
            EnableLogFileValidation: true
        ```
    """
    return _flag(trail, "log_file_validation_enabled", "log file validation is off")


@rule(
    code="AWS-CLOUDTRAIL-003",
    name="cloudtrail-not-encrypted-with-kms",
    kind=TRAIL,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.5"], FSBP: ["CloudTrail.2"]},
    tags=["cloudtrail", "encryption-at-rest"],
)
def cloudtrail_not_encrypted_with_kms(trail: Resource, ctx: Context) -> Verdict:
    """A CloudTrail trail does not encrypt its log files with a KMS key.

    What it checks
        ``kms_key_id`` must name a KMS key.
    Why it matters
        With SSE-KMS, reading the logs also takes ``kms:Decrypt`` on the key: a second,
        separately granted permission that limits who sees account activity, and whose use is
        itself logged.
    How to fix
        Encrypt the trail with a customer-managed key whose policy lets CloudTrail use it.

        Terraform:

        ```hcl
        resource "aws_cloudtrail" "main" {
          name           = "main"
          s3_bucket_name = aws_s3_bucket.trail.id
          kms_key_id     = aws_kms_key.trail.arn
        }
        ```

        CloudFormation:

        ```yaml
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: !Ref TrailBucket
            KMSKeyId: !Ref TrailKey
        ```
    """
    return _set(trail, "kms_key_id", "log files are not encrypted with a KMS key", ctx)


@rule(
    code="AWS-CLOUDTRAIL-004",
    name="cloudtrail-not-sent-to-cloudwatch",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={FSBP: ["CloudTrail.5"]},
    tags=["cloudtrail", "monitoring"],
)
def cloudtrail_not_sent_to_cloudwatch(trail: Resource, ctx: Context) -> Verdict:
    """A CloudTrail trail does not deliver events to CloudWatch Logs.

    What it checks
        ``cloud_watch_logs_log_group_arn`` must be set.
    Why it matters
        Events only in S3 are read after the fact; in CloudWatch Logs, metric filters and
        alarms catch root logins, policy changes and disabled trails as they happen.
    How to fix
        Send the trail to a log group, with a role CloudTrail assumes to write there.

        Terraform:

        ```hcl
        resource "aws_cloudtrail" "main" {
          name                       = "main"
          s3_bucket_name             = aws_s3_bucket.trail.id
          cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
          cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
        }
        ```

        CloudFormation:

        ```yaml
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: !Ref TrailBucket
            CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn
            CloudWatchLogsRoleArn: !GetAtt TrailToLogs.Arn
        ```
    """
    return _set(
        trail, "cloud_watch_logs_log_group_arn", "events are not sent to CloudWatch Logs", ctx
    )


@rule(
    code="AWS-LOGS-001",
    name="log-group-retention-unset",
    kind=LOG_GROUP,
    severity=Severity.LOW,
    tags=["logging", "retention"],
)
def log_group_retention_unset(group: Resource, ctx: Context) -> Verdict:
    """A CloudWatch Logs log group keeps its events forever.

    What it checks
        ``retention_in_days`` must be set (unset means never expire).
    Why it matters
        Logs kept forever are personal data and secrets kept forever, at ever-growing cost;
        a retention period is also what an audit asks to see declared.
    How to fix
        Set a retention period that meets your audit requirement.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_group" "app" {
          name              = "/app/api"
          retention_in_days = 365
        }
        ```

        CloudFormation:

        ```yaml
        AppLogs:
          Type: AWS::Logs::LogGroup
          Properties:
            RetentionInDays: 365
        ```
    """
    days = group.get("retention_in_days")
    if is_unknown(days):
        return unknown(reason(days, "retention_in_days"), "retention_in_days")
    if days is None:
        return fail("events are never expired", "retention_in_days")
    return ok()


@rule(
    code="AWS-LOGS-002",
    name="log-group-not-encrypted-with-kms",
    kind=LOG_GROUP,
    severity=Severity.LOW,
    tags=["logging", "encryption-at-rest"],
)
def log_group_not_encrypted_with_kms(group: Resource, ctx: Context) -> Verdict:
    """A CloudWatch Logs log group is not encrypted with a customer-managed KMS key.

    What it checks
        ``kms_key_id`` must be set. Log data is always encrypted by the service; a KMS key
        adds a key policy that decides, beyond IAM, who may read it.
    Why it matters
        Application logs routinely carry tokens, personal data and request bodies; with a
        customer-managed key, access to them can be audited and revoked in one place.
    How to fix
        Associate a KMS key whose policy allows the CloudWatch Logs service principal.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_group" "app" {
          name              = "/app/api"
          retention_in_days = 365
          kms_key_id        = aws_kms_key.logs.arn
        }
        ```

        CloudFormation:

        ```yaml
        AppLogs:
          Type: AWS::Logs::LogGroup
          Properties:
            RetentionInDays: 365
            KmsKeyId: !GetAtt LogsKey.Arn
        ```
    """
    return _set(group, "kms_key_id", "the log group is not encrypted with a KMS key", ctx)


LOGGING_LEVELS = ("ERROR", "INFO")


@rule(
    code="AWS-APIGATEWAY-001",
    name="api-gateway-execution-logging-disabled",
    kind=STAGE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["APIGateway.1"]},
    tags=["apigateway", "logging"],
)
def execution_logging_disabled(stage: Resource, ctx: Context) -> Verdict:
    """An API Gateway REST API stage does not log executions for all its methods.

    What it checks
        The stage's method settings for every method (``*/*``) must set ``logging_level``
        to ``ERROR`` or ``INFO``.
    Why it matters
        Execution logs record authorizer decisions, integration errors and throttling per
        request: without them, abuse of the API and failing integrations go unseen.
    How to fix
        Turn on execution logging for all methods (the account needs a CloudWatch role for
        API Gateway).

        Terraform:

        ```hcl
        resource "aws_api_gateway_method_settings" "all" {
          rest_api_id = aws_api_gateway_rest_api.api.id
          stage_name  = aws_api_gateway_stage.prod.stage_name
          method_path = "*/*"
          settings {
            logging_level   = "ERROR"
            metrics_enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Prod:
          Type: AWS::ApiGateway::Stage
          Properties:
            RestApiId: !Ref Api
            DeploymentId: !Ref Deployment
            MethodSettings:
              - ResourcePath: "/*"
                HttpMethod: "*"
                LoggingLevel: ERROR
                MetricsEnabled: true
        ```
    """
    settings = stage.get("method_settings")
    if is_unknown(settings):
        return unknown(reason(settings, "the method settings"), "method_settings")
    every = settings.get("*/*") if isinstance(settings, Mapping) else None
    if is_unknown(every):
        return unknown(reason(every, "the settings of every method"), ("method_settings", "*/*"))
    level = every.get("logging_level") if isinstance(every, Mapping) else None
    path = ("method_settings", "*/*", "logging_level")
    if is_unknown(level):
        return unknown(reason(level, "the logging level"), path)
    if level in LOGGING_LEVELS:
        return ok()
    return fail("execution logging is off for the stage's methods", path)


@rule(
    code="AWS-APIGATEWAY-002",
    name="api-gateway-access-logging-disabled",
    kind=STAGE,
    severity=Severity.LOW,
    tags=["apigateway", "logging"],
)
def access_logging_disabled(stage: Resource, ctx: Context) -> Verdict:
    """An API Gateway REST API stage writes no access log.

    What it checks
        ``access_log_settings`` must be configured with a destination.
    Why it matters
        Access logs are the per-request record of who called which method from where, in the
        format you choose: the first thing asked for when an API key or a token leaks.
    How to fix
        Send access logs to a log group (or Firehose).

        Terraform:

        ```hcl
        resource "aws_api_gateway_stage" "prod" {
          rest_api_id   = aws_api_gateway_rest_api.api.id
          deployment_id = aws_api_gateway_deployment.api.id
          stage_name    = "prod"
          access_log_settings {
            destination_arn = aws_cloudwatch_log_group.api.arn
            format          = jsonencode({ requestId = "$context.requestId" })
          }
        }
        ```

        CloudFormation:

        ```yaml
        Prod:
          Type: AWS::ApiGateway::Stage
          Properties:
            RestApiId: !Ref Api
            DeploymentId: !Ref Deployment
            AccessLogSetting:
              DestinationArn: !GetAtt ApiLogs.Arn
              Format: '{"requestId":"$context.requestId"}'
        ```
    """
    settings = stage.get("access_log_settings")
    if is_unknown(settings):
        return unknown(reason(settings, "access_log_settings"), "access_log_settings")
    return ok() if settings is not None else fail("access logging is off", "access_log_settings")


@rule(
    code="AWS-APIGATEWAY-003",
    name="api-gateway-cache-not-encrypted",
    kind=STAGE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["APIGateway.5"]},
    tags=["apigateway", "encryption-at-rest"],
)
def cache_not_encrypted(stage: Resource, ctx: Context) -> Iterator[Verdict]:
    """An API Gateway stage caches responses without encrypting the cache.

    What it checks
        Every method setting that turns caching on must also set ``cache_data_encrypted``.
    Why it matters
        Cached responses hold whatever the API returns, personal data and tokens included,
        in clear on the cache cluster.
    How to fix
        Encrypt the cache data.

        Terraform:

        ```hcl
        resource "aws_api_gateway_method_settings" "all" {
          rest_api_id = aws_api_gateway_rest_api.api.id
          stage_name  = aws_api_gateway_stage.prod.stage_name
          method_path = "*/*"
          settings {
            caching_enabled      = true
            cache_data_encrypted = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Prod:
          Type: AWS::ApiGateway::Stage
          Properties:
            CacheClusterEnabled: true
            MethodSettings:
              - ResourcePath: "/*"
                HttpMethod: "*"
                CachingEnabled: true
                CacheDataEncrypted: true
        ```
    """
    settings = stage.get("method_settings")
    if is_unknown(settings):
        yield unknown(reason(settings, "the method settings"), "method_settings")
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for method, values in settings.items() if isinstance(settings, Mapping) else []:
        if not isinstance(values, Mapping):
            continue
        caching, encrypted = values.get("caching_enabled"), values.get("cache_data_encrypted")
        path = ("method_settings", method, "cache_data_encrypted")
        if encrypted is True:
            continue  # encrypted: whether caching is on does not matter
        if is_unknown(caching):
            unknowns.append(unknown(reason(caching, f"caching of {method}"), path))
        elif caching is True and is_unknown(encrypted):
            unknowns.append(unknown(reason(encrypted, f"cache encryption of {method}"), path))
        elif caching is True and encrypted is not True:
            fails.append(fail(f"responses of {method} are cached unencrypted", path))
    yield from summarize(fails, unknowns)
