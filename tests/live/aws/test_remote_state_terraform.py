"""With the real ``terraform`` (skipped where it or its AWS provider mirror is absent): apply a
configuration whose state lives in an S3 backend -- a versioned bucket encrypted with a KMS key,
in another region than the resources, with Terraform's own lock file -- against moto, then run
``iacgate drift`` on that state as users do: ``s3://`` (zero drift right after apply), the
configuration directory (its backend block names the state), ``terraform show -json`` on stdin,
and an older version of the state. Every request iacgate sends is recorded by moto: it reads the
state object and nothing else in the state bucket, takes no lock, calls no DynamoDB."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO
from tests.sources.terraform.tfharness import _cli_config, toolchain

from .motoserver import CREDENTIALS, client, moto_server, start_recording, stop_recording

TOOLS = toolchain()
pytestmark = pytest.mark.skipif(TOOLS is None, reason="terraform or its AWS provider mirror absent")
DRIFT_SCHEMA = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())
STATE_BUCKET = "tf-states"
STATE_REGION = "eu-west-1"
KEY = "prod/terraform.tfstate"
RESOURCES = """
resource "aws_s3_bucket" "data" {
  bucket = "remote-state-data"
  tags = {
    team = "platform"
  }
}

resource "aws_iam_role" "app" {
  name = "remote-state-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/remote-state/app"
  retention_in_days = 14
}
"""
LATER = """
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/remote-state/audit"
  retention_in_days = 30
}
"""


def _backend(endpoint: str) -> str:
    return f"""
terraform {{
  backend "s3" {{
    bucket                      = "{STATE_BUCKET}"
    key                         = "{KEY}"
    region                      = "{STATE_REGION}"
    encrypt                     = true
    use_lockfile                = true
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    access_key                  = "testing"
    secret_key                  = "testing"
    endpoints = {{
      s3 = "{endpoint}"
    }}
  }}
}}

provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {{
    cloudwatchlogs = "{endpoint}"
    iam            = "{endpoint}"
    s3             = "{endpoint}"
    sts            = "{endpoint}"
  }}
}}
"""


@dataclass
class Applied:
    endpoint: str
    work: Path
    env: dict[str, str]  # a user's AWS environment, pointing at moto
    recording: Path
    versions: list[str]  # state versions, oldest first
    kms_key: str

    def terraform(self, *args: str) -> str:
        assert TOOLS is not None
        env = dict(
            os.environ,
            TF_CLI_CONFIG_FILE=str(_cli_config(self.work.parent, TOOLS.mirror)),
            TF_IN_AUTOMATION="1",
            TF_DATA_DIR=str(self.work.parent / "data"),
            CHECKPOINT_DISABLE="1",
        )
        done = subprocess.run(
            [TOOLS.terraform, *args],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"terraform {args[0]}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def iacgate(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "iacgate", *args],
            cwd=self.work,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )


def _versions(endpoint: str) -> list[dict[str, Any]]:
    s3 = client(endpoint, "s3", STATE_REGION)
    answer = s3.list_object_versions(Bucket=STATE_BUCKET)
    return [*answer.get("Versions", []), *answer.get("DeleteMarkers", [])]


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Applied]:
    base = tmp_path_factory.mktemp("remote")
    work = base / "config"
    work.mkdir()
    recording = base / "moto-recording.jsonl"
    with moto_server(managed_policies=False, recording=recording) as endpoint:
        kms = client(endpoint, "kms", STATE_REGION)
        key = kms.create_key(Description="terraform state")["KeyMetadata"]["Arn"]
        s3 = client(endpoint, "s3", STATE_REGION)
        s3.create_bucket(
            Bucket=STATE_BUCKET, CreateBucketConfiguration={"LocationConstraint": STATE_REGION}
        )
        s3.put_bucket_versioning(Bucket=STATE_BUCKET, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_encryption(
            Bucket=STATE_BUCKET,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": key,
                        }
                    }
                ]
            },
        )
        (work / "backend.tf").write_text(_backend(endpoint), encoding="utf-8")
        (work / "main.tf").write_text(RESOURCES, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_", "IACGATE_"))}
        env.update(
            CREDENTIALS,
            AWS_REGION="us-east-1",
            AWS_ENDPOINT_URL=endpoint,
            AWS_CONFIG_FILE="/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
        )
        world = Applied(endpoint, work, env, recording, [], key)
        world.terraform("init", "-input=false", "-no-color")
        world.terraform("apply", "-input=false", "-no-color", "-auto-approve")
        first = [v for v in _versions(endpoint) if v["Key"] == KEY]
        world.versions.append(first[0]["VersionId"])
        (work / "later.tf").write_text(LATER, encoding="utf-8")
        world.terraform("apply", "-input=false", "-no-color", "-auto-approve")
        latest = [v for v in _versions(endpoint) if v["Key"] == KEY and v.get("IsLatest")]
        world.versions.append(latest[0]["VersionId"])
        assert world.versions[0] != world.versions[1]
        yield world


def _report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    jsonschema.validate(report, DRIFT_SCHEMA)
    return report


def _drifted(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in report["items"] if i["status"] != "unmanaged"]


def _unmanaged(report: dict[str, Any]) -> set[str]:
    return {i["physical_id"] for i in report["items"] if i["status"] == "unmanaged"}


def test_state_in_s3_has_no_drift_right_after_apply(applied: Applied) -> None:
    """The state object itself, read-only: no drift, and nothing but GetObject on it."""
    before = _versions(applied.endpoint)
    start_recording(applied.endpoint)
    done = applied.iacgate(
        "drift",
        "--declared",
        f"s3://{STATE_BUCKET}/{KEY}",
        "--live",
        "aws",
        "--region",
        "us-east-1",
        "--format",
        "json",
        "--no-config",
    )
    requests = stop_recording(applied.endpoint, applied.recording)
    report = _report(done)
    assert done.returncode == 0, done.stderr
    assert _drifted(report) == [] and report["coverage"]["unverified"] == []
    # Four declared resources (the log groups, the role, the bucket with its tags), in sync.
    assert report["summary"]["in_sync"] == report["summary"]["declared"] == 4
    assert report["inputs"] == [f"s3://{STATE_BUCKET}/{KEY}"]
    # What the test made around Terraform: the state bucket and its key are not declared.
    assert _unmanaged(report) >= {STATE_BUCKET}
    assert "remote-state-data" not in _unmanaged(report)

    # Read-only, no lock: the bucket holds exactly what it held, and iacgate asked the state
    # bucket for the state object only, with GET; no DynamoDB call, nothing written anywhere.
    assert _versions(applied.endpoint) == before
    # (The collector reads the state bucket's settings like any other bucket's: GET only.)
    paths = [(r["method"], r["url"].split("?")[0].split("/", 3)[-1]) for r in requests]
    on_bucket = {(m, p) for m, p in paths if p.split("/")[0] == STATE_BUCKET}
    objects = {(m, p) for m, p in on_bucket if "/" in p}
    assert objects == {("GET", f"{STATE_BUCKET}/{KEY}")}
    assert {m for m, _ in on_bucket} == {"GET"}
    # Every other request is one of the collector's reads: the DynamoDB calls are its table
    # listing, never a lock table's items.
    operations = [_operation(r) for r in requests]
    assert {"DescribeVpcs", "DynamoDB_20120810.ListTables"} <= set(operations)  # seen
    assert all(op.split(".")[-1].startswith(READS) for op in operations if op), operations
    assert not [op for op in operations if op.startswith("DynamoDB") and "Item" in op]
    assert {r["method"] for r in requests} <= {"GET", "POST", "HEAD"}


READS = ("Get", "List", "Describe", "Head")


def _operation(request: dict[str, Any]) -> str:
    """A JSON-protocol target (DynamoDB_20120810.ListTables) or a query-protocol Action."""
    target = str(request["headers"].get("X-Amz-Target", ""))
    if target:
        return target
    body = request.get("body") or ""
    if request.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    if request["method"] == "POST" and "Action=" in body:
        return body.split("Action=", 1)[1].split("&", 1)[0]
    return ""


def test_the_directory_backend_names_the_state(applied: Applied) -> None:
    """The configuration directory: its backend block names the same state (its endpoint is
    not followed: the command's own AWS_ENDPOINT_URL is), and lines come from the .tf files."""
    (applied.work / "main.tf").write_text(
        RESOURCES.replace("retention_in_days = 14", "retention_in_days = 14 # kept"),
        encoding="utf-8",
    )
    done = applied.iacgate(
        "drift", "--declared", ".", "--live", "aws", "--region", "us-east-1", "--format", "json"
    )
    report = _report(done)
    assert done.returncode == 0 and _drifted(report) == []
    assert report["summary"]["in_sync"] == 4

    # Changed behind the code: the log group's retention; the item points at main.tf.
    logs = client(applied.endpoint, "logs")
    logs.put_retention_policy(logGroupName="/remote-state/app", retentionInDays=1)
    try:
        done = applied.iacgate(
            "drift", "--declared", ".", "--live", "aws", "--region", "us-east-1", "--format", "json"
        )
        report = _report(done)
        assert done.returncode == 1
        [item] = _drifted(report)
        assert item["address"] == "aws_cloudwatch_log_group.app" and item["file"] == "main.tf"
        assert item["account"] == "123456789012"
        [change] = item["changes"]
        assert (change["path"], change["declared"], change["live"]) == ("retention_in_days", 14, 1)
    finally:
        logs.put_retention_policy(logGroupName="/remote-state/app", retentionInDays=14)


def test_terraform_show_json_on_stdin(applied: Applied) -> None:
    shown = applied.terraform("show", "-json")
    done = applied.iacgate(
        "drift",
        "--declared",
        "-",
        "--live",
        "aws",
        "--region",
        "us-east-1",
        "--format",
        "json",
        stdin=shown,
    )
    report = _report(done)
    assert done.returncode == 0 and _drifted(report) == []
    assert report["inputs"] == ["-"] and report["summary"]["in_sync"] == 4


def test_an_older_state_version(applied: Applied) -> None:
    """The first apply's state: the log group added later is not declared there."""
    old = applied.versions[0]
    for args in (
        ("--declared", f"s3://{STATE_BUCKET}/{KEY}", "--state-version", old),
        ("--declared", f"s3://{STATE_BUCKET}/{KEY}?versionId={old}"),
    ):
        done = applied.iacgate(
            "drift", *args, "--live", "aws", "--region", "us-east-1", "--format", "json"
        )
        report = _report(done)
        assert done.returncode == 0 and _drifted(report) == []
        assert report["summary"]["in_sync"] == 3
        unmanaged = {i["address"] for i in report["items"] if i["status"] == "unmanaged"}
        assert any(a.endswith(":log-group:/remote-state/audit") for a in unmanaged)


def test_unreadable_states_stop_the_run(applied: Applied) -> None:
    for args, words in (
        (("--declared", f"s3://{STATE_BUCKET}/nope.tfstate"), "NoSuchKey"),
        (("--declared", f"s3://{STATE_BUCKET}/{KEY}", "--state-version", "nope"), "s3:GetObject"),
        (("--declared", "s3://no-such-bucket-here/x.tfstate"), "NoSuchBucket"),
    ):
        done = applied.iacgate("drift", *args, "--live", "aws", "--region", "us-east-1")
        assert done.returncode == 2, done.stderr
        assert "declared input cannot be read" in done.stderr and words in done.stderr
