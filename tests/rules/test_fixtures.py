"""Every rule against its fixtures, for every source: discovered, never hand-listed.

Layout: ``tests/fixtures/rules/<pack>/<CODE>/<source>/<expectation>_<name>.<ext>``. The
expectation prefix is the assertion: ``pass_`` files yield no finding of the rule, ``fail_``
files yield failures, ``unknown_`` files yield UNKNOWN and no failure. In a ``fail_`` file, every
line carrying an ``# expect`` comment must hold a finding, and no finding may sit elsewhere.
"""

from __future__ import annotations

import re
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


def _fixtures() -> list[Path]:
    return sorted(p for p in RULE_FIXTURES.glob("*/*/*/*") if p.is_file())


def _expected_lines(path: Path) -> set[int]:
    text = path.read_text("utf-8")
    return {n for n, line in enumerate(text.splitlines(), 1) if EXPECT.search(line)}


def scan_fixture(path: Path, source: str, rule: Rule) -> api.ScanReport:
    if source in ("kubernetes", "cloudformation"):
        return api.scan([str(path)], rules=[rule], root=path.parent)
    raise AssertionError(f"no fixture runner for source {source!r}")


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: "/".join(p.parts[-3:]))
def test_rule_fixture(fixture: Path) -> None:
    code, source = fixture.parts[-3], fixture.parts[-2]
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
