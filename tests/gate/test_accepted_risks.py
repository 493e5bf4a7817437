"""Exceptions: selectors, owners, expiry (findings come back naming the owner), unmatched
records, maximum lifetime, a separate exceptions file, and findings from any source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iacgate.findings import Finding, FindingStatus, fingerprint
from iacgate.gate.accepted_risks import ExceptionMatcher, matches
from iacgate.gate.config import ExceptionRecord, load_config
from iacgate.gate.errors import ConfigError
from iacgate.rules.metadata import Severity

from .helpers import cli, deployment, scan_json, write

TODAY = dt.date.today()
LATER = (TODAY + dt.timedelta(days=30)).isoformat()
EARLIER = (TODAY - dt.timedelta(days=1)).isoformat()


def live_finding(code: str, kind: str, address: str, scope: str, file: str = "") -> Finding:
    return Finding(
        code=code,
        name=code.lower(),
        severity=Severity.HIGH,
        status=FindingStatus.FAIL,
        kind=kind,
        address=address,
        file=file,
        start_line=0,
        end_line=0,
        path="",
        message="m",
        fingerprint=fingerprint(code, scope, address, ""),
        scope=scope,
        source="live",
    )


def record(**fields: str) -> ExceptionRecord:
    base = {"rule": "AWS-S3-002", "owner": "o", "reason": "r", "expires": TODAY}
    return ExceptionRecord(**{**base, **fields})  # type: ignore[arg-type]


def test_selectors_work_on_findings_from_any_source() -> None:
    bucket = live_finding(
        "AWS-S3-002", "aws.s3.bucket", "arn:aws:s3:::logs-bucket", "aws:123456789012:eu-west-1"
    )
    acct = live_finding("AWS-S3-002", "aws.s3.bucket", "logs", "123456789012")
    pod = live_finding("K8S-001", "k8s.core.pod", "core/Pod/kube-system/agent", "cluster", "k.yaml")
    assert matches(record(address="arn:aws:s3:::logs-*"), bucket, "")
    assert matches(record(kind="aws.s3.*"), bucket, "")
    assert matches(record(account="123456789012"), acct, "")
    assert not matches(record(account="999999999999"), acct, "")
    assert not matches(record(rule="AWS-S3-001", kind="aws.s3.*"), bucket, "")
    assert matches(record(rule="K8S-*", namespace="kube-*"), pod, "k.yaml")
    assert not matches(record(rule="K8S-001", namespace="default"), pod, "k.yaml")
    assert matches(record(rule="k8s-001", path="*.yaml"), pod, "k.yaml")  # by rule name
    assert not matches(record(rule="K8S-001", path="other/**"), pod, "k.yaml")
    # Every given selector must match.
    assert not matches(record(rule="K8S-001", namespace="kube-system", path="x/**"), pod, "k.yaml")


def test_expired_records_stop_suppressing_and_name_the_owner() -> None:
    pod = live_finding("K8S-001", "k8s.core.pod", "core/Pod/kube-system/agent", "c", "k.yaml")
    old = record(
        rule="K8S-001",
        namespace="kube-system",
        owner="alice",
        ticket="SEC-9",
        expires=TODAY - dt.timedelta(days=1),
    )  # type: ignore[arg-type]
    matcher = ExceptionMatcher([old], TODAY)
    found, notes = matcher.match(pod, "k.yaml")
    assert found is None and "owner alice, ticket SEC-9" in notes[0]
    # The last day still holds.
    assert ExceptionMatcher([old], TODAY - dt.timedelta(days=1)).match(pod, "k.yaml")[0] is old
    (expired,) = matcher.notices()
    assert expired.code == "CORE-012" and "alice" in expired.message


def test_exceptions_in_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "agents/node.yaml": deployment("node-agent", privileged=True, namespace="kube-system"),
            "apps/web.yaml": deployment("web", privileged=True),
            "apps/old.yaml": deployment("old", privileged=True),
            ".iacgate.yaml": (
                "exceptions:\n"
                "  - rule: K8S-001\n    namespace: kube-system\n    owner: platform@example.com\n"
                f"    reason: the node agent manages devices\n    expires: {LATER}\n"
                "    ticket: SEC-42\n"
                "  - rule: privileged-container\n    address: apps/Deployment/shop/old\n"
                f"    owner: bob@example.com\n    reason: legacy\n    expires: {EARLIER}\n"
                "  - rule: K8S-002\n    path: 'apps/**'\n    owner: carol@example.com\n"
                f"    reason: gone\n    expires: {LATER}\n"
            ),
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    rows = {(f["code"], f["address"]): f for f in report["findings"]}
    agent = rows[("K8S-001", "apps/Deployment/kube-system/node-agent")]
    assert agent["suppressed"] == {
        "kind": "exception",
        "reason": "the node agent manages devices",
        "file": ".iacgate.yaml",
        "line": 2,
        "owner": "platform@example.com",
        "expires": LATER,
        "ticket": "SEC-42",
    }
    old = rows[("K8S-001", "apps/Deployment/shop/old")]
    assert "suppressed" not in old and old["gating"]
    assert old["notes"] == [f"exception expired on {EARLIER} (owner bob@example.com): legacy"]
    expired = [f for f in report["findings"] if f["code"] == "CORE-012"]
    assert [(f["file"], f["start_line"]) for f in expired] == [(".iacgate.yaml", 8)]
    assert "bob@example.com" in expired[0]["message"]
    unmatched = [f for f in report["findings"] if f["code"] == "CORE-013"]
    assert [(f["start_line"], "carol@example.com" in f["message"]) for f in unmatched] == [
        (13, True)
    ]
    assert code == 1
    code, out, _ = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert f"note: exception expired on {EARLIER} (owner bob@example.com)" in out


def test_separate_exceptions_file_and_maximum_lifetime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    far = (TODAY + dt.timedelta(days=400)).isoformat()
    write(
        tmp_path,
        {
            "app.yaml": deployment("web", privileged=True),
            ".iacgate.yaml": "exceptions-file: security/exceptions.yaml\nexceptions-max-days: 90\n",
            "security/exceptions.yaml": (
                "exceptions:\n"
                "  - {rule: K8S-001, kind: k8s.apps.deployment, owner: dan, reason: r,"
                f" expires: {LATER}}}\n"
            ),
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and report["findings"][0]["suppressed"]["owner"] == "dan"
    (tmp_path / "security/exceptions.yaml").write_text(
        f"exceptions:\n  - {{rule: K8S-001, kind: x, owner: dan, reason: r, expires: {far}}}\n"
    )
    code, _out, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert "security/exceptions.yaml:2: exception for K8S-001 (owner dan)" in err
    assert "beyond the maximum lifetime of 90 days" in err
    (tmp_path / "security/exceptions.yaml").write_text("exceptions:\n  - {rule: K8S-001}\n")
    with pytest.raises(ConfigError, match=r"exceptions\[0\]: 'owner' is required"):
        load_config(tmp_path / ".iacgate.yaml")
