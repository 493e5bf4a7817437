"""EC2 instances: where an instance's network placement and block devices are written, which
a table cannot say.

An attached network interface or a launch template, not AWS, decides the subnet, the public
address and the groups of an instance that does not: they are unknown then, not AWS's
defaults. CloudFormation writes them on the primary network interface too, and its block
device mappings name devices, not "the root": a mapping of the AMIs' usual root device names
configures the root volume. The API answers the devices' volumes apart (DescribeVolumes), and
the public address on the primary network interface.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM, Chosen
from iacgate.model.aws.kinds.ec2 import INSTANCE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import (
    Draft,
    field_value,
    fill,
    reorder_list,
    reread,
    str_list,
    walk,
)

_ROOT = INSTANCE.field("root_block_device").fields
_SUBNET = INSTANCE.field("subnet_id")
_PUBLIC = INSTANCE.field("associate_public_ip_address")
_DEVICE = INSTANCE.field("ebs_block_devices").fields
# A device's settings the API answers with its volume: canonical field -> the volume's.
_VOLUME_FIELDS = {
    "encrypted": "Encrypted",
    "kms_key_id": "KmsKeyId",
    "snapshot_id": "SnapshotId",
    "volume_size": "Size",
    "volume_type": "VolumeType",
}
_VOLUME = tuple(next(f for f in _DEVICE if f.name == name) for name in _VOLUME_FIELDS)
_ON_TERMINATION = next(f for f in _DEVICE if f.name == "delete_on_termination")
_DEFAULT_GROUP = Unknown("not set: the VPC's default security group")
# The names AMIs give their root device (Amazon Linux and most others /dev/xvda, Ubuntu and
# Windows /dev/sda1): a mapping of either configures the root volume.
ROOT_DEVICES = frozenset({"/dev/xvda", "/dev/sda1"})


def default_key(d: Draft, device: Any, where: tuple[str, ...] = ()) -> None:
    """An encrypted volume without a key uses the account's default EBS key, which code does
    not name (its ARN is only known once AWS picks it)."""
    encrypted = device.get("encrypted")
    if device.get("kms_key_id") is None and (is_unknown(encrypted) or encrypted is True):
        device["kms_key_id"] = Unknown("not set: the account's default EBS key")


# Plans and state keep ``user_data`` of instances and launch configurations as the SHA-1 of the
# text (the provider's StateFunc); only the configuration has the script itself.
_USER_DATA_HASH = re.compile(r"^[0-9a-f]{40}$")


def terraform_user_data(d: Draft, v: Any) -> None:
    """``user_data`` as the instance gets it: the text written, else ``user_data_base64``;
    UNKNOWN where Terraform kept only its hash."""
    text, encoded = v.raw("user_data"), v.raw("user_data_base64")
    if isinstance(text, str) and _USER_DATA_HASH.match(text):
        hidden = Unknown("Terraform keeps only a hash of the user data in plans and state")
        d.put("user_data", hidden, v, ("user_data",))
    elif text is None and encoded is not None:
        d.put("user_data", encoded, v, ("user_data_base64",))


def _terraform(d: Draft, v: Any) -> None:
    terraform_user_data(d, v)
    elsewhere = _decided_by(v)
    if elsewhere is not None:
        for name in ("subnet_id", "associate_public_ip_address"):
            if v.raw(name) in (None, ""):
                d.put(name, Unknown(f"set by {elsewhere}"))
    groups = v.raw("vpc_security_group_ids")
    if groups in (None, [], ""):
        unset = Unknown(f"set by {elsewhere}") if elsewhere is not None else _DEFAULT_GROUP
        d.put("security_group_ids", unset)
    else:
        d.put("security_group_ids", str_list(groups), v, ("vpc_security_group_ids",))
    devices = v.blocks("ebs_block_device")
    if is_unknown(devices):
        d.put("ebs_block_devices", devices, v, ("ebs_block_device",))
        return
    d.put("ebs_block_devices", [])
    for index, block in enumerate(devices):
        d.attrs["ebs_block_devices"].append({})
        at: AttrPath = ("ebs_block_device", index)
        fill(d, v, _DEVICE, at=at, into=("ebs_block_devices", index), values=block)


def _decided_by(v: Any) -> str | None:
    """Who decides the instance's network placement when the instance does not."""
    interfaces = v.blocks("network_interface")
    if is_unknown(interfaces) or interfaces:
        return "the attached network interface"
    template = v.blocks("launch_template")
    if is_unknown(template) or template:
        return "the launch template"
    return None


def _cloudformation(d: Draft, v: Any) -> None:
    template = v.raw("LaunchTemplate") is not None
    if template:
        reread(d, v, INSTANCE.field("instance_type"), Chosen("the launch template's instance type"))
    primary = _primary_interface(v)
    elsewhere: str | None = None
    if primary is not None and primary[0].get("NetworkInterfaceId") is not None:
        elsewhere = "the attached network interface"
    elif template:
        elsewhere = "the launch template"
    subnet_at: AttrPath = ("SubnetId",)
    subnet = v.raw("SubnetId")
    if subnet in (None, "") and primary is not None:
        subnet, subnet_at = primary[0].get("SubnetId"), (*primary[1], "SubnetId")
    unset = subnet in (None, "") and elsewhere is not None
    d.put(
        "subnet_id",
        Unknown(f"set by {elsewhere}") if unset else field_value(_SUBNET, v, subnet),
        v,
        subnet_at,
    )
    public = primary[0].get("AssociatePublicIpAddress") if primary is not None else None
    unset = public in (None, "") and elsewhere is not None
    d.put(
        "associate_public_ip_address",
        Unknown(f"set by {elsewhere}") if unset else field_value(_PUBLIC, v, public),
        v,
        (*primary[1], "AssociatePublicIpAddress")
        if primary is not None
        else ("NetworkInterfaces",),
    )
    _cloudformation_groups(d, v, primary, elsewhere)
    _cloudformation_devices(d, v)


def _cloudformation_groups(
    d: Draft, v: Any, primary: tuple[Mapping[str, Any], AttrPath] | None, elsewhere: str | None
) -> None:
    groups_at: AttrPath = ("SecurityGroupIds",)
    groups = v.raw("SecurityGroupIds")
    if groups in (None, []) and primary is not None:
        groups, groups_at = primary[0].get("GroupSet"), (*primary[1], "GroupSet")
    if groups not in (None, []):
        d.put("security_group_ids", str_list(groups), v, groups_at)
    elif v.raw("SecurityGroups") not in (None, []):
        named = Unknown("security groups named (SecurityGroups): their ids are known at deploy")
        d.put("security_group_ids", named, v, ("SecurityGroups",))
    elif elsewhere:
        d.put("security_group_ids", Unknown(f"set by {elsewhere}"))
    else:
        d.put("security_group_ids", _DEFAULT_GROUP)


def _primary_interface(v: Any) -> tuple[Mapping[str, Any], AttrPath] | None:
    """The network interface with DeviceIndex 0 (it holds the subnet, groups, public IP)."""
    interfaces = v.items("NetworkInterfaces")
    if is_unknown(interfaces):
        return None
    for index, item in enumerate(interfaces):
        if isinstance(item, Mapping) and str(item.get("DeviceIndex", "")) == "0":
            return item, ("NetworkInterfaces", index)
    return None


def _cloudformation_devices(d: Draft, v: Any) -> None:
    mappings = v.items("BlockDeviceMappings")
    if is_unknown(mappings):
        d.put("root_block_device", mappings, v, ("BlockDeviceMappings",))
        d.put("ebs_block_devices", mappings, v, ("BlockDeviceMappings",))
        return
    root: tuple[Mapping[str, Any], AttrPath] | None = None
    extra: list[tuple[Mapping[str, Any], AttrPath]] = []
    for index, item in enumerate(mappings):
        if not isinstance(item, Mapping) or not isinstance(item.get("Ebs"), Mapping):
            continue  # instance-store and NoDevice mappings hold no EBS volume
        at: AttrPath = ("BlockDeviceMappings", index)
        if item.get("DeviceName") in ROOT_DEVICES and root is None:
            root = (item, at)
        else:
            extra.append((item, at))
    if root is not None:
        d.put("root_block_device", {}, v, (*root[1], "Ebs"))
        fill(d, v, _ROOT, at=root[1], into=("root_block_device",), values=root[0])
    else:
        d.put("root_block_device", {}, v, ("BlockDeviceMappings",))
        fill(d, v, _ROOT, at=("BlockDeviceMappings",), into=("root_block_device",), values={})
    d.put("ebs_block_devices", [])
    for index, (item, at) in enumerate(extra):
        d.attrs["ebs_block_devices"].append({})
        fill(d, v, _DEVICE, at=at, into=("ebs_block_devices", index), values=item)
        d.locate(("ebs_block_devices", index), v, at)


def _api(d: Draft, v: Any) -> None:
    d.put("associate_public_ip_address", _public_ip(v), v)
    d.put("monitoring", v.raw("Monitoring", "State") in ("enabled", "pending"), v)
    volumes = v.answer("DescribeVolumes") or {}
    root_name = v.raw("RootDeviceName")
    root: dict[str, Any] | None = None
    others: list[dict[str, Any]] = []
    for mapping in v.items("BlockDeviceMappings"):
        volume_id = walk(mapping, ("Ebs", "VolumeId"))
        volume = v.answered(volumes.get(volume_id) if isinstance(volumes, dict) else volumes)
        device = _device(v, mapping, volume)
        if mapping.get("DeviceName") == root_name:
            root = {k: value for k, value in device.items() if k != "snapshot_id"}
        else:
            others.append({"device_name": mapping.get("DeviceName"), **device})
    d.put("root_block_device", root, v)
    d.put("ebs_block_devices", others, v)


def _device(v: Any, mapping: Mapping[str, Any], volume: Any) -> dict[str, Any]:
    """A mapped device with its volume: the volume's settings (unknown when DescribeVolumes
    failed, None when it does not answer for it) and the mapping's own."""
    on_termination = field_value(_ON_TERMINATION, v, walk(mapping, ("Ebs", "DeleteOnTermination")))
    if not isinstance(volume, Mapping):
        unknown = volume if is_unknown(volume) else None
        made = dict.fromkeys(_VOLUME_FIELDS, unknown)
    else:
        made = {
            field.name: field_value(field, v, volume.get(name))
            for field, name in zip(_VOLUME, _VOLUME_FIELDS.values(), strict=True)
        }
    made["delete_on_termination"] = on_termination
    return made


def _public_ip(v: Any) -> bool:
    """As the AWS provider reads it: the primary network interface has an association."""
    for interface in v.items("NetworkInterfaces"):
        if walk(interface, ("Attachment", "DeviceIndex")) == 0:
            return interface.get("Association") is not None
    return bool(v.raw("PublicIpAddress"))


def _finish(d: Draft) -> None:
    d.attrs["iam_instance_profile"] = aws.arn_resource_name(d.attrs.get("iam_instance_profile"))
    root = d.attrs.get("root_block_device")
    if isinstance(root, dict):
        default_key(d, root)
    reorder_list(d, ("ebs_block_devices",), lambda item: str(item.get("device_name")))


CODE = (
    KindCode(
        INSTANCE,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        finish=_finish,
    ),
)
