"""Nothing vanishes silently (whole-process scans of small trees): split resources whose owner
is outside the code are judged on their own, a module that is not downloaded and references to
what a module does not declare are findings, and what was read but not judged is counted in the
summary (docs/json-output.md, ``not_judged``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import run_cli

OPEN = (
    'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", '
    'Resource = "*" }] })'
)


def _scan(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    done = run_cli("scan", "--no-config", "--format", "json", *extra, str(path))
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _hits(report: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    return {(f["code"], f["address"], f["start_line"], f["status"]) for f in report["findings"]}


def test_attachments_whose_owner_is_outside_the_code_are_judged_on_their_lines(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text(
        f"""resource "aws_iam_role_policy" "legacy" {{
  role   = "role-created-by-hand"
  policy = {OPEN}
}}

resource "aws_iam_role_policy_attachment" "admin" {{
  role       = "some-role"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}}

resource "aws_s3_bucket_public_access_block" "elsewhere" {{
  bucket                  = "bucket-made-elsewhere"
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
"""
    )
    (tmp_path / "stack.yaml").write_text(
        """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Legacy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: legacy
      Roles: [role-created-by-hand]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: ["https://sqs.us-east-1.amazonaws.com/123456789012/made-elsewhere"]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: "*"
"""
    )
    (tmp_path / "policies.tf").write_text(
        """resource "aws_kms_key_policy" "elsewhere" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }]
  })
}
"""
    )
    code, report = _scan(tmp_path)
    hits = _hits(report)
    assert ("AWS-SQS-002", "QueuePolicy", 18, "fail") in hits
    assert ("AWS-KMS-002", "aws_kms_key_policy.elsewhere", 3, "fail") in hits
    assert ("AWS-IAM-001", "aws_iam_role_policy.legacy", 3, "fail") in hits
    assert ("AWS-IAM-002", "aws_iam_role_policy_attachment.admin", 8, "fail") in hits
    assert ("AWS-S3-001", "aws_s3_bucket_public_access_block.elsewhere", 13, "fail") in hits
    assert ("AWS-IAM-001", "Legacy", 8, "fail") in hits
    assert code == 1  # they gate
    # The owner's other attributes are outside the code: no UNKNOWN about them.
    assert not [f for f in report["findings"] if "is not in the scanned code" in f["message"]]
    stand_ins = {f["address"] for f in report["findings"]}
    assert "aws_s3_bucket_public_access_block.elsewhere" in stand_ins
    # Only the one public access block setting that is off fails.
    s3 = [f for f in report["findings"] if f["code"] == "AWS-S3-001"]
    assert len(s3) == 1


def test_a_module_not_downloaded_is_a_gating_finding_on_its_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        """module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
"""
    )
    code, report = _scan(tmp_path)
    [finding] = [f for f in report["findings"] if f["code"] == "CORE-003"]
    assert finding["start_line"] == 1
    assert "terraform-aws-modules/vpc/aws" in finding["message"]
    assert "terraform init -backend=false" in finding["message"]
    assert code == 1

    # Downloaded (as terraform init leaves it): read as before, judged, no finding.
    downloaded = tmp_path / ".terraform" / "modules" / "vpc"
    downloaded.mkdir(parents=True)
    (downloaded / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    (tmp_path / ".terraform" / "modules" / "modules.json").write_text(
        json.dumps(
            {
                "Modules": [
                    {"Key": "", "Source": "", "Dir": "."},
                    {
                        "Key": "vpc",
                        "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws",
                        "Dir": ".terraform/modules/vpc",
                    },
                ]
            }
        )
    )
    _, report = _scan(tmp_path / "main.tf")
    assert not [f for f in report["findings"] if f["code"].startswith("CORE")]
    assert report["summary"]["resources"] == 1


def test_references_to_undeclared_names_are_parse_errors_on_their_lines(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        """variable "name" {
  type = list(string)
}
output "a" { value = aws_s3_bucket.missing.id }
output "b" { value = local.nope }
output "c" { value = var.nope }
output "d" { value = data.aws_iam_policy_document.nope.json }
output "e" { value = module.nope.id }
"""
    )
    code, report = _scan(tmp_path)
    errors = {
        (f["start_line"], f["message"]) for f in report["findings"] if f["code"] == "CORE-001"
    }
    assert errors == {
        (4, "reference to undeclared resource aws_s3_bucket.missing"),
        (5, "reference to undeclared local value local.nope"),
        (6, "reference to undeclared input variable var.nope"),
        (7, "reference to undeclared data source data.aws_iam_policy_document.nope"),
        (8, "reference to undeclared module module.nope"),
    }
    assert code == 1


def test_names_a_module_binds_are_not_undeclared(tmp_path: Path) -> None:
    """for expressions, template for directives, dynamic blocks and their iterators, count and
    each, lifecycle, provider aliases and type constraints: a valid module gives no error."""
    (tmp_path / "main.tf").write_text(
        """variable "ports" {
  type    = map(object({ port = number }))
  default = { web = { port = 443 } }
}
locals {
  names = [for k, v in var.ports : "${k}-${v.port}"]
  text  = "%{for p in var.ports}${p.port} %{endfor}"
}
provider "aws" {
  alias  = "east"
  region = "us-east-1"
}
data "aws_caller_identity" "me" {}
resource "aws_security_group" "web" {
  provider = aws.east
  count    = 1
  name     = "web-${count.index}-${data.aws_caller_identity.me.account_id}"
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
  dynamic "egress" {
    for_each = var.ports
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
  lifecycle {
    ignore_changes = [tags, description]
  }
}
resource "aws_sqs_queue" "q" {
  for_each = var.ports
  name     = "${each.key}-${aws_security_group.web[0].id}"
}
output "names" { value = [local.names, local.text, path.module, terraform.workspace] }
moved {
  from = aws_sqs_queue.old
  to   = aws_sqs_queue.q
}
"""
    )
    _, report = _scan(tmp_path)
    assert not [f for f in report["findings"] if f["code"] == "CORE-001"], report["findings"]


def test_what_was_read_but_not_judged_is_counted_in_the_summary(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        """resource "azurerm_resource_group" "a" { name = "a" }
resource "azurerm_resource_group" "b" { name = "b" }
resource "google_storage_bucket" "c" { name = "c" }
resource "aws_s3_bucket_versioning" "v" {
  bucket = null
  versioning_configuration { status = "Enabled" }
}
"""
    )
    (tmp_path / "widget.yaml").write_text(
        """apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
"""
    )
    _, report = _scan(tmp_path)
    assert report["summary"]["not_judged"] == {
        "resources": 5,
        "by_reason": {
            "no-kind": {"azurerm_resource_group": 2, "google_storage_bucket": 1},
            "no-owner": {"aws_s3_bucket_versioning": 1},
            "no-rule": {"k8s.example.widget": 1},
        },
    }
    text = run_cli("scan", "--no-config", str(tmp_path)).stdout
    assert (
        "not judged: 3 without a canonical kind (azurerm_resource_group 2, "
        "google_storage_bucket 1); 1 naming no owner (aws_s3_bucket_versioning 1); "
        "1 of a kind no rule judges (k8s.example.widget 1)"
    ) in text


def test_other_kinds_that_carry_a_pod_template_are_judged_as_workloads(tmp_path: Path) -> None:
    (tmp_path / "apps.yaml").write_text(
        """apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/acme/hello:1.0
          securityContext:
            privileged: true
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:1.25
---
apiVersion: example.com/v1
kind: Scheduled
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox:1.36
              securityContext:
                allowPrivilegeEscalation: true
                privileged: true
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
"""
    )
    code, report = _scan(tmp_path)
    hits = {(f["code"], f["address"], f["start_line"]) for f in report["findings"]}
    assert ("K8S-001", "serving.knative.dev/Service/default/hello", 11) in hits
    assert ("K8S-002", "argoproj.io/Rollout/default/canary", 20) in hits
    assert ("K8S-001", "example.com/Scheduled/default/nightly", 39) in hits
    assert code == 1
    # The widget carries no pod: counted, not judged.
    assert report["summary"]["not_judged"]["by_reason"] == {"no-rule": {"k8s.example.widget": 1}}


def test_a_template_in_a_yaml_stream_is_a_parse_error(tmp_path: Path) -> None:
    """CloudFormation reads one document; Kubernetes would read none of this one."""
    (tmp_path / "stack.yaml").write_text(
        """# stack and config in one stream
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
"""
    )
    code, report = _scan(tmp_path)
    [error] = [f for f in report["findings"] if f["code"] == "CORE-001"]
    assert error["start_line"] == 2
    assert "document 1 of 2 is a CloudFormation template" in error["message"]
    assert code == 1
