"""The AWS attack paths, live: a moto account with an instance the internet reaches (internet
gateway route, open group, public address) that answers IMDSv1 and reads every bucket, and a
function behind an API method without authorization whose role writes every bucket. The
collector, the graph and the rules find both chains, as they do in the code
(tests/fixtures/rules/aws_core/AWS-PATH-00*)."""

from __future__ import annotations

import io
import json
import zipfile
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

from ..motoserver import REGION, client, session

KINDS = (
    "aws.ec2.vpc",
    "aws.ec2.subnet",
    "aws.ec2.internet_gateway",
    "aws.ec2.route_table",
    "aws.ec2.network_acl",
    "aws.ec2.security_group",
    "aws.ec2.instance",
    "aws.iam.role",
    "aws.iam.instance_profile",
    "aws.iam.policy",
    "aws.lambda.function",
    "aws.apigateway.method",
)


def _assume(service: str) -> str:
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _grant(action: str) -> str:
    statement = {"Effect": "Allow", "Action": action, "Resource": "*"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    iam = c("iam")
    iam.create_role(RoleName="path-reader", AssumeRolePolicyDocument=_assume("ec2.amazonaws.com"))
    iam.put_role_policy(
        RoleName="path-reader", PolicyName="read", PolicyDocument=_grant("s3:GetObject")
    )
    iam.create_instance_profile(InstanceProfileName="path-reader")
    iam.add_role_to_instance_profile(InstanceProfileName="path-reader", RoleName="path-reader")
    writer = iam.create_role(
        RoleName="path-writer", AssumeRolePolicyDocument=_assume("lambda.amazonaws.com")
    )["Role"]["Arn"]
    iam.put_role_policy(
        RoleName="path-writer", PolicyName="write", PolicyDocument=_grant("s3:PutObject")
    )
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    group = ec2.create_security_group(GroupName="path-web", Description="web", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"], IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="0.0.0.0/0"
    )
    instance = ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group["GroupId"]],
        IamInstanceProfile={"Name": "path-reader"},
        MetadataOptions={"HttpTokens": "optional"},
    )["Instances"][0]["InstanceId"]
    function = c("lambda").create_function(
        FunctionName="path-upload",
        Runtime="python3.12",
        Role=writer,
        Handler="index.handler",
        Code={"ZipFile": _zip()},
    )["FunctionArn"]
    gateway = c("apigateway")
    rest = gateway.create_rest_api(name="path-api")["id"]
    root = gateway.get_resources(restApiId=rest)["items"][0]["id"]
    gateway.put_method(restApiId=rest, resourceId=root, httpMethod="PUT", authorizationType="NONE")
    gateway.put_integration(
        restApiId=rest,
        resourceId=root,
        httpMethod="PUT",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function}/invocations",
    )
    return {"path_instance": instance, "path_function": "path-upload"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(KINDS))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_both_attack_paths_are_found_in_the_live_account(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code in ("AWS-PATH-001", "AWS-PATH-002")]
    report = posture(snapshot, rules)
    failed = {
        f.code: f
        for f in report.findings
        if f.status is FindingStatus.FAIL
        and f.address.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        in (made["path_instance"], made["path_function"])
    }
    assert set(failed) == {"AWS-PATH-001", "AWS-PATH-002"}
    instance = failed["AWS-PATH-001"].message
    for hop in ("internet_gateway", "route_table", "subnet", "security_group", "path-reader"):
        assert hop in instance
    assert "http_tokens 'optional'" in instance
    function = failed["AWS-PATH-002"].message
    assert "aws.apigateway.method" in function and "path-writer" in function
    assert "s3:PutObject on every bucket" in function
