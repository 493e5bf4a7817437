"""Policies judged statement by statement, from what their values show.

CloudFormation documents hold unknown leaves (intrinsics); so do Terraform documents, whose
evaluator keeps the structure of ``jsonencode`` and of ``aws_iam_policy_document`` around their
unknown values. These cases build such documents directly, as a source hands them over, and
check that the rules answer from the known parts: UNKNOWN only where the unknown part decides.
(The rule fixtures hold the same shapes written as Terraform and CloudFormation.)
"""

from __future__ import annotations

from typing import Any

from iacgate.engine import evaluate
from iacgate.findings import Finding, FindingStatus
from iacgate.graph.graph import ResourceGraph
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, concat
from iacgate.rules.packs import load_rules

RULES = {r.meta.code: r for r in load_rules()}
ACCOUNT = Unknown("data.aws_caller_identity.current.account_id is read from the provider")
BUCKET_ARN = concat(["arn:", Unknown("aws_s3_bucket.logs.arn is known only after apply")])
ROLE = {"assume_role_policy": None, "inline_policies": {}, "managed_policy_arns": []}


def _judge(code: str, kind: str, attributes: dict[str, Any]) -> list[Finding]:
    graph = ResourceGraph()
    graph.add(Resource(kind, "aws_thing.t", "root", attributes, "terraform", file="main.tf"))
    return list(evaluate([RULES[code]], graph, rule_budget=None).findings)


def _statuses(findings: list[Finding]) -> list[tuple[FindingStatus, str]]:
    return [(f.status, f.path) for f in findings]


def test_a_public_statement_fails_beside_a_statement_whose_arn_is_unknown() -> None:
    policy = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": [concat(["arn:aws:iam::", ACCOUNT, ":root"])]},
                "Action": ["s3:PutObject"],
                "Resource": [concat([BUCKET_ARN, "/*"])],
            },
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [concat([BUCKET_ARN, "/*"])],
            },
        ]
    }
    found = _judge("AWS-S3-004", "aws.s3.bucket_policy", {"bucket": "logs", "policy": policy})
    assert _statuses(found) == [(FindingStatus.FAIL, "policy.Statement[1]")]


def test_a_root_principal_of_an_unknown_account_is_not_everyone() -> None:
    trust = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["sts:AssumeRole"],
                "Principal": {"AWS": [concat(["arn:aws:iam::", ACCOUNT, ":root"])]},
            }
        ]
    }
    assert _judge("AWS-IAM-005", "aws.iam.role", {**ROLE, "assume_role_policy": trust}) == []
    anyone = {"Statement": [{**trust["Statement"][0], "Principal": {"AWS": [ACCOUNT]}}]}
    found = _judge("AWS-IAM-005", "aws.iam.role", {**ROLE, "assume_role_policy": anyone})
    assert [f.status for f in found] == [FindingStatus.UNKNOWN]  # the account may be "*"


def test_star_on_star_is_admin_whatever_else_is_unknown() -> None:
    policy = {
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [Unknown("var.arn")]},
            Unknown("a dynamic statement"),
            {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
        ]
    }
    found = _judge("AWS-IAM-001", "aws.iam.policy", {"policy": policy})
    assert _statuses(found) == [(FindingStatus.FAIL, "policy.Statement[2]")]
    without = {"Statement": policy["Statement"][:2]}
    found = _judge("AWS-IAM-001", "aws.iam.policy", {"policy": without})
    assert {f.status for f in found} == {FindingStatus.UNKNOWN}  # either may grant everything


def test_an_unknown_resource_arn_is_never_every_resource() -> None:
    policy = {
        "Statement": [
            {"Effect": "Allow", "Action": ["*"], "Resource": [BUCKET_ARN]},
            {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [BUCKET_ARN]},
        ]
    }
    assert _judge("AWS-IAM-001", "aws.iam.policy", {"policy": policy}) == []
    assert _judge("AWS-IAM-009", "aws.iam.policy", {"policy": policy}) == []


def test_the_partition_does_not_hide_an_administrator_attachment() -> None:
    arns = [
        concat(["arn:", Unknown("partition"), ":iam::aws:policy/AdministratorAccess"]),
        concat(["arn:", Unknown("partition"), ":iam::aws:policy/ReadOnlyAccess"]),
        concat(["arn:aws:iam::aws:policy/", Unknown("var.name")]),
    ]
    found = _judge("AWS-IAM-002", "aws.iam.role", {**ROLE, "managed_policy_arns": arns})
    assert _statuses(found) == [(FindingStatus.FAIL, "managed_policy_arns[0]")]
    found = _judge("AWS-IAM-002", "aws.iam.role", {**ROLE, "managed_policy_arns": arns[1:]})
    assert _statuses(found) == [(FindingStatus.UNKNOWN, "managed_policy_arns[1]")]
