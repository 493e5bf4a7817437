"""Every other canonical AWS kind: EC2 compute and networking, RDS, KMS, CloudTrail, Lambda,
DynamoDB, SQS, SNS, EKS, ELBv2, ECR, Secrets Manager, CloudWatch Logs, API Gateway, CloudFront.

Each mapping is a table of (canonical name, Terraform name, default); the default is the value
AWS applies when the argument is unset (``Chosen`` when AWS decides case by case).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.terraform.core import (
    Chosen,
    Context,
    Draft,
    View,
    convert,
    copy_block,
    copy_fields,
    reorder_list,
    str_list,
)

_NAME = Chosen("AWS generates the name (name_prefix)")
_DEFAULT_SG = Chosen("the VPC's default security group")


def _base(kind: str, v: View, ident: str, tf_ident: str = "id") -> Draft:
    d = Draft(kind, v, {})
    d.put(ident, v.out(tf_ident), src_path=(tf_ident,))
    if ident != "arn":
        d.put("arn", v.out("arn"))
    return d


# -- EC2 -------------------------------------------------------------------------------------

_EBS_ENCRYPTED = Chosen("the account's EBS encryption-by-default setting and the AMI's snapshots")


def _network_from(v: View) -> str | None:
    """What decides an instance's network placement when the instance does not: an attached
    network interface or a launch template."""
    interfaces = v.blocks("network_interface")
    if is_unknown(interfaces) or interfaces:
        return "the attached network interface"
    template = v.blocks("launch_template")
    if is_unknown(template) or template:
        return "the launch template"
    return None


def instance(v: View) -> Draft:
    d = _base("aws.ec2.instance", v, "instance_id")
    copy_fields(
        d,
        v,
        (
            ("image_id", "ami", Chosen("the launch template's AMI")),
            ("instance_type", "instance_type", Chosen("the launch template's instance type")),
            ("subnet_id", "subnet_id", Chosen("a default subnet of the default VPC")),
            ("iam_instance_profile", "iam_instance_profile", None),
            (
                "associate_public_ip_address",
                "associate_public_ip_address",
                Chosen("the subnet's map_public_ip_on_launch"),
            ),
            ("monitoring", "monitoring", False),
            ("ebs_optimized", "ebs_optimized", Chosen("the instance type's default")),
            ("key_name", "key_name", None),
        ),
    )
    d.attrs["iam_instance_profile"] = aws.arn_resource_name(d.attrs["iam_instance_profile"])
    # An attached network interface or a launch template, not AWS, then decides the subnet,
    # the public address and the groups: they are unknown here, not AWS's defaults.
    elsewhere = _network_from(v)
    groups = v.raw("vpc_security_group_ids")
    if elsewhere is not None:
        for field, src in (
            ("subnet_id", "subnet_id"),
            ("associate_public_ip_address", "associate_public_ip_address"),
        ):
            if v.raw(src) in (None, ""):
                d.put(field, Unknown(f"set by {elsewhere}"))
    if groups in (None, []) or groups == "":
        d.put(
            "security_group_ids",
            Unknown(f"set by {elsewhere}")
            if elsewhere is not None
            else Unknown("not set: the VPC's default security group"),
        )
    else:
        d.put("security_group_ids", str_list(groups), v, ("vpc_security_group_ids",))
    copy_block(
        d,
        v,
        "metadata_options",
        "metadata_options",
        (
            ("http_endpoint", "http_endpoint", "enabled"),
            ("http_tokens", "http_tokens", Chosen("the AMI's and the account's IMDS defaults")),
            (
                "http_put_response_hop_limit",
                "http_put_response_hop_limit",
                Chosen("the AMI's and the account's IMDS defaults"),
            ),
            ("instance_metadata_tags", "instance_metadata_tags", "disabled"),
        ),
    )
    copy_block(
        d,
        v,
        "root_block_device",
        "root_block_device",
        (
            ("encrypted", "encrypted", _EBS_ENCRYPTED),
            ("kms_key_id", "kms_key_id", None),
            ("volume_size", "volume_size", Chosen("the AMI's root snapshot size")),
            ("volume_type", "volume_type", Chosen("the AMI's root volume type")),
            ("delete_on_termination", "delete_on_termination", True),
        ),
    )
    _default_key(d, ("root_block_device",))
    devices = v.blocks("ebs_block_device")
    if is_unknown(devices):
        d.put("ebs_block_devices", devices, v, ("ebs_block_device",))
    else:
        d.put("ebs_block_devices", [])
        for index, block in enumerate(devices):
            d.attrs["ebs_block_devices"].append({})
            copy_fields(
                d,
                v,
                (
                    ("device_name", "device_name", None),
                    ("encrypted", "encrypted", _EBS_ENCRYPTED),
                    ("kms_key_id", "kms_key_id", None),
                    ("snapshot_id", "snapshot_id", None),
                    ("volume_size", "volume_size", Chosen("the snapshot's size")),
                    ("volume_type", "volume_type", "gp2"),
                    ("delete_on_termination", "delete_on_termination", True),
                ),
                at=("ebs_block_device", index),
                into=("ebs_block_devices", index),
                values=block,
            )
    d.put("tags", v.tags())
    return d


def _default_key(d: Draft, path: tuple[str, ...]) -> None:
    """An encrypted volume without a key uses the account's default EBS key, which code does
    not name (its ARN is only known once AWS picks it)."""
    device = d.attrs.get(path[0])
    if not isinstance(device, dict):
        return
    encrypted = device.get("encrypted")
    if device.get("kms_key_id") is None and (is_unknown(encrypted) or encrypted is True):
        device["kms_key_id"] = Unknown("not set: the account's default EBS key")


def _sort_devices(d: Draft) -> None:
    reorder_list(d, ("ebs_block_devices",), lambda item: str(item.get("device_name")))


def volume(v: View) -> Draft:
    d = _base("aws.ec2.volume", v, "volume_id")
    copy_fields(
        d,
        v,
        (
            ("availability_zone", "availability_zone", Chosen("required by AWS")),
            ("size", "size", Chosen("the snapshot's size")),
            ("volume_type", "type", "gp2"),
            ("encrypted", "encrypted", Chosen("the account's EBS encryption-by-default setting")),
            ("snapshot_id", "snapshot_id", None),
            ("iops", "iops", Chosen("the volume type's baseline")),
            ("multi_attach_enabled", "multi_attach_enabled", False),
        ),
    )
    key = v.opt("kms_key_id")
    encrypted = d.attrs["encrypted"]
    if key is None and (is_unknown(encrypted) or encrypted is True):
        key = Unknown("not set: the account's default EBS key")
    d.put("kms_key_id", key)
    d.put("tags", v.tags())
    return d


def ebs_encryption_by_default(v: View) -> Draft:
    d = Draft("aws.ec2.ebs_encryption_by_default", v, {})
    # One setting per account and region; Terraform's id is a generated name, not the region
    # (provider 6 adds a region argument to every resource).
    d.put("region", v.chosen("region", by="the provider's region"))
    d.put("enabled", convert(v.raw("enabled"), True))
    d.put("kms_key_id", None)
    return d


def fold_ebs_default_key(v: View, ctx: Context) -> None:
    owners = [x for x in ctx.drafts.values() if x.kind == "aws.ec2.ebs_encryption_by_default"]
    if len(owners) != 1:
        ctx.unattached.append(v.address)
        return
    owners[0].fold(v, ("kms_key_id",))
    owners[0].put("kms_key_id", v.raw("key_arn"), v, ("key_arn",))


def _vpc(v: View, *, default: bool) -> Draft:
    d = _base("aws.ec2.vpc", v, "vpc_id")
    copy_fields(
        d,
        v,
        (
            ("cidr_block", "cidr_block", Chosen("allocated from an IPAM pool")),
            ("instance_tenancy", "instance_tenancy", "default"),
            ("enable_dns_support", "enable_dns_support", True),
            ("enable_dns_hostnames", "enable_dns_hostnames", default),
        ),
    )
    d.put("is_default", default)
    d.put("tags", v.tags())
    return d


def vpc(v: View) -> Draft:
    return _vpc(v, default=False)


def default_vpc(v: View) -> Draft:
    return _vpc(v, default=True)


def _subnet(v: View, *, default: bool) -> Draft:
    d = _base("aws.ec2.subnet", v, "subnet_id")
    copy_fields(
        d,
        v,
        (
            ("vpc_id", "vpc_id", Chosen("the default VPC")),
            ("cidr_block", "cidr_block", Chosen("the default subnet's range")),
            ("availability_zone", "availability_zone", Chosen("AWS picks a zone")),
            ("map_public_ip_on_launch", "map_public_ip_on_launch", default),
        ),
    )
    d.put("default_for_az", default)
    d.put("tags", v.tags())
    return d


def subnet(v: View) -> Draft:
    return _subnet(v, default=False)


def default_subnet(v: View) -> Draft:
    return _subnet(v, default=True)


_FLOW_LOG_TARGETS = (
    ("vpc_id", "VPC"),
    ("subnet_id", "Subnet"),
    ("eni_id", "NetworkInterface"),
    ("transit_gateway_id", "TransitGateway"),
    ("transit_gateway_attachment_id", "TransitGatewayAttachment"),
)


def flow_log(v: View) -> Draft:
    d = _base("aws.ec2.flow_log", v, "flow_log_id")
    resource_id: Any = Unknown("no flow log target set")
    resource_type: Any = resource_id
    target_at: tuple[str, ...] = ()
    for name, kind in _FLOW_LOG_TARGETS:
        value = v.raw(name)
        if value is not None and value != "":
            resource_id, resource_type, target_at = value, kind, (name,)
            break
    d.put("resource_id", resource_id, v, target_at)
    d.put("resource_type", resource_type, v, target_at)
    copy_fields(
        d,
        v,
        (
            ("traffic_type", "traffic_type", "ALL"),
            ("log_destination_type", "log_destination_type", "cloud-watch-logs"),
            ("deliver_logs_permission_arn", "iam_role_arn", None),
            ("max_aggregation_interval", "max_aggregation_interval", 600),
        ),
    )
    destination = v.opt("log_destination")
    if destination is None and v.opt("log_group_name") is not None:
        destination = Unknown(f"the ARN of log group {v.opt('log_group_name')!r}")
    d.put("log_destination", destination, v, ("log_destination",))
    d.put("tags", v.tags())
    return d


# -- RDS -------------------------------------------------------------------------------------

_RDS_COMMON: tuple[tuple[str, str, Any], ...] = (
    ("engine_version", "engine_version", Chosen("the engine's default version")),
    ("backup_retention_period", "backup_retention_period", 1),
    ("deletion_protection", "deletion_protection", False),
    (
        "iam_database_authentication_enabled",
        "iam_database_authentication_enabled",
        False,
    ),
    ("copy_tags_to_snapshot", "copy_tags_to_snapshot", False),
    ("db_subnet_group_name", "db_subnet_group_name", "default"),
    ("enabled_cloudwatch_logs_exports", "enabled_cloudwatch_logs_exports", []),
    ("master_username", "username", None),
)
# aws_rds_cluster calls the master user ``master_username`` (aws_db_instance: ``username``).
_CLUSTER_COMMON = tuple(
    ("master_username", "master_username", None) if spec[0] == "master_username" else spec
    for spec in _RDS_COMMON
)


_SOURCE = "inherited from the source database"


def _inherited_encryption(v: View, source: str, snapshot: str) -> Any:
    """The default of ``storage_encrypted``: a read replica, or a database restored from a
    snapshot, inherits it."""
    if v.raw(source) not in (None, ""):
        return Chosen(_SOURCE)
    if v.raw(snapshot) not in (None, ""):
        return Chosen("inherited from the snapshot")
    return False


def db_instance(v: View) -> Draft:
    d = _base("aws.rds.db_instance", v, "db_instance_identifier", "identifier")
    d.attrs["db_instance_identifier"] = v.chosen("identifier", by="AWS generates the identifier")
    d.locate(("db_instance_identifier",), v, ("identifier",))
    replica = v.raw("replicate_source_db") not in (None, "")
    common = tuple(
        ("backup_retention_period", "backup_retention_period", Chosen("a read replica's default"))
        if replica and spec[0] == "backup_retention_period"
        else spec
        for spec in _RDS_COMMON
    )
    copy_fields(
        d,
        v,
        (
            ("engine", "engine", Chosen(_SOURCE if replica else "the snapshot's engine")),
            ("instance_class", "instance_class", Chosen("required by AWS")),
            ("allocated_storage", "allocated_storage", Chosen("the snapshot's size")),
            ("storage_type", "storage_type", Chosen("gp2, or io1 when iops is set")),
            (
                "storage_encrypted",
                "storage_encrypted",
                _inherited_encryption(v, "replicate_source_db", "snapshot_identifier"),
            ),
            ("source_db_instance_identifier", "replicate_source_db", None),
            ("publicly_accessible", "publicly_accessible", False),
            ("multi_az", "multi_az", False),
            ("auto_minor_version_upgrade", "auto_minor_version_upgrade", True),
            ("monitoring_interval", "monitoring_interval", 0),
            ("performance_insights_enabled", "performance_insights_enabled", False),
            ("performance_insights_kms_key_id", "performance_insights_kms_key_id", None),
            ("ca_cert_identifier", "ca_cert_identifier", Chosen("the region's default CA")),
            ("db_cluster_identifier", "db_cluster_identifier", None),
            *common,
        ),
    )
    _rds_key_and_groups(d, v)
    return d


def cluster_instance(v: View) -> Draft:
    """``aws_rds_cluster_instance``: an instance of a cluster; storage comes from the cluster."""
    d = _base("aws.rds.db_instance", v, "db_instance_identifier", "identifier")
    d.attrs["db_instance_identifier"] = v.chosen("identifier", by="AWS generates the identifier")
    from_cluster = Chosen("inherited from the DB cluster")
    copy_fields(
        d,
        v,
        (
            ("engine", "engine", from_cluster),
            ("engine_version", "engine_version", from_cluster),
            ("instance_class", "instance_class", Chosen("required by AWS")),
            ("storage_encrypted", "storage_encrypted", from_cluster),
            ("kms_key_id", "kms_key_id", from_cluster),
            ("publicly_accessible", "publicly_accessible", False),
            ("auto_minor_version_upgrade", "auto_minor_version_upgrade", True),
            ("monitoring_interval", "monitoring_interval", 0),
            ("performance_insights_enabled", "performance_insights_enabled", False),
            ("performance_insights_kms_key_id", "performance_insights_kms_key_id", None),
            ("ca_cert_identifier", "ca_cert_identifier", Chosen("the region's default CA")),
            ("db_cluster_identifier", "cluster_identifier", None),
            ("db_subnet_group_name", "db_subnet_group_name", from_cluster),
            ("copy_tags_to_snapshot", "copy_tags_to_snapshot", False),
        ),
    )
    d.put("source_db_instance_identifier", None)
    d.put("tags", v.tags())
    return d


def _rds_key_and_groups(d: Draft, v: View) -> None:
    key = v.opt("kms_key_id")
    encrypted = d.attrs.get("storage_encrypted")
    if key is None and (is_unknown(encrypted) or encrypted is True):
        key = Unknown("not set: the account's default RDS key (aws/rds)")
    d.put("kms_key_id", key)
    groups = v.raw("vpc_security_group_ids")
    if groups in (None, []):
        d.put("vpc_security_group_ids", Unknown("not set: the VPC's default security group"))
    else:
        d.put("vpc_security_group_ids", str_list(groups), v, ("vpc_security_group_ids",))
    d.put("tags", v.tags())


def db_cluster(v: View) -> Draft:
    d = _base("aws.rds.db_cluster", v, "db_cluster_identifier", "cluster_identifier")
    d.attrs["db_cluster_identifier"] = v.chosen(
        "cluster_identifier", by="AWS generates the identifier"
    )
    serverless = v.opt("engine_mode") == "serverless"
    copy_fields(
        d,
        v,
        (
            ("engine", "engine", "aurora"),
            ("engine_mode", "engine_mode", "provisioned"),
            (
                "storage_encrypted",
                "storage_encrypted",
                _inherited_encryption(v, "replication_source_identifier", "snapshot_identifier")
                if not serverless
                else True,
            ),
            *_CLUSTER_COMMON,
        ),
    )
    _rds_key_and_groups(d, v)
    return d


# -- KMS -------------------------------------------------------------------------------------


# -- CloudTrail ------------------------------------------------------------------------------


# -- Lambda ----------------------------------------------------------------------------------


def lambda_function(v: View) -> Draft:
    d = _base("aws.lambda.function", v, "function_name", "function_name")
    copy_fields(
        d,
        v,
        (
            ("function_name", "function_name", Chosen("required by AWS")),
            ("role", "role", Chosen("required by AWS")),
            ("runtime", "runtime", None),
            ("handler", "handler", None),
            ("package_type", "package_type", "Zip"),
            ("memory_size", "memory_size", 128),
            ("timeout", "timeout", 3),
            ("kms_key_arn", "kms_key_arn", None),
            ("code_signing_config_arn", "code_signing_config_arn", None),
        ),
    )
    env = v.block("environment")
    if is_unknown(env):
        d.put("environment_variables", env, v, ("environment",))
    else:
        variables = (env or {}).get("variables")
        if variables is None:
            variables = {}
        elif isinstance(variables, Mapping):
            variables = dict(variables)
        d.put("environment_variables", variables, v, ("environment", 0, "variables"))
    tracing = v.block("tracing_config")
    d.put(
        "tracing_mode",
        tracing if is_unknown(tracing) else convert((tracing or {}).get("mode"), "PassThrough"),
        v,
        ("tracing_config", 0, "mode"),
    )
    vpc_config = v.block("vpc_config")
    if is_unknown(vpc_config):
        d.put("vpc_config", vpc_config, v, ("vpc_config",))
    elif not vpc_config or vpc_config.get("subnet_ids") in (None, []):
        d.put("vpc_config", None, v, ("vpc_config",))
    else:
        d.put("vpc_config", {}, v, ("vpc_config", 0))
        copy_fields(
            d,
            v,
            (("subnet_ids", "subnet_ids", []), ("security_group_ids", "security_group_ids", [])),
            at=("vpc_config", 0),
            into=("vpc_config",),
            values=vpc_config,
        )
    dlq = v.block("dead_letter_config")
    d.put(
        "dead_letter_target_arn",
        dlq if is_unknown(dlq) else aws.value_or((dlq or {}).get("target_arn")),
        v,
        ("dead_letter_config", 0, "target_arn"),
    )
    reserved = convert(v.raw("reserved_concurrent_executions"), -1)
    d.put("reserved_concurrent_executions", None if reserved == -1 else reserved)
    layers = v.opt("layers", default=[])
    d.put("layers", str_list(layers, sort=False))
    d.put("architectures", convert(v.raw("architectures"), ["x86_64"]))
    d.put("url", None)
    d.put("policy", None)  # aws_lambda_permission resources fold in
    d.put("tags", v.tags())
    return d


def fold_function_url(v: View, ctx: Context) -> None:
    owner = ctx.owner(v, ("function_name",), "aws.lambda.function", ("function_name", "arn"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("url",))
    owner.put("url", {}, v, ())
    copy_fields(
        owner,
        v,
        (("authorization_type", "authorization_type", Chosen("required by AWS")),),
        into=("url",),
    )


def fold_lambda_permission(v: View, ctx: Context) -> None:
    """``aws_lambda_permission``: one statement of the function's resource policy."""
    owner = ctx.owner(v, ("function_name",), "aws.lambda.function", ("function_name", "arn"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    statement = aws.lambda_permission_statement(
        action=v.raw("action"),
        principal=v.raw("principal"),
        resource=owner.attrs.get("arn"),
        source_arn=v.raw("source_arn"),
        source_account=v.raw("source_account"),
        principal_org_id=v.raw("principal_org_id"),
        function_url_auth_type=v.raw("function_url_auth_type"),
        event_source_token=v.raw("event_source_token"),
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


def load_balancer(v: View) -> Draft:
    d = _base("aws.elbv2.load_balancer", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("name", "name", _NAME),
            ("load_balancer_type", "load_balancer_type", "application"),
            ("subnets", "subnets", Chosen("the subnet mappings")),
            ("security_groups", "security_groups", []),
            ("drop_invalid_header_fields", "drop_invalid_header_fields", False),
            ("deletion_protection_enabled", "enable_deletion_protection", False),
            ("idle_timeout", "idle_timeout", 60),
            ("ip_address_type", "ip_address_type", "ipv4"),
            ("desync_mitigation_mode", "desync_mitigation_mode", "defensive"),
        ),
    )
    internal = convert(v.raw("internal"), False)
    d.put(
        "scheme",
        internal if is_unknown(internal) else ("internal" if internal else "internet-facing"),
        v,
        ("internal",),
    )
    copy_block(
        d,
        v,
        "access_logs",
        "access_logs",
        (("enabled", "enabled", False), ("bucket", "bucket", None), ("prefix", "prefix", None)),
    )
    if d.attrs["load_balancer_type"] != "application":
        # Only application load balancers parse HTTP headers.
        d.attrs["drop_invalid_header_fields"] = False
        d.attrs["desync_mitigation_mode"] = None
    d.put("tags", v.tags())
    return d


def listener(v: View) -> Draft:
    d = _base("aws.elbv2.listener", v, "arn")
    copy_fields(
        d,
        v,
        (
            ("load_balancer_arn", "load_balancer_arn", Chosen("required by AWS")),
            ("port", "port", Chosen("80/443 by protocol")),
            (
                "protocol",
                "protocol",
                Chosen("HTTP for application, TCP for network load balancers"),
            ),
            ("certificate_arn", "certificate_arn", None),
        ),
    )
    protocol = d.attrs["protocol"]
    secure = is_unknown(protocol) or protocol in ("HTTPS", "TLS")
    d.put(
        "ssl_policy",
        convert(v.raw("ssl_policy"), Chosen("ELBSecurityPolicy-2016-08 (the AWS default)"))
        if secure
        else None,
        v,
        ("ssl_policy",),
    )
    actions = v.blocks("default_action")
    if is_unknown(actions):
        d.put("default_actions", actions, v, ("default_action",))
    else:
        d.put("default_actions", [])
        for index, block in enumerate(actions):
            d.attrs["default_actions"].append(_action(block))
            d.locate(("default_actions", index), v, ("default_action", index))
    d.put("tags", v.tags())
    return d


_REDIRECT_DEFAULTS = (
    ("protocol", "protocol", "#{protocol}"),
    ("port", "port", "#{port}"),
    ("host", "host", "#{host}"),
    ("path", "path", "/#{path}"),
    ("query", "query", "#{query}"),
    ("status_code", "status_code", None),
)


def _action(block: Mapping[str, Any]) -> dict[str, Any]:
    redirect = block.get("redirect")
    redirect = redirect[0] if isinstance(redirect, list) and redirect else redirect
    out: dict[str, Any] = {
        "type": block.get("type"),
        "target_group_arn": aws.value_or(block.get("target_group_arn")),
        "redirect": None,
    }
    if is_unknown(redirect):
        out["redirect"] = redirect
    elif isinstance(redirect, Mapping):
        out["redirect"] = {c: convert(redirect.get(n), dflt) for c, n, dflt in _REDIRECT_DEFAULTS}
    return out


# -- ECR -------------------------------------------------------------------------------------


# -- Secrets Manager -------------------------------------------------------------------------


# -- CloudWatch Logs -------------------------------------------------------------------------


# -- API Gateway -----------------------------------------------------------------------------


def api_stage(v: View) -> Draft:
    d = Draft("aws.apigateway.stage", v, {})
    d.put("arn", v.out("arn"))
    copy_fields(
        d,
        v,
        (
            ("rest_api_id", "rest_api_id", Chosen("required by AWS")),
            ("stage_name", "stage_name", Chosen("required by AWS")),
            ("deployment_id", "deployment_id", Chosen("required by AWS")),
            ("tracing_enabled", "xray_tracing_enabled", False),
            ("cache_cluster_enabled", "cache_cluster_enabled", False),
            ("client_certificate_id", "client_certificate_id", None),
        ),
    )
    copy_block(
        d,
        v,
        "access_log_settings",
        "access_log_settings",
        (("destination_arn", "destination_arn", None), ("format", "format", None)),
        absent=None,
    )
    d.put("method_settings", {})
    d.put("tags", v.tags())
    return d


def fold_method_settings(v: View, ctx: Context) -> None:
    owner = ctx.owner(v, ("stage_name",), "aws.apigateway.stage", ())
    if owner is None:
        stages = ctx.memo.get("stages")
        if stages is None:
            stages = {
                (d.attrs.get("rest_api_id"), d.attrs.get("stage_name")): d
                for d in ctx.drafts.values()
                if d.kind == "aws.apigateway.stage"
                and isinstance(d.attrs.get("rest_api_id"), str)
                and isinstance(d.attrs.get("stage_name"), str)
            }
            ctx.memo["stages"] = stages
        key = (v.raw("rest_api_id"), v.raw("stage_name"))
        owner = stages.get(key) if all(isinstance(k, str) for k in key) else None
    if owner is None:
        ctx.unattached.append(v.address)
        return
    path = v.raw("method_path")
    if not isinstance(path, str):
        owner.folded.append(v.address)
        owner.put("method_settings", Unknown("method_path not known"), v, ("method_path",))
        return
    settings = v.block("settings")
    owner.fold(v, ("method_settings", path))
    if is_unknown(settings):
        owner.put(("method_settings", path), settings, v, ("settings",))
        return
    owner.put(("method_settings", path), {}, v, ("settings", 0))
    copy_fields(
        owner,
        v,
        (
            ("logging_level", "logging_level", "OFF"),
            ("metrics_enabled", "metrics_enabled", False),
            ("data_trace_enabled", "data_trace_enabled", False),
            ("caching_enabled", "caching_enabled", False),
            ("cache_data_encrypted", "cache_data_encrypted", False),
        ),
        at=("settings", 0),
        into=("method_settings", path),
        values=settings or {},
    )
    method = owner.attrs["method_settings"].get(path)
    if isinstance(method, dict) and method.get("caching_enabled") is False:
        method["cache_data_encrypted"] = False  # no cache, nothing to encrypt


# -- CloudFront ------------------------------------------------------------------------------


def distribution(v: View) -> Draft:
    d = _base("aws.cloudfront.distribution", v, "id")
    copy_fields(
        d,
        v,
        (
            ("enabled", "enabled", Chosen("required by AWS")),
            ("aliases", "aliases", []),
            ("default_root_object", "default_root_object", None),
            ("price_class", "price_class", "PriceClass_All"),
            ("http_version", "http_version", "http2"),
            ("is_ipv6_enabled", "is_ipv6_enabled", False),
            ("web_acl_id", "web_acl_id", None),
        ),
    )
    copy_block(
        d,
        v,
        "logging",
        "logging_config",
        (
            ("bucket", "bucket", None),
            ("prefix", "prefix", ""),
            ("include_cookies", "include_cookies", False),
        ),
        absent=None,
    )
    copy_block(
        d,
        v,
        "viewer_certificate",
        "viewer_certificate",
        (
            ("cloudfront_default_certificate", "cloudfront_default_certificate", False),
            ("acm_certificate_arn", "acm_certificate_arn", None),
            ("iam_certificate_id", "iam_certificate_id", None),
            ("minimum_protocol_version", "minimum_protocol_version", "TLSv1"),
            ("ssl_support_method", "ssl_support_method", None),
        ),
    )
    certificate = d.attrs.get("viewer_certificate")
    if isinstance(certificate, dict) and certificate.get("cloudfront_default_certificate") is True:
        # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
        certificate["ssl_support_method"] = None
        certificate["minimum_protocol_version"] = "TLSv1"
    origins = v.blocks("origin")
    if is_unknown(origins):
        d.put("origins", origins, v, ("origin",))
    else:
        d.put("origins", [])
        for index, block in enumerate(origins):
            d.attrs["origins"].append(_origin(block))
            d.locate(("origins", index), v, ("origin", index))
    behavior = v.block("default_cache_behavior")
    if is_unknown(behavior):
        d.put("default_cache_behavior", behavior, v, ("default_cache_behavior",))
    else:
        d.put("default_cache_behavior", _behavior(behavior or {}), v, ("default_cache_behavior", 0))
        d.locate(
            ("default_cache_behavior", "viewer_protocol_policy"),
            v,
            ("default_cache_behavior", 0, "viewer_protocol_policy"),
        )
    ordered = v.blocks("ordered_cache_behavior")
    if is_unknown(ordered):
        d.put("ordered_cache_behaviors", ordered, v, ("ordered_cache_behavior",))
    else:
        d.put("ordered_cache_behaviors", [])
        for index, block in enumerate(ordered):
            item = _behavior(block)
            item["path_pattern"] = block.get("path_pattern")
            d.attrs["ordered_cache_behaviors"].append(item)
            d.locate(("ordered_cache_behaviors", index), v, ("ordered_cache_behavior", index))
    restrictions = v.block("restrictions")
    geo = None if is_unknown(restrictions) else (restrictions or {}).get("geo_restriction")
    geo = geo[0] if isinstance(geo, list) and geo else geo
    if is_unknown(restrictions):
        d.put("geo_restriction", restrictions, v, ("restrictions",))
    else:
        geo = geo if isinstance(geo, Mapping) else {}
        d.put(
            "geo_restriction",
            {
                "restriction_type": convert(geo.get("restriction_type"), "none"),
                "locations": str_list(geo.get("locations")),
            },
            v,
            ("restrictions", 0, "geo_restriction", 0),
        )
    d.put("tags", v.tags())
    return d


def _origin(block: Mapping[str, Any]) -> dict[str, Any]:
    s3 = block.get("s3_origin_config")
    s3 = s3[0] if isinstance(s3, list) and s3 else s3
    custom = block.get("custom_origin_config")
    custom = custom[0] if isinstance(custom, list) and custom else custom
    out: dict[str, Any] = {
        "id": block.get("origin_id"),
        "domain_name": block.get("domain_name"),
        "origin_access_control_id": aws.value_or(block.get("origin_access_control_id")),
        "origin_access_identity": aws.value_or(s3.get("origin_access_identity"))
        if isinstance(s3, Mapping)
        else None,
        "custom_origin": None,
    }
    if isinstance(custom, Mapping):
        out["custom_origin"] = {
            "origin_protocol_policy": custom.get("origin_protocol_policy"),
            "origin_ssl_protocols": str_list(custom.get("origin_ssl_protocols")),
            "http_port": convert(custom.get("http_port"), 80),
            "https_port": convert(custom.get("https_port"), 443),
        }
    elif is_unknown(custom):
        out["custom_origin"] = custom
    return out


def _behavior(block: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "target_origin_id": block.get("target_origin_id"),
        "viewer_protocol_policy": block.get("viewer_protocol_policy"),
        "allowed_methods": str_list(block.get("allowed_methods")),
        "field_level_encryption_id": aws.value_or(block.get("field_level_encryption_id")),
    }


def _sort_origins(d: Draft) -> None:
    reorder_list(d, ("origins",), lambda item: str(item.get("id")))


PRIMARY = {
    "aws_instance": instance,
    "aws_ebs_volume": volume,
    "aws_ebs_encryption_by_default": ebs_encryption_by_default,
    "aws_vpc": vpc,
    "aws_default_vpc": default_vpc,
    "aws_subnet": subnet,
    "aws_default_subnet": default_subnet,
    "aws_flow_log": flow_log,
    "aws_db_instance": db_instance,
    "aws_rds_cluster_instance": cluster_instance,
    "aws_rds_cluster": db_cluster,
    "aws_lambda_function": lambda_function,
    "aws_lb": load_balancer,
    "aws_alb": load_balancer,
    "aws_lb_listener": listener,
    "aws_alb_listener": listener,
    "aws_api_gateway_stage": api_stage,
    "aws_cloudfront_distribution": distribution,
}
FOLDERS = {
    "aws_ebs_default_kms_key": fold_ebs_default_key,
    "aws_lambda_function_url": fold_function_url,
    "aws_lambda_permission": fold_lambda_permission,
    "aws_api_gateway_method_settings": fold_method_settings,
}
FINALIZERS = {
    "aws.ec2.instance": _sort_devices,
    "aws.cloudfront.distribution": _sort_origins,
}
