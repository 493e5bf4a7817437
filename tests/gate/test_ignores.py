"""Inline ignores in every form: YAML and HCL comments, Kubernetes annotations, CloudFormation
Metadata, Terraform module calls; reasons required; unused ignores reported; suppressed
findings stay visible in JSON and SARIF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacgate.gate.ignores import comment_directives
from iacgate.gate.process import Settings, judge
from iacgate.gate.report import SuppressionKind
from iacgate.rules.packs import load_rules

from .helpers import PERMISSIVE_IGNORES, cli, codes, deployment, scan_json, write
from .synthetic import loc, resource, scan_of, write_text

RULES = tuple(load_rules())


def test_comment_forms_and_targets() -> None:
    text = (
        "a: 1  # iacgate:ignore K8S-001 trailing reason\n"
        "# iacgate:ignore K8S-002,K8S-003 -- above the next code line\n"
        "\n"
        "# another comment\n"
        "b: 2\n"
        'resource "x" "y" { // iacgate:ignore AWS-001: hcl slash comment\n'
        "  c = 3 /* iacgate:ignore AWS-002 block comment */\n"
        "d: 4  # iacgate:ignore K8S-009\n"
        "url: http://example.com/#iacgate:ignore-not-a-directive\n"
    )
    found = [(d.rules, d.reason, d.line, d.target_line) for d in comment_directives(text, "f")]
    assert found == [
        (("K8S-001",), "trailing reason", 1, 1),
        (("K8S-002", "K8S-003"), "above the next code line", 2, 5),
        (("AWS-001",), "hcl slash comment", 6, 6),
        (("AWS-002",), "block comment", 7, 7),
        (("K8S-009",), "", 8, 8),
    ]


def test_yaml_comment_on_attribute_line_block_line_and_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "attr.yaml": deployment(
                "a", privileged=True, privileged_comment="# iacgate:ignore K8S-001 needs /dev"
            ),
            "block.yaml": deployment("b", privileged=True).replace(
                "apiVersion: apps/v1",
                "apiVersion: apps/v1  # iacgate:ignore privileged-container ok",
            ),
            "above.yaml": deployment(
                "c", privileged=True, head_comment="# iacgate:ignore K8S-001 node agent"
            ),
            "container.yaml": deployment("d", privileged=True).replace(
                "- name: app", "- name: app  # iacgate:ignore K8S-001 covers the container"
            ),
            "wrong-rule.yaml": deployment(
                "e", privileged=True, privileged_comment="# iacgate:ignore K8S-002 not this one"
            ),
            "plain.yaml": deployment("f", privileged=True),
            ".iacgate.yaml": PERMISSIVE_IGNORES,
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    suppressed = codes(report, code="K8S-001")
    assert len(suppressed) == 6
    active = [
        f["address"] for f in report["findings"] if f["code"] == "K8S-001" and "suppressed" not in f
    ]
    assert sorted(active) == ["apps/Deployment/shop/e", "apps/Deployment/shop/f"]
    inline = [f for f in report["findings"] if "suppressed" in f]
    assert {f["suppressed"]["kind"] for f in inline} == {"inline"}
    assert inline[0]["suppressed"]["reason"] == "node agent"
    unused = [f for f in report["findings"] if f["code"] == "CORE-011"]
    assert [(u["file"], u["start_line"], u["path"]) for u in unused] == [
        ("wrong-rule.yaml", 16, "K8S-002")
    ]
    assert code == 1


def test_annotation_ignores_and_missing_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "a.yaml": deployment(
                "a",
                privileged=True,
                annotations={"iacgate.io/ignore": "K8S-001: runs the CNI; K8S-009: batch"},
            ),
            "b.yaml": deployment(
                "b", privileged=True, annotations={"iacgate.io/ignore": "K8S-001"}
            ),
            "c.yaml": deployment(
                "c", privileged=True, privileged_comment="# iacgate:ignore K8S-001"
            ),
            ".iacgate.yaml": PERMISSIVE_IGNORES,
        },
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    by_address = {f["address"]: f for f in report["findings"] if f["code"] == "K8S-001"}
    assert by_address["apps/Deployment/shop/a"]["suppressed"]["reason"] == "runs the CNI"
    assert "suppressed" not in by_address["apps/Deployment/shop/b"]
    assert "suppressed" not in by_address["apps/Deployment/shop/c"]
    without = sorted(
        (f["file"], f["start_line"]) for f in report["findings"] if f["code"] == "CORE-010"
    )
    assert without == [("b.yaml", 7), ("c.yaml", 16)]
    unused = [(f["file"], f["path"]) for f in report["findings"] if f["code"] == "CORE-011"]
    assert unused == [("a.yaml", "K8S-009")]
    assert code == 1


def test_unknown_rule_in_an_ignore_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "a.yaml": deployment("a", privileged_comment="# iacgate:ignore K8S-999 typo"),
            ".iacgate.yaml": PERMISSIVE_IGNORES,
        },
    )
    _, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert [f["message"] for f in report["findings"]] == [
        "ignore of K8S-999 names no known rule; remove it"
    ]
    # A rule that is configured off does not make its ignores "unused".
    (tmp_path / ".iacgate.yaml").write_text("rules: {ignore: [K8S-001]}\n" + PERMISSIVE_IGNORES)
    (tmp_path / "a.yaml").write_text(
        deployment("a", privileged_comment="# iacgate:ignore K8S-001 x")
    )
    _, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert report["findings"] == []


def test_suppressed_findings_are_sarif_suppressions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "a.yaml": deployment(
                "a", privileged=True, privileged_comment="# iacgate:ignore K8S-001 ok"
            ),
            ".iacgate.yaml": PERMISSIVE_IGNORES,
        },
    )
    code, out, _ = cli(
        "scan", ".", "--format", "sarif", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    results = json.loads(out)["runs"][0]["results"]
    assert code == 0
    assert results[0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "ok"}
    ]
    code, out, _ = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert (
        "1 suppressed (1 by inline ignores" in out and "K8S-001" not in out.split("suppressed")[0]
    )


def test_hcl_comment_on_block_or_attribute_line(tmp_path: Path) -> None:
    """Terraform files: the source puts the block's first line at path () in the table."""
    write_text(
        tmp_path,
        "main.tf",
        'resource "aws_s3_bucket" "logs" { # iacgate:ignore AWS-S3-001 log bucket\n'
        '  bucket = "logs"\n'
        "}\n"
        'resource "aws_s3_bucket" "data" {\n'
        '  acl = "public-read" // iacgate:ignore AWS-S3-002 public dataset, reviewed\n'
        "}\n",
    )
    logs = resource("aws.s3.bucket", "aws_s3_bucket.logs", ".", source="terraform", file="main.tf")
    data = resource("aws.s3.bucket", "aws_s3_bucket.data", ".", source="terraform", file="main.tf")
    scan = scan_of(
        [
            (logs, {(): loc("main.tf", 1, 3), ("bucket",): loc("main.tf", 2)}),
            (data, {(): loc("main.tf", 4, 6), ("acl",): loc("main.tf", 5)}),
        ],
        checks=[
            (0, "AWS-S3-001", ("encryption",)),
            (1, "AWS-S3-002", ("acl",)),
            (1, "AWS-S3-001", ("encryption",)),
        ],
    )
    report = judge(scan, Settings(root=tmp_path))
    state = {(g.finding.address, g.finding.code): g.suppression for g in report.findings}
    assert state[("aws_s3_bucket.logs", "AWS-S3-001")] is not None
    assert state[("aws_s3_bucket.data", "AWS-S3-002")].reason == "public dataset, reviewed"  # type: ignore[union-attr]
    assert state[("aws_s3_bucket.data", "AWS-S3-001")] is None


def test_module_call_ignore_covers_the_module_instance(tmp_path: Path) -> None:
    """An ignore on a module call: the Terraform source records the call's location in
    ``origin["enclosing"]`` for every resource of that instance."""
    write_text(
        tmp_path,
        "main.tf",
        "# iacgate:ignore AWS-S3-001 archive buckets are encrypted by SCP\n"
        'module "archive" {\n  source = "./modules/bucket"\n}\n'
        'module "other" {\n  source = "./modules/bucket"\n}\n',
    )
    write_text(tmp_path, "modules/bucket/main.tf", 'resource "aws_s3_bucket" "this" {}\n')
    call = loc("main.tf", 2, 4)
    inner = {(): loc("modules/bucket/main.tf", 1)}
    archived = resource(
        "aws.s3.bucket",
        "module.archive.aws_s3_bucket.this",
        ".",
        source="terraform",
        file="modules/bucket/main.tf",
        origin={"enclosing": [call]},
    )
    other = resource(
        "aws.s3.bucket",
        "module.other.aws_s3_bucket.this",
        ".",
        source="terraform",
        file="modules/bucket/main.tf",
        origin={"enclosing": [loc("main.tf", 5, 7)]},
    )
    scan = scan_of(
        [(archived, inner), (other, inner)], checks=[(0, "AWS-S3-001", ()), (1, "AWS-S3-001", ())]
    )
    report = judge(scan, Settings(root=tmp_path))
    assert [(g.finding.address, g.suppression is not None) for g in report.findings] == [
        ("module.archive.aws_s3_bucket.this", True),
        ("module.other.aws_s3_bucket.this", False),
    ]


def test_cloudformation_metadata_and_yaml_comment(tmp_path: Path) -> None:
    """CloudFormation: the source hands the resource's ``Metadata`` over in ``origin``."""
    write_text(
        tmp_path,
        "stack.yaml",
        "Resources:\n"
        "  Site:  # iacgate:ignore AWS-S3-001 static site\n"
        "    Type: AWS::S3::Bucket\n"
        "  Data:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Metadata:\n"
        "      iacgate:\n"
        "        ignore:\n"
        "          - {rule: AWS-S3-001, reason: encrypted by bucket key}\n"
        "          - {rule: AWS-S3-002}\n",
    )
    meta = {
        "iacgate": {
            "ignore": [
                {"rule": "AWS-S3-001", "reason": "encrypted by bucket key"},
                {"rule": "AWS-S3-002"},
            ]
        }
    }
    site = resource(
        "aws.s3.bucket", "Site", "stack.yaml", source="cloudformation", file="stack.yaml"
    )
    data = resource(
        "aws.s3.bucket",
        "Data",
        "stack.yaml",
        source="cloudformation",
        file="stack.yaml",
        origin={"metadata": meta},
    )
    scan = scan_of(
        [(site, {(): loc("stack.yaml", 2, 3)}), (data, {(): loc("stack.yaml", 4, 10)})],
        checks=[(0, "AWS-S3-001", ()), (1, "AWS-S3-001", ())],
    )
    report = judge(scan, Settings(root=tmp_path))
    rows = [
        (g.finding.code, g.finding.address, g.suppression and g.suppression.kind)
        for g in report.findings
    ]
    assert rows == [
        ("AWS-S3-001", "Site", SuppressionKind.INLINE),
        ("AWS-S3-001", "Data", SuppressionKind.INLINE),
        ("CORE-010", "Data (Metadata iacgate)", None),
    ]
