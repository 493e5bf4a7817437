"""Internet gateways, route tables, network ACLs and target groups, live: what the collector
reads from a real moto server, and the reachability the graph computes from it — the same
answer as the code of the same network (tests/graph/test_aws_reachability.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.graph.reachability import exposure
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session

KINDS = (
    "aws.ec2.vpc",
    "aws.ec2.subnet",
    "aws.ec2.internet_gateway",
    "aws.ec2.route_table",
    "aws.ec2.network_acl",
    "aws.ec2.security_group",
    "aws.ec2.instance",
    "aws.elbv2.load_balancer",
    "aws.elbv2.listener",
    "aws.elbv2.target_group",
)


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A VPC with a public subnet (routed to an internet gateway, its ACL allowing 443 and
    denying 22 first) and a private one (its table has no internet route), one instance with a
    public address and a group open on 443 in each; a target group registering the private
    instance."""
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24")["Subnet"]["SubnetId"]
    routed = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=routed, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=routed, SubnetId=public)
    closed = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=closed, SubnetId=private)
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for number, action, port in ((50, "deny", 22), (100, "allow", 443)):
        ec2.create_network_acl_entry(
            NetworkAclId=acl,
            RuleNumber=number,
            Protocol="6",
            RuleAction=action,
            Egress=False,
            CidrBlock="0.0.0.0/0",
            PortRange={"From": port, "To": port},
        )
    associations = ec2.describe_network_acls(
        Filters=[{"Name": "association.subnet-id", "Values": [public]}]
    )["NetworkAcls"][0]["Associations"]
    (current,) = [a for a in associations if a["SubnetId"] == public]
    ec2.replace_network_acl_association(
        AssociationId=current["NetworkAclAssociationId"], NetworkAclId=acl
    )
    group = ec2.create_security_group(GroupName="net-web", Description="web", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    instances = {}
    for name, subnet in (("public", public), ("private", private)):
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        made = ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            SubnetId=subnet,
            SecurityGroupIds=[group["GroupId"]],
        )
        instances[name] = made["Instances"][0]["InstanceId"]
    elbv2 = c("elbv2")
    target_group = elbv2.create_target_group(
        Name="net-private", Protocol="HTTP", Port=80, VpcId=vpc
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(
        TargetGroupArn=target_group, Targets=[{"Id": instances["private"], "Port": 8080}]
    )
    return {
        "net_vpc": vpc,
        "net_igw": igw,
        "net_routed_table": routed,
        "net_closed_table": closed,
        "net_acl": acl,
        "net_public_subnet": public,
        "net_private_subnet": private,
        "net_public_instance": instances["public"],
        "net_private_instance": instances["private"],
        "net_target_group": target_group,
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(KINDS))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by_id(snapshot: Snapshot, kind: str) -> dict[str, Any]:
    return {r.physical_id: r for r in snapshot.resources if r.kind == kind}


def test_the_network_is_collected_in_the_shape_code_gives(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    gateway = _by_id(snapshot, "aws.ec2.internet_gateway")[made["net_igw"]]
    assert gateway.attributes["vpc_id"] == made["net_vpc"]
    tables = _by_id(snapshot, "aws.ec2.route_table")
    routed = tables[made["net_routed_table"]].attributes
    assert routed["subnet_ids"] == [made["net_public_subnet"]] and routed["main"] is False
    # The local route every table has is left out, as code never writes it.
    assert [(r["destination_cidr_block"], r["gateway_id"]) for r in routed["routes"]] == [
        ("0.0.0.0/0", made["net_igw"])
    ]
    assert tables[made["net_closed_table"]].attributes["routes"] == []
    mains = [t for t in tables.values() if t.attributes["vpc_id"] == made["net_vpc"]]
    assert [t.attributes["main"] for t in mains].count(True) == 1
    acl = _by_id(snapshot, "aws.ec2.network_acl")[made["net_acl"]].attributes
    assert acl["subnet_ids"] == [made["net_public_subnet"]] and acl["is_default"] is False
    assert [
        (e["rule_number"], e["action"], e["protocol"], e["from_port"]) for e in acl["ingress"]
    ] == [
        (50, "deny", "tcp", 22),
        (100, "allow", "tcp", 443),
    ]
    group = _by_id(snapshot, "aws.elbv2.target_group")[made["net_target_group"]].attributes
    assert group["targets"] == [{"id": made["net_private_instance"], "port": 8080}]


def test_only_the_instance_in_the_routed_subnet_is_exposed(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    report = posture(snapshot, [])
    assert report.graph is not None
    found = exposure(report.graph)
    exposed = {
        r.physical_id: found[r.key]
        for r in report.graph.resources("aws.ec2.instance")
        if r.key in found
    }
    assert set(exposed) == {made["net_public_instance"]}
    hops = exposed[made["net_public_instance"]].hops
    assert [h.kind for h in hops] == [
        "aws.ec2.internet_gateway",
        "aws.ec2.route_table",
        "aws.ec2.subnet",
        "aws.ec2.network_acl",
        "aws.ec2.security_group",
        "aws.ec2.instance",
    ]
    assert "rule 100 allows tcp 443-443" in hops[3].note


def test_the_acl_rule_judges_the_live_acls(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code == "AWS-EC2-024"]
    report = posture(snapshot, rules)
    verdicts = {
        (f.address.rsplit("/", 1)[-1], f.status) for f in report.findings if f.code == "AWS-EC2-024"
    }
    # The ACL made here denies 22 first and lets only 443 in; the VPC's default ACL, which
    # AWS creates allowing everything, lets SSH and RDP in from anywhere.
    assert not any(acl == made["net_acl"] for acl, _ in verdicts)
    defaults = [
        r.physical_id
        for r in snapshot.resources
        if r.kind == "aws.ec2.network_acl"
        and r.attributes["vpc_id"] == made["net_vpc"]
        and r.attributes["is_default"] is True
    ]
    assert len(defaults) == 1 and (defaults[0], FindingStatus.FAIL) in verdicts
