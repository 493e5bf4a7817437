"""EC2: security groups (inline rules and ``AWS::EC2::SecurityGroupIngress``/``Egress``
resources folded in), instances, volumes, VPCs, subnets and flow logs."""

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
)

GROUP = "aws.ec2.security_group"
RULE = "aws.ec2.security_group_rule"
SIDES = ("ingress", "egress")
_PROPERTY = {"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"}
# The peer properties of each direction: (canonical peer field, property).
_PEERS = {
    "ingress": (
        ("cidr_ipv4", "CidrIp"),
        ("cidr_ipv6", "CidrIpv6"),
        ("prefix_list_id", "SourcePrefixListId"),
        ("referenced_group_id", "SourceSecurityGroupId"),
        ("referenced_group_id", "SourceSecurityGroupName"),
    ),
    "egress": (
        ("cidr_ipv4", "CidrIp"),
        ("cidr_ipv6", "CidrIpv6"),
        ("prefix_list_id", "DestinationPrefixListId"),
        ("referenced_group_id", "DestinationSecurityGroupId"),
    ),
}
# What AWS adds to a group created without egress rules (CloudFormation keeps it).
DEFAULT_EGRESS = aws.sg_rule(proto="-1", from_port=None, to_port=None, cidr_ipv4="0.0.0.0/0")


def security_group(v: View) -> Draft:
    d = Draft(GROUP, v, {})
    d.put("group_id", DEPLOYED)
    d.put("arn", DEPLOYED)
    d.put("name", v.chosen("GroupName", by="CloudFormation generates the name"), v, ("GroupName",))
    d.put("description", v.opt("GroupDescription"), v, ("GroupDescription",))
    d.put("vpc_id", v.chosen("VpcId", by="the region's default VPC"), v, ("VpcId",))
    d.put("tags", v.tags(), v, ("Tags",))
    for side in SIDES:
        name = _PROPERTY[side]
        items = v.items(name)
        if is_unknown(items):
            d.put(side, items, v, (name,))
            continue
        d.attrs[side] = []
        if side == "egress" and v.raw(name) is None:
            d.attrs[side].append(dict(DEFAULT_EGRESS))
        rules: list[tuple[dict[str, Any], View, AttrPath]] = []
        for index, item in enumerate(items):
            if is_unknown(item):
                d.put(side, item, v, (name, index))
                break
            if isinstance(item, Mapping):
                rule = _rule(item, side, d, v, (name, index))
                rules.append((rule, v, (name, index)))
        _add_rules(d, side, rules)
    return d


def _rule(
    item: Mapping[str, Any], side: str, owner: Draft | None, v: View, at: AttrPath
) -> dict[str, Any]:
    """One CloudFormation rule (always a single peer) as a canonical rule."""
    peers: dict[str, Any] = {}
    for canonical, name in _PEERS[side]:
        value = item.get(name)
        if value not in (None, "") and canonical not in peers:
            peers[canonical] = value
    rule = aws.sg_rule(
        proto=item.get("IpProtocol"),
        from_port=item.get("FromPort"),
        to_port=item.get("ToPort"),
        description=item.get("Description"),
        **peers,
    )
    if owner is not None and "referenced_group_id" in peers:
        own = owner.address
        peer_paths = [(*at, n) for c, n in _PEERS[side] if c == "referenced_group_id"]
        if any(own in v.targets(p) for p in peer_paths):
            rule["referenced_group_id"] = owner.attrs.get("group_id")
            rule["self_referencing"] = True
    return rule


def _add_rules(
    d: Draft, side: str, rules: list[tuple[dict[str, Any], View, AttrPath]]
) -> list[int]:
    """Add rules (each only once); the index each rule got."""
    current = d.attrs.get(side)
    if is_unknown(current):
        return []
    assert isinstance(current, list)
    seen = {aws.rule_identity(r): i for i, r in enumerate(current)}
    indexes: list[int] = []
    for rule, src, where in rules:
        identity = aws.rule_identity(rule)
        index = seen.get(identity)
        if index is None:
            index = len(current)
            seen[identity] = index
            current.append(rule)
        d.locate((side, index), src, where)
        indexes.append(index)
    return indexes


def _fold_rule(v: View, ctx: Context, side: str) -> None:
    """``AWS::EC2::SecurityGroupIngress``/``Egress``: one rule of a group."""
    owner = ctx.owner(v, ("GroupId",), GROUP, ("group_id", "name")) or ctx.owner(
        v, ("GroupName",), GROUP, ("name",)
    )
    properties = v.record.properties
    item = properties if isinstance(properties, Mapping) else {}
    if is_unknown(properties):
        rule: Any = properties
    else:
        rule = _rule(item, side, owner, v, ())
    if owner is None:
        d = Draft(RULE, v, {})
        d.put("rule_id", DEPLOYED)
        group = or_default(v.raw("GroupId"), v.raw("GroupName"))
        d.put("group_id", or_default(group, Unknown("GroupId not set")), v, ("GroupId",))
        d.put("tags", {})
        for other in SIDES:
            d.attrs[other] = []
        if is_unknown(rule):
            d.put(side, rule, v, ())
        else:
            _add_rules(d, side, [(rule, v, ())])
        ctx.extra.append(d)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    if is_unknown(rule):
        owner.put(side, rule, v, ())
        return
    for index in _add_rules(owner, side, [(rule, v, ())]):
        # The peer group is a relation of the owner; GroupId only names the owner.
        for _, name in _PEERS[side]:
            owner.sources[(v.address, (name,))] = (side, index)


def fold_ingress(v: View, ctx: Context) -> None:
    _fold_rule(v, ctx, "ingress")


def fold_egress(v: View, ctx: Context) -> None:
    _fold_rule(v, ctx, "egress")


def finalize_group(d: Draft) -> None:
    for side in SIDES:
        reorder_list(d, (side,), aws.rule_identity)


# -- instances and volumes -----------------------------------------------------------------

_EBS_ENCRYPTED = Chosen(
    "the account's EBS encryption-by-default setting and the AMI's snapshots", bool
)
# The root device of an instance is the AMI's; these are the names AMIs use for it (Amazon
# Linux and most others /dev/xvda, Ubuntu and Windows /dev/sda1). A mapping of either device
# configures the root volume; any other device is an additional volume.
ROOT_DEVICES = frozenset({"/dev/xvda", "/dev/sda1"})
_ROOT = (
    ("encrypted", "Encrypted", _EBS_ENCRYPTED),
    ("kms_key_id", "KmsKeyId", None),
    ("volume_size", "VolumeSize", Chosen("the AMI's root snapshot size", int)),
    ("volume_type", "VolumeType", Chosen("the AMI's root volume type")),
    ("delete_on_termination", "DeleteOnTermination", True),
)


def instance(v: View) -> Draft:
    d = Draft("aws.ec2.instance", v, {})
    d.put("instance_id", DEPLOYED)
    d.put("arn", DEPLOYED)
    template = v.raw("LaunchTemplate") is not None
    primary = _primary_interface(v)
    copy_fields(
        d,
        v,
        (
            ("image_id", "ImageId", Chosen("the launch template's AMI")),
            (
                "instance_type",
                "InstanceType",
                Chosen("the launch template's instance type") if template else "m1.small",
            ),
            ("iam_instance_profile", "IamInstanceProfile", None),
            ("monitoring", "Monitoring", False),
            ("ebs_optimized", "EbsOptimized", Chosen("the instance type's default", bool)),
            ("key_name", "KeyName", None),
        ),
    )
    d.attrs["iam_instance_profile"] = aws.arn_resource_name(d.attrs["iam_instance_profile"])
    subnet_at: AttrPath = ("SubnetId",)
    subnet = v.raw("SubnetId")
    if subnet in (None, "") and primary is not None:
        subnet, subnet_at = primary[0].get("SubnetId"), (*primary[1], "SubnetId")
    # An attached network interface or a launch template, not AWS, then decides the subnet,
    # the public address and the groups: they are unknown here, not AWS's defaults.
    elsewhere: str | None = None
    if primary is not None and primary[0].get("NetworkInterfaceId") is not None:
        elsewhere = "the attached network interface"
    elif template:
        elsewhere = "the launch template"
    unset = subnet in (None, "") and elsewhere is not None
    d.put(
        "subnet_id",
        Unknown(f"set by {elsewhere}")
        if unset
        else convert(subnet, Chosen("a default subnet of the default VPC")),
        v,
        subnet_at,
    )
    public = primary[0].get("AssociatePublicIpAddress") if primary is not None else None
    unset = public in (None, "") and elsewhere is not None
    d.put(
        "associate_public_ip_address",
        Unknown(f"set by {elsewhere}")
        if unset
        else convert(public, Chosen("the subnet's map_public_ip_on_launch", bool)),
        v,
        (*primary[1], "AssociatePublicIpAddress")
        if primary is not None
        else ("NetworkInterfaces",),
    )
    groups_at: AttrPath = ("SecurityGroupIds",)
    groups = v.raw("SecurityGroupIds")
    if groups in (None, []) and primary is not None:
        groups, groups_at = primary[0].get("GroupSet"), (*primary[1], "GroupSet")
    if groups in (None, []):
        names = v.raw("SecurityGroups")
        if names not in (None, []):
            d.put(
                "security_group_ids",
                Unknown("security groups named (SecurityGroups): their ids are known at deploy"),
                v,
                ("SecurityGroups",),
            )
        elif elsewhere:
            d.put("security_group_ids", Unknown(f"set by {elsewhere}"))
        else:
            d.put("security_group_ids", Unknown("not set: the VPC's default security group"))
    else:
        d.put("security_group_ids", str_list(groups), v, groups_at)
    metadata = v.block("MetadataOptions")
    if is_unknown(metadata):
        d.put("metadata_options", metadata, v, ("MetadataOptions",))
    else:
        d.put("metadata_options", {}, v, ("MetadataOptions",))
        copy_fields(
            d,
            v,
            (
                ("http_endpoint", "HttpEndpoint", "enabled"),
                ("http_tokens", "HttpTokens", Chosen("the AMI's and the account's IMDS defaults")),
                (
                    "http_put_response_hop_limit",
                    "HttpPutResponseHopLimit",
                    Chosen("the AMI's and the account's IMDS defaults", int),
                ),
                ("instance_metadata_tags", "InstanceMetadataTags", "disabled"),
            ),
            at=("MetadataOptions",),
            into=("metadata_options",),
            values=metadata or {},
        )
    _block_devices(d, v)
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _primary_interface(v: View) -> tuple[Mapping[str, Any], AttrPath] | None:
    """The network interface with DeviceIndex 0 (it holds the subnet, groups, public IP)."""
    interfaces = v.items("NetworkInterfaces")
    if is_unknown(interfaces):
        return None
    for index, item in enumerate(interfaces):
        if isinstance(item, Mapping) and str(item.get("DeviceIndex", "")) == "0":
            return item, ("NetworkInterfaces", index)
    return None


def _block_devices(d: Draft, v: View) -> None:
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
    ebs = root[0]["Ebs"] if root is not None else {}
    root_at: AttrPath = (*root[1], "Ebs") if root is not None else ("BlockDeviceMappings",)
    d.put("root_block_device", {}, v, root_at)
    copy_fields(d, v, _ROOT, at=root_at, into=("root_block_device",), values=ebs)
    device = d.attrs["root_block_device"]
    encrypted = device.get("encrypted")
    if device.get("kms_key_id") is None and (is_unknown(encrypted) or encrypted is True):
        # An encrypted volume without a key uses the account's default EBS key.
        device["kms_key_id"] = Unknown("not set: the account's default EBS key")
    d.put("ebs_block_devices", [])
    for index, (item, at) in enumerate(extra):
        d.attrs["ebs_block_devices"].append({"device_name": item.get("DeviceName")})
        d.locate(("ebs_block_devices", index, "device_name"), v, (*at, "DeviceName"))
        copy_fields(
            d,
            v,
            (
                ("encrypted", "Encrypted", _EBS_ENCRYPTED),
                ("kms_key_id", "KmsKeyId", None),
                ("snapshot_id", "SnapshotId", None),
                ("volume_size", "VolumeSize", Chosen("the snapshot's size", int)),
                ("volume_type", "VolumeType", "gp2"),
                ("delete_on_termination", "DeleteOnTermination", True),
            ),
            at=(*at, "Ebs"),
            into=("ebs_block_devices", index),
            values=item["Ebs"],
        )
        d.locate(("ebs_block_devices", index), v, at)


def finalize_instance(d: Draft) -> None:
    reorder_list(d, ("ebs_block_devices",), lambda item: str(item.get("device_name")))


# -- networking ------------------------------------------------------------------------------


PRIMARY = {
    "AWS::EC2::SecurityGroup": security_group,
    "AWS::EC2::Instance": instance,
}
FOLDERS = {
    "AWS::EC2::SecurityGroupIngress": fold_ingress,
    "AWS::EC2::SecurityGroupEgress": fold_egress,
}
FINALIZERS = {GROUP: finalize_group, RULE: finalize_group, "aws.ec2.instance": finalize_instance}
