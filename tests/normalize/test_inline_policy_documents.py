"""Inline policies whose names are not known keep their documents (inline_policy_documents)."""

from __future__ import annotations

from pathlib import Path

from iacgate import api
from iacgate.model.unknown import is_unknown

TERRAFORM = """
variable "prefix" {
  type = string
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "named" {
  name   = "named"
  role   = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "unnamed" {
  name   = "${var.prefix}-admin"
  role   = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
"""

CLOUDFORMATION = """
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {Service: ec2.amazonaws.com}
      Policies:
        - PolicyName: named
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:GetObject, Resource: "*"}
        - PolicyName: !Sub "${AWS::StackName}-admin"
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: "*", Resource: "*"}
"""

KNOWN = """
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: ec2.amazonaws.com}}
      Policies:
        - PolicyName: named
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:GetObject, Resource: "*"}
"""


def _role(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    (role,) = report.graph.resources("aws.iam.role")
    return role, report.graph.locations


def _actions(documents: list) -> list[list[str]]:  # type: ignore[type-arg]
    return [s["Action"] for d in documents for s in d["Statement"]]


def test_terraform_unknown_name_keeps_every_document(tmp_path: Path) -> None:
    role, locations = _role(tmp_path, "main.tf", TERRAFORM)
    assert is_unknown(role.attributes["inline_policies"])
    documents = role.attributes["inline_policy_documents"]
    assert sorted(_actions(documents)) == [["*"], ["s3:GetObject"]]
    policy_lines = {
        n
        for n, line in enumerate(TERRAFORM.splitlines(), 1)
        if line.startswith("  policy = jsonencode")
    }
    found = {locations.get(role.key, ("inline_policy_documents", i)) for i in range(2)}
    # each document points at the policy attribute of its own resource
    assert {f.start_line for f in found if f is not None} == policy_lines


def test_cloudformation_unknown_name_keeps_every_document(tmp_path: Path) -> None:
    role, _ = _role(tmp_path, "template.yaml", CLOUDFORMATION)
    assert is_unknown(role.attributes["inline_policies"])
    assert sorted(_actions(role.attributes["inline_policy_documents"])) == [["*"], ["s3:GetObject"]]


def test_known_names_keep_the_map(tmp_path: Path) -> None:
    role, _ = _role(tmp_path, "template.yaml", KNOWN)
    assert list(role.attributes["inline_policies"]) == ["named"]
    assert role.attributes["inline_policy_documents"] == []
