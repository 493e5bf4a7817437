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


# -- RDS -------------------------------------------------------------------------------------


# -- KMS -------------------------------------------------------------------------------------


# -- CloudTrail ------------------------------------------------------------------------------


# -- Lambda ----------------------------------------------------------------------------------


# -- DynamoDB --------------------------------------------------------------------------------


# -- SQS / SNS -------------------------------------------------------------------------------


# -- EKS -------------------------------------------------------------------------------------


# -- ELBv2 -----------------------------------------------------------------------------------


# -- ECR -------------------------------------------------------------------------------------


# -- Secrets Manager -------------------------------------------------------------------------


# -- CloudWatch Logs -------------------------------------------------------------------------


# -- API Gateway -----------------------------------------------------------------------------


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
    "aws_cloudfront_distribution": distribution,
}
FOLDERS: dict[str, Any] = {}
FINALIZERS = {
    "aws.ec2.instance": _sort_devices,
    "aws.cloudfront.distribution": _sort_origins,
}
