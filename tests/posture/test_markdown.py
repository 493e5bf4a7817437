"""The Markdown posture report: the figures as tables, and report strings kept inert."""

from __future__ import annotations

import json
from pathlib import Path

from iacgate.posture.history import load
from iacgate.posture.report import build
from iacgate.reporters.report_markdown import render, text

from .synthetic import NOW, write_history


def test_figures_and_sections(tmp_path: Path) -> None:
    page = render(build(load([], write_history(tmp_path)), NOW))
    for heading in (
        "## Compliance",
        "## Coverage",
        "## Drift",
        "## Trends",
        "## Time to detect and remediate",
        "## Exceptions expiring within 30 days",
        "## Top risks",
        "## Files not used",
    ):
        assert f"\n{heading}\n" in page
    # Hand-worked figures (test_figures.py): CIS AWS 75%, drift 20%, MTTR 2.6 days.
    assert "| CIS AWS Foundations Benchmark 3.0 | **75.0%** | 6 | 2 | 0 | 0 |" in page
    assert "| **20.0%** | 10.0% |" in page
    assert "| all | 36.0 h | 4 | 2.6 days | 5 | 4 |" in page
    assert "| 2024-05-05 02:00 UTC | 1 | 0 | 0 | 1 | 0 | 2 | 0 | 3 | 1 |" in page


def test_report_strings_cannot_break_tables_or_add_markup(tmp_path: Path) -> None:
    history = write_history(tmp_path)
    scan = history / "2024-05-05" / "scan.json"
    document = json.loads(scan.read_text())
    hostile = "a|b\n| injected | row |\n<script>x</script> [link](javascript:alert(1)) @team **b**"
    for item in document["findings"]:
        if item["fingerprint"] == "fp-B":
            item["message"] = hostile
    scan.write_text(json.dumps(document))
    page = render(build(load([], history), NOW))
    (row,) = [line for line in page.splitlines() if "injected" in line]
    assert row.startswith("| 2 |") and row.count(" | ") == 7  # still one row of 8 cells
    assert "<script" not in page and "&lt;script" in page
    assert "[link](" not in page and "\\[link\\](javascript" in page  # escaped: no link
    assert "@team" not in page  # no notification from a pasted comment
    assert text("x|y") == "x\\|y" and text("*a*") == "\\*a\\*"
