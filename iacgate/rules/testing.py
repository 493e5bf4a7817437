"""The fixture runner: a pack's rules against the fixtures that state what each should answer.

One harness for every pack: ``iacgate test PACK_DIR`` runs a third-party pack's fixtures, and
the project's own suite runs the bundled packs' fixtures through the same functions
(tests/rules/test_fixtures.py).

Layout: ``<fixtures>/<CODE>/<source>/<expectation>_<name>[.<ext>]`` (a pack's fixtures are in
``PACK_DIR/tests``). The expectation prefix is the assertion: ``pass_`` fixtures yield no
finding of the rule, ``fail_`` fixtures yield failures, ``unknown_`` fixtures yield UNKNOWN and
no failure. In a ``fail_`` fixture every line carrying an ``# expect`` comment must hold a
failure, and no failure may sit elsewhere (a fixture without marks only has to fail).

Sources: ``kubernetes`` (a manifest; or a directory scanned whole, with the Terraform or
CloudFormation of the AWS roles its ServiceAccounts assume, ``# expect`` marks in its ``.yaml``
files), ``cloudformation`` (a template) and ``terraform`` (a directory holding ``main.tf``).
A ``terraform`` directory that also holds a ``plan.json`` (``terraform show -json`` of a real
plan of that ``main.tf``) is a ``terraform-plan`` fixture too: the plan is scanned with the
directory as its configuration, so its failures must point at the ``main.tf`` lines marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iacgate.rules.dsl import Rule

if TYPE_CHECKING:
    from iacgate.api import ScanReport

TERRAFORM = "terraform"
PLAN = "terraform-plan"
KUBERNETES = "kubernetes"
CLOUDFORMATION = "cloudformation"
SOURCES = (CLOUDFORMATION, KUBERNETES, TERRAFORM, PLAN)
EXPECTATIONS = ("pass", "fail", "unknown")

EXPECT = re.compile(r"#\s*expect\b")


@dataclass(frozen=True, slots=True)
class Case:
    """One fixture of one rule, read as one source."""

    code: str
    source: str
    path: Path  # a file, or a fixture directory (Terraform; a Kubernetes scan across layers)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def expectation(self) -> str:
        return self.name.split("_", 1)[0]

    def __str__(self) -> str:
        return f"{self.code}/{self.source}/{self.name}"


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    mismatches: tuple[str, ...]  # empty: the rule answered as the fixture says


@dataclass(frozen=True, slots=True)
class TestRun:
    """What ``run`` found: every case's outcome, and rules that have no fixture at all."""

    __test__ = False  # not a pytest test class, whatever its name

    outcomes: tuple[Outcome, ...]
    untested: tuple[str, ...] = field(default=())

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.mismatches]

    @property
    def ok(self) -> bool:
        return not self.failed


def fixture_cases(root: Path) -> list[Case]:
    """Every (rule, source, fixture) under ``root`` (``<root>/<CODE>/<source>/<fixture>``), in
    a stable order; a ``terraform`` directory counts for the plan source too when it holds a
    ``plan.json``."""
    cases: list[Case] = []
    for path in sorted(root.glob("*/*/*")):
        code, source = path.parts[-3], path.parts[-2]
        if path.name.startswith("."):
            continue
        if source == TERRAFORM and path.is_dir():
            cases.append(Case(code, TERRAFORM, path))
            if (path / "plan.json").is_file():
                cases.append(Case(code, PLAN, path))
        elif path.is_file() or (source == KUBERNETES and path.is_dir()):
            cases.append(Case(code, source, path))
    return cases


def expected_lines(path: Path) -> set[int]:
    """The lines a ``fail_`` fixture marks with ``# expect``."""
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


def scan_case(case: Case, rule: Rule) -> ScanReport:
    """Scan one fixture in this process with ``rule`` alone."""
    from iacgate import api

    path, source = case.path, case.source
    if source == KUBERNETES and path.is_dir():
        return api.scan([str(path)], rules=[rule], root=path, jobs=1)
    if source in (KUBERNETES, CLOUDFORMATION, TERRAFORM):
        if path.is_dir():  # a Terraform module directory: main.tf (and maybe its plan)
            return api.scan([str(path / "main.tf")], rules=[rule], root=path, jobs=1)
        return api.scan([str(path)], rules=[rule], root=path.parent, jobs=1)
    if source == PLAN:
        return api.scan_plan(str(path / "plan.json"), str(path), rules=[rule], root=path)
    raise ValueError(f"no fixture runner for source {source!r} (one of {', '.join(SOURCES)})")


def check_case(case: Case, rule: Rule | None) -> list[str]:
    """What differs between the rule's answer on the fixture and what the fixture states."""
    from iacgate.findings import FindingStatus

    if rule is None:
        return [f"no rule {case.code} in the pack"]
    if case.expectation not in EXPECTATIONS:
        return [f"a fixture's name starts with pass_, fail_ or unknown_, not {case.name!r}"]
    if case.source not in SOURCES:
        return [f"unknown fixture source {case.source!r} (one of {', '.join(SOURCES)})"]
    report = scan_case(case, rule)
    errors = [f for f in report.findings if f.status is FindingStatus.ERROR]
    if errors:
        return [f"the fixture did not scan cleanly: {f.code} {f.message}" for f in errors]
    if report.resources == 0:
        return ["the fixture produced no resources"]
    mine = [f for f in report.findings if f.code == case.code]
    if case.source == PLAN:
        located = sorted({f.file or "" for f in mine} - {"main.tf"})
        if located:
            return [f"plan findings not located in main.tf: {located}"]
    if case.expectation == "pass":
        return [f"expected a pass, got {f.status}: {f.message} (line {f.start_line})" for f in mine]
    if case.expectation == "unknown":
        if not mine:
            return ["expected UNKNOWN, the rule answered nothing (a pass)"]
        return [
            f"expected UNKNOWN, got {f.status}: {f.message} (line {f.start_line})"
            for f in mine
            if f.status is not FindingStatus.UNKNOWN
        ]
    failures = [f for f in mine if f.status is FindingStatus.FAIL]
    if not failures:
        got = ", ".join(f"{f.status}: {f.message}" for f in mine) or "a pass"
        return [f"expected a failure, got {got}"]
    expected = expected_lines(case.path)
    found = {f.start_line for f in failures if f.start_line is not None}
    if not expected or found == expected:
        return []
    out = [
        f"expected a failure on line {n} (# expect), found none" for n in sorted(expected - found)
    ]
    out.extend(
        f"unexpected failure on line {f.start_line}: {f.message}"
        for f in failures
        if f.start_line not in expected
    )
    return out or [f"failures on lines {sorted(found)}, # expect marks {sorted(expected)}"]


def run(rules: Sequence[Rule], fixtures: Path, codes: Iterable[str] = ()) -> TestRun:
    """Every fixture under ``fixtures`` against its rule (only ``codes``, when given)."""
    by_code = {r.meta.code: r for r in rules}
    only = set(codes)
    cases = [c for c in fixture_cases(fixtures) if not only or c.code in only]
    outcomes = tuple(
        Outcome(case, tuple(check_case(case, by_code.get(case.code)))) for case in cases
    )
    tested = {c.code for c in cases}
    untested = tuple(sorted(code for code in by_code if code not in tested and not only))
    return TestRun(outcomes, untested)


def run_pack(pack: str, fixtures: Path | None = None, codes: Iterable[str] = ()) -> TestRun:
    """A pack (a directory, or an installed package's name) against its fixtures (default:
    ``PACK_DIR/tests``). Raises ``PackError`` when the pack cannot be loaded."""
    from iacgate.rules.packs import PackError, check_unique, load_directory, load_package

    directory = Path(pack)
    loaded = load_directory(directory) if directory.is_dir() else load_package(pack)
    check_unique(loaded.rules)
    where = fixtures if fixtures is not None else directory / "tests"
    if not where.is_dir():
        raise PackError(f"{where}: no fixtures directory (<CODE>/<source>/pass_*, fail_*, ...)")
    return run(loaded.rules, where, codes)


def describe(result: TestRun) -> list[str]:
    """The lines ``iacgate test`` prints: each mismatch, rules without fixtures, a summary."""
    lines = [f"{o.case}: {m}" for o in result.failed for m in o.mismatches]
    lines.extend(f"{code}: no fixtures" for code in result.untested)
    failed, total = len(result.failed), len(result.outcomes)
    lines.append(
        f"{total - failed} of {total} fixtures as expected" + (f", {failed} not" if failed else "")
    )
    return lines
