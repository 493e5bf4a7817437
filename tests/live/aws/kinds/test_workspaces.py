"""WorkSpaces, live: desktops read from a real moto server, and what the WorkSpaces rules make
of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A directory, a desktop with unencrypted volumes and one with both encrypted."""
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.41.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for cidr, zone in (("10.41.1.0/24", "us-east-1a"), ("10.41.2.0/24", "us-east-1b"))
    ]
    directory = c("ds").create_directory(
        Name="every.example.com",
        Password="Every-Directory-1",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnets},
    )["DirectoryId"]
    workspaces = c("workspaces")
    workspaces.register_workspace_directory(DirectoryId=directory)
    created = workspaces.create_workspaces(
        Workspaces=[
            {
                "DirectoryId": directory,
                "UserName": "plain",
                "BundleId": "wsb-bh8rsxt14",
                "Tags": [{"Key": "team", "Value": "a"}],
            },
            {
                "DirectoryId": directory,
                "UserName": "sealed",
                "BundleId": "wsb-bh8rsxt14",
                "VolumeEncryptionKey": "alias/aws/workspaces",
                "RootVolumeEncryptionEnabled": True,
                "UserVolumeEncryptionEnabled": True,
            },
        ]
    )["PendingRequests"]
    by_user = {w["UserName"]: w["WorkspaceId"] for w in created}
    return {"ws_plain": by_user["plain"], "ws_sealed": by_user["sealed"]}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.workspaces.workspace",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_workspaces_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain, sealed = by[made["ws_plain"]], by[made["ws_sealed"]]
    assert plain["user_volume_encryption_enabled"] is False
    assert plain["root_volume_encryption_enabled"] is False
    assert plain["tags"] == {"team": "a"} and plain["user_name"] == "plain"
    assert sealed["user_volume_encryption_enabled"] is True
    assert sealed["volume_encryption_key"] == "alias/aws/workspaces"


def test_the_workspaces_rules_judge_the_live_desktops(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-WORKSPACES-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address.rsplit("/", 1)[-1]): f.status for f in report.findings}
    assert verdicts == {
        ("AWS-WORKSPACES-001", made["ws_plain"]): FindingStatus.FAIL,
        ("AWS-WORKSPACES-002", made["ws_plain"]): FindingStatus.FAIL,
        # Encrypted with the AWS managed key.
        ("AWS-WORKSPACES-003", made["ws_sealed"]): FindingStatus.FAIL,
    }
