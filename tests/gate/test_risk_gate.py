"""``--fail-on-risk`` and ``--sort risk``, whole-process, on the twins fixture (two
administrator roles, one exposed): scores 75 (exposed, high) and 52 (its twin)."""

from __future__ import annotations

import json

from ..conftest import FIXTURES, run_cli

TWINS = FIXTURES / "risk" / "twins"
PATHS = (str(TWINS / "k8s"), str(TWINS / "terraform"))


def _gating(*options: str) -> tuple[int, set[tuple[str, str]]]:
    result = run_cli("scan", *PATHS, "--no-config", "--format", "json", *options)
    document = json.loads(result.stdout)
    failing = {(f["code"], f["address"]) for f in document["findings"] if f["gating"]}
    return result.returncode, failing


def test_fail_on_risk_alone_gates_on_the_score() -> None:
    code, failing = _gating("--fail-on", "none", "--fail-on-risk", "60")
    assert code == 1
    assert ("AWS-IAM-002", "aws_iam_role.web") in failing
    assert ("AWS-IAM-002", "aws_iam_role.batch") not in failing  # 52 < 60
    code, failing = _gating("--fail-on", "none", "--fail-on-risk", "76")
    # Only the attack path (critical, exposed, administrator: 100) scores above 75.
    assert (code, failing) == (1, {("K8S-PATH-001", "apps/Deployment/shop/web")})


def test_either_threshold_fails_a_finding() -> None:
    _, by_severity = _gating("--fail-on", "critical")
    assert by_severity == {("K8S-PATH-001", "apps/Deployment/shop/web")}
    _, either = _gating("--fail-on", "critical", "--fail-on-risk", "50")
    assert {("AWS-IAM-002", "aws_iam_role.web"), ("AWS-IAM-002", "aws_iam_role.batch")} <= either
    # A medium finding on the exposed workload scores 50: it fails by risk, not by severity.
    assert ("K8S-003", "apps/Deployment/shop/web") in either
    assert ("K8S-003", "apps/Deployment/shop/batch") not in either  # 35


def test_fail_on_risk_is_a_score() -> None:
    result = run_cli("scan", *PATHS, "--no-config", "--fail-on-risk", "101")
    assert result.returncode == 2


def test_sort_risk_puts_the_highest_score_first() -> None:
    result = run_cli("scan", *PATHS, "--no-config", "--format", "json", "--sort", "risk")
    scores = [f["risk"]["score"] for f in json.loads(result.stdout)["findings"] if "risk" in f]
    assert scores == sorted(scores, reverse=True) and scores[:2] == [100, 75]


def test_text_markdown_and_annotations_show_the_score() -> None:
    text = run_cli("scan", *PATHS, "--no-config", "--fail-on-risk", "70").stdout
    assert "AWS-IAM-002 iam-admin-managed-policy-attached  risk 75" in text
    assert "fail-on-risk 70" in text
    markdown = run_cli("scan", *PATHS, "--no-config", "--format", "markdown").stdout
    rows = [line for line in markdown.splitlines() if "AWS-IAM-002" in line]
    assert "| 75 |" in rows[0] and "| 52 |" in rows[1]
    github = run_cli("scan", *PATHS, "--no-config", "--format", "github").stdout
    assert "(high%2C risk 75)" in github  # the runner unescapes %2C to a comma


def test_sarif_security_severity_follows_the_score() -> None:
    from .sarif_checks import github_errors, schema_errors

    result = run_cli("scan", *PATHS, "--no-config", "--format", "sarif")
    log = json.loads(result.stdout)
    assert schema_errors(log) == [] and github_errors(log) == []
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    # The rule ranks by its worst instance: the exposed administrator (75), not severity (8.0).
    assert rules["AWS-IAM-002"]["properties"]["security-severity"] == "7.5"
    assert rules["K8S-PATH-001"]["properties"]["security-severity"] == "10.0"
    by_address = {
        r["properties"]["address"]: r["properties"]
        for r in run["results"]
        if r["ruleId"] == "AWS-IAM-002"
    }
    assert by_address["aws_iam_role.web"]["security-severity"] == "7.5"
    assert by_address["aws_iam_role.batch"]["security-severity"] == "5.2"
    # Companion rules of UNKNOWN verdicts carry no security severity (GitHub would fail on it).
    assert all(
        "security-severity" not in r.get("properties", {})
        for r in rules.values()
        if r["id"].endswith("/unknown")
    )
