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


def test_tree_has_a_page_per_rule_and_an_index_by_framework() -> None:
    tree = docs.render_tree(RULES)
    assert len(tree) == len(RULES) + 1
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
    assert docs.compare(RULES, tmp_path).missing
    docs.write(RULES, tmp_path)
    assert not docs.compare(RULES, tmp_path).stale
    page = tmp_path / "k8s_core" / "K8S-001.md"
    page.write_text(page.read_text() + "edited\n")
    (tmp_path / "k8s_core" / "K8S-999.md").write_text(docs.GENERATED_NOTE + "\nold rule\n")
    (tmp_path / "notes.md").write_text("hand-written, not ours\n")
    diff = docs.compare(RULES, tmp_path)
    assert diff.changed == ("k8s_core/K8S-001.md",)
    assert diff.extra == ("k8s_core/K8S-999.md",)
    docs.write(RULES, tmp_path)
    assert not docs.compare(RULES, tmp_path).stale
    assert not (tmp_path / "k8s_core" / "K8S-999.md").exists()
    assert (tmp_path / "notes.md").exists()


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
