"""Every other kind: RDS, KMS, CloudTrail, Lambda, DynamoDB, SQS, SNS, EKS, ELBv2, ECR,
Secrets Manager, CloudWatch Logs, API Gateway stages, CloudFront distributions.

Each mapping reads the API's own field names into the canonical attributes of
``model/schemas/aws.json``, with the same defaults as the Terraform and CloudFormation
mappings, so that an unchanged resource compares equal whatever declared it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iacgate.live.aws.records import NativeRecord
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws_api.core import (
    Mapped,
    answer,
    as_bool,
    as_int,
    dig,
    opt,
    policy,
    sorted_strings,
    tag_map,
)

# -- RDS -------------------------------------------------------------------------------------


def _rds_common(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "engine_version": item.get("EngineVersion"),
        "backup_retention_period": as_int(item.get("BackupRetentionPeriod"), 1),
        "deletion_protection": as_bool(item.get("DeletionProtection")),
        "iam_database_authentication_enabled": as_bool(
            item.get("IAMDatabaseAuthenticationEnabled")
        ),
        "copy_tags_to_snapshot": as_bool(item.get("CopyTagsToSnapshot")),
        "enabled_cloudwatch_logs_exports": sorted_strings(item.get("EnabledCloudwatchLogsExports")),
        "master_username": opt(item.get("MasterUsername")),
        "kms_key_id": opt(item.get("KmsKeyId")),
        "vpc_security_group_ids": sorted_strings(
            g.get("VpcSecurityGroupId") for g in item.get("VpcSecurityGroups") or []
        ),
        "tags": tag_map(item.get("TagList")),
    }


def db_instance(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["DBInstanceArn"])
    attributes = {
        "db_instance_identifier": item.get("DBInstanceIdentifier"),
        "arn": arn,
        "engine": item.get("Engine"),
        "instance_class": item.get("DBInstanceClass"),
        "allocated_storage": as_int(item.get("AllocatedStorage")),
        "storage_type": item.get("StorageType"),
        "storage_encrypted": as_bool(item.get("StorageEncrypted")),
        "publicly_accessible": as_bool(item.get("PubliclyAccessible")),
        "multi_az": as_bool(item.get("MultiAZ")),
        "auto_minor_version_upgrade": as_bool(item.get("AutoMinorVersionUpgrade"), True),
        "monitoring_interval": as_int(item.get("MonitoringInterval"), 0),
        "performance_insights_enabled": as_bool(item.get("PerformanceInsightsEnabled")),
        "performance_insights_kms_key_id": opt(item.get("PerformanceInsightsKMSKeyId")),
        "ca_cert_identifier": item.get("CACertificateIdentifier"),
        "db_cluster_identifier": opt(item.get("DBClusterIdentifier")),
        "source_db_instance_identifier": opt(item.get("ReadReplicaSourceDBInstanceIdentifier")),
        "db_subnet_group_name": dig(item, "DBSubnetGroup", "DBSubnetGroupName", default="default"),
        **_rds_common(item),
    }
    return [Mapped("aws.rds.db_instance", arn, attributes)]


def db_cluster(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["DBClusterArn"])
    attributes = {
        "db_cluster_identifier": item.get("DBClusterIdentifier"),
        "arn": arn,
        "engine": item.get("Engine") or "aurora",
        "engine_mode": item.get("EngineMode") or "provisioned",
        "storage_encrypted": as_bool(item.get("StorageEncrypted")),
        "db_subnet_group_name": opt(item.get("DBSubnetGroup")) or "default",
        **_rds_common(item),
    }
    return [Mapped("aws.rds.db_cluster", arn, attributes)]


# -- KMS -------------------------------------------------------------------------------------


def kms_key(record: NativeRecord) -> list[Mapped]:
    item = record.item
    described = answer(record, "DescribeKey")
    metadata: Any = (
        described if is_unknown(described) else dig(described, "KeyMetadata", default={})
    )
    rotation = answer(record, "GetKeyRotationStatus")
    enabled_rotation = (
        rotation if is_unknown(rotation) else as_bool(dig(rotation, "KeyRotationEnabled"))
    )
    period: Any = None
    if is_unknown(rotation):
        period = rotation
    elif enabled_rotation is True:
        period = as_int(dig(rotation, "RotationPeriodInDays"), 365) or 365
    key_policy = answer(record, "GetKeyPolicy")
    arn = f"arn:{record.partition}:kms:{record.region}:{record.account}:key/{item['KeyId']}"

    known: Mapping[str, Any] = metadata if isinstance(metadata, Mapping) else {}

    def meta(field: str, default: Any = None) -> Any:
        if is_unknown(metadata):
            return metadata
        value = known.get(field)
        return default if value is None else value

    spec = (
        meta("KeySpec", None)
        if known.get("KeySpec")
        else meta("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
    )
    attributes = {
        "key_id": item["KeyId"],
        "arn": item.get("KeyArn") or arn,
        "description": opt(meta("Description")),
        "key_usage": meta("KeyUsage", "ENCRYPT_DECRYPT"),
        "key_spec": spec,
        "key_rotation_enabled": enabled_rotation,
        "rotation_period_in_days": period,
        "enabled": meta("Enabled", True),
        "multi_region": meta("MultiRegion", False),
        "policy": key_policy if is_unknown(key_policy) else policy(dig(key_policy, "Policy")),
        "aliases": sorted_strings(record.details.get("ListAliases")),
        "tags": tag_map(answer(record, "ListResourceTags"), "TagKey", "TagValue"),
    }
    return [Mapped("aws.kms.key", str(attributes["arn"]), attributes)]


# -- CloudTrail ------------------------------------------------------------------------------


def trail(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["TrailARN"])
    status = answer(record, "GetTrailStatus")
    tags = answer(record, "ListTags")
    attributes = {
        "name": item.get("Name"),
        "arn": arn,
        "s3_bucket_name": item.get("S3BucketName"),
        "s3_key_prefix": opt(item.get("S3KeyPrefix")),
        "is_multi_region_trail": as_bool(item.get("IsMultiRegionTrail")),
        "include_global_service_events": as_bool(item.get("IncludeGlobalServiceEvents"), True),
        "log_file_validation_enabled": as_bool(item.get("LogFileValidationEnabled")),
        "kms_key_id": opt(item.get("KmsKeyId")),
        "cloud_watch_logs_log_group_arn": opt(item.get("CloudWatchLogsLogGroupArn")),
        "cloud_watch_logs_role_arn": opt(item.get("CloudWatchLogsRoleArn")),
        "is_organization_trail": as_bool(item.get("IsOrganizationTrail")),
        "sns_topic_name": opt(item.get("SnsTopicName")),
        "is_logging": status if is_unknown(status) else as_bool(dig(status, "IsLogging"), True),
        "tags": tags if is_unknown(tags) else tag_map(dig(tags, 0, "TagsList")),
    }
    return [Mapped("aws.cloudtrail.trail", arn, attributes)]


# -- Lambda ----------------------------------------------------------------------------------


def function(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["FunctionArn"])
    vpc = item.get("VpcConfig") or {}
    concurrency = answer(record, "GetFunctionConcurrency")
    url = answer(record, "GetFunctionUrlConfig")
    signing = answer(record, "GetFunctionCodeSigningConfig")
    tags = answer(record, "ListTags")
    attributes = {
        "function_name": item.get("FunctionName"),
        "arn": arn,
        "role": item.get("Role"),
        "runtime": opt(item.get("Runtime")),
        "handler": opt(item.get("Handler")),
        "package_type": item.get("PackageType") or "Zip",
        "memory_size": as_int(item.get("MemorySize"), 128),
        "timeout": as_int(item.get("Timeout"), 3),
        "kms_key_arn": opt(item.get("KMSKeyArn")),
        "code_signing_config_arn": signing
        if is_unknown(signing)
        else opt(dig(signing, "CodeSigningConfigArn")),
        "environment_variables": dict(dig(item, "Environment", "Variables", default={})),
        "tracing_mode": dig(item, "TracingConfig", "Mode", default="PassThrough"),
        "vpc_config": {
            "subnet_ids": sorted_strings(vpc.get("SubnetIds")),
            "security_group_ids": sorted_strings(vpc.get("SecurityGroupIds")),
        }
        if vpc.get("SubnetIds")
        else None,
        "dead_letter_target_arn": opt(dig(item, "DeadLetterConfig", "TargetArn")),
        "reserved_concurrent_executions": concurrency
        if is_unknown(concurrency)
        else as_int(dig(concurrency, "ReservedConcurrentExecutions")),
        "layers": [layer.get("Arn") for layer in item.get("Layers") or []],
        "architectures": list(item.get("Architectures") or ["x86_64"]),
        "url": url
        if url is None or is_unknown(url)
        else {"authorization_type": url.get("AuthType")},
        "tags": tags if is_unknown(tags) else tag_map(dig(tags, "Tags")),
    }
    return [Mapped("aws.lambda.function", arn, attributes)]


# -- DynamoDB --------------------------------------------------------------------------------


def _key(schema: Any, role: str) -> Any:
    for item in schema or []:
        if item.get("KeyType") == role:
            return item.get("AttributeName")
    return None


def table(record: NativeRecord) -> list[Mapped]:
    described = answer(record, "DescribeTable")
    name = str(record.item["TableName"])
    arn = f"arn:{record.partition}:dynamodb:{record.region}:{record.account}:table/{name}"
    if is_unknown(described):
        attributes: dict[str, Any] = dict.fromkeys(
            (
                "billing_mode",
                "hash_key",
                "range_key",
                "deletion_protection_enabled",
                "stream_enabled",
                "server_side_encryption",
                "point_in_time_recovery_enabled",
                "tags",
            ),
            described,
        )
        attributes.update({"name": name, "arn": arn})
        return [Mapped("aws.dynamodb.table", arn, attributes)]
    item = dig(described, "Table", default={})
    arn = item.get("TableArn") or arn
    sse = item.get("SSEDescription") or {}
    encryption: dict[str, Any] = {"enabled": False, "kms_key_arn": None}
    if sse.get("Status") in ("ENABLED", "ENABLING", "UPDATING"):
        key = answer(record, "DescribeKey")
        managed_by_aws = isinstance(key, Mapping) and dig(key, "KeyMetadata", "KeyManager") == "AWS"
        encryption = {
            "enabled": True,
            # The AWS managed key (aws/dynamodb) is what code means by "no key" (docs/model.md).
            "kms_key_arn": key
            if is_unknown(key)
            else (None if managed_by_aws else sse.get("KMSMasterKeyArn")),
        }
    backups = answer(record, "DescribeContinuousBackups")
    pitr = (
        backups
        if is_unknown(backups)
        else dig(
            backups,
            "ContinuousBackupsDescription",
            "PointInTimeRecoveryDescription",
            "PointInTimeRecoveryStatus",
        )
        == "ENABLED"
    )
    tags = answer(record, "ListTagsOfResource")
    attributes = {
        "name": name,
        "arn": arn,
        "billing_mode": dig(item, "BillingModeSummary", "BillingMode", default="PROVISIONED"),
        "hash_key": _key(item.get("KeySchema"), "HASH"),
        "range_key": _key(item.get("KeySchema"), "RANGE"),
        "deletion_protection_enabled": as_bool(item.get("DeletionProtectionEnabled")),
        "stream_enabled": as_bool(dig(item, "StreamSpecification", "StreamEnabled")),
        "server_side_encryption": encryption,
        "point_in_time_recovery_enabled": pitr,
        "tags": tag_map(tags),
    }
    return [Mapped("aws.dynamodb.table", arn, attributes)]


# -- SQS / SNS -------------------------------------------------------------------------------


def _json_object(value: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, Mapping):
        return dict(value)
    try:
        parsed = json.loads(str(value))
    except ValueError:
        return Unknown("not valid JSON")
    return parsed if isinstance(parsed, Mapping) else Unknown("not a JSON object")


def queue(record: NativeRecord) -> list[Mapped]:
    url = str(record.item["QueueUrl"])
    answered = answer(record, "GetQueueAttributes")
    tags = answer(record, "ListQueueTags")
    name = url.rstrip("/").rsplit("/", 1)[-1]
    arn_default = f"arn:{record.partition}:sqs:{record.region}:{record.account}:{name}"
    if is_unknown(answered):
        attrs: dict[str, Any] = {}
        unknown: Any = answered
    else:
        attrs = dig(answered, "Attributes", default={})
        unknown = None

    def get(field: str, convert: Any, default: Any) -> Any:
        return unknown if unknown is not None else convert(attrs.get(field), default)

    key = get("KmsMasterKeyId", lambda v, d: opt(v), None)
    attributes = {
        "url": url,
        "arn": attrs.get("QueueArn") or arn_default,
        "name": name,
        "fifo_queue": get("FifoQueue", as_bool, False),
        "content_based_deduplication": get("ContentBasedDeduplication", as_bool, False),
        "kms_master_key_id": key,
        "kms_data_key_reuse_period_seconds": get("KmsDataKeyReusePeriodSeconds", as_int, 300),
        "sqs_managed_sse_enabled": get("SqsManagedSseEnabled", as_bool, key is None),
        "visibility_timeout_seconds": get("VisibilityTimeout", as_int, 30),
        "message_retention_seconds": get("MessageRetentionPeriod", as_int, 345600),
        "delay_seconds": get("DelaySeconds", as_int, 0),
        "max_message_size": get("MaximumMessageSize", as_int, 262144),
        "receive_wait_time_seconds": get("ReceiveMessageWaitTimeSeconds", as_int, 0),
        "policy": unknown if unknown is not None else policy(attrs.get("Policy")),
        "redrive_policy": unknown
        if unknown is not None
        else _json_object(attrs.get("RedrivePolicy")),
        "tags": tags if is_unknown(tags) else tag_map(dig(tags, "Tags")),
    }
    return [Mapped("aws.sqs.queue", url, attributes)]


def topic(record: NativeRecord) -> list[Mapped]:
    arn = str(record.item["TopicArn"])
    answered = answer(record, "GetTopicAttributes")
    attrs = {} if is_unknown(answered) else dig(answered, "Attributes", default={})

    def get(value: Any) -> Any:
        return answered if is_unknown(answered) else value

    attributes = {
        "arn": arn,
        "name": arn.rsplit(":", 1)[-1],
        "kms_master_key_id": get(opt(attrs.get("KmsMasterKeyId"))),
        "fifo_topic": get(as_bool(attrs.get("FifoTopic"))),
        "content_based_deduplication": get(as_bool(attrs.get("ContentBasedDeduplication"))),
        "policy": get(policy(attrs.get("Policy"))),
        "tags": tag_map(answer(record, "ListTagsForResource")),
    }
    return [Mapped("aws.sns.topic", arn, attributes)]


# -- EKS -------------------------------------------------------------------------------------


def cluster(record: NativeRecord) -> list[Mapped]:
    described = answer(record, "DescribeCluster")
    name = str(record.item["name"])
    arn = f"arn:{record.partition}:eks:{record.region}:{record.account}:cluster/{name}"
    if is_unknown(described):
        return [Mapped("aws.eks.cluster", arn, {"name": name, "arn": arn, "tags": described})]
    item = dig(described, "cluster", default={})
    arn = item.get("arn") or arn
    vpc = item.get("resourcesVpcConfig") or {}
    public = as_bool(vpc.get("endpointPublicAccess"), True)
    logging = dig(item, "logging", "clusterLogging", default=[])
    enabled_types = [
        t for entry in logging if entry.get("enabled") for t in entry.get("types") or []
    ]
    attributes = {
        "name": name,
        "arn": arn,
        "role_arn": item.get("roleArn"),
        "version": item.get("version"),
        "enabled_log_types": sorted_strings(enabled_types),
        "endpoint_public_access": public,
        "endpoint_private_access": as_bool(vpc.get("endpointPrivateAccess")),
        # No public endpoint: its CIDRs admit nothing (docs/model.md).
        "public_access_cidrs": sorted_strings(vpc.get("publicAccessCidrs")) if public else [],
        "subnet_ids": sorted_strings(vpc.get("subnetIds")),
        "security_group_ids": sorted_strings(vpc.get("securityGroupIds")),
        "encryption_config": [
            {
                "resources": sorted_strings(config.get("resources")),
                "key_arn": dig(config, "provider", "keyArn"),
            }
            for config in item.get("encryptionConfig") or []
        ],
        "tags": tag_map(item.get("tags")),
    }
    return [Mapped("aws.eks.cluster", str(arn), attributes)]


# -- ELBv2 -----------------------------------------------------------------------------------


def _elb_tags(record: NativeRecord) -> Any:
    return tag_map(answer(record, "DescribeTags"))


def load_balancer(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["LoadBalancerArn"])
    answered = answer(record, "DescribeLoadBalancerAttributes")
    values: dict[str, Any] = {}
    if not is_unknown(answered):
        values = {a.get("Key"): a.get("Value") for a in dig(answered, "Attributes", default=[])}

    def attribute(key: str, convert: Any, default: Any) -> Any:
        return answered if is_unknown(answered) else convert(values.get(key), default)

    kind = item.get("Type") or "application"
    application = kind == "application"
    attributes = {
        "arn": arn,
        "name": item.get("LoadBalancerName"),
        "load_balancer_type": kind,
        "scheme": item.get("Scheme") or "internet-facing",
        "subnets": sorted_strings(z.get("SubnetId") for z in item.get("AvailabilityZones") or []),
        "security_groups": sorted_strings(item.get("SecurityGroups")),
        "drop_invalid_header_fields": attribute(
            "routing.http.drop_invalid_header_fields.enabled", as_bool, False
        )
        if application
        else False,
        "deletion_protection_enabled": attribute("deletion_protection.enabled", as_bool, False),
        "idle_timeout": attribute("idle_timeout.timeout_seconds", as_int, 60),
        "ip_address_type": item.get("IpAddressType") or "ipv4",
        "desync_mitigation_mode": attribute(
            "routing.http.desync_mitigation_mode", lambda v, d: opt(v) or d, "defensive"
        )
        if application
        else None,
        "access_logs": {
            "enabled": attribute("access_logs.s3.enabled", as_bool, False),
            "bucket": attribute("access_logs.s3.bucket", lambda v, d: opt(v), None),
            "prefix": attribute("access_logs.s3.prefix", lambda v, d: opt(v), None),
        },
        "tags": _elb_tags(record),
    }
    return [Mapped("aws.elbv2.load_balancer", arn, attributes)]


_REDIRECT = (
    ("protocol", "Protocol", "#{protocol}"),
    ("port", "Port", "#{port}"),
    ("host", "Host", "#{host}"),
    ("path", "Path", "/#{path}"),
    ("query", "Query", "#{query}"),
    ("status_code", "StatusCode", None),
)


def _action(action: Mapping[str, Any]) -> dict[str, Any]:
    redirect = action.get("RedirectConfig")
    return {
        "type": str(action.get("Type") or "").lower().replace("_", "-"),
        "target_group_arn": opt(action.get("TargetGroupArn")),
        "redirect": {c: redirect.get(f) or d for c, f, d in _REDIRECT}
        if isinstance(redirect, Mapping)
        else None,
    }


def listener(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["ListenerArn"])
    protocol = item.get("Protocol")
    actions = sorted(item.get("DefaultActions") or [], key=lambda a: a.get("Order") or 0)
    attributes = {
        "arn": arn,
        "load_balancer_arn": item.get("LoadBalancerArn"),
        "port": as_int(item.get("Port")),
        "protocol": protocol,
        "ssl_policy": opt(item.get("SslPolicy")) if protocol in ("HTTPS", "TLS") else None,
        "certificate_arn": opt(dig(item, "Certificates", 0, "CertificateArn")),
        "default_actions": [_action(action) for action in actions],
        "tags": _elb_tags(record),
    }
    return [Mapped("aws.elbv2.listener", arn, attributes)]


# -- ECR -------------------------------------------------------------------------------------


def repository(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["repositoryArn"])
    found = answer(record, "GetRepositoryPolicy")
    encryption = item.get("encryptionConfiguration") or {}
    attributes = {
        "name": item.get("repositoryName"),
        "arn": arn,
        "image_tag_mutability": item.get("imageTagMutability") or "MUTABLE",
        "scan_on_push": as_bool(dig(item, "imageScanningConfiguration", "scanOnPush")),
        "encryption": {
            "encryption_type": encryption.get("encryptionType") or "AES256",
            "kms_key": opt(encryption.get("kmsKey")),
        },
        "policy": found if found is None or is_unknown(found) else policy(found.get("policyText")),
        "tags": tag_map(answer(record, "ListTagsForResource")),
    }
    return [Mapped("aws.ecr.repository", arn, attributes)]


# -- Secrets Manager -------------------------------------------------------------------------


def secret(record: NativeRecord) -> list[Mapped]:
    item = record.item
    arn = str(item["ARN"])
    rules = item.get("RotationRules")
    found = answer(record, "GetResourcePolicy")
    attributes = {
        "arn": arn,
        "name": item.get("Name"),
        "description": opt(item.get("Description")),
        "kms_key_id": opt(item.get("KmsKeyId")),
        "rotation_enabled": as_bool(item.get("RotationEnabled")),
        "rotation_lambda_arn": opt(item.get("RotationLambdaARN")),
        "rotation_rules": {
            "automatically_after_days": as_int(rules.get("AutomaticallyAfterDays")),
            "duration": opt(rules.get("Duration")),
            "schedule_expression": opt(rules.get("ScheduleExpression")),
        }
        if isinstance(rules, Mapping) and rules and as_bool(item.get("RotationEnabled"))
        else None,
        "policy": found if is_unknown(found) else policy(dig(found, "ResourcePolicy")),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.secretsmanager.secret", arn, attributes)]


# -- CloudWatch Logs -------------------------------------------------------------------------


def log_group(record: NativeRecord) -> list[Mapped]:
    item = record.item
    name = str(item["logGroupName"])
    arn = item.get("logGroupArn") or str(item.get("arn", "")).removesuffix(":*")
    tags = answer(record, "ListTagsForResource")
    attributes = {
        "name": name,
        "arn": arn,
        "retention_in_days": as_int(item.get("retentionInDays")),
        "kms_key_id": opt(item.get("kmsKeyId")),
        "log_group_class": item.get("logGroupClass") or "STANDARD",
        "tags": tags if is_unknown(tags) else tag_map(dig(tags, "tags")),
    }
    return [Mapped("aws.logs.log_group", str(arn), attributes)]


# -- API Gateway -----------------------------------------------------------------------------


def _method(settings: Mapping[str, Any]) -> dict[str, Any]:
    caching = as_bool(settings.get("cachingEnabled"))
    return {
        "logging_level": settings.get("loggingLevel") or "OFF",
        "metrics_enabled": as_bool(settings.get("metricsEnabled")),
        "data_trace_enabled": as_bool(settings.get("dataTraceEnabled")),
        "caching_enabled": caching,
        # No cache, nothing to encrypt (docs/model.md).
        "cache_data_encrypted": as_bool(settings.get("cacheDataEncrypted")) if caching else False,
    }


def stage(record: NativeRecord) -> list[Mapped]:
    item = record.item
    api_id, name = str(item["restApiId"]), str(item["stageName"])
    arn = f"arn:{record.partition}:apigateway:{record.region}::/restapis/{api_id}/stages/{name}"
    logs = item.get("accessLogSettings")
    attributes = {
        "arn": arn,
        "rest_api_id": api_id,
        "stage_name": name,
        "deployment_id": item.get("deploymentId"),
        "tracing_enabled": as_bool(item.get("tracingEnabled")),
        "cache_cluster_enabled": as_bool(item.get("cacheClusterEnabled")),
        "client_certificate_id": opt(item.get("clientCertificateId")),
        "access_log_settings": {
            "destination_arn": opt(logs.get("destinationArn")),
            "format": opt(logs.get("format")),
        }
        if isinstance(logs, Mapping) and logs
        else None,
        "method_settings": {
            str(path): _method(settings)
            for path, settings in (item.get("methodSettings") or {}).items()
        },
        "tags": tag_map(item.get("tags")),
    }
    return [Mapped("aws.apigateway.stage", arn, attributes)]


# -- CloudFront ------------------------------------------------------------------------------


def _items(value: Any) -> list[Any]:
    return list(dig(value, "Items", default=[])) if isinstance(value, Mapping) else []


def _behavior(value: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "target_origin_id": value.get("TargetOriginId"),
        "viewer_protocol_policy": value.get("ViewerProtocolPolicy"),
        "allowed_methods": sorted_strings(_items(value.get("AllowedMethods"))),
        "field_level_encryption_id": opt(value.get("FieldLevelEncryptionId")),
    }


def _origin(value: Mapping[str, Any]) -> dict[str, Any]:
    custom = value.get("CustomOriginConfig")
    return {
        "id": value.get("Id"),
        "domain_name": value.get("DomainName"),
        "origin_access_control_id": opt(value.get("OriginAccessControlId")),
        "origin_access_identity": opt(dig(value, "S3OriginConfig", "OriginAccessIdentity")),
        "custom_origin": {
            "origin_protocol_policy": custom.get("OriginProtocolPolicy"),
            "origin_ssl_protocols": sorted_strings(_items(custom.get("OriginSslProtocols"))),
            "http_port": as_int(custom.get("HTTPPort"), 80),
            "https_port": as_int(custom.get("HTTPSPort"), 443),
        }
        if isinstance(custom, Mapping)
        else None,
    }


def distribution(record: NativeRecord) -> list[Mapped]:
    summary = record.item
    found = answer(record, "GetDistribution")
    arn = str(summary["ARN"])
    ident = str(summary["Id"])
    if is_unknown(found):
        return [
            Mapped("aws.cloudfront.distribution", arn, {"id": ident, "arn": arn, "tags": found})
        ]
    config = dig(found, "Distribution", "DistributionConfig", default={})
    logging = config.get("Logging") or {}
    certificate = config.get("ViewerCertificate") or {}
    default_certificate = as_bool(certificate.get("CloudFrontDefaultCertificate"))
    geo = dig(config, "Restrictions", "GeoRestriction", default={})
    ordered = []
    for behavior in _items(config.get("CacheBehaviors")):
        entry = _behavior(behavior)
        entry["path_pattern"] = behavior.get("PathPattern")
        ordered.append(entry)
    tags = answer(record, "ListTagsForResource")
    attributes = {
        "id": ident,
        "arn": arn,
        "enabled": as_bool(config.get("Enabled")),
        "aliases": sorted_strings(_items(config.get("Aliases"))),
        "default_root_object": opt(config.get("DefaultRootObject")),
        "price_class": config.get("PriceClass") or "PriceClass_All",
        "http_version": config.get("HttpVersion") or "http2",
        "is_ipv6_enabled": as_bool(config.get("IsIPV6Enabled")),
        "web_acl_id": opt(config.get("WebACLId")),
        "logging": {
            "bucket": opt(logging.get("Bucket")),
            "prefix": logging.get("Prefix") or "",
            "include_cookies": as_bool(logging.get("IncludeCookies")),
        }
        if as_bool(logging.get("Enabled"))
        else None,
        "viewer_certificate": {
            "cloudfront_default_certificate": default_certificate,
            "acm_certificate_arn": opt(certificate.get("ACMCertificateArn")),
            "iam_certificate_id": opt(certificate.get("IAMCertificateId")),
            # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
            "minimum_protocol_version": "TLSv1"
            if default_certificate
            else certificate.get("MinimumProtocolVersion") or "TLSv1",
            "ssl_support_method": None
            if default_certificate
            else opt(certificate.get("SSLSupportMethod")),
        },
        "origins": sorted(
            (_origin(o) for o in _items(config.get("Origins"))), key=lambda o: str(o.get("id"))
        ),
        "default_cache_behavior": _behavior(config.get("DefaultCacheBehavior") or {}),
        "ordered_cache_behaviors": ordered,
        "geo_restriction": {
            "restriction_type": geo.get("RestrictionType") or "none",
            "locations": sorted_strings(_items(geo)),
        },
        "tags": tags if is_unknown(tags) else tag_map(dig(tags, "Tags", "Items")),
    }
    return [Mapped("aws.cloudfront.distribution", arn, attributes)]
