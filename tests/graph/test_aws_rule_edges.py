"""Edges the aws_core rules rely on: a rule on a VPC's default security group is attached to
the VPC; a Lambda function refers to its dead-letter target."""

from __future__ import annotations

from pathlib import Path

from iacgate import api
from iacgate.graph.graph import EdgeType

TERRAFORM = """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_security_group_ingress_rule" "default_ssh" {
  security_group_id = aws_vpc.main.default_security_group_id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "elsewhere" {
  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
"""

CLOUDFORMATION = """
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  DefaultSsh:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Vpc.DefaultSecurityGroup
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 0.0.0.0/0
"""


def _attached(tmp_path: Path, name: str, text: str) -> dict[str, list[str]]:
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    graph = report.graph
    return {
        rule.address: [
            e.target.address
            for e in graph.edges(rule)
            if e.type is EdgeType.ATTACHED_TO and e.target.kind == "aws.ec2.vpc"
        ]
        for rule in graph.resources("aws.ec2.security_group_rule")
    }


def test_terraform_rule_on_the_default_group_is_attached_to_its_vpc(tmp_path: Path) -> None:
    attached = _attached(tmp_path, "main.tf", TERRAFORM)
    assert attached == {
        "aws_vpc_security_group_ingress_rule.default_ssh": ["aws_vpc.main"],
        "aws_vpc_security_group_ingress_rule.elsewhere": [],
    }


def test_cloudformation_rule_on_the_default_group_is_attached_to_its_vpc(tmp_path: Path) -> None:
    assert _attached(tmp_path, "template.yaml", CLOUDFORMATION) == {"DefaultSsh": ["Vpc"]}


DEAD_LETTER = """
resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }
}
"""


def test_lambda_refers_to_its_dead_letter_queue(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(DEAD_LETTER)
    report = api.scan([str(tmp_path / "main.tf")], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    (function,) = report.graph.resources("aws.lambda.function")
    edges = [(e.type, e.path, e.target.address) for e in report.graph.edges(function)]
    assert (EdgeType.REFERENCES, ("dead_letter_target_arn",), "aws_sqs_queue.dlq") in edges
