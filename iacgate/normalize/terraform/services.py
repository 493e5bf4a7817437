"""Every other canonical AWS kind: EC2 compute and networking, RDS, KMS, CloudTrail, Lambda,
DynamoDB, SQS, SNS, EKS, ELBv2, ECR, Secrets Manager, CloudWatch Logs, API Gateway, CloudFront.

Each mapping is a table of (canonical name, Terraform name, default); the default is the value
AWS applies when the argument is unset (``Chosen`` when AWS decides case by case).
"""

from __future__ import annotations

from typing import Any

from iacgate.model import aws
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.terraform.core import (
    Chosen,
    Draft,
    View,
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


PRIMARY = {
    "aws_instance": instance,
}
FOLDERS: dict[str, Any] = {}
FINALIZERS: dict[str, Any] = {
    "aws.ec2.instance": _sort_devices,
}
