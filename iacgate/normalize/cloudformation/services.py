"""Every other canonical AWS kind from CloudFormation: RDS, KMS, CloudTrail, Lambda, DynamoDB,
SQS, SNS, EKS, ELBv2, ECR, Secrets Manager, CloudWatch Logs, API Gateway, CloudFront.

Each mapping is a table of (canonical name, property, default); the default is what AWS (or
CloudFormation, where its resource schema declares one) applies when the property is absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.cloudformation.core import (
    DEPLOYED,
    Chosen,
    Context,
    Draft,
    View,
    convert,
    copy_fields,
    or_default,
    reorder_list,
    str_list,
    to_int,
)

_NAME = Chosen("CloudFormation generates the name")


def _base(kind: str, v: View, *idents: str) -> Draft:
    d = Draft(kind, v, {})
    for ident in idents:
        d.put(ident, DEPLOYED)
    return d


# -- RDS -------------------------------------------------------------------------------------

_RDS_COMMON: tuple[tuple[str, str, Any], ...] = (
    ("engine_version", "EngineVersion", Chosen("the engine's default version")),
    ("backup_retention_period", "BackupRetentionPeriod", 1),
    ("deletion_protection", "DeletionProtection", False),
    ("iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication", False),
    ("copy_tags_to_snapshot", "CopyTagsToSnapshot", False),
    ("db_subnet_group_name", "DBSubnetGroupName", "default"),
    ("enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports", []),
    ("master_username", "MasterUsername", None),
)


def db_instance(v: View) -> Draft:
    if v.opt("DBClusterIdentifier") is not None:
        return _cluster_member(v)
    d = _base("aws.rds.db_instance", v, "arn")
    d.put(
        "db_instance_identifier",
        v.chosen("DBInstanceIdentifier", by="CloudFormation generates the identifier"),
        v,
        ("DBInstanceIdentifier",),
    )
    replica = v.raw("SourceDBInstanceIdentifier") not in (None, "")
    common = tuple(
        (
            ("backup_retention_period", name, Chosen("a read replica's default", int))
            if replica and canonical == "backup_retention_period"
            else (canonical, name, default)
        )
        for canonical, name, default in _RDS_COMMON
    )
    copy_fields(
        d,
        v,
        (
            ("engine", "Engine", Chosen(_SOURCE if replica else "the snapshot's engine")),
            ("instance_class", "DBInstanceClass", Chosen("required by AWS")),
            ("allocated_storage", "AllocatedStorage", Chosen("the snapshot's size", int)),
            ("storage_type", "StorageType", Chosen("gp2, or io1 when iops is set")),
            (
                "storage_encrypted",
                "StorageEncrypted",
                _inherited_encryption(v, "SourceDBInstanceIdentifier", "DBSnapshotIdentifier"),
            ),
            ("source_db_instance_identifier", "SourceDBInstanceIdentifier", None),
            ("publicly_accessible", "PubliclyAccessible", _PUBLIC),
            ("multi_az", "MultiAZ", False),
            ("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", True),
            ("monitoring_interval", "MonitoringInterval", 0),
            ("performance_insights_enabled", "EnablePerformanceInsights", False),
            ("performance_insights_kms_key_id", "PerformanceInsightsKMSKeyId", None),
            ("ca_cert_identifier", "CACertificateIdentifier", Chosen("the region's default CA")),
            ("db_cluster_identifier", "DBClusterIdentifier", None),
            *common,
        ),
    )
    _rds_key_and_groups(d, v, "VPCSecurityGroups")
    return d


_SOURCE = "inherited from the source database"


def _inherited_encryption(v: View, source: str, snapshot: str) -> Any:
    """The default of ``StorageEncrypted``: a read replica, or a database restored from a
    snapshot, inherits it."""
    if v.raw(source) not in (None, ""):
        return Chosen(_SOURCE, bool)
    if v.raw(snapshot) not in (None, ""):
        return Chosen("inherited from the snapshot", bool)
    return False


# Unset, AWS decides from the DB subnet group: public in the default VPC, and in a VPC
# whose subnets route to an internet gateway (the Terraform provider always sends false).
_PUBLIC = Chosen("AWS decides from the DB subnet group's VPC", bool)


def _cluster_member(v: View) -> Draft:
    """An instance of an Aurora cluster: storage, engine and network come from the cluster."""
    d = _base("aws.rds.db_instance", v, "arn")
    d.put(
        "db_instance_identifier",
        v.chosen("DBInstanceIdentifier", by="CloudFormation generates the identifier"),
        v,
        ("DBInstanceIdentifier",),
    )
    from_cluster = Chosen("inherited from the DB cluster")
    copy_fields(
        d,
        v,
        (
            ("engine", "Engine", from_cluster),
            ("engine_version", "EngineVersion", from_cluster),
            ("instance_class", "DBInstanceClass", Chosen("required by AWS")),
            ("storage_encrypted", "StorageEncrypted", Chosen(from_cluster.by, bool)),
            ("kms_key_id", "KmsKeyId", from_cluster),
            ("publicly_accessible", "PubliclyAccessible", _PUBLIC),
            ("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", True),
            ("monitoring_interval", "MonitoringInterval", 0),
            ("performance_insights_enabled", "EnablePerformanceInsights", False),
            ("performance_insights_kms_key_id", "PerformanceInsightsKMSKeyId", None),
            ("ca_cert_identifier", "CACertificateIdentifier", Chosen("the region's default CA")),
            ("db_cluster_identifier", "DBClusterIdentifier", None),
            ("db_subnet_group_name", "DBSubnetGroupName", from_cluster),
            ("copy_tags_to_snapshot", "CopyTagsToSnapshot", False),
        ),
    )
    d.put("source_db_instance_identifier", None)
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _rds_key_and_groups(d: Draft, v: View, groups_property: str) -> None:
    key = v.opt("KmsKeyId")
    encrypted = d.attrs.get("storage_encrypted")
    if key is None and (is_unknown(encrypted) or encrypted is True):
        key = Unknown("not set: the account's default RDS key (aws/rds)")
    d.put("kms_key_id", key, v, ("KmsKeyId",))
    groups = v.raw(groups_property)
    if groups in (None, []):
        d.put("vpc_security_group_ids", Unknown("not set: the VPC's default security group"))
    else:
        d.put("vpc_security_group_ids", str_list(groups), v, (groups_property,))
    d.put("tags", v.tags(), v, ("Tags",))


def db_cluster(v: View) -> Draft:
    d = _base("aws.rds.db_cluster", v, "arn")
    d.put(
        "db_cluster_identifier",
        v.chosen("DBClusterIdentifier", by="CloudFormation generates the identifier"),
        v,
        ("DBClusterIdentifier",),
    )
    serverless = v.opt("EngineMode") == "serverless"
    copy_fields(
        d,
        v,
        (
            ("engine", "Engine", "aurora"),
            ("engine_mode", "EngineMode", "provisioned"),
            (
                "storage_encrypted",
                "StorageEncrypted",
                True
                if serverless
                else _inherited_encryption(v, "SourceDBClusterIdentifier", "SnapshotIdentifier"),
            ),
            *_RDS_COMMON,
        ),
    )
    _rds_key_and_groups(d, v, "VpcSecurityGroupIds")
    return d


# -- KMS -------------------------------------------------------------------------------------


# -- CloudTrail ------------------------------------------------------------------------------


# -- Lambda ----------------------------------------------------------------------------------


def lambda_function(v: View) -> Draft:
    d = _base("aws.lambda.function", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("function_name", "FunctionName", _NAME),
            ("role", "Role", Chosen("required by AWS")),
            ("runtime", "Runtime", None),
            ("handler", "Handler", None),
            ("package_type", "PackageType", "Zip"),
            ("memory_size", "MemorySize", 128),
            ("timeout", "Timeout", 3),
            ("kms_key_arn", "KmsKeyArn", None),
            ("code_signing_config_arn", "CodeSigningConfigArn", None),
        ),
    )
    env = v.block("Environment")
    at: AttrPath = ("Environment", "Variables")
    if is_unknown(env):
        d.put("environment_variables", env, v, ("Environment",))
    else:
        variables = (env or {}).get("Variables")
        if variables is None:
            variables = {}
        elif isinstance(variables, Mapping):
            variables = dict(variables)
        d.put("environment_variables", variables, v, at)
    tracing = v.block("TracingConfig")
    d.put(
        "tracing_mode",
        tracing if is_unknown(tracing) else convert((tracing or {}).get("Mode"), "PassThrough"),
        v,
        ("TracingConfig", "Mode"),
    )
    vpc_config = v.block("VpcConfig")
    if is_unknown(vpc_config):
        d.put("vpc_config", vpc_config, v, ("VpcConfig",))
    elif not vpc_config or vpc_config.get("SubnetIds") in (None, "", []):
        d.put("vpc_config", None, v, ("VpcConfig",))
    else:
        d.put("vpc_config", {}, v, ("VpcConfig",))
        copy_fields(
            d,
            v,
            (("subnet_ids", "SubnetIds", []), ("security_group_ids", "SecurityGroupIds", [])),
            at=("VpcConfig",),
            into=("vpc_config",),
            values=vpc_config,
        )
    dlq = v.block("DeadLetterConfig")
    d.put(
        "dead_letter_target_arn",
        dlq if is_unknown(dlq) else or_default((dlq or {}).get("TargetArn"), None),
        v,
        ("DeadLetterConfig", "TargetArn"),
    )
    reserved = v.raw("ReservedConcurrentExecutions")
    d.put(
        "reserved_concurrent_executions",
        None if reserved is None else to_int(reserved),
        v,
        ("ReservedConcurrentExecutions",),
    )
    d.put("layers", str_list(v.opt("Layers", default=[]), sort=False), v, ("Layers",))
    d.put("architectures", convert(v.raw("Architectures"), ["x86_64"]), v, ("Architectures",))
    d.put("url", None)
    d.put("policy", None)  # AWS::Lambda::Permission resources fold in
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def fold_function_url(v: View, ctx: Context) -> None:
    owner = ctx.owner(v, ("TargetFunctionArn",), "aws.lambda.function", ("function_name", "arn"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("url",))
    owner.put("url", {}, v, ())
    copy_fields(
        owner, v, (("authorization_type", "AuthType", Chosen("required by AWS")),), into=("url",)
    )


def fold_lambda_permission(v: View, ctx: Context) -> None:
    """``AWS::Lambda::Permission``: one statement of the function's resource policy."""
    owner = ctx.owner(v, ("FunctionName",), "aws.lambda.function", ("function_name", "arn"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    statement = aws.lambda_permission_statement(
        action=v.raw("Action"),
        principal=v.raw("Principal"),
        resource=owner.attrs.get("arn"),
        source_arn=v.raw("SourceArn"),
        source_account=v.raw("SourceAccount"),
        principal_org_id=v.raw("PrincipalOrgID"),
        function_url_auth_type=v.raw("FunctionUrlAuthType"),
        event_source_token=v.raw("EventSourceToken"),
    )
    policy = aws.add_statement(owner.attrs.get("policy"), statement)
    owner.fold(v, ("policy",))
    owner.attrs["policy"] = policy
    if isinstance(policy, dict):
        owner.locate(("policy", "Statement", len(policy["Statement"]) - 1), v, ())


# -- DynamoDB --------------------------------------------------------------------------------


# -- SQS / SNS -------------------------------------------------------------------------------


# -- EKS -------------------------------------------------------------------------------------


# -- ELBv2 -----------------------------------------------------------------------------------

# Load balancer attributes (Key/Value strings) and their canonical fields.
_LB_ATTRIBUTES: tuple[tuple[str, str, Any], ...] = (
    ("drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled", False),
    ("deletion_protection_enabled", "deletion_protection.enabled", False),
    ("idle_timeout", "idle_timeout.timeout_seconds", 60),
    ("desync_mitigation_mode", "routing.http.desync_mitigation_mode", "defensive"),
)


def load_balancer(v: View) -> Draft:
    d = _base("aws.elbv2.load_balancer", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("name", "Name", _NAME),
            ("load_balancer_type", "Type", "application"),
            ("security_groups", "SecurityGroups", []),
            ("ip_address_type", "IpAddressType", "ipv4"),
            ("scheme", "Scheme", "internet-facing"),
        ),
    )
    subnets = v.raw("Subnets")
    if subnets in (None, []):
        d.put("subnets", Unknown("not set: the subnet mappings"), v, ("SubnetMappings",))
    else:
        d.put("subnets", str_list(subnets), v, ("Subnets",))
    attributes, where = _attributes(v)
    for canonical, key, default in _LB_ATTRIBUTES:
        value = attributes.get(key) if isinstance(attributes, dict) else attributes
        d.put(canonical, convert(value, default), v, where.get(key, ("LoadBalancerAttributes",)))
    logs: dict[str, Any] = {}
    for canonical, key, default in (
        ("enabled", "access_logs.s3.enabled", False),
        ("bucket", "access_logs.s3.bucket", None),
        ("prefix", "access_logs.s3.prefix", None),
    ):
        value = attributes.get(key) if isinstance(attributes, dict) else attributes
        logs[canonical] = convert(value, default)
    d.put("access_logs", logs, v, where.get("access_logs.s3.enabled", ("LoadBalancerAttributes",)))
    if d.attrs["load_balancer_type"] != "application":
        d.attrs["drop_invalid_header_fields"] = False
        d.attrs["desync_mitigation_mode"] = None
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _attributes(v: View) -> tuple[Any, dict[str, AttrPath]]:
    """``LoadBalancerAttributes`` as a map (or Unknown) and where each key was written."""
    items = v.items("LoadBalancerAttributes")
    if is_unknown(items):
        return items, {}
    values: dict[str, Any] = {}
    where: dict[str, AttrPath] = {}
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and isinstance(item.get("Key"), str):
            values[item["Key"]] = item.get("Value")
            where[item["Key"]] = ("LoadBalancerAttributes", index, "Value")
    return values, where


def listener(v: View) -> Draft:
    d = _base("aws.elbv2.listener", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("load_balancer_arn", "LoadBalancerArn", Chosen("required by AWS")),
            ("port", "Port", Chosen("80/443 by protocol", int)),
            (
                "protocol",
                "Protocol",
                Chosen("HTTP for application, TCP for network load balancers"),
            ),
        ),
    )
    certificates = v.items("Certificates")
    first = certificates[0] if isinstance(certificates, list) and certificates else None
    d.put(
        "certificate_arn",
        certificates
        if is_unknown(certificates)
        else first.get("CertificateArn")
        if isinstance(first, Mapping)
        else None,
        v,
        ("Certificates", 0, "CertificateArn"),
    )
    protocol = d.attrs["protocol"]
    secure = is_unknown(protocol) or protocol in ("HTTPS", "TLS")
    d.put(
        "ssl_policy",
        convert(v.raw("SslPolicy"), Chosen("ELBSecurityPolicy-2016-08 (the AWS default)"))
        if secure
        else None,
        v,
        ("SslPolicy",),
    )
    actions = v.items("DefaultActions")
    if is_unknown(actions):
        d.put("default_actions", actions, v, ("DefaultActions",))
    else:
        d.put("default_actions", [])
        for index, block in enumerate(actions):
            if isinstance(block, Mapping):
                d.attrs["default_actions"].append(_action(block))
                d.locate(("default_actions", index), v, ("DefaultActions", index))
    d.put("tags", {})  # listeners take no Tags in CloudFormation
    return d


_REDIRECT_DEFAULTS = (
    ("protocol", "Protocol", "#{protocol}"),
    ("port", "Port", "#{port}"),
    ("host", "Host", "#{host}"),
    ("path", "Path", "/#{path}"),
    ("query", "Query", "#{query}"),
    ("status_code", "StatusCode", None),
)


def _action(block: Mapping[str, Any]) -> dict[str, Any]:
    redirect = block.get("RedirectConfig")
    out: dict[str, Any] = {
        "type": block.get("Type"),
        "target_group_arn": or_default(block.get("TargetGroupArn"), None),
        "redirect": None,
    }
    if is_unknown(redirect):
        out["redirect"] = redirect
    elif isinstance(redirect, Mapping):
        out["redirect"] = {
            c: convert(redirect.get(n), dflt) if n != "Port" else _port_text(redirect.get(n))
            for c, n, dflt in _REDIRECT_DEFAULTS
        }
    return out


def _port_text(value: Any) -> Any:
    return "#{port}" if value in (None, "") else value if is_unknown(value) else str(value)


# -- ECR -------------------------------------------------------------------------------------


# -- Secrets Manager -------------------------------------------------------------------------


# -- CloudWatch Logs -------------------------------------------------------------------------


# -- API Gateway -----------------------------------------------------------------------------


def api_stage(v: View) -> Draft:
    d = _base("aws.apigateway.stage", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("rest_api_id", "RestApiId", Chosen("required by AWS")),
            ("stage_name", "StageName", Chosen("required by AWS")),
            ("deployment_id", "DeploymentId", Chosen("required by AWS")),
            ("tracing_enabled", "TracingEnabled", False),
            ("cache_cluster_enabled", "CacheClusterEnabled", False),
            ("client_certificate_id", "ClientCertificateId", None),
        ),
    )
    logs = v.block("AccessLogSetting")
    at: AttrPath = ("AccessLogSetting",)
    if logs is None or is_unknown(logs):
        d.put("access_log_settings", logs, v, at)
    else:
        d.put("access_log_settings", {}, v, at)
        copy_fields(
            d,
            v,
            (("destination_arn", "DestinationArn", None), ("format", "Format", None)),
            at=at,
            into=("access_log_settings",),
            values=logs,
        )
    settings = v.items("MethodSettings")
    if is_unknown(settings):
        d.put("method_settings", settings, v, ("MethodSettings",))
    else:
        d.put("method_settings", {})
        for index, item in enumerate(settings):
            if not isinstance(item, Mapping):
                continue
            path = _method_path(item.get("ResourcePath"), item.get("HttpMethod"))
            item_at: AttrPath = ("MethodSettings", index)
            if not isinstance(path, str):
                d.put("method_settings", path, v, item_at)
                break
            d.put(("method_settings", path), {}, v, item_at)
            copy_fields(
                d,
                v,
                (
                    ("logging_level", "LoggingLevel", "OFF"),
                    ("metrics_enabled", "MetricsEnabled", False),
                    ("data_trace_enabled", "DataTraceEnabled", False),
                    ("caching_enabled", "CachingEnabled", False),
                    ("cache_data_encrypted", "CacheDataEncrypted", False),
                ),
                at=item_at,
                into=("method_settings", path),
                values=item,
            )
            method = d.attrs["method_settings"][path]
            if method.get("caching_enabled") is False:
                method["cache_data_encrypted"] = False  # no cache, nothing to encrypt
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _method_path(resource: Any, method: Any) -> Any:
    """CloudFormation's ``/~1pets`` + ``GET`` as API Gateway's method path ``pets/GET``;
    ``/*`` + ``*`` (every method of every resource) is ``*/*``."""
    for value in (resource, method):
        if is_unknown(value):
            return value
    if not isinstance(resource, str) or not isinstance(method, str):
        return Unknown("MethodSettings without ResourcePath and HttpMethod")
    path = resource.removeprefix("/").replace("~1", "/")
    return f"{path}/{method}"


# -- CloudFront ------------------------------------------------------------------------------

_CONFIG = ("DistributionConfig",)


def distribution(v: View) -> Draft:
    d = _base("aws.cloudfront.distribution", v, "id", "arn")
    config = v.block(*_CONFIG)
    if is_unknown(config):
        for name in (
            "enabled",
            "aliases",
            "logging",
            "viewer_certificate",
            "origins",
            "default_cache_behavior",
        ):
            d.put(name, config, v, _CONFIG)
        d.put("tags", v.tags(), v, ("Tags",))
        return d
    config = config or {}
    copy_fields(
        d,
        v,
        (
            ("enabled", "Enabled", Chosen("required by AWS", bool)),
            ("aliases", "Aliases", []),
            ("default_root_object", "DefaultRootObject", None),
            ("price_class", "PriceClass", "PriceClass_All"),
            ("http_version", "HttpVersion", "http1.1"),
            ("is_ipv6_enabled", "IPV6Enabled", False),
            ("web_acl_id", "WebACLId", None),
        ),
        at=_CONFIG,
    )
    logging = config.get("Logging")
    if logging is None or is_unknown(logging):
        d.put("logging", logging, v, (*_CONFIG, "Logging"))
    else:
        d.put("logging", {}, v, (*_CONFIG, "Logging"))
        copy_fields(
            d,
            v,
            (
                ("bucket", "Bucket", None),
                ("prefix", "Prefix", ""),
                ("include_cookies", "IncludeCookies", False),
            ),
            at=(*_CONFIG, "Logging"),
            into=("logging",),
        )
    certificate = config.get("ViewerCertificate")
    cert_at: AttrPath = (*_CONFIG, "ViewerCertificate")
    if is_unknown(certificate):
        d.put("viewer_certificate", certificate, v, cert_at)
    else:
        # Without a ViewerCertificate, CloudFront serves its own *.cloudfront.net certificate.
        certificate = certificate or {"CloudFrontDefaultCertificate": True}
        d.put("viewer_certificate", {}, v, cert_at)
        copy_fields(
            d,
            v,
            (
                ("cloudfront_default_certificate", "CloudFrontDefaultCertificate", False),
                ("acm_certificate_arn", "AcmCertificateArn", None),
                ("iam_certificate_id", "IamCertificateId", None),
                ("minimum_protocol_version", "MinimumProtocolVersion", "TLSv1"),
                ("ssl_support_method", "SslSupportMethod", None),
            ),
            at=cert_at,
            into=("viewer_certificate",),
            values=certificate if isinstance(certificate, Mapping) else {},
        )
        viewer = d.attrs["viewer_certificate"]
        if viewer.get("cloudfront_default_certificate") is True:
            # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
            viewer["ssl_support_method"] = None
            viewer["minimum_protocol_version"] = "TLSv1"
    origins = v.items(*_CONFIG, "Origins")
    if is_unknown(origins):
        d.put("origins", origins, v, (*_CONFIG, "Origins"))
    else:
        d.put("origins", [])
        for index, block in enumerate(origins):
            if isinstance(block, Mapping):
                d.attrs["origins"].append(_origin(block))
                d.locate(("origins", index), v, (*_CONFIG, "Origins", index))
    behavior = config.get("DefaultCacheBehavior")
    behavior_at: AttrPath = (*_CONFIG, "DefaultCacheBehavior")
    if is_unknown(behavior):
        d.put("default_cache_behavior", behavior, v, behavior_at)
    else:
        behavior = behavior if isinstance(behavior, Mapping) else {}
        d.put("default_cache_behavior", _behavior(behavior), v, behavior_at)
        d.locate(
            ("default_cache_behavior", "viewer_protocol_policy"),
            v,
            (*behavior_at, "ViewerProtocolPolicy"),
        )
    ordered = v.items(*_CONFIG, "CacheBehaviors")
    if is_unknown(ordered):
        d.put("ordered_cache_behaviors", ordered, v, (*_CONFIG, "CacheBehaviors"))
    else:
        d.put("ordered_cache_behaviors", [])
        for index, block in enumerate(ordered):
            if not isinstance(block, Mapping):
                continue
            item = _behavior(block)
            item["path_pattern"] = block.get("PathPattern")
            d.attrs["ordered_cache_behaviors"].append(item)
            d.locate(("ordered_cache_behaviors", index), v, (*_CONFIG, "CacheBehaviors", index))
    geo_at: AttrPath = (*_CONFIG, "Restrictions", "GeoRestriction")
    geo = v.block(*geo_at)
    if is_unknown(geo):
        d.put("geo_restriction", geo, v, geo_at)
    else:
        geo = geo or {}
        d.put(
            "geo_restriction",
            {
                "restriction_type": convert(geo.get("RestrictionType"), "none"),
                "locations": str_list(geo.get("Locations")),
            },
            v,
            geo_at,
        )
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _origin(block: Mapping[str, Any]) -> dict[str, Any]:
    s3 = block.get("S3OriginConfig")
    custom = block.get("CustomOriginConfig")
    out: dict[str, Any] = {
        "id": block.get("Id"),
        "domain_name": block.get("DomainName"),
        "origin_access_control_id": or_default(block.get("OriginAccessControlId"), None),
        "origin_access_identity": or_default(s3.get("OriginAccessIdentity"), None)
        if isinstance(s3, Mapping)
        else None,
        "custom_origin": None,
    }
    if isinstance(custom, Mapping):
        out["custom_origin"] = {
            "origin_protocol_policy": custom.get("OriginProtocolPolicy"),
            "origin_ssl_protocols": convert(custom.get("OriginSSLProtocols"), ["TLSv1", "SSLv3"]),
            "http_port": convert(custom.get("HTTPPort"), 80),
            "https_port": convert(custom.get("HTTPSPort"), 443),
        }
    elif is_unknown(custom):
        out["custom_origin"] = custom
    return out


def _behavior(block: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "target_origin_id": block.get("TargetOriginId"),
        "viewer_protocol_policy": block.get("ViewerProtocolPolicy"),
        "allowed_methods": convert(block.get("AllowedMethods"), ["GET", "HEAD"]),
        "field_level_encryption_id": or_default(block.get("FieldLevelEncryptionId"), None),
    }


def _sort_origins(d: Draft) -> None:
    reorder_list(d, ("origins",), lambda item: str(item.get("id")))


PRIMARY = {
    "AWS::RDS::DBInstance": db_instance,
    "AWS::RDS::DBCluster": db_cluster,
    "AWS::Lambda::Function": lambda_function,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer,
    "AWS::ElasticLoadBalancingV2::Listener": listener,
    "AWS::ApiGateway::Stage": api_stage,
    "AWS::CloudFront::Distribution": distribution,
}
FOLDERS = {
    "AWS::Lambda::Url": fold_function_url,
    "AWS::Lambda::Permission": fold_lambda_permission,
}
FINALIZERS = {
    "aws.cloudfront.distribution": _sort_origins,
}
