"""The AWS commands as users run them, against a real moto server reached through the
standard AWS environment (AWS_ENDPOINT_URL, AWS_REGION, credentials)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from iacgate.cli import main
from iacgate.live.snapshot import read
from tests.conftest import FIXTURES, REPO

from .motoserver import moto_server
from .world import build, change_behind_the_code, rebind

PACK = str(FIXTURES / "live" / "aws" / "pack")
DRIFT_SCHEMA = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    with moto_server() as endpoint:
        ids = build(endpoint)
        yield endpoint, ids, rebind(endpoint, ids, tmp_path_factory.mktemp("s") / "state.json")


@pytest.fixture
def env(world: tuple[str, dict[str, str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    endpoint, _, state = world
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.chdir(state.parent)
    return state


def test_print_permissions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--print-permissions", "aws"]) == 0
    policy = json.loads(capsys.readouterr().out)
    assert policy["Version"] == "2012-10-17"
    assert "s3:GetEncryptionConfiguration" in policy["Statement"][0]["Action"]


def test_inventory_writes_a_snapshot(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = env.parent / "snapshot.json"
    # moto lacks GetEbsDefaultKmsKeyId: the gap is reported, and fails the run only if asked.
    assert main(["inventory", "aws", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "not collected: aws.ec2.ebs_encryption_by_default in us-east-1: error" in err
    assert "resources from aws:123456789012 (us-east-1)" in err
    snapshot = read(out)
    assert snapshot.provider == "aws" and {r.physical_id for r in snapshot.resources} >= {
        "iacgate-live-data",
        "app",
    }
    schema = json.loads((REPO / "iacgate" / "live" / "snapshot.schema.json").read_text())
    jsonschema.validate(json.loads(out.read_text()), schema)
    assert main(["inventory", "aws", "-o", str(out), "--fail-on-incomplete"]) == 1
    assert main(["inventory", "aws", "--kind", "queue", "-o", str(out)]) == 0
    assert {r.kind for r in read(out).resources} == {"aws.sqs.queue"}
    assert main(["inventory", "aws", "--kind", "nonsense"]) == 2


def test_scan_live_and_snapshot(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The logs bucket is encrypted with SSE-S3 only: the test pack's KMS rule fails there.
    base = ["scan", "--pack", PACK, "--format", "json", "--no-config", "--fail-on", "medium"]
    assert main([*base, "--live", "aws"]) == 1
    live = json.loads(capsys.readouterr().out)
    failing = {(f["code"], f["address"]) for f in live["findings"] if f["status"] == "fail"}
    assert failing == {("TEST-AWS-001", "arn:aws:s3:::iacgate-live-logs")}
    out = env.parent / "posture.json"
    assert main(["inventory", "aws", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main([*base, "--snapshot", str(out)]) == 1
    again = json.loads(capsys.readouterr().out)
    assert {
        (f["code"], f["address"]) for f in again["findings"] if f["status"] == "fail"
    } == failing


def test_scan_live_applies_exceptions(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = env.parent / "gate.yaml"
    config.write_text(
        "exceptions:\n"
        "  - rule: TEST-AWS-001\n"
        "    address: arn:aws:s3:::iacgate-live-logs\n"
        "    account: '123456789012'\n"
        "    owner: platform\n"
        "    reason: logs bucket, SSE-S3 is enough\n"
        "    expires: 2999-01-01\n"
    )
    args = ["scan", "--live", "aws", "--pack", PACK, "--config", str(config), "--format", "json"]
    args += ["--fail-on", "medium"]
    assert main(args) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f.get("suppression", {}).get("owner") for f in findings if f["code"] == "TEST-AWS-001"]


def test_drift_in_sync_then_changed(
    world: tuple[str, dict[str, str], Path], env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint, ids, state = world
    base = ["drift", "--declared", str(state), "--live", "aws", "--pack", PACK, "--no-config"]
    assert main([*base, "--format", "json", "--fail-on-unmanaged"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, DRIFT_SCHEMA)
    assert report["items"] == [] and report["summary"]["in_sync"] == 9

    change_behind_the_code(endpoint, ids)
    assert main([*base, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, DRIFT_SCHEMA)
    statuses = [(i["status"], i["security"]) for i in report["items"]]
    assert statuses == [
        ("changed", True),
        ("changed", True),
        ("changed", True),
        ("changed", True),
        ("missing", False),
        ("unmanaged", False),
    ]
    web = next(i for i in report["items"] if i["address"] == "aws_security_group.web")
    assert web["rules"] == ["TEST-AWS-003"] and web["severity"] == "critical"
    assert web["changes"][0]["declared"] is None and web["changes"][0]["live"]["from_port"] == 22

    assert main([*base, "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {
        "DRIFT-CHANGED",
        "DRIFT-MISSING",
        "DRIFT-UNMANAGED",
        "TEST-AWS-003",
        "TEST-AWS-004",
    }
    assert all(r["partialFingerprints"] for r in results)

    assert main([*base, "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert "**security**" in markdown and "aws_iam_role.app" in markdown

    assert main([*base]) == 1
    text = capsys.readouterr().out
    assert "SECURITY changed   aws_security_group.web [TEST-AWS-003]" in text

    # An exception accepts the open SSH port: still a change, no longer security drift.
    config = env.parent / "exceptions.yaml"
    config.write_text(
        "exceptions:\n"
        "  - rule: TEST-AWS-003\n"
        "    kind: aws.ec2.security_group\n"
        "    owner: network\n"
        "    reason: bastion during the migration\n"
        "    expires: 2999-01-01\n"
    )
    with_config = [a for a in base if a != "--no-config"] + ["--config", str(config)]
    assert main([*with_config, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    web = next(i for i in report["items"] if i["address"] == "aws_security_group.web")
    assert web["security"] is False and web["suppressed"][0]["owner"] == "network"
    jsonschema.validate(report, DRIFT_SCHEMA)
    assert main(with_config) == 1
    text = capsys.readouterr().out
    assert "accepted TEST-AWS-003 (critical): bastion during the migration (owner network" in text


def test_drift_usage(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["drift", "--declared", str(env), "--live", "aws", "--stack", "x", "--region", "all"])
        == 2
    )
    assert "--stack needs one region" in capsys.readouterr().err


def test_the_library_reads_what_the_cli_reads(env: Path) -> None:
    """``iacgate.inventory`` and ``iacgate.drift`` (docs/library.md) are the functions
    behind ``inventory aws`` and ``drift``: same account, same answers."""
    import iacgate
    from iacgate.live.snapshot import dumps

    out = env.parent / "queues.json"
    assert main(["inventory", "aws", "--kind", "queue", "-o", str(out)]) == 0
    snapshot = iacgate.inventory("aws", kinds=["queue"])
    assert {r.physical_id for r in snapshot.resources} == {
        r.physical_id for r in read(out).resources
    }
    assert snapshot.resources and {r.kind for r in snapshot.resources} == {"aws.sqs.queue"}
    whole = env.parent / "whole.json"
    whole.write_text(dumps(iacgate.inventory("aws")), encoding="utf-8")
    result = iacgate.drift([env], snapshot=whole, use_config=False)
    assert main(["drift", "--declared", str(env), "--snapshot", str(whole), "--no-config"]) == (
        0 if result.passed else 1
    )
    assert result.report.declared > 0
