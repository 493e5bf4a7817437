"""EC2: security groups, instances (with their attached volumes), volumes, EBS encryption by
default, VPCs, subnets, flow logs."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord

_BATCH = 200  # ids per DescribeVolumes filter value list


def instances(api: Api) -> list[NativeRecord]:
    listed: list[dict[str, Any]] = []
    for reservation in api.items("DescribeInstances", "Reservations"):
        for instance in reservation.get("Instances") or []:
            # Terminated instances stay listed for about an hour; they no longer exist.
            if (instance.get("State") or {}).get("Name") != "terminated":
                listed.append(instance)
    volume_ids = sorted(
        {
            mapping["Ebs"]["VolumeId"]
            for instance in listed
            for mapping in instance.get("BlockDeviceMappings") or []
            if (mapping.get("Ebs") or {}).get("VolumeId")
        }
    )
    volumes: dict[str, Any] = {}
    failed: Any = None
    for start in range(0, len(volume_ids), _BATCH):
        chunk = volume_ids[start : start + _BATCH]
        answer = api.listing(
            "DescribeVolumes", "Volumes", Filters=[{"Name": "volume-id", "Values": chunk}]
        )
        if isinstance(answer, list):
            volumes.update({v["VolumeId"]: v for v in answer})
        else:
            failed = answer
    records = []
    for instance in listed:
        attached = {}
        for mapping in instance.get("BlockDeviceMappings") or []:
            volume_id = (mapping.get("Ebs") or {}).get("VolumeId")
            if volume_id:
                attached[volume_id] = volumes.get(volume_id, failed)
        records.append(api.record(instance, {"DescribeVolumes": attached}))
    return records


def ebs_encryption_by_default(api: Api) -> list[NativeRecord]:
    enabled = api.single("GetEbsEncryptionByDefault")
    key = api.get("GetEbsDefaultKmsKeyId")
    details = {"GetEbsEncryptionByDefault": enabled, "GetEbsDefaultKmsKeyId": key}
    return [api.record({"Region": api.region}, details)]


def vpcs(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeVpcs", "Vpcs")

    def detail(vpc: dict[str, Any]) -> NativeRecord:
        details = {
            attribute: api.get("DescribeVpcAttribute", VpcId=vpc["VpcId"], Attribute=attribute)
            for attribute in ("enableDnsSupport", "enableDnsHostnames")
        }
        return api.record(vpc, details)

    return api.each(listed, detail)
