"""The generated rule docs: committed pages match the rules, and staleness is detected."""

from __future__ import annotations

from pathlib import Path

from iacgate.rules import docs
from iacgate.rules.packs import load_rules

from ..conftest import REPO, run_cli

RULES = load_rules()


def test_committed_docs_are_current() -> None:
    diff = docs.compare(RULES, REPO / "docs" / "rules")
    assert not diff.stale, f"docs/rules is stale ({diff.describe()}): run `iacgate docs`"


def test_tree_has_a_page_per_rule_an_index_by_framework_and_the_compliance_page() -> None:
    tree = docs.render_tree(RULES)
    assert len(tree) == len(RULES) + 2
    compliance = tree[docs.COMPLIANCE]
    assert compliance.startswith(docs.COMPLIANCE_NOTE)
    assert "| [CIS Kubernetes Benchmark v1.9.0](#cis-kubernetes-benchmark-v190-cis-k8s-19)" in (
        compliance
    )
    assert "| 1.2.1 | Ensure that the --anonymous-auth argument is set to false | covered | " in (
        compliance
    )
    assert "[K8S-042](rules/k8s_core/K8S-042.md)" in compliance
    for item in RULES:
        page = tree[f"{item.pack}/{item.meta.code}.md"]
        assert f"# {item.meta.code} {item.meta.name}" in page
        assert "## How to fix" in page
    index = tree[docs.INDEX]
    assert "### Kubernetes Pod Security Standards (`k8s-pss`)" in index
    assert "### CIS Kubernetes Benchmark v1.9.0 (`cis-k8s-1.9`)" in index
    assert "| restricted/seccomp | [K8S-024](k8s_core/K8S-024.md)" in index
    # natural order: 5.1.10 after 5.1.9
    assert index.index("| 5.1.8 |") < index.index("| 5.1.10 |")


def test_compare_reports_missing_changed_and_extra_pages(tmp_path: Path) -> None:
    out = tmp_path / "rules"  # the compliance page goes beside it
    assert docs.compare(RULES, out).missing
    docs.write(RULES, out)
    assert not docs.compare(RULES, out).stale
    assert (tmp_path / "compliance.md").is_file()
    page = out / "k8s_core" / "K8S-001.md"
    page.write_text(page.read_text() + "edited\n")
    (out / "k8s_core" / "K8S-999.md").write_text(docs.GENERATED_NOTE + "\nold rule\n")
    (out / "notes.md").write_text("hand-written, not ours\n")
    (tmp_path / "compliance.md").write_text("stale\n")
    diff = docs.compare(RULES, out)
    assert diff.changed == ("../compliance.md", "k8s_core/K8S-001.md")
    assert diff.extra == ("k8s_core/K8S-999.md",)
    docs.write(RULES, out)
    assert not docs.compare(RULES, out).stale
    assert not (out / "k8s_core" / "K8S-999.md").exists()
    assert (out / "notes.md").exists()


def test_cli_check_fails_on_stale_docs_and_write_fixes_them(tmp_path: Path) -> None:
    out = tmp_path / "rules"
    stale = run_cli("docs", "--check", "--output", str(out))
    assert stale.returncode == 1 and "stale" in stale.stdout
    written = run_cli("docs", "--output", str(out))
    assert written.returncode == 0, written.stderr
    fresh = run_cli("docs", "--check", "--output", str(out))
    assert fresh.returncode == 0 and "up to date" in fresh.stdout


def test_module_entry_point_runs_the_same_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "iacgate", "docs", "--check", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "stale" in done.stdout
