"""The CloudFormation normalizer in a scan: lines of findings, folded resources, graph edges."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from iacgate import api
from iacgate.findings import FindingStatus
from iacgate.graph.graph import EdgeType
from iacgate.model import aws
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown
from iacgate.rules.context import Context
from iacgate.rules.dsl import rule
from iacgate.rules.metadata import Severity
from iacgate.rules.verdicts import Verdict, fail, ok, unknown


@rule(
    code="TEST-001",
    name="bucket-public-access-not-blocked",
    kind="aws.s3.bucket",
    severity=Severity.HIGH,
)
def public_access(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket that does not block public policies."""
    block = bucket.get("public_access_block")
    if block is None:
        return fail("no public access block", ("public_access_block",))
    value = block.get("block_public_policy")
    if is_unknown(value):
        return unknown("unknown", ("public_access_block", "block_public_policy"))
    if value is not True:
        return fail("public policies allowed", ("public_access_block", "block_public_policy"))
    return ok()


@rule(code="TEST-002", name="ssh-open", kind="aws.ec2.security_group", severity=Severity.HIGH)
def ssh_open(group: Resource, ctx: Context) -> list[Verdict]:
    """Ingress open to the world on port 22."""
    out: list[Verdict] = []
    for ref in aws.sg_rules(group, "ingress"):
        if ref.rule.get("cidr_ipv4") in aws.PUBLIC_CIDRS and aws.opens_port(ref.rule, 22) is True:
            out.append(fail("ssh open", ref.path))
    return out or [ok()]


YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  Ssh:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Web
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 0.0.0.0/0
"""


def _json_twin() -> str:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Data": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketName": "data",
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True,
                        "BlockPublicPolicy": False,
                    },
                },
            },
            "Web": {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {
                    "GroupDescription": "web",
                    "SecurityGroupIngress": [
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
                    ],
                },
            },
            "Ssh": {
                "Type": "AWS::EC2::SecurityGroupIngress",
                "Properties": {
                    "GroupId": {"Ref": "Web"},
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "CidrIp": "0.0.0.0/0",
                },
            },
        },
    }
    return json.dumps(template, indent=2)


def _line(text: str, fragment: str, after: str = "") -> int:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start) if fragment in line) + 1


@pytest.mark.parametrize("name", ["template.yaml", "template.json"])
def test_findings_point_at_the_offending_property(tmp_path: Path, name: str) -> None:
    text = YAML if name.endswith(".yaml") else _json_twin()
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path)], rules=[public_access, ssh_open], root=tmp_path)
    found = {(f.code, f.address, f.path): f for f in report.findings}
    bucket = found[("TEST-001", "Data", "public_access_block.block_public_policy")]
    assert (bucket.file, bucket.start_line) == (name, _line(text, "BlockPublicPolicy"))
    # The rule was written in a separate resource: the finding is on that resource's lines.
    ssh = next(f for (code, address, _), f in found.items() if code == "TEST-002")
    assert ssh.address == "Web" and ssh.status is FindingStatus.FAIL
    assert ssh.start_line == _line(text, '"Ssh"' if name.endswith(".json") else "Ssh:")
    assert len([f for f in report.findings if f.code == "TEST-002"]) == 1


def test_references_become_graph_edges(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: []}
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: !GetAtt Role.Arn
              Code: {ZipFile: x}
          Data:
            Type: AWS::S3::Bucket
          DataPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Data
              PolicyDocument: {Statement: []}
          Topic:
            Type: AWS::SNS::Topic
          Sub:
            Type: AWS::SNS::TopicInlinePolicy
            Properties: {TopicArn: !Ref Topic, PolicyDocument: {Statement: []}}
        """
    )
    (tmp_path / "t.yaml").write_text(text)
    results, _ = api.read_inputs([str(tmp_path)], tmp_path)
    graph = api.build_graph(results)
    fn = graph.get("t.yaml::Fn")
    assert fn is not None
    edges = {(e.target.address, e.type, e.path) for e in graph.edges(fn)}
    assert edges == {
        ("Role", EdgeType.REFERENCES, ("role",)),  # as written
        ("Role", EdgeType.USES_ROLE, ("role",)),  # typed by the AWS edge resolvers
    }
    policy = graph.get("t.yaml::DataPolicy")
    assert policy is not None and policy.kind == "aws.s3.bucket_policy"
    assert {(e.target.address, e.type, e.path) for e in graph.edges(policy)} == {
        ("Data", EdgeType.REFERENCES, ("bucket",)),
        ("Data", EdgeType.ATTACHED_TO, ("bucket",)),
    }
    sub = graph.get("t.yaml::Sub")
    assert sub is not None and sub.kind == "cfn.aws.sns.topic_inline_policy"  # a raw kind
    assert [(e.target.address, e.path) for e in graph.edges(sub)] == [("Topic", ("TopicArn",))]
    bucket = graph.get("t.yaml::Data")
    assert bucket is not None
    assert bucket.attributes["policy"] == {"Statement": []}  # folded in
    assert bucket.origin["folded"] == ("DataPolicy",)


def test_stack_name_is_part_of_the_scope(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions

    results, _ = api.read_inputs(
        [str(tmp_path)], tmp_path, cloudformation=CloudFormationOptions(stack_name="prod")
    )
    (queue,) = results[0].resources
    assert queue.key == "t.yaml#prod::Q"
