"""Compliance coverage: states, percentages, and the `rules --coverage` command."""

from __future__ import annotations

import json

from iacgate.model.resource import Resource
from iacgate.rules import Context, Severity, Verdict, coverage, ok, rule
from iacgate.rules.dsl import Rule
from iacgate.rules.frameworks import Control, Framework

from ..conftest import run_cli

FRAMEWORK = Framework(
    id="demo-1.0",
    title="Demo",
    source="a test",
    controls=(
        Control("1", "checked fully"),
        Control("2", "checked in part", partly="the rest is not checked"),
        Control("3", "not checked yet"),
        Control("4", "cannot be checked", not_checkable="a runtime matter"),
        Control("5", "not checked either"),
    ),
)


def _rule(code: str, ids: list[str]) -> Rule:
    def check(resource: Resource, ctx: Context) -> Verdict:
        """Summary.

        What it checks
            x
        Why it matters
            y
        How to fix
            z
        """
        return ok()

    return rule(
        code=code,
        name="demo",
        kind="k8s.core.pod",
        severity=Severity.LOW,
        frameworks={"demo-1.0": ids},
    )(check)


def test_states_percentages_and_mistakes() -> None:
    measured = coverage.measure(
        FRAMEWORK, [_rule("T-002", ["2", "9"]), _rule("T-001", ["1", "2", "4"])]
    )
    states = {item.control.id: item.state for item in measured.controls}
    assert states == {
        "1": coverage.State.COVERED,
        "2": coverage.State.PARTLY,
        "3": coverage.State.NOT_COVERED,
        "4": coverage.State.COVERED,  # a rule maps to it: reported as a contradiction
        "5": coverage.State.NOT_COVERED,
    }
    assert measured.unknown == (("T-002", "9"),)
    assert measured.contradictions == (("T-001", "4"),)
    by_id = {item.control.id: item for item in measured.controls}
    assert [r.meta.code for r in by_id["2"].rules] == ["T-001", "T-002"]
    assert by_id["2"].note == "the rest is not checked"


def test_percentages_are_of_checkable_controls() -> None:
    measured = coverage.measure(FRAMEWORK, [_rule("T-001", ["1", "2"])])
    assert measured.checkable == 4
    assert measured.percent(coverage.State.COVERED) == 25.0
    assert measured.percent(coverage.State.COVERED, coverage.State.PARTLY) == 50.0
    text = coverage.render_text(measured)
    assert "1 covered, 1 partly, 2 not covered of 4 checkable controls: 25% (50%" in text
    assert "4  not checkable  cannot be checked  -- a runtime matter" in text
    page = coverage.render_markdown([measured], lambda r: f"rules/{r.meta.code}.md")
    assert (
        "| 2 | checked in part | partly | [T-001](rules/T-001.md) | the rest is not checked |"
        in page
    )


def test_cli_lists_each_control_of_a_framework() -> None:
    done = run_cli("rules", "--framework", "cis-k8s-1.9", "--coverage")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("cis-k8s-1.9: CIS Kubernetes Benchmark v1.9.0: ")
    assert any(
        line.startswith("1.2.1 ") and "covered" in line and "K8S-042" in line for line in lines
    )
    assert any(line.startswith("1.1.1 ") and "not checkable" in line for line in lines)
    as_json = run_cli("rules", "--framework", "aws-fsbp", "--coverage", "--format", "json")
    (framework,) = json.loads(as_json.stdout)["frameworks"]
    assert framework["id"] == "aws-fsbp" and framework["controls"] == len(framework["coverage"])
    states = {item["id"]: item["state"] for item in framework["coverage"]}
    assert states["S3.8"] == "covered" and states["IAM.4"] == "not checkable"


def test_cli_summarizes_every_framework_and_refuses_unknown_ones() -> None:
    done = run_cli("rules", "--coverage", "--format", "json")
    ids = [item["id"] for item in json.loads(done.stdout)["frameworks"]]
    assert ids == ["cis-aws-3.0", "aws-fsbp", "cis-k8s-1.9", "k8s-pss", "nsa-cisa-k8s-1.2"]
    unknown = run_cli("rules", "--framework", "pci-dss-4.0", "--coverage")
    assert unknown.returncode == 2 and "no control catalogue for 'pci-dss-4.0'" in unknown.stderr
