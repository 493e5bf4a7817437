"""The public corpus beside the repository scans without a single internal error.

``../shared/corpus`` holds real infrastructure code written by others (see its README). Every
folder is scanned once, in process, with every bundled rule; Terraform plan files are scanned
as plans. A rule that crashes on real code becomes an ``internal-error`` finding, which fails
the gate: none may appear. The test skips cleanly where the corpus is not beside the repo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate import api
from iacgate.findings import INTERNAL_ERROR, FindingStatus
from iacgate.rules.packs import load_rules

from .conftest import CORPUS

FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
PLANS = sorted(CORPUS.glob("tfplan/**/*.json")) if CORPUS.is_dir() else []
RULES = load_rules()


def _internal_errors(report: api.ScanReport) -> list[str]:
    return [
        f"{f.file}:{f.start_line} {f.message}"
        for f in report.findings
        if f.code == INTERNAL_ERROR[0]
        or (f.status is FindingStatus.ERROR and "crashed" in f.message)
    ]


@pytest.mark.skipif(not FOLDERS, reason="the shared corpus is not beside the repo")
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_corpus_folder_scans_without_internal_errors(folder: Path) -> None:
    report = api.scan([str(folder)], rules=RULES, root=CORPUS)
    assert report.files > 0
    assert _internal_errors(report) == []


@pytest.mark.skipif(not PLANS, reason="the shared corpus is not beside the repo")
def test_every_corpus_plan_scans_without_internal_errors() -> None:
    errors: list[str] = []
    for plan in PLANS:
        report = api.scan_plan(str(plan), rules=RULES, root=CORPUS)
        errors.extend(_internal_errors(report))
    assert errors == []
