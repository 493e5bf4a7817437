"""EC2: security groups (grouped IpPermissions split into atomic rules), instances, volumes,
EBS encryption by default, VPCs, subnets, flow logs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.live.aws.records import NativeRecord, failed_unknown, is_failure
from iacgate.model import aws
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws_api.core import (
    Mapped,
    answer,
    as_bool,
    as_int,
    dig,
    opt,
    sorted_strings,
    tag_map,
)


def _arn(record: NativeRecord, kind: str, ident: str) -> str:
    return f"arn:{record.partition}:ec2:{record.region}:{record.account}:{kind}/{ident}"


def rules(permissions: Any, own_id: str) -> list[dict[str, Any]]:
    """``IpPermissions`` (one protocol and port range, several peers each) as canonical rules,
    one per peer, deduplicated and in canonical order (docs/model.md)."""
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for permission in permissions or []:
        common: dict[str, Any] = {
            "proto": permission.get("IpProtocol"),
            "from_port": permission.get("FromPort"),
            "to_port": permission.get("ToPort"),
        }
        made: list[dict[str, Any]] = []
        for peer in permission.get("IpRanges") or []:
            made.append(
                aws.sg_rule(
                    cidr_ipv4=peer.get("CidrIp"), description=peer.get("Description"), **common
                )
            )
        for peer in permission.get("Ipv6Ranges") or []:
            made.append(
                aws.sg_rule(
                    cidr_ipv6=peer.get("CidrIpv6"), description=peer.get("Description"), **common
                )
            )
        for peer in permission.get("PrefixListIds") or []:
            made.append(
                aws.sg_rule(
                    prefix_list_id=peer.get("PrefixListId"),
                    description=peer.get("Description"),
                    **common,
                )
            )
        for peer in permission.get("UserIdGroupPairs") or []:
            group = peer.get("GroupId")
            made.append(
                aws.sg_rule(
                    referenced_group_id=group,
                    self_referencing=group == own_id,
                    description=peer.get("Description"),
                    **common,
                )
            )
        for rule in made:
            found.setdefault(aws.rule_identity(rule), rule)
    return [found[key] for key in sorted(found)]


def security_group(record: NativeRecord) -> list[Mapped]:
    item = record.item
    group_id = str(item["GroupId"])
    arn = _arn(record, "security-group", group_id)
    attributes = {
        "group_id": group_id,
        "arn": arn,
        "name": item.get("GroupName"),
        "description": item.get("Description"),
        "vpc_id": item.get("VpcId"),
        "tags": tag_map(item.get("Tags")),
        "ingress": rules(item.get("IpPermissions"), group_id),
        "egress": rules(item.get("IpPermissionsEgress"), group_id),
    }
    return [Mapped("aws.ec2.security_group", arn, attributes)]


def _device(mapping: dict[str, Any], volume: Any) -> dict[str, Any]:
    ebs = mapping.get("Ebs") or {}
    if is_unknown(volume) or volume is None:
        unknown = volume if is_unknown(volume) else None
        return {
            "encrypted": unknown,
            "kms_key_id": unknown,
            "snapshot_id": unknown,
            "volume_size": unknown,
            "volume_type": unknown,
            "delete_on_termination": as_bool(ebs.get("DeleteOnTermination"), True),
        }
    return {
        "encrypted": as_bool(volume.get("Encrypted")),
        "kms_key_id": opt(volume.get("KmsKeyId")),
        "snapshot_id": opt(volume.get("SnapshotId")),
        "volume_size": as_int(volume.get("Size")),
        "volume_type": volume.get("VolumeType"),
        "delete_on_termination": as_bool(ebs.get("DeleteOnTermination"), True),
    }


def instance(record: NativeRecord) -> list[Mapped]:
    item = record.item
    instance_id = str(item["InstanceId"])
    arn = _arn(record, "instance", instance_id)
    volumes = answer(record, "DescribeVolumes") or {}
    root_name = item.get("RootDeviceName")
    root: dict[str, Any] | None = None
    others: list[dict[str, Any]] = []
    for mapping in item.get("BlockDeviceMappings") or []:
        volume_id = dig(mapping, "Ebs", "VolumeId")
        volume = volumes.get(volume_id) if isinstance(volumes, dict) else volumes
        if is_failure(volume):
            volume = failed_unknown(volume)
        device = _device(mapping, volume)
        if mapping.get("DeviceName") == root_name:
            root = {k: v for k, v in device.items() if k != "snapshot_id"}
        else:
            others.append({"device_name": mapping.get("DeviceName"), **device})
    metadata = item.get("MetadataOptions") or {}
    profile = dig(item, "IamInstanceProfile", "Arn")
    attributes = {
        "instance_id": instance_id,
        "arn": arn,
        "image_id": item.get("ImageId"),
        "instance_type": item.get("InstanceType"),
        "subnet_id": item.get("SubnetId"),
        "security_group_ids": sorted_strings(
            g.get("GroupId") for g in item.get("SecurityGroups") or []
        ),
        "iam_instance_profile": aws.arn_resource_name(profile) if profile else None,
        "associate_public_ip_address": _public_ip(item),
        "monitoring": dig(item, "Monitoring", "State") in ("enabled", "pending"),
        "ebs_optimized": as_bool(item.get("EbsOptimized")),
        "key_name": opt(item.get("KeyName")),
        "metadata_options": {
            "http_endpoint": metadata.get("HttpEndpoint") or "enabled",
            "http_tokens": metadata.get("HttpTokens"),
            "http_put_response_hop_limit": as_int(metadata.get("HttpPutResponseHopLimit")),
            "instance_metadata_tags": metadata.get("InstanceMetadataTags") or "disabled",
        },
        "root_block_device": root,
        "ebs_block_devices": sorted(others, key=lambda d: str(d.get("device_name"))),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.ec2.instance", arn, attributes)]


def _public_ip(item: Mapping[str, Any]) -> bool:
    """As the AWS provider reads it: the primary network interface has an association."""
    for interface in item.get("NetworkInterfaces") or []:
        if dig(interface, "Attachment", "DeviceIndex") == 0:
            return interface.get("Association") is not None
    return bool(item.get("PublicIpAddress"))


def volume(record: NativeRecord) -> list[Mapped]:
    item = record.item
    volume_id = str(item["VolumeId"])
    arn = _arn(record, "volume", volume_id)
    attributes = {
        "volume_id": volume_id,
        "arn": arn,
        "availability_zone": item.get("AvailabilityZone"),
        "size": as_int(item.get("Size")),
        "volume_type": item.get("VolumeType") or "gp2",
        "encrypted": as_bool(item.get("Encrypted")),
        "kms_key_id": opt(item.get("KmsKeyId")),
        "snapshot_id": opt(item.get("SnapshotId")),
        "iops": as_int(item.get("Iops")),
        "multi_attach_enabled": as_bool(item.get("MultiAttachEnabled")),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.ec2.volume", arn, attributes)]


# The key EBS uses when encryption by default names none: the AWS managed key, which code
# does not name either (canonical ``None``).
_AWS_MANAGED_EBS_KEY = "alias/aws/ebs"


def ebs_encryption_by_default(record: NativeRecord) -> list[Mapped]:
    region = record.region
    enabled = answer(record, "GetEbsEncryptionByDefault")
    key = answer(record, "GetEbsDefaultKmsKeyId")
    key_id = key if is_unknown(key) else opt((key or {}).get("KmsKeyId"))
    if isinstance(key_id, str) and key_id.endswith(_AWS_MANAGED_EBS_KEY):
        key_id = None
    attributes = {
        "region": region,
        "enabled": enabled
        if is_unknown(enabled)
        else as_bool((enabled or {}).get("EbsEncryptionByDefault")),
        "kms_key_id": key_id,
    }
    return [
        Mapped(
            "aws.ec2.ebs_encryption_by_default", f"ebs-encryption-by-default/{region}", attributes
        )
    ]


def _attribute(record: NativeRecord, name: str, default: bool) -> Any:
    value = answer(record, name)
    if is_unknown(value):
        return value
    key = name[0].upper() + name[1:]  # enableDnsSupport -> EnableDnsSupport
    return as_bool(dig(value, key, "Value"), default)


def vpc(record: NativeRecord) -> list[Mapped]:
    item = record.item
    vpc_id = str(item["VpcId"])
    arn = _arn(record, "vpc", vpc_id)
    attributes = {
        "vpc_id": vpc_id,
        "arn": arn,
        "cidr_block": item.get("CidrBlock"),
        "instance_tenancy": item.get("InstanceTenancy") or "default",
        "enable_dns_support": _attribute(record, "enableDnsSupport", True),
        "enable_dns_hostnames": _attribute(record, "enableDnsHostnames", False),
        "is_default": as_bool(item.get("IsDefault")),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.ec2.vpc", arn, attributes)]


def subnet(record: NativeRecord) -> list[Mapped]:
    item = record.item
    subnet_id = str(item["SubnetId"])
    arn = item.get("SubnetArn") or _arn(record, "subnet", subnet_id)
    attributes = {
        "subnet_id": subnet_id,
        "arn": arn,
        "vpc_id": item.get("VpcId"),
        "cidr_block": item.get("CidrBlock"),
        "availability_zone": item.get("AvailabilityZone"),
        "map_public_ip_on_launch": as_bool(item.get("MapPublicIpOnLaunch")),
        "default_for_az": as_bool(item.get("DefaultForAz")),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.ec2.subnet", arn, attributes)]


def flow_log(record: NativeRecord) -> list[Mapped]:
    item = record.item
    flow_log_id = str(item["FlowLogId"])
    arn = _arn(record, "vpc-flow-log", flow_log_id)
    resource_id = str(item.get("ResourceId") or "")
    destination_type = item.get("LogDestinationType") or "cloud-watch-logs"
    destination = opt(item.get("LogDestination"))
    if destination is None and item.get("LogGroupName"):
        group = item["LogGroupName"]
        destination = (
            f"arn:{record.partition}:logs:{record.region}:{record.account}:log-group:{group}"
        )
    attributes = {
        "flow_log_id": flow_log_id,
        "arn": arn,
        "resource_id": resource_id,
        "resource_type": _resource_type(resource_id),
        "traffic_type": item.get("TrafficType") or "ALL",
        "log_destination_type": destination_type,
        "log_destination": destination,
        "deliver_logs_permission_arn": opt(item.get("DeliverLogsPermissionArn")),
        "max_aggregation_interval": as_int(item.get("MaxAggregationInterval"), 600),
        "tags": tag_map(item.get("Tags")),
    }
    return [Mapped("aws.ec2.flow_log", arn, attributes)]


_RESOURCE_TYPES = (
    ("vpc-", "VPC"),
    ("subnet-", "Subnet"),
    ("eni-", "NetworkInterface"),
    ("tgw-attach-", "TransitGatewayAttachment"),
    ("tgw-", "TransitGateway"),
)


def _resource_type(resource_id: str) -> str:
    for prefix, kind in _RESOURCE_TYPES:
        if resource_id.startswith(prefix):
            return kind
    return "VPC"
