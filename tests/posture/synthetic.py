"""A synthetic history whose every posture figure is worked out by hand (tests/posture).

Documents have the shape the real reporters write (a test checks the keys against a real
``iacgate scan --format json``). The history, one file per document:

Stream "files": the repository https://example.com/acme/infra scanned at ``.`` on
R1 2024-05-01 02:00Z, R2 05-02 02:00Z, R3 05-04 02:00Z (no run on 05-03), R4 05-05 02:00Z.
Days from R1: R1 = 0, R2 = 1, R3 = 3, R4 = 4. Failing findings by fingerprint:

    fp  rule         severity  file          R1  R2  R3  R4
    A   AWS-S3-002   high      s3.tf         x   x   -   -     fixed at R3
    B   K8S-001      critical  web.yaml      x   x   x   x     open
    C   AWS-EC2-001  medium    sg.tf         -   x   x   -     fixed at R4
    D   K8S-002      low       web.yaml      -   -   x   x     open
    E   K8S-003      high      broken.yaml   -   x   ?   -     R3: broken.yaml does not parse,
                                                               so E is not verified; fixed at R4
    P   CORE-001     high      broken.yaml   -   -   x   -     the parse error itself; fixed R4
    F   AWS-IAM-001  medium    iam.tf        s   s   s   s     suppressed by an exception: open
    G   AWS-RDS-001  medium    db.tf         x   .   -   -     R2 did not run AWS-RDS-001 (".":
                                                               not verified); fixed at R3

R4 also has one UNKNOWN finding (AWS-RDS-001 on db.tf): not a failing finding.

Stream "live": one posture scan of aws:123456789012 at 05-05 03:00Z with one failing finding
L (AWS-S3-002, high, risk score 91).

Drift of aws:123456789012 on 05-01 (superseded) and 05-05; an inventory snapshot of the same
account on 05-05. Three files that are no report (bad JSON, not iacgate, no generated_at).
The report is made at NOW = 2024-05-06 09:00Z: the exceptions' window is 05-06 to 06-05.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

NOW = dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.UTC)
DAY = 86400.0
REPOSITORY = "https://example.com/acme/infra"
FILES_LABEL = f"{REPOSITORY} (.)"
SCOPE = "aws:123456789012"

# code -> (name, severity, frameworks)
RULES: dict[str, tuple[str, str, dict[str, list[str]]]] = {
    "AWS-S3-002": ("s3-bucket-public-access-not-blocked", "high",
                   {"cis-aws-3.0": ["2.1.4"], "aws-fsbp": ["S3.8"]}),
    "AWS-EC2-001": ("security-group-open-to-world", "medium",
                    {"cis-aws-3.0": ["5.2"], "aws-fsbp": ["EC2.19"]}),
    "AWS-IAM-001": ("iam-policy-attached-to-user", "medium",
                    {"cis-aws-3.0": ["1.16"], "aws-fsbp": ["IAM.1"]}),
    "AWS-RDS-001": ("rds-storage-not-encrypted", "medium", {"aws-fsbp": ["RDS.3"]}),
    "AWS-KMS-001": ("kms-key-rotation-disabled", "medium", {"cis-aws-3.0": ["3.6"]}),
    "K8S-001": ("privileged-container", "critical",
                {"k8s-pss": ["privileged"], "cis-k8s-1.9": ["5.2.2"],
                 "nsa-cisa-k8s-1.2": ["pod-security"]}),
    "K8S-002": ("host-namespaces-shared", "low",
                {"k8s-pss": ["capabilities"], "nsa-cisa-k8s-1.2": ["pod-security"]}),
    "K8S-003": ("privilege-escalation-allowed", "high", {"cis-k8s-1.9": ["5.1.1"]}),
}  # fmt: skip

FINDINGS: dict[str, dict[str, Any]] = {
    "A": {"code": "AWS-S3-002", "severity": "high", "file": "s3.tf",
          "address": "aws_s3_bucket.data", "start_line": 3},
    "B": {"code": "K8S-001", "severity": "critical", "file": "web.yaml",
          "address": "apps/Deployment/shop/web", "start_line": 30},
    "C": {"code": "AWS-EC2-001", "severity": "medium", "file": "sg.tf",
          "address": "aws_security_group.ssh", "start_line": 8},
    "D": {"code": "K8S-002", "severity": "low", "file": "web.yaml",
          "address": "apps/Deployment/shop/web", "start_line": 22},
    "E": {"code": "K8S-003", "severity": "high", "file": "broken.yaml",
          "address": "apps/Deployment/shop/api", "start_line": 12},
    "P": {"code": "CORE-001", "name": "parse-error", "severity": "high", "status": "error",
          "file": "broken.yaml", "address": "broken.yaml", "kind": "file", "start_line": 4},
    "F": {"code": "AWS-IAM-001", "severity": "medium", "file": "iam.tf",
          "address": "aws_iam_user_policy_attachment.ci", "start_line": 1,
          "suppressed": {"kind": "exception", "reason": "CI user until the OIDC move",
                         "file": ".iacgate.yaml", "line": 12, "owner": "sec@example.com",
                         "expires": "2024-05-20", "ticket": "SEC-1"}},
    "G": {"code": "AWS-RDS-001", "severity": "medium", "file": "db.tf",
          "address": "aws_db_instance.main", "start_line": 5},
    "U": {"code": "AWS-RDS-001", "severity": "medium", "status": "unknown", "file": "db.tf",
          "address": "aws_db_instance.replica", "start_line": 20},
    "L": {"code": "AWS-S3-002", "severity": "high", "file": "", "source": "live-aws",
          "kind": "aws.s3.bucket", "address": "arn:aws:s3:::acme-logs", "start_line": 0,
          "risk": {"score": 91, "factors": ["internet-exposed"]}},
}  # fmt: skip

# (passed, failed, unknown, not_judged) per rule and run. The failing counts match the failing
# findings above; the passing counts are the other resources of each rule's kinds.
COUNTS: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "R1": {"AWS-S3-002": (2, 1, 0, 0), "AWS-EC2-001": (2, 0, 0, 0), "AWS-IAM-001": (1, 1, 0, 0),
           "AWS-RDS-001": (1, 1, 0, 0), "AWS-KMS-001": (0, 0, 0, 0), "K8S-001": (2, 1, 0, 0),
           "K8S-002": (3, 0, 0, 0), "K8S-003": (3, 0, 0, 0)},
    # AWS-RDS-001 did not run (e.g. a configuration disabled it for the night).
    "R2": {"AWS-S3-002": (2, 1, 0, 0), "AWS-EC2-001": (1, 1, 0, 0), "AWS-IAM-001": (1, 1, 0, 0),
           "AWS-KMS-001": (0, 0, 0, 0), "K8S-001": (2, 1, 0, 0), "K8S-002": (3, 0, 0, 0),
           "K8S-003": (2, 1, 0, 0)},
    "R3": {"AWS-S3-002": (3, 0, 0, 0), "AWS-EC2-001": (1, 1, 0, 0), "AWS-IAM-001": (1, 1, 0, 0),
           "AWS-RDS-001": (2, 0, 0, 0), "AWS-KMS-001": (0, 0, 0, 0), "K8S-001": (2, 1, 0, 0),
           "K8S-002": (2, 1, 0, 0), "K8S-003": (2, 0, 0, 0)},
    "R4": {"AWS-S3-002": (3, 0, 0, 0), "AWS-EC2-001": (2, 0, 0, 0), "AWS-IAM-001": (1, 1, 0, 0),
           "AWS-RDS-001": (1, 0, 1, 0), "AWS-KMS-001": (0, 0, 0, 0), "K8S-001": (2, 1, 0, 0),
           "K8S-002": (3, 1, 0, 0), "K8S-003": (2, 0, 0, 0)},
    "LIVE": {"AWS-S3-002": (0, 1, 0, 0)},
}  # fmt: skip

RUNS = {
    "R1": ("2024-05-01T02:00:00Z", ["A", "B", "F", "G"]),
    "R2": ("2024-05-02T02:00:00Z", ["A", "B", "C", "E", "F"]),
    "R3": ("2024-05-04T02:00:00Z", ["B", "C", "D", "P", "F"]),
    "R4": ("2024-05-05T02:00:00Z", ["B", "D", "F", "U"]),
}


def finding(key: str) -> dict[str, Any]:
    spec = dict(FINDINGS[key])
    code = spec.pop("code")
    name = spec.pop("name", RULES[code][0] if code in RULES else code.lower())
    row: dict[str, Any] = {
        "code": code,
        "name": name,
        "severity": spec.pop("severity"),
        "status": spec.pop("status", "fail"),
        "kind": spec.pop("kind", "x.y.z"),
        "address": spec.pop("address"),
        "file": spec.pop("file"),
        "start_line": spec["start_line"],
        "end_line": spec.pop("start_line"),
        "path": "",
        "message": f"finding {key}",
        "fingerprint": f"fp-{key}",
        "source": spec.pop("source", "terraform"),
        "gating": False,
    }
    row.update(spec)  # suppressed, risk
    return row


def rule_rows(counts: dict[str, tuple[int, int, int, int]]) -> list[dict[str, Any]]:
    rows = []
    for code in sorted(counts):
        name, severity, frameworks = RULES[code]
        passed, failed, unknown, not_judged = counts[code]
        rows.append(
            {
                "code": code,
                "name": name,
                "severity": severity,
                "frameworks": frameworks,
                "checks": passed + failed + unknown + not_judged,
                "passed": passed,
                "failed": failed,
                "unknown": unknown,
                "not_judged": not_judged,
            }
        )
    return rows


def scan_report(
    generated_at: str,
    keys: list[str],
    counts: dict[str, tuple[int, int, int, int]],
    target: dict[str, Any],
    *,
    duration: float = 10.0,
    skipped: list[dict[str, str]] | None = None,
    resources: int = 12,
    judged: int = 10,
) -> dict[str, Any]:
    findings = [finding(k) for k in keys]
    active = [f for f in findings if "suppressed" not in f]
    return {
        "version": "1",
        "report": "scan",
        "tool": {"name": "iacgate", "version": "0.1.0"},
        "generated_at": generated_at,
        "duration_seconds": duration,
        "target": target,
        "findings": findings,
        "skipped": skipped or [],
        "rules": rule_rows(counts),
        "summary": {
            "files": 6,
            "resources": resources,
            "rules": len(counts),
            "checks": sum(sum(c) for c in counts.values()),
            "passed": sum(c[0] for c in counts.values()),
            "judged_resources": judged,
            "findings": len(active),
            "by_severity": {},
            "by_status": {},
            "suppressed": len(findings) - len(active),
            "gating": 0,
            "fail_on": "high",
            "gate": "passed",
            "not_judged": {"resources": 0, "by_reason": {}},
        },
    }


def drift_report(
    generated_at: str, summary: dict[str, int], suppressed: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "version": "1",
        "report": "drift",
        "tool": {"name": "iacgate", "version": "0.1.0"},
        "generated_at": generated_at,
        "duration_seconds": 30.0,
        "target": {"type": "drift", "provider": "aws", "scope": SCOPE},
        "provider": "aws",
        "scope": SCOPE,
        "collected_at": generated_at,
        "inputs": ["terraform.tfstate"],
        "items": [
            {
                "status": "changed",
                "kind": "aws.ec2.security_group",
                "address": "sg-1",
                "physical_id": "sg-1",
                "security": bool(suppressed),
                "rules": [],
                "severity": None,
                "changes": [],
                "findings": [],
                "suppressed": suppressed,
                "file": "sg.tf",
                "line": 1,
            }
        ],
        "coverage": {"attempted": 4, "complete": 2, "ratio": 0.5, "gaps": [], "unverified": []},
        "summary": {
            "declared": 0,
            "live": 0,
            "in_sync": 0,
            "missing": 0,
            "changed": 0,
            "unmanaged": 0,
            "security": 0,
            "unverified": 0,
            "by_kind": [],
            "drift": "found",
            "gate": "failed",
            **summary,
        },
        "warnings": [],
    }


def accepted_hit(owner: str, expires: str) -> dict[str, Any]:
    return {
        "code": "AWS-EC2-001",
        "name": "security-group-open-to-world",
        "severity": "medium",
        "path": "ingress",
        "message": "open to the world",
        "owner": owner,
        "reason": f"accepted by {owner}",
        "expires": expires,
        "ticket": None,
    }


def snapshot() -> dict[str, Any]:
    coverage = [
        ("aws.s3.bucket", "*", "complete", 5),
        ("aws.ec2.security_group", "eu-west-1", "complete", 3),
        ("aws.ec2.security_group", "us-east-1", "denied", 0),
        ("aws.rds.db_instance", "eu-west-1", "throttled", 0),
    ]
    return {
        "format": "iacgate-snapshot",
        "version": 1,
        "provider": "aws",
        "scope": SCOPE,
        "collected_at": "2024-05-05T01:30:00Z",
        "generated_at": "2024-05-05T01:30:00Z",
        "duration_seconds": 95.5,
        "tool": {"name": "iacgate", "version": "0.1.0"},
        "target": {"account": "123456789012", "regions": ["eu-west-1", "us-east-1"]},
        "coverage": [
            {"kind": k, "where": w, "status": s, "count": n, "detail": ""}
            for k, w, s, n in coverage
        ],
        "resources": [
            {"kind": "aws.s3.bucket", "address": f"arn:aws:s3:::b{i}", "physical_id": f"b{i}",
             "attributes": {}}
            for i in range(8)
        ],
    }  # fmt: skip


def write_history(directory: Path) -> Path:
    """Every document of the synthetic history, in nested folders like CI artifacts."""
    files_target = {"type": "files", "paths": ["."], "repository": REPOSITORY, "commit": "0" * 40}
    for name, (at, keys) in RUNS.items():
        folder = directory / at[:10]
        folder.mkdir(parents=True, exist_ok=True)
        skipped = [{"file": "chart/templates/x.yaml", "reason": "template"}] if name == "R3" else []
        document = scan_report(
            at, keys, COUNTS[name], files_target, duration=10.0 + int(name[1]) / 2, skipped=skipped
        )
        (folder / "scan.json").write_text(json.dumps(document, indent=2))
    live = scan_report(
        "2024-05-05T03:00:00Z",
        ["L"],
        COUNTS["LIVE"],
        {"type": "live", "provider": "aws", "scope": SCOPE, "collected_at": "2024-05-05T01:30:00Z"},
        duration=3.25,
        resources=8,
        judged=8,
    )
    (directory / "2024-05-05" / "posture.json").write_text(json.dumps(live))
    old = drift_report(
        "2024-05-01T04:00:00Z",
        {"declared": 10, "missing": 5},
        [accepted_hit("x@example.com", "2024-05-10")],
    )
    (directory / "2024-05-01" / "drift.json").write_text(json.dumps(old))
    new = drift_report(
        "2024-05-05T04:00:00Z",
        {"declared": 20, "in_sync": 15, "missing": 1, "changed": 3, "unmanaged": 4,
         "security": 2, "unverified": 1},
        [
            accepted_hit("platform@example.com", "2024-06-30"),
            accepted_hit("net@example.com", "2024-05-07"),
        ],
    )  # fmt: skip
    (directory / "2024-05-05" / "drift.json").write_text(json.dumps(new))
    (directory / "2024-05-05" / "inventory.json").write_text(json.dumps(snapshot()))
    (directory / "broken.json").write_text("{")
    (directory / "notes.json").write_text('{"hello": 1}')
    undated = scan_report("x", ["A"], COUNTS["R1"], files_target)
    del undated["generated_at"]
    (directory / "undated.json").write_text(json.dumps(undated))
    (directory / "README.md").write_text("not a report: ignored (only *.json is read)\n")
    return directory
