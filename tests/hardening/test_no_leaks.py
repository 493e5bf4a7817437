"""Planted secrets never reach any output: every format, in one run, over every source."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import run_cli

K8S = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: api:1.0
          env:
            - {name: DB_PASSWORD, value: PLANTED-K8S-ENV-1}
            - {name: GITHUB_TOKEN, value: ghp_PLANTEDK8STOKEN2xxxxxxxxxxxxxxxxxxxxx}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  api_token: PLANTED-CONFIGMAP-3
  password: PLANTED-CONFIGMAP-4
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData:
  password: PLANTED-SECRET-OBJECT-5
"""

CFN = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: PLANTED-NOECHO-6
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: admin
      MasterUserPassword: !Ref DbPassword
      PubliclyAccessible: true
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: "def handler(e, c): return 1"}
      Environment:
        Variables:
          API_SECRET: PLANTED-LAMBDA-ENV-7
"""

TERRAFORM = """\
variable "db_password" {
  type      = string
  sensitive = true
  default   = "PLANTED-TF-SENSITIVE-8"
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "admin"
  password            = var.db_password
  publicly_accessible = true
}

resource "aws_iam_access_key" "ci" {
  user = "ci"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"
  environment {
    variables = {
      STRIPE_SECRET_KEY = "PLANTED-TF-LAMBDA-9"
    }
  }
}
"""

FORMATS = ("json", "sarif", "junit", "markdown", "github", "text")


def test_planted_secrets_never_appear_in_any_output(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "k8s").mkdir(parents=True)
    (repo / "cfn").mkdir()
    (repo / "tf").mkdir()
    (repo / "k8s" / "app.yaml").write_text(K8S)
    (repo / "cfn" / "stack.yaml").write_text(CFN)
    (repo / "tf" / "main.tf").write_text(TERRAFORM)
    outputs = [f"--output={fmt}=out/report.{fmt}" for fmt in FORMATS]
    (repo / "out").mkdir()
    result = run_cli(
        "scan", "--validate", *outputs, "--fail-on", "none", "k8s", "cfn", "tf", cwd=repo
    )
    assert result.returncode == 0, result.stderr
    baseline = run_cli(
        "baseline", "create", "-o", "out/baseline.json", "k8s", "cfn", "tf", cwd=repo
    )
    assert baseline.returncode == 0, baseline.stderr
    report = json.loads((repo / "out" / "report.json").read_text())
    codes = {f["code"] for f in report["findings"]}
    # The rules that see these values did run: the secrets were judged, not skipped.
    assert "K8S-013" in codes and "K8S-040" in codes
    written = [p.read_text() for p in (repo / "out").iterdir()]
    for text in (*written, result.stdout, result.stderr, baseline.stdout, baseline.stderr):
        assert "PLANTED" not in text


SENSITIVE_TF = """\
variable "from_default" {
  sensitive = true
  default   = "PLANTED-TF-DEFAULT-10"
}

variable "from_tfvars" {
  sensitive = true
}

variable "from_auto" {
  sensitive = true
}

variable "from_cli" {
  sensitive = true
}

resource "aws_s3_bucket" "keyed_default" {
  for_each = toset([var.from_default])
  bucket   = "a"
}

resource "aws_s3_bucket" "keyed_tfvars" {
  for_each = toset([var.from_tfvars])
  bucket   = "b"
}

resource "aws_s3_bucket" "keyed_auto" {
  for_each = { for v in [var.from_auto] : v => v }
  bucket   = "c"
}

resource "aws_s3_bucket" "keyed_cli" {
  for_each = toset(["x-${var.from_cli}"])
  bucket   = "d"
}

resource "aws_db_instance" "errors" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  publicly_accessible     = tonumber(var.from_default)
  storage_encrypted       = lookup({}, var.from_tfvars)
  backup_retention_period = var.from_auto + 1
  deletion_protection     = var.from_cli
}
"""

SENSITIVE_PLAN = {
    "format_version": "1.2",
    "terraform_version": "1.11.4",
    "resource_changes": [
        {
            "address": "aws_db_instance.db",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "db",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {
                    "engine": "postgres",
                    "deletion_protection": "PLANTED-PLAN-14",
                    "backup_retention_period": "PLANTED-PLAN-15",
                },
                "after_unknown": {},
                "after_sensitive": {"deletion_protection": True, "backup_retention_period": True},
            },
        }
    ],
}


def test_terraform_sensitive_values_never_appear_in_any_output(tmp_path: Path) -> None:
    """Sensitive variables (a default, terraform.tfvars, *.auto.tfvars, --var) as for_each keys
    and in failing expressions, and a plan's after_sensitive values that do not convert."""
    repo = tmp_path / "repo"
    (repo / "tf").mkdir(parents=True)
    (repo / "out").mkdir()
    (repo / "tf" / "main.tf").write_text(SENSITIVE_TF)
    (repo / "tf" / "terraform.tfvars").write_text('from_tfvars = "PLANTED-TF-TFVARS-11"\n')
    (repo / "tf" / "x.auto.tfvars").write_text('from_auto = "PLANTED-TF-AUTO-12"\n')
    (repo / "plan.json").write_text(json.dumps(SENSITIVE_PLAN))
    runs = []
    for name, args in (
        ("tf", ["--var", "from_cli=PLANTED-TF-CLI-13", "tf"]),
        ("plan", ["--plan", "plan.json", "."]),
    ):
        outputs = [f"--output={fmt}=out/{name}.{fmt}" for fmt in FORMATS]
        runs.append(run_cli("scan", "--no-config", *outputs, "--fail-on", "none", *args, cwd=repo))
    for result in runs:
        assert result.returncode == 0, result.stderr
    tf_report = json.loads((repo / "out" / "tf.json").read_text())
    # The refusal is a finding that names the variable, and the failing expressions were judged.
    messages = [f["message"] for f in tf_report["findings"]]
    for variable in ("from_default", "from_tfvars", "from_auto", "from_cli"):
        assert any(f"var.{variable}" in m and "sensitive" in m for m in messages), variable
    plan_report = json.loads((repo / "out" / "plan.json").read_text())
    assert any(f["address"] == "aws_db_instance.db" for f in plan_report["findings"])
    written = [p.read_text() for p in (repo / "out").iterdir()]
    for text in (*written, *(r.stdout for r in runs), *(r.stderr for r in runs)):
        assert "PLANTED" not in text
