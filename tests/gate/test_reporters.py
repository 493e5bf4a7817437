"""Reporters: SARIF against the official schema and GitHub's stricter expectations, JUnit XML,
Markdown, GitHub annotations, and several outputs in one run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from iacgate.reporters.github import escape_data, escape_property
from iacgate.reporters.outputs import parse_outputs

from ..conftest import REPO
from .helpers import PERMISSIVE_IGNORES, cli, deployment, write

SCHEMAS = REPO.parent / "shared" / "schemas"
if not SCHEMAS.is_dir():  # CI: shared/ sits beside the clone
    SCHEMAS = Path("/work/shared/schemas")


@pytest.fixture
def mixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A tree with a new, an existing, a suppressed, an expired-exception finding, a parse
    error, an unused ignore and a file name that needs URI escaping."""
    write(
        tmp_path,
        {
            "old.yaml": deployment("old", privileged=True),
            ".iacgate.yaml": (
                "exceptions:\n  - {rule: K8S-001, address: '*/gone', owner: eve, reason: r,"
                " expires: 2001-01-01}\n" + PERMISSIVE_IGNORES
            ),
        },
    )
    code, _, _ = cli(
        "baseline",
        "create",
        "-o",
        "base.json",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0
    write(
        tmp_path,
        {
            "apps/new web.yaml": deployment("web", privileged=True, image="nginx:latest"),
            "apps/gone.yaml": deployment("gone", privileged=True),
            "apps/ok.yaml": deployment(
                "ok", privileged=True, privileged_comment="# iacgate:ignore K8S-001 reviewed: fine"
            ),
            "apps/unused.yaml": deployment("u", privileged_comment="# iacgate:ignore K8S-001 x"),
            "broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata: [\n",
        },
    )
    return tmp_path


def _validator(name: str) -> Any:
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_sarif_is_valid_and_meets_github_expectations(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        "scan",
        ".",
        "--baseline",
        "base.json",
        "--format",
        "sarif",
        cwd=mixed,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1, err
    log = json.loads(out)
    errors = list(_validator("sarif-schema-2.1.0.json").iter_errors(log))
    assert not errors, [e.message for e in errors[:3]]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    k8s001 = rules[ids.index("K8S-001")]
    assert k8s001["help"]["markdown"].startswith("# K8S-001 privileged-container")
    assert "## How to fix" in k8s001["help"]["markdown"]
    # From the highest risk score of its results (critical, host access, not exposed: 61).
    assert k8s001["properties"]["security-severity"] == "6.1"
    assert k8s001["defaultConfiguration"]["level"] == "error"
    for result in run["results"]:
        assert result["ruleId"] == ids[result["ruleIndex"]]
        assert len(result["partialFingerprints"]["iacgate/v1"]) == 32
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:", "git:")) and " " not in uri
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    by = {(r["ruleId"], r["properties"]["address"]): r for r in run["results"]}
    new = by[("K8S-001", "apps/Deployment/shop/web")]
    assert new["baselineState"] == "new" and new["level"] == "error"
    assert (
        new["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "apps/new%20web.yaml"
    )
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == 16
    assert by[("K8S-001", "apps/Deployment/shop/old")]["baselineState"] == "unchanged"
    assert by[("K8S-010", "apps/Deployment/shop/web")]["level"] == "warning"
    ok = by[("K8S-001", "apps/Deployment/shop/ok")]
    assert ok["suppressions"][0]["kind"] == "inSource"
    assert (
        "exception expired on 2001-01-01 (owner eve)"
        in by[("K8S-001", "apps/Deployment/shop/gone")]["message"]["text"]
    )
    assert ("CORE-001", "broken.yaml") in by and ("CORE-011", "iacgate:ignore K8S-001") in by
    assert ("CORE-012", "exception:rule=K8S-001,address=*/gone") in by


def test_sarif_of_a_clean_scan_is_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"a.yaml": deployment("a")})
    code, out, _ = cli(
        "scan", ".", "--format", "sarif", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    log = json.loads(out)
    assert code == 0 and log["runs"][0]["results"] == []
    assert not list(_validator("sarif-schema-2.1.0.json").iter_errors(log))


def test_junit_markdown_github_and_json_in_one_run(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        "scan",
        ".",
        "--baseline",
        "base.json",
        "--format",
        "github",
        "--output",
        "junit=out/junit.xml",
        "--output",
        "markdown=out/summary.md",
        "--output",
        "json=out/report.json",
        "--output",
        "sarif=out/x.sarif",
        cwd=mixed,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1, err
    # GitHub annotations on stdout: new, unsuppressed findings only.
    lines = out.splitlines()
    assert (
        "::error file=apps/new web.yaml,line=16,endLine=16,title=K8S-001 privileged-container "
        "(critical%2C risk 61)::apps/Deployment/shop/web: container 'app' runs privileged" in lines
    )
    assert not any("shop/old" in line or "shop/ok" in line for line in lines)
    assert any(line.startswith("::warning file=apps/new web.yaml,line=11") for line in lines)

    suites = ET.parse(mixed / "out/junit.xml").getroot()
    assert suites.tag == "testsuites"
    by_name = {s.get("name"): s for s in suites}
    k8s001 = by_name["K8S-001 privileged-container"]
    failures = [c for c in k8s001 if c.find("failure") is not None]
    skipped = [c.find("skipped").get("message") for c in k8s001 if c.find("skipped") is not None]
    privileged = "spec.template.spec.containers[0].securityContext.privileged"
    assert [c.get("name") for c in failures] == [
        f"apps/Deployment/shop/gone {privileged}",
        f"apps/Deployment/shop/web {privileged}",
    ]
    assert sorted(skipped) == [
        "existing finding (baseline or merge base)",
        "suppressed by inline: reviewed: fine",
    ]
    assert k8s001.get("failures") == "2" and k8s001.get("skipped") == "2"
    assert int(suites.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert by_name["K8S-002 host-namespace-shared"][0].get("name") == "no findings"

    summary = (mixed / "out/summary.md").read_text()
    assert "Gate ❌ **failed**" in summary and "**3 new**" not in summary
    assert (
        "| ❌ | 🟣 critical | 61 | `K8S-001` privileged-container | `apps/Deployment/shop/web` | "
        "`apps/new web.yaml:16` |" in summary
    )
    assert "1 suppressed finding(s)" in summary
    report = json.loads((mixed / "out/report.json").read_text())
    assert report["summary"]["gate"] == "failed"
    assert json.loads((mixed / "out/x.sarif").read_text())["version"] == "2.1.0"


def test_output_options() -> None:
    specs = parse_outputs("text", ["sarif=a.sarif", "report.txt", "junit=-"])
    assert [(s.format, s.path) for s in specs] == [
        ("text", "report.txt"),
        ("sarif", "a.sarif"),
        ("junit", "-"),
    ]
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        parse_outputs("text", ["xml=a"])
    with pytest.raises(ValueError, match="only one output can go to standard output"):
        parse_outputs("text", ["sarif=-"])
    with pytest.raises(ValueError, match="given twice"):
        parse_outputs("json", ["a", "b"])


def test_plain_output_file_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"a.yaml": deployment("a", privileged=True)})
    code, out, _ = cli(
        "scan",
        ".",
        "--format",
        "json",
        "-o",
        "r.json",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1 and out == ""
    assert json.loads((tmp_path / "r.json").read_text())["findings"][0]["code"] == "K8S-001"
    code, _, err = cli(
        "scan", ".", "--output", "bogus=x", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and "unknown format 'bogus'" in err


def test_annotation_escaping() -> None:
    assert escape_data("50%\nnext") == "50%25%0Anext"
    assert escape_property("a,b:c") == "a%2Cb%3Ac"


def test_annotations_most_severe_first_cut_per_level_with_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pods = {
        f"k8s/p{i:02}.yaml": deployment(f"p{i:02}", privileged=i < 12, image="nginx:latest")
        for i in range(14)
    }
    write(tmp_path, pods)
    code, out, _ = cli(
        "scan", ".", "--format", "github", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    lines = out.splitlines()
    levels = [line.split(" ", 1)[0] for line in lines]
    # GitHub shows ten per level and step: nine findings and a count of the rest, errors first.
    assert levels[:10] == ["::error"] * 10 and levels.count("::error") == 10
    assert levels.count("::warning") == 10
    assert all("K8S-001 privileged-container (critical%2C risk" in line for line in lines[:9])
    assert lines[9].startswith("::error title=iacgate::3 more error finding(s) not annotated")
    warnings = [line for line in lines if line.startswith("::warning")]
    assert warnings[-1].startswith("::warning title=iacgate::")
    assert "more warning finding(s) not annotated" in warnings[-1]
    # No diff base: the annotations say they are not the change's own lines.
    assert lines[-1] == (
        "::notice title=iacgate::no diff base or baseline: these annotations mark every finding "
        "in the scanned files, not only the lines this change touched"
    )
    code, out, _ = cli(
        "scan", ".", "--format", "markdown", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert "No diff base or baseline: every finding in the scanned files is listed" in out
