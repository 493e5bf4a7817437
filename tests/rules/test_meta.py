"""Meta-tests over the rule registry: metadata, docs and fixture coverage for every rule."""

from __future__ import annotations

import pytest

from iacgate.model.kinds import KINDS, sources_for
from iacgate.rules.packs import load_rules

from .test_fixtures import fixture_cases

RULES = load_rules()
CASES = fixture_cases()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_metadata_is_complete(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.meta.problems() == []
    for kind in rule.meta.kinds:
        assert kind in KINDS, f"{rule.meta.code} targets undeclared kind {kind}"


# A rule about a setting one source cannot write at all has no failing fixture there (its
# pass fixture is still required): the reason is stated here, one visible entry per rule.
FAIL_INEXPRESSIBLE = {
    ("AWS-SES-001", "cloudformation"): "CloudFormation has no SES sending authorization policy",
    ("AWS-SSM-002", "cloudformation"): "CloudFormation cannot share an SSM document",
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_has_fixtures_for_every_source(rule) -> None:  # type: ignore[no-untyped-def]
    cases = [c for c in CASES if c.code == rule.meta.code and c.path.parts[-4] == rule.pack]
    needed = {source for kind in rule.meta.kinds for source in sources_for(kind)}
    for source in sorted(needed):
        names = [c.name for c in cases if c.source == source]
        assert any(n.startswith("pass_") for n in names), f"no pass_ fixture for {source}"
        if (rule.meta.code, source) not in FAIL_INEXPRESSIBLE:
            assert any(n.startswith("fail_") for n in names), f"no fail_ fixture for {source}"


def test_rules_are_bundled() -> None:
    assert len(RULES) >= 12
    assert len({r.meta.code for r in RULES}) == len(RULES)
