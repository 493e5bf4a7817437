"""EC2 launch templates, live: the collector reads each template's default version from a real
moto server, and the launch template rules judge it as they judge the code."""

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
    """A template that allows IMDSv1, asks for a public address and leaves its root volume
    unencrypted (version 1), whose default version 2 requires IMDSv2; and a locked-down one."""
    ec2 = c("ec2")
    loose = ec2.create_launch_template(
        LaunchTemplateName="every-lt-loose",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "MetadataOptions": {"HttpTokens": "optional", "HttpPutResponseHopLimit": 3},
            "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}],
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": False, "VolumeSize": 8}}
            ],
            "IamInstanceProfile": {"Name": "every-profile"},
        },
        TagSpecifications=[
            {"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "a"}]}
        ],
    )["LaunchTemplate"]["LaunchTemplateId"]
    tight = ec2.create_launch_template(
        LaunchTemplateName="every-lt-tight",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "MetadataOptions": {"HttpTokens": "optional"},
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(
        LaunchTemplateId=tight,
        SourceVersion="1",
        LaunchTemplateData={
            "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True}}],
        },
    )
    ec2.modify_launch_template(LaunchTemplateId=tight, DefaultVersion="2")
    return {"lt_loose": loose, "lt_tight": tight}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("launch_template",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_templates_are_collected_with_their_default_version(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {
        r.physical_id: r.attributes
        for r in snapshot.resources
        if r.kind == "aws.ec2.launch_template"
    }
    loose, tight = by[made["lt_loose"]], by[made["lt_tight"]]
    assert loose["name"] == "every-lt-loose" and loose["tags"] == {"team": "a"}
    assert loose["metadata_options"]["http_tokens"] == "optional"
    assert loose["metadata_options"]["http_put_response_hop_limit"] == 3
    assert loose["network_interfaces"][0]["associate_public_ip_address"] is True
    assert loose["block_device_mappings"][0]["ebs"]["encrypted"] is False
    assert loose["iam_instance_profile"] == "every-profile"
    # The default version (2), not the first.
    assert tight["metadata_options"]["http_tokens"] == "required"
    assert tight["block_device_mappings"][0]["ebs"]["encrypted"] is True
    assert tight["network_interfaces"] == []


def test_the_launch_template_rules_judge_the_live_templates(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    codes = {"AWS-EC2-020", "AWS-EC2-021", "AWS-EC2-022", "AWS-EC2-023"}
    rules = [r for r in load_rules() if r.meta.code in codes]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address.rsplit("/", 1)[-1]): f.status for f in report.findings}
    assert verdicts == {(code, made["lt_loose"]): FindingStatus.FAIL for code in sorted(codes)}
