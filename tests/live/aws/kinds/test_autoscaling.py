"""EC2 Auto Scaling, live: launch configurations and groups read from a real moto server, and
what the Auto Scaling rules make of them."""

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
    """A launch configuration that allows IMDSv1 with a public address and an unencrypted
    volume, the single-zone group launched from it behind a load balancer with EC2 checks; a
    locked-down configuration; a two-zone group launched from a launch template."""
    autoscaling = c("autoscaling")
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="every-lc-loose",
        ImageId="ami-12c6146b",
        InstanceType="t3.micro",
        AssociatePublicIpAddress=True,
        MetadataOptions={"HttpTokens": "optional", "HttpPutResponseHopLimit": 2},
        BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": False, "VolumeSize": 8}}
        ],
        SecurityGroups=["sg-0123456789abcdef0"],
    )
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="every-lc-tight",
        ImageId="ami-12c6146b",
        InstanceType="t3.micro",
        AssociatePublicIpAddress=False,
        MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True}}],
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="every-asg-lc",
        LaunchConfigurationName="every-lc-loose",
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
        LoadBalancerNames=["every-clb"],
    )
    template = c("ec2").create_launch_template(
        LaunchTemplateName="every-asg-template",
        LaunchTemplateData={"ImageId": "ami-12c6146b"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="every-asg-lt",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"},
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a", "us-east-1b"],
    )
    return {"asg_template": template}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("launch_configuration", "aws.autoscaling.group")))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_launch_configurations_and_groups_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    loose, tight = by["every-lc-loose"], by["every-lc-tight"]
    assert loose["associate_public_ip_address"] is True
    assert loose["metadata_options"]["http_tokens"] == "optional"
    assert loose["block_device_mappings"] == [
        {
            "device_name": "/dev/xvda",
            "ebs": {"encrypted": False, "snapshot_id": None, "volume_size": 8},
        }
    ]
    assert loose["security_group_ids"] == ["sg-0123456789abcdef0"]
    assert tight["metadata_options"]["http_tokens"] == "required"
    old, new = by["every-asg-lc"], by["every-asg-lt"]
    assert old["launch_configuration_name"] == "every-lc-loose"
    assert old["launch_template"] is None and old["load_balancer_names"] == ["every-clb"]
    assert old["health_check_type"] == "EC2" and old["availability_zones"] == ["us-east-1a"]
    assert new["launch_configuration_name"] is None
    assert new["launch_template"]["id"] == made["asg_template"]
    assert new["availability_zones"] == ["us-east-1a", "us-east-1b"]


def test_the_autoscaling_rules_judge_the_live_groups(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-AUTOSCALING-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address.rsplit("/", 1)[-1]): f.status for f in report.findings}
    assert verdicts == {
        **{(f"AWS-AUTOSCALING-00{n}", "every-lc-loose"): FindingStatus.FAIL for n in (1, 2, 3, 4)},
        **{(f"AWS-AUTOSCALING-00{n}", "every-asg-lc"): FindingStatus.FAIL for n in (5, 6, 7)},
    }
