"""Route 53 hosted zones, live: what the collector reads from a real moto server, and what the
Route 53 rules make of it."""

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
    """A public zone logging its queries, a public zone that does not, a private zone."""
    route53, logs, ec2 = c("route53"), c("logs"), c("ec2")
    logs.create_log_group(logGroupName="/aws/route53/logged.every.example")
    group = logs.describe_log_groups(logGroupNamePrefix="/aws/route53/logged")["logGroups"][0]
    logged = route53.create_hosted_zone(Name="logged.every.example.", CallerReference="a")
    logged_id = logged["HostedZone"]["Id"].removeprefix("/hostedzone/")
    route53.create_query_logging_config(
        HostedZoneId=logged_id, CloudWatchLogsLogGroupArn=group["arn"]
    )
    bare = route53.create_hosted_zone(Name="bare.every.example.", CallerReference="b")
    vpc = ec2.create_vpc(CidrBlock="10.43.0.0/16")["Vpc"]["VpcId"]
    private = route53.create_hosted_zone(
        Name="private.every.example.",
        CallerReference="c",
        VPC={"VPCRegion": REGION, "VPCId": vpc},
        HostedZoneConfig={"PrivateZone": True, "Comment": "private"},
    )
    return {
        "zone_logged": logged_id,
        "zone_bare": bare["HostedZone"]["Id"].removeprefix("/hostedzone/"),
        "zone_private": private["HostedZone"]["Id"].removeprefix("/hostedzone/"),
        "zone_vpc": vpc,
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.route53.hosted_zone",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_hosted_zones_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {
        r.physical_id: r.attributes
        for r in snapshot.resources
        if r.kind == "aws.route53.hosted_zone"
    }
    logged, bare, private = (by[made[k]] for k in ("zone_logged", "zone_bare", "zone_private"))
    assert logged["name"] == "logged.every.example" and logged["private"] is False
    assert "log-group:/aws/route53/logged.every.example" in str(logged["query_log_group"])
    assert bare["query_log_group"] is None and bare["dnssec_signing"] is False
    assert private["private"] is True and private["vpcs"] == [made["zone_vpc"]]


def test_the_route53_rules_judge_the_live_zones(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-ROUTE53-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-ROUTE53-001", made["zone_bare"]),
        ("AWS-ROUTE53-002", made["zone_bare"]),
        ("AWS-ROUTE53-002", made["zone_logged"]),
    }
