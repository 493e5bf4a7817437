"""ECS, live: clusters, task definitions and services read from a real moto server, and what the
ECS rules make of them."""

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

SAFE = {
    "name": "app",
    "image": "public.ecr.aws/nginx/nginx:1.27",
    "memory": 128,
    "user": "1000",
    "readonlyRootFilesystem": True,
    "logConfiguration": {"logDriver": "awslogs"},
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A cluster without Container Insights or Exec logging, a task definition that breaks
    every rule, a locked-down one (two revisions: the latest is judged), a public service."""
    ecs = c("ecs")
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="every-ecs", Description="ecs", VpcId=vpc)[
        "GroupId"
    ]
    loose_cluster = ecs.create_cluster(
        clusterName="every-ecs-loose",
        settings=[{"name": "containerInsights", "value": "disabled"}],
        configuration={"executeCommandConfiguration": {"logging": "NONE"}},
        tags=[{"key": "team", "value": "a"}],
    )["cluster"]["clusterArn"]
    tight_cluster = ecs.create_cluster(
        clusterName="every-ecs-tight",
        settings=[{"name": "containerInsights", "value": "enabled"}],
    )["cluster"]["clusterArn"]
    loose = ecs.register_task_definition(
        family="every-task-loose",
        networkMode="host",
        pidMode="host",
        ipcMode="host",
        containerDefinitions=[
            {
                "name": "app",
                "image": "public.ecr.aws/nginx/nginx:1.27",
                "memory": 128,
                "privileged": True,
                "environment": [{"name": "MODE", "value": "debug"}],
                "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:1:parameter/t"}],
            }
        ],
        volumes=[{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-12345678"}}],
        tags=[{"key": "team", "value": "a"}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.register_task_definition(
        family="every-task-tight", containerDefinitions=[{**SAFE, "privileged": True}]
    )
    tight = ecs.register_task_definition(
        family="every-task-tight",
        networkMode="awsvpc",
        containerDefinitions=[SAFE],
        volumes=[
            {
                "name": "data",
                "efsVolumeConfiguration": {
                    "fileSystemId": "fs-12345678",
                    "transitEncryption": "ENABLED",
                },
            }
        ],
    )["taskDefinition"]["taskDefinitionArn"]
    public = ecs.create_service(
        cluster=loose_cluster,
        serviceName="every-service-public",
        taskDefinition=tight,
        desiredCount=0,
        launchType="FARGATE",
        platformVersion="1.3.0",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": [subnet],
                "securityGroups": [group],
                "assignPublicIp": "ENABLED",
            }
        },
    )["service"]["serviceArn"]
    private = ecs.create_service(
        cluster=tight_cluster,
        serviceName="every-service-private",
        taskDefinition=tight,
        desiredCount=0,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": [subnet],
                "securityGroups": [group],
                "assignPublicIp": "DISABLED",
            }
        },
    )["service"]["serviceArn"]
    return {
        "ecs_loose_cluster": loose_cluster,
        "ecs_tight_cluster": tight_cluster,
        "ecs_loose_task": loose,
        "ecs_tight_task": tight,
        "ecs_public_service": public,
        "ecs_private_service": private,
        "ecs_subnet": subnet,
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(("aws.ecs.cluster", "aws.ecs.task_definition", "aws.ecs.service"))
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_clusters_tasks_and_services_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    cluster = by["every-ecs-loose"]
    assert cluster["container_insights"] == "disabled"
    assert cluster["execute_command_logging"] == "NONE"
    assert cluster["tags"] == {"team": "a"}
    assert by["every-ecs-tight"]["container_insights"] == "enabled"
    loose = by[made["ecs_loose_task"]]
    assert (loose["network_mode"], loose["pid_mode"], loose["ipc_mode"]) == ("host",) * 3
    (container,) = loose["containers"]
    assert container["privileged"] is True and container["user"] is None
    assert container["environment"] == [{"name": "MODE", "value": "debug"}]
    assert container["secrets"] == ["TOKEN"]
    assert loose["volumes"][0]["efs_transit_encryption"] == "DISABLED"
    assert loose["tags"] == {"team": "a"}
    # Only the latest revision of a family.
    assert made["ecs_tight_task"] in by
    assert not any(a.endswith("every-task-tight:1") for a in by)
    service = by[made["ecs_public_service"]]
    assert service["assign_public_ip"] is True and service["platform_version"] == "1.3.0"
    assert service["subnet_ids"] == [made["ecs_subnet"]]


def test_the_ecs_rules_judge_the_live_resources(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-ECS-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address): f.status for f in report.findings}
    cluster = next(r.address for r in snapshot.resources if r.physical_id == "every-ecs-loose")
    tight_cluster = next(
        r.address for r in snapshot.resources if r.physical_id == "every-ecs-tight"
    )
    failing = {
        **{(f"AWS-ECS-00{n}", cluster): FindingStatus.FAIL for n in (1, 2)},
        # Neither cluster encrypts Exec sessions with a key of its own.
        ("AWS-ECS-013", cluster): FindingStatus.FAIL,
        ("AWS-ECS-013", tight_cluster): FindingStatus.FAIL,
        **{(f"AWS-ECS-{n:03}", made["ecs_loose_task"]): FindingStatus.FAIL for n in range(3, 11)},
        **{(f"AWS-ECS-01{n}", made["ecs_public_service"]): FindingStatus.FAIL for n in (1, 2)},
    }
    assert verdicts == failing
