"""Data sources read statically render what the provider renders at plan time.

``tests/fixtures/terraform/policy_documents/plan.json`` is a real ``terraform plan`` (hashicorp/aws
5.100.0, against moto) of the ``.tf`` files beside it; ``terraform_data.rendered`` collects
every attribute the provider computed. The static evaluation must give the same text for every
policy document (statements, principals, conditions, ``not_*``, ``dynamic`` statements,
source and override merging) and for the partition and region, and leave only the caller's
identity unknown. Regenerate: ``python -m tests.sources.terraform.test_datasources``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacgate.model import aws
from iacgate.model.unknown import Unknown, could_equal, known_prefix
from iacgate.sources.terraform.reader import evaluate_directories

from ...conftest import FIXTURES
from .helpers import evaluate

CONFIG = FIXTURES / "terraform" / "policy_documents"


def _rendered(directory: Path) -> dict[str, Any]:
    read = evaluate_directories([directory], directory)
    records = {r.address: r for root in read.roots for r in root.records}
    value: dict[str, Any] = records["terraform_data.rendered"].values["input"]
    return value


def _planned() -> dict[str, Any]:
    plan = json.loads((CONFIG / "plan.json").read_text("utf-8"))
    (resource,) = plan["planned_values"]["root_module"]["resources"]
    value: dict[str, Any] = resource["values"]["input"]
    return value


def test_policy_documents_render_as_the_provider_renders_them() -> None:
    mine, planned = _rendered(CONFIG), _planned()
    assert (
        set(mine["documents"])
        == set(planned["documents"])
        == {
            "admin",
            "full",
            "public",
            "trust",
            "dynamic",
            "merged",
            "empty",
        }
    )
    for name, rendered in planned["documents"].items():
        assert mine["documents"][name] == rendered, name


def test_partition_and_region_follow_the_provider_configuration() -> None:
    mine, planned = _rendered(CONFIG), _planned()
    assert mine["partitions"] == planned["partitions"]
    assert mine["regions"] == planned["regions"]
    assert planned["partitions"]["china"]["partition"] == "aws-cn"  # the alias was followed


def test_caller_identity_is_known_only_in_shape() -> None:
    caller = _rendered(CONFIG)["caller"]
    assert all(isinstance(v, Unknown) for v in caller.values())
    arn = caller["arn"]
    assert known_prefix(arn) == "arn:aws:"  # the provider's region is eu-west-1
    assert not could_equal(arn, "*")
    assert could_equal(arn, _planned()["caller"]["arn"])  # what the plan read fits the shape


def test_unknown_leaves_keep_the_rest_of_the_document(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
            variable "extra" { type = list(string) }
            resource "aws_s3_bucket" "logs" { bucket = "logs" }
            data "aws_iam_policy_document" "logs" {
              statement {
                sid       = "Public"
                actions   = ["s3:GetObject"]
                resources = ["${aws_s3_bucket.logs.arn}/*"]
                principals {
                  type        = "*"
                  identifiers = ["*"]
                }
              }
              statement {
                sid       = "Extra"
                actions   = var.extra
                resources = ["*"]
              }
            }
            resource "aws_s3_bucket_policy" "logs" {
              bucket = aws_s3_bucket.logs.id
              policy = data.aws_iam_policy_document.logs.json
            }
            """
        },
    )
    records = {r.address: r for root in read.roots for r in root.records}
    policy = records["aws_s3_bucket_policy.logs"].values["policy"]
    assert isinstance(policy, Unknown)  # Terraform itself knows the text only after apply
    document = aws.parse_policy(policy)
    public, extra = document["Statement"]
    assert public["Principal"] == "*"
    assert public["Action"] == ["s3:GetObject"]
    (resource,) = public["Resource"]
    assert isinstance(resource, Unknown) and known_prefix(resource) == "arn:"
    assert extra["Resource"] == ["*"]
    assert isinstance(extra["Action"][0], Unknown)


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ('sid = "A"\n actions = ["s3:*"]\n}\nstatement {\n sid = "A"\n actions = ["s3:*"]', "Sid"),
        ('version = "2008-10-17"\n resources = ["arn:aws:s3:::b/&{aws:username}"]', "2008"),
        ('actions = ["s3:*"]\n principals {\n identifiers = ["*"]\n }', "wrong type"),
        ('actions = ["s3:*"]\n condition {\n values = ["x"]\n }', "wrong type"),
    ],
)
def test_documents_the_provider_rejects_are_unknown(
    tmp_path: Path, statement: str, reason: str
) -> None:
    version = 'version = "2008-10-17"\n' if "2008" in statement else ""
    body = statement.replace('version = "2008-10-17"\n', "")
    read = evaluate(
        tmp_path,
        {
            "main.tf": f"""
data "aws_iam_policy_document" "bad" {{
  {version}
  statement {{
    {body}
  }}
}}
resource "aws_iam_policy" "bad" {{
  policy = data.aws_iam_policy_document.bad.json
}}
"""
        },
    )
    records = {r.address: r for root in read.roots for r in root.records}
    policy = records["aws_iam_policy.bad"].values["policy"]
    assert isinstance(policy, Unknown)
    assert "rejects" in policy.reason and reason in policy.reason
    assert policy.decoded is None


def test_region_without_a_provider_block_is_unknown_and_partition_keeps_its_shape(
    tmp_path: Path,
) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
            data "aws_partition" "p" {}
            data "aws_region" "r" {}
            resource "aws_iam_role_policy_attachment" "admin" {
              role       = "ops"
              policy_arn = "arn:${data.aws_partition.p.partition}:iam::aws:policy/ReadOnly"
            }
            resource "aws_sqs_queue" "q" { name = "q-${data.aws_region.r.name}" }
            """
        },
    )
    records = {r.address: r for root in read.roots for r in root.records}
    arn = records["aws_iam_role_policy_attachment.admin"].values["policy_arn"]
    assert isinstance(arn, Unknown)
    assert known_prefix(arn) == "arn:aws"  # every partition's name starts with "aws"
    assert not could_equal(arn, "arn:aws:iam::aws:policy/AdministratorAccess")
    assert could_equal(arn, "arn:aws-cn:iam::aws:policy/ReadOnly")
    name = records["aws_sqs_queue.q"].values["name"]
    assert isinstance(name, Unknown) and "environment" in name.reason


def _policy_of(tmp_path: Path, config: str) -> Any:
    read = evaluate(
        tmp_path,
        {
            "main.tf": config
            + '\nresource "aws_iam_policy" "p" { policy = data.aws_iam_policy_document.d.json }\n'
        },
    )
    records = {r.address: r for root in read.roots for r in root.records}
    return records["aws_iam_policy.p"].values["policy"]


def test_a_merge_decided_by_an_unknown_sid_is_unknown(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        variable "sid" { type = string }
        data "aws_iam_policy_document" "d" {
          source_policy_documents = [jsonencode({
            Statement = [{ Sid = "A", Effect = "Allow", Action = "*", Resource = "*" }]
          })]
          statement {
            sid       = var.sid
            actions   = ["s3:GetObject"]
            resources = ["*"]
          }
        }
        """,
    )
    assert isinstance(policy, Unknown) and "Sid" in policy.reason and policy.decoded is None


def test_a_source_document_with_unknown_leaves_is_merged(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        resource "aws_sqs_queue" "q" { name = "q" }
        data "aws_iam_policy_document" "d" {
          source_policy_documents = [jsonencode({
            Statement = [{
              Sid = "Queue", Effect = "Allow", Action = "sqs:*", Resource = aws_sqs_queue.q.arn
            }]
          })]
          statement {
            sid       = "Admin"
            actions   = ["*"]
            resources = ["*"]
          }
        }
        """,
    )
    document = aws.parse_policy(policy)
    queue, admin = document["Statement"]
    assert queue["Sid"] == "Queue" and isinstance(queue["Resource"][0], Unknown)
    assert admin == {"Sid": "Admin", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]}


def test_a_source_document_not_known_at_all_leaves_the_document_unknown(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        variable "base" { type = string }
        data "aws_iam_policy_document" "d" {
          source_policy_documents = [var.base]
          statement {
            actions   = ["*"]
            resources = ["*"]
          }
        }
        """,
    )
    assert isinstance(policy, Unknown) and "source_policy_documents[0]" in policy.reason


def test_a_principal_type_not_known_keeps_the_principal_unknown(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        variable "type" { type = string }
        data "aws_iam_policy_document" "d" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = var.type
              identifiers = ["*"]
            }
          }
        }
        """,
    )
    (statement,) = aws.parse_policy(policy)["Statement"]
    assert isinstance(statement["Principal"], Unknown)
    assert statement["Action"] == ["s3:GetObject"]


def test_a_region_named_in_the_data_source_is_that_region(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
            data "aws_region" "r" { name = "us-gov-west-1" }
            resource "aws_sqs_queue" "q" { name = "q-${data.aws_region.r.endpoint}" }
            """
        },
    )
    records = {r.address: r for root in read.roots for r in root.records}
    assert records["aws_sqs_queue.q"].values["name"] == "q-ec2.us-gov-west-1.amazonaws.com"


def test_compact_keeps_documents_whose_leaves_are_unknown(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        resource "aws_s3_bucket" "b" { bucket = "b" }
        data "aws_iam_policy_document" "tls" {
          statement {
            sid       = "DenyInsecureTransport"
            effect    = "Deny"
            actions   = ["s3:*"]
            resources = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
          }
        }
        data "aws_iam_policy_document" "d" {
          source_policy_documents = compact([
            true ? data.aws_iam_policy_document.tls.json : "",
            false ? "unused" : "",
          ])
        }
        """,
    )
    (statement,) = aws.parse_policy(policy)["Statement"]
    assert statement["Sid"] == "DenyInsecureTransport" and statement["Principal"] == "*"


def test_statements_beside_an_unknown_dynamic_block_are_kept(tmp_path: Path) -> None:
    policy = _policy_of(
        tmp_path,
        """
        variable "extra" { type = list(string) }
        data "aws_iam_policy_document" "d" {
          statement {
            sid       = "First"
            actions   = ["s3:GetObject"]
            resources = ["*"]
          }
          dynamic "statement" {
            for_each = var.extra
            content {
              actions   = [statement.value]
              resources = ["*"]
            }
          }
          dynamic "statement" {
            for_each = ["sqs"]
            content {
              actions   = ["${statement.value}:SendMessage"]
              resources = ["*"]
            }
          }
        }
        """,
    )
    first, extra, known = aws.parse_policy(policy)["Statement"]
    assert first["Sid"] == "First"
    assert isinstance(extra, Unknown) and "for_each unknown" in extra.reason
    assert known["Action"] == ["sqs:SendMessage"]


if __name__ == "__main__":
    from .tfharness import run_terraform, toolchain

    tools = toolchain()
    if tools is None:
        raise SystemExit("terraform or the hashicorp/aws provider mirror is not available")
    run = run_terraform("policy_documents", tools, apply=False)
    text = json.dumps(run.plan, indent=1, sort_keys=True) + "\n"
    (CONFIG / "plan.json").write_text(text, encoding="utf-8")
