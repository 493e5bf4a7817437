"""Every rule against its fixtures, for every source: discovered, never hand-listed.

Layout: ``tests/fixtures/rules/<pack>/<CODE>/<source>/<expectation>_<name>.<ext>``. The
expectation prefix is the assertion: ``pass_`` files yield no finding of the rule, ``fail_``
files yield failures, ``unknown_`` files yield UNKNOWN and no failure. In a ``fail_`` file, every
line carrying an ``# expect`` comment must hold a finding, and no finding may sit elsewhere.

A ``kubernetes`` fixture may be a directory too, scanned whole: manifests together with the
Terraform (or CloudFormation) of the AWS roles their ServiceAccounts assume, for the rules
that follow a path across layers; its ``# expect`` marks are in its ``.yaml`` files.

Terraform reads a module from a directory, so a ``terraform`` fixture is a directory,
``terraform/<expectation>_<name>/main.tf``. When it holds a ``plan.json`` as well (``terraform
show -json`` of a real plan of that ``main.tf``, see ``regenerate_aws_plans.py``), the same
directory is also a ``terraform-plan`` fixture: the plan is scanned with the directory as its
configuration, so plan findings must point at the ``main.tf`` lines its ``# expect`` marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from iacgate import api
from iacgate.findings import FindingStatus
from iacgate.rules.dsl import Rule
from iacgate.rules.packs import load_rules

from ..conftest import FIXTURES

RULES: dict[str, Rule] = {r.meta.code: r for r in load_rules()}
RULE_FIXTURES = FIXTURES / "rules"
EXPECT = re.compile(r"#\s*expect\b")


TERRAFORM = "terraform"
PLAN = "terraform-plan"
KUBERNETES = "kubernetes"


@dataclass(frozen=True, slots=True)
class Case:
    code: str
    source: str
    path: Path  # a file, or a Terraform fixture directory

    @property
    def name(self) -> str:
        return self.path.name

    def __str__(self) -> str:
        return f"{self.code}/{self.source}/{self.name}"


def fixture_cases(root: Path = RULE_FIXTURES) -> list[Case]:
    """Every (rule, source, fixture); ``terraform`` directories count for the plan source too
    when they hold a ``plan.json``."""
    cases: list[Case] = []
    for path in sorted(root.glob("*/*/*/*")):
        code, source = path.parts[-3], path.parts[-2]
        if source == TERRAFORM and path.is_dir():
            cases.append(Case(code, TERRAFORM, path))
            if (path / "plan.json").is_file():
                cases.append(Case(code, PLAN, path))
        elif path.is_file() or (source == KUBERNETES and path.is_dir()):
            cases.append(Case(code, source, path))
    return cases


def _expected_lines(path: Path) -> set[int]:
    if path.is_dir() and not (path / "main.tf").is_file():
        return {
            n
            for manifest in sorted(path.glob("*.yaml"))
            for n, line in enumerate(manifest.read_text("utf-8").splitlines(), 1)
            if EXPECT.search(line)
        }
    if path.is_dir():
        path = path / "main.tf"
    text = path.read_text("utf-8")
    return {n for n, line in enumerate(text.splitlines(), 1) if EXPECT.search(line)}


def scan_fixture(path: Path, source: str, rule: Rule) -> api.ScanReport:
    """Scan one fixture in-process (no subprocess per fixture: the suite stays fast)."""
    if source == KUBERNETES and path.is_dir():
        return api.scan([str(path)], rules=[rule], root=path)
    if source in ("kubernetes", "cloudformation", TERRAFORM):
        if path.is_dir():  # a Terraform module directory: main.tf (and maybe its plan)
            return api.scan([str(path / "main.tf")], rules=[rule], root=path)
        return api.scan([str(path)], rules=[rule], root=path.parent)
    if source == PLAN:
        report = api.scan_plan(str(path / "plan.json"), str(path), rules=[rule], root=path)
        located = {f.file for f in report.findings if f.code == rule.meta.code}
        assert located <= {"main.tf"}, f"plan findings not located in main.tf: {located}"
        return report
    raise AssertionError(f"no fixture runner for source {source!r}")


@pytest.mark.parametrize("case", fixture_cases(), ids=str)
def test_rule_fixture(case: Case) -> None:
    code, source, fixture = case.code, case.source, case.path
    assert code in RULES, f"fixture for unknown rule {code}"
    rule = RULES[code]
    report = scan_fixture(fixture, source, rule)
    errors = [f for f in report.findings if f.status is FindingStatus.ERROR]
    assert not errors, f"fixture did not scan cleanly: {errors}"
    mine = [f for f in report.findings if f.code == code]
    assert report.resources > 0, "fixture produced no resources"
    expectation = fixture.name.split("_", 1)[0]
    if expectation == "pass":
        assert mine == [], [f.message for f in mine]
    elif expectation == "fail":
        failures = [f for f in mine if f.status is FindingStatus.FAIL]
        assert failures, "expected the rule to fail"
        expected = _expected_lines(fixture)
        if expected:
            assert {f.start_line for f in failures} == expected
    elif expectation == "unknown":
        assert mine and all(f.status is FindingStatus.UNKNOWN for f in mine)
    else:
        raise AssertionError(f"fixture name must start with pass_, fail_ or unknown_: {fixture}")
