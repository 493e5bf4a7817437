"""Every rule against its fixtures, for every source: discovered, never hand-listed.

Layout: ``tests/fixtures/rules/<pack>/<CODE>/<source>/<expectation>_<name>.<ext>``; what the
names, directories and ``# expect`` marks mean is ``iacgate.rules.testing``'s docstring. The
suite runs the bundled packs through the same runner as ``iacgate test PACK_DIR`` (one
harness), one parametrized case per fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate.rules import testing
from iacgate.rules.dsl import Rule
from iacgate.rules.packs import load_rules
from iacgate.rules.testing import Case

from ..conftest import FIXTURES

RULES: dict[str, Rule] = {r.meta.code: r for r in load_rules()}
RULE_FIXTURES = FIXTURES / "rules"


def fixture_cases(root: Path = RULE_FIXTURES) -> list[Case]:
    """Every (rule, source, fixture) of every bundled pack (``<root>/<pack>/...``)."""
    return [case for pack in sorted(root.iterdir()) for case in testing.fixture_cases(pack)]


@pytest.mark.parametrize("case", fixture_cases(), ids=str)
def test_rule_fixture(case: Case) -> None:
    rule = RULES.get(case.code)
    if rule is not None:
        assert case.path.parts[-4] == rule.pack, f"{case} is filed under another pack"
    assert testing.check_case(case, rule) == []
