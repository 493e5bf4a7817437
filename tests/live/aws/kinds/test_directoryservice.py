"""Directory Service directories, live: what the collector reads from a real moto server (never
a password: the API does not return it), and that the secret rule has nothing to judge there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session
from .verdicts import live_verdicts

PASSWORD = "Every-Directory-Pw-1"


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A Simple AD and a Managed Microsoft AD directory in a VPC of their own (two subnets in
    two zones, as the service requires)."""
    ec2, ds = c("ec2"), c("ds")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{n}.0/24", AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for n, zone in enumerate((f"{REGION}a", f"{REGION}b"))
    ]
    settings = {"VpcId": vpc, "SubnetIds": subnets}
    simple = ds.create_directory(
        Name="every-simple.example.com", Password=PASSWORD, Size="Small", VpcSettings=settings
    )["DirectoryId"]
    managed = ds.create_microsoft_ad(
        Name="every-managed.example.com", Password=PASSWORD, VpcSettings=settings
    )["DirectoryId"]
    return {"directory_simple": simple, "directory_managed": managed}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.directoryservice.directory",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_directories_are_collected_without_passwords(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    simple, managed = by[made["directory_simple"]], by[made["directory_managed"]]
    assert simple["type"] == "SimpleAD" and simple["name"] == "every-simple.example.com"
    assert managed["type"] == "MicrosoftAD"
    assert "password" not in simple and PASSWORD not in repr(snapshot.resources)


def test_the_secret_rule_has_no_password_to_judge_live(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _, snapshot = collected
    assert live_verdicts(snapshot, "AWS-SECRET-001") == set()
