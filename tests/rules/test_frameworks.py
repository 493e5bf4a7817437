"""The framework catalogues: complete, well-formed, and consistent with every rule's mappings."""

from __future__ import annotations

import pytest

from iacgate.rules import coverage, docs
from iacgate.rules.frameworks import FRAMEWORKS, CatalogueError, load, parse
from iacgate.rules.packs import load_rules

from .test_pss_coverage import PSS_CONTROLS

RULES = load_rules()


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_catalogue_loads(framework_id: str) -> None:
    framework = load(framework_id)
    assert framework.id == framework_id and framework.controls
    assert docs.FRAMEWORK_TITLES[framework_id] == framework.title


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_every_mapped_control_is_in_its_catalogue(rule) -> None:  # type: ignore[no-untyped-def]
    for framework_id, control_ids in rule.meta.frameworks:
        assert framework_id in FRAMEWORKS, f"{rule.meta.code}: no catalogue for {framework_id}"
        framework = load(framework_id)
        for control_id in control_ids:
            control = framework.control(control_id)
            assert control is not None, f"{rule.meta.code}: {framework_id} has no {control_id!r}"
            assert not control.not_checkable, (
                f"{rule.meta.code} checks {framework_id} {control_id}, which the catalogue "
                "calls not checkable"
            )


def test_catalogues_match_the_published_control_counts() -> None:
    # CIS AWS Foundations 3.0.0 has 62 recommendations; CIS Kubernetes 1.9.0 130 (sections
    # 1 to 5, 5.6 being empty); the Pod Security Standards 18 controls (checked against the
    # PSS rules' own list).
    assert len(load("cis-aws-3.0").controls) == 62
    assert len(load("cis-k8s-1.9").controls) == 130
    assert [c.id for c in load("k8s-pss").controls] == list(PSS_CONTROLS)


def test_coverage_of_the_bundled_rules_is_consistent() -> None:
    for measured in coverage.measure_all(RULES):
        assert measured.unknown == () and measured.contradictions == ()
    # The Kubernetes pack covers every Pod Security Standard control.
    pss = coverage.measure(load("k8s-pss"), RULES)
    assert pss.count(coverage.State.COVERED) == len(pss.controls)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('id = "x"\ntitle = "X"\nsource = "s"\n', r"no \[\[control\]\]"),
        ('id = "y"\ntitle = "X"\nsource = "s"\n[[control]]\nid = "1"\ntitle = "t"\n', "is not"),
        ('id = "x"\ntitle = "X"\nsource = "s"\n[[control]]\nid = "1"\n', "'title'"),
        (
            'id = "x"\ntitle = "X"\nsource = "s"\n[[control]]\nid = "1"\ntitle = "t"\n'
            '[[control]]\nid = "1"\ntitle = "u"\n',
            "duplicate",
        ),
        (
            'id = "x"\ntitle = "X"\nsource = "s"\n[[control]]\nid = "1"\ntitle = "t"\n'
            'partly = "p"\nnot_checkable = "n"\n',
            "not both",
        ),
        (
            'id = "x"\ntitle = "X"\nsource = "s"\n[[control]]\nid = "1"\ntitle = "t"\nnote = "?"\n',
            "unexpected",
        ),
        ("id = ", "not valid TOML"),
    ],
)
def test_malformed_catalogues_are_refused(text: str, problem: str) -> None:
    with pytest.raises(CatalogueError, match=problem):  # problem: a regular expression
        parse(text, "x", "x.toml")
