"""Reachability from the internet on the AWS side, computed from the network instead of assumed
from a public address: internet gateway -> route table -> subnet -> network ACL -> security
group -> instance; and internet-facing load balancer -> listener -> target group -> targets.

The same network is written in Terraform and in CloudFormation (tests/fixtures/risk/vpc): a
public subnet routed to an internet gateway whose ACL lets 443 in and denies 22, and a private
subnet whose table routes only to a peering connection. Both sources must give the same
answers; variants change one link at a time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate import api
from iacgate.graph.graph import ResourceGraph
from iacgate.graph.reachability import Exposure, exposure

from ..conftest import FIXTURES

VPC = FIXTURES / "risk" / "vpc"
TERRAFORM = (VPC / "terraform" / "main.tf").read_text()
CLOUDFORMATION = (VPC / "cloudformation" / "template.yaml").read_text()
SOURCES = {"terraform": ("main.tf", TERRAFORM), "cloudformation": ("template.yaml", CLOUDFORMATION)}
NAMES = {
    "terraform": {"public": "aws_instance.public", "private": "aws_instance.private"},
    "cloudformation": {"public": "Public", "private": "Private"},
}


def _graph(tmp_path: Path, name: str, text: str) -> ResourceGraph:
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    return report.graph


def _exposed(graph: ResourceGraph) -> dict[str, Exposure]:
    found = exposure(graph)
    return {r.address: found[r.key] for r in graph.resources("aws.ec2.instance") if r.key in found}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_only_the_instance_whose_subnet_routes_to_the_internet_gateway_is_exposed(
    tmp_path: Path, source: str
) -> None:
    name, text = SOURCES[source]
    exposed = _exposed(_graph(tmp_path, name, text))
    public = NAMES[source]["public"]
    # Both have a public address and a group open to the world on 443; only one is routed.
    assert set(exposed) == {public}
    hops = exposed[public].hops
    assert [h.kind for h in hops] == [
        "aws.ec2.internet_gateway",
        "aws.ec2.route_table",
        "aws.ec2.subnet",
        "aws.ec2.network_acl",
        "aws.ec2.security_group",
        "aws.ec2.instance",
    ]
    assert hops[0].via == "internet" and "0.0.0.0/0" in hops[0].note
    assert "rule 100 allows tcp 443-443" in hops[3].note
    # Every hop is a line of the file it is written in.
    assert all(h.file == name and h.line > 0 for h in hops)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_network_acl_that_denies_the_open_port_first_closes_the_path(
    tmp_path: Path, source: str
) -> None:
    name, text = SOURCES[source]
    # The group opens 22 instead of 443: the ACL's rule 50 denies 22 before anything allows it.
    if source == "terraform":
        text = text.replace("from_port   = 443", "from_port   = 22")
        text = text.replace("to_port     = 443", "to_port     = 22")
    else:
        text = text.replace("FromPort: 443", "FromPort: 22").replace("ToPort: 443", "ToPort: 22")
    assert _exposed(_graph(tmp_path, name, text)) == {}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_an_acl_allowing_everything_before_its_deny_lets_the_port_in(
    tmp_path: Path, source: str
) -> None:
    name, text = SOURCES[source]
    if source == "terraform":
        text = text.replace("rule_number    = 50", "rule_number    = 200")
        text = text.replace("from_port   = 443", "from_port   = 0")
        text = text.replace("to_port     = 443", "to_port     = 65535")
        text = text.replace("from_port  = 443", "from_port  = 0")
        text = text.replace("to_port    = 443", "to_port    = 65535")
    else:
        text = text.replace("RuleNumber: 50", "RuleNumber: 200")
        text = text.replace("FromPort: 443", "FromPort: 0").replace("ToPort: 443", "ToPort: 65535")
        text = text.replace("From: 443", "From: 0").replace("To: 443", "To: 65535")
    exposed = _exposed(_graph(tmp_path, name, text))
    assert set(exposed) == {NAMES[source]["public"]}
    assert "rule 100 allows tcp 0-65535" in exposed[NAMES[source]["public"]].hops[3].note


def test_a_subnet_on_the_vpc_main_table_is_routed_only_if_the_code_routes_that_table(
    tmp_path: Path,
) -> None:
    # Without its association, the private subnet uses the VPC's main table: AWS's own, with
    # the local route only, so a public address there is still unreachable ...
    text = TERRAFORM.replace(
        'resource "aws_route_table_association" "private"', 'resource "null_resource" "private"'
    )
    assert set(_exposed(_graph(tmp_path, "main.tf", text))) == {"aws_instance.public"}
    # ... until the code adopts the main table and routes it to the internet gateway.
    adopted = text + (
        'resource "aws_default_route_table" "main" {\n'
        "  default_route_table_id = aws_vpc.main.default_route_table_id\n"
        "  route {\n"
        '    cidr_block = "0.0.0.0/0"\n'
        "    gateway_id = aws_internet_gateway.igw.id\n"
        "  }\n"
        "}\n"
    )
    exposed = _exposed(_graph(tmp_path, "main.tf", adopted))
    assert set(exposed) == {"aws_instance.public", "aws_instance.private"}
    assert exposed["aws_instance.private"].hops[1].address == "aws_default_route_table.main"
    # A main table the scan does not hold: its routes are not known, so the subnet counts as
    # routed (fail closed), and the note says why.
    elsewhere = text + (
        'variable "main_table" {\n  type = string\n}\n\n'
        'resource "aws_main_route_table_association" "main" {\n'
        "  vpc_id         = aws_vpc.main.id\n"
        "  route_table_id = var.main_table\n"
        "}\n"
    )
    exposed = _exposed(_graph(tmp_path, "main.tf", elsewhere))
    assert set(exposed) == {"aws_instance.public", "aws_instance.private"}
    assert "not known" in exposed["aws_instance.private"].hops[-1].note


def test_links_outside_the_scan_keep_the_instance_exposed_and_say_why(tmp_path: Path) -> None:
    text = """
resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_subnet" "known" {
  vpc_id                  = var.vpc_id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_instance" "elsewhere" {
  ami                         = "ami-1"
  subnet_id                   = var.subnet_id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}

resource "aws_instance" "vpc_elsewhere" {
  ami                    = "ami-1"
  subnet_id              = aws_subnet.known.id
  vpc_security_group_ids = [aws_security_group.web.id]
}
"""
    exposed = _exposed(_graph(tmp_path, "main.tf", text))
    assert set(exposed) == {"aws_instance.elsewhere", "aws_instance.vpc_elsewhere"}
    assert "subnet is not in the scan" in exposed["aws_instance.elsewhere"].hops[-1].note
    assert "main route table is not known" in exposed["aws_instance.vpc_elsewhere"].hops[-1].note


def test_an_internet_facing_load_balancer_reaches_its_targets_through_the_target_group(
    tmp_path: Path,
) -> None:
    text = """
resource "aws_lb" "web" {
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb" "inside" {
  internal = true
  subnets  = ["subnet-1", "subnet-2"]
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-1"
}

resource "aws_lb_target_group" "inside" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-1"
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "inside" {
  load_balancer_arn = aws_lb.inside.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.inside.arn
  }
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.app.id
  port             = 8080
}

resource "aws_lb_target_group_attachment" "batch" {
  target_group_arn = aws_lb_target_group.inside.arn
  target_id        = aws_instance.batch.id
}

resource "aws_instance" "app" {
  ami       = "ami-1"
  subnet_id = "subnet-1"
}

resource "aws_instance" "batch" {
  ami       = "ami-1"
  subnet_id = "subnet-1"
}
"""
    graph = _graph(tmp_path, "main.tf", text)
    (web,) = [g for g in graph.resources("aws.elbv2.target_group") if g.address.endswith("web")]
    assert [t["port"] for t in web.get("targets")] == [8080]
    exposed = _exposed(graph)
    assert set(exposed) == {"aws_instance.app"}
    assert [h.kind for h in exposed["aws_instance.app"].hops] == [
        "aws.elbv2.load_balancer",
        "aws.elbv2.listener",
        "aws.elbv2.target_group",
        "aws.ec2.instance",
    ]


def test_cloudformation_target_groups_register_their_targets_inline(tmp_path: Path) -> None:
    text = """
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 80
      Protocol: HTTP
      VpcId: vpc-1
      Targets:
        - Id: !Ref App
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Web
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Group
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      SubnetId: subnet-1
"""
    graph = _graph(tmp_path, "template.yaml", text)
    (group,) = graph.resources("aws.elbv2.target_group")
    assert group.get("targets")[0]["port"] == 80  # the group's port, as AWS registers it
    exposed = _exposed(graph)
    assert [h.kind for h in exposed["App"].hops][-2:] == [
        "aws.elbv2.target_group",
        "aws.ec2.instance",
    ]


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_routed_instance_scores_higher_and_is_the_only_attack_path(
    tmp_path: Path, source: str
) -> None:
    """The worked example of docs/risk.md: the same IMDS finding on both instances, the same
    role (reads every bucket); only the network tells them apart."""
    name, text = SOURCES[source]
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], root=tmp_path, jobs=1)
    public, private = NAMES[source]["public"], NAMES[source]["private"]
    imds = {f.address: f for f in report.findings if f.code == "AWS-EC2-012"}
    assert imds[public].risk is not None and imds[private].risk is not None
    assert (imds[public].risk.exposure, imds[private].risk.exposure) == (1.0, 0.0)
    assert imds[public].risk.blast_radius == imds[private].risk.blast_radius == 0.7
    assert (imds[public].risk.score, imds[private].risk.score) == (68, 46)
    paths = [f for f in report.findings if f.code == "AWS-PATH-001"]
    assert [(f.address, f.status.value) for f in paths] == [(public, "fail")]  # passes unreported
    assert paths[0].risk is not None and paths[0].risk.score == 91


def test_terraform_and_cloudformation_give_the_same_network_resources(tmp_path: Path) -> None:
    from tests.normalize.test_equivalence import differences

    same = {
        "aws_internet_gateway.igw": "Igw",
        "aws_route_table.public": "PublicRoutes",
        "aws_route_table.private": "PrivateRoutes",
        "aws_network_acl.public": "PublicAcl",
    }
    terraform = _graph(tmp_path, "main.tf", TERRAFORM)
    cloudformation = _graph(tmp_path, "template.yaml", CLOUDFORMATION)
    left = {r.address: r for r in terraform.resources()}
    right = {r.address: r for r in cloudformation.resources()}
    for tf_address, cfn_address in same.items():
        a, b = dict(left[tf_address].attributes), dict(right[cfn_address].attributes)
        assert differences(a, b) == [], tf_address
    # Not vacuous: the routes and entries compared are there.
    assert len(left["aws_route_table.public"].get("routes")) == 1
    assert len(right["PublicAcl"].get("ingress")) == 2


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_an_association_with_a_table_outside_the_scan_fails_closed(
    tmp_path: Path, source: str
) -> None:
    """The private subnet is associated with a table the scan does not hold: it does not use
    the VPC's main table, and what the other table routes is not known."""
    name, text = SOURCES[source]
    if source == "terraform":
        text = 'variable "table" {\n  type = string\n}\n\n' + text.replace(
            "route_table_id = aws_route_table.private.id", "route_table_id = var.table"
        )
    else:
        text = text.replace(
            "SubnetId: !Ref PrivateSubnet\n      RouteTableId: !Ref PrivateRoutes",
            "SubnetId: !Ref PrivateSubnet\n      RouteTableId: rtb-0123456789abcdef0",
        )
    exposed = _exposed(_graph(tmp_path, name, text))
    private = NAMES[source]["private"]
    assert set(exposed) == {NAMES[source]["public"], private}
    assert "not known" in exposed[private].hops[-1].note
    assert exposed[private].hops[0].kind == "aws.ec2.route_table"


def test_a_default_route_to_a_virtual_private_gateway_is_no_internet_route(
    tmp_path: Path,
) -> None:
    """The gateway's id is unknown before apply; the reference says what it is."""
    text = TERRAFORM.replace(
        'resource "aws_route_table" "private" {\n  vpc_id = aws_vpc.main.id\n}',
        'resource "aws_vpn_gateway" "vpn" {\n  vpc_id = aws_vpc.main.id\n}\n\n'
        'resource "aws_route_table" "private" {\n  vpc_id = aws_vpc.main.id\n'
        '  route {\n    cidr_block = "0.0.0.0/0"\n    gateway_id = aws_vpn_gateway.vpn.id\n  }\n}',
    )
    assert "aws_vpn_gateway.vpn.id" in text
    assert set(_exposed(_graph(tmp_path, "main.tf", text))) == {"aws_instance.public"}


def test_an_acl_association_outside_the_scan_fails_closed(tmp_path: Path) -> None:
    """The public subnet's ACL is one the scan does not hold, and the VPC's default ACL is
    adopted closed: the unknown ACL decides (assumed open), not the default one."""
    text = TERRAFORM.replace("  subnet_ids = [aws_subnet.public.id]\n", "") + (
        'variable "acl" {\n  type = string\n}\n\n'
        'resource "aws_network_acl_association" "public" {\n'
        "  network_acl_id = var.acl\n"
        "  subnet_id      = aws_subnet.public.id\n"
        "}\n\n"
        'resource "aws_default_network_acl" "closed" {\n'
        "  default_network_acl_id = aws_vpc.main.default_network_acl_id\n"
        "}\n"
    )
    exposed = _exposed(_graph(tmp_path, "main.tf", text))
    assert set(exposed) == {"aws_instance.public"}
    (acl,) = [h for h in exposed["aws_instance.public"].hops if h.kind == "aws.ec2.network_acl"]
    assert acl.address == "aws_network_acl_association.public" and "not known" in acl.note
    # Without the association the subnet falls back to the default ACL, adopted with no
    # entries: nothing gets in.
    closed = text.replace('resource "aws_network_acl_association" "public"', 'resource "x" "y"')
    assert _exposed(_graph(tmp_path, "main.tf", closed)) == {}
