"""The engine: verdicts become findings; broken rules become internal-error findings."""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.api import build_graph
from iacgate.engine import evaluate
from iacgate.findings import FindingStatus
from iacgate.model.resource import Resource
from iacgate.pipeline import load_text
from iacgate.rules import Context, Severity, Verdict, fail, ok, rule, unknown

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n"


@rule(code="TEST-001", name="crashes", kind="k8s.core.pod", severity=Severity.LOW)
def crashes(resource: Resource, ctx: Context) -> Verdict:
    """Crashes."""
    raise KeyError("boom")


@rule(code="TEST-002", name="returns-garbage", kind="k8s.core.pod", severity=Severity.LOW)
def returns_garbage(resource: Resource, ctx: Context) -> Verdict:
    """Returns something that is not a verdict."""
    return "nope"  # type: ignore[return-value]


@rule(code="TEST-003", name="mixed", kind="k8s.core.pod", severity=Severity.MEDIUM)
def mixed(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """Answers several times."""
    yield ok()
    yield fail("host pid", "spec.hostPID")
    yield unknown("cannot tell", ("metadata", "name"))


@rule(code="TEST-004", name="passes", kind="k8s.core.pod", severity=Severity.HIGH)
def passes(resource: Resource, ctx: Context) -> Verdict:
    """Passes."""
    return ok()


def test_crashing_and_garbage_rules_become_internal_errors_and_the_scan_goes_on() -> None:
    graph = build_graph([load_text(POD, "pod.yaml")])
    result = evaluate([crashes, returns_garbage, mixed, passes], graph)
    by_code: dict[str, list[str]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding.status.value)
    assert by_code["CORE-002"] == ["error", "error"]
    crash = [f for f in result.findings if f.code == "CORE-002"]
    assert "TEST-001" in crash[0].message and "KeyError" in crash[0].message
    assert "TEST-002" in crash[1].message and "str" in crash[1].message
    assert crash[0].severity is Severity.HIGH  # never a silent pass
    assert by_code["TEST-003"] == ["fail", "unknown"]
    assert "TEST-004" not in by_code
    assert result.evaluated == 4 and result.passed == 1


def test_findings_point_at_the_verdict_path() -> None:
    graph = build_graph([load_text(POD, "pod.yaml")])
    result = evaluate([mixed], graph)
    failed = next(f for f in result.findings if f.status is FindingStatus.FAIL)
    assert (failed.file, failed.start_line, failed.path) == ("pod.yaml", 6, "spec.hostPID")
    undecided = next(f for f in result.findings if f.status is FindingStatus.UNKNOWN)
    assert undecided.start_line == 4


def test_fingerprints_ignore_lines() -> None:
    shifted = "# a comment\n# another\n" + POD
    first = evaluate([mixed], build_graph([load_text(POD, "pod.yaml")])).findings
    second = evaluate([mixed], build_graph([load_text(shifted, "pod.yaml")])).findings
    assert [f.start_line for f in first] != [f.start_line for f in second]
    assert [f.fingerprint for f in first] == [f.fingerprint for f in second]


@rule(code="TEST-005", name="loops-forever", kind="k8s.core.pod", severity=Severity.LOW)
def loops_forever(resource: Resource, ctx: Context) -> Verdict:
    """Never returns, and swallows ordinary exceptions on the way."""
    while True:
        try:  # noqa: SIM105 - the point is a bare swallow of Exception
            sum(range(1000))
        except Exception:
            pass


def test_a_looping_rule_is_stopped_by_its_budget_and_the_scan_completes() -> None:
    graph = build_graph([load_text(POD, "pod.yaml")])
    result = evaluate([loops_forever, mixed], graph, rule_budget=0.3)
    stopped = [f for f in result.findings if f.code == "CORE-002"]
    assert len(stopped) == 1 and "time budget" in stopped[0].message
    assert any(f.code == "TEST-003" for f in result.findings)  # the next rule still ran


@rule(code="TEST-005", name="undecided", kind="k8s.core.pod", severity=Severity.LOW)
def undecided(resource: Resource, ctx: Context) -> Verdict:
    """Cannot tell for the second pod."""
    return unknown("no name") if resource.address.endswith("/q") else ok()


@rule(code="TEST-006", name="no-such-kind", kind="k8s.core.service", severity=Severity.LOW)
def no_such_kind(resource: Resource, ctx: Context) -> Verdict:
    """Judges a kind the input does not hold."""
    return ok()


def test_each_rule_counts_its_checks_by_outcome() -> None:
    two = (
        POD + "---\n" + POD.replace("name: p", "name: q").replace("hostPID: true", "hostPID: false")
    )
    graph = build_graph([load_text(two, "pods.yaml")])
    result = evaluate([crashes, mixed, passes, undecided, no_such_kind], graph)
    tallies = {
        t.meta.code: (t.passed, t.failed, t.unknown, t.not_judged, t.checks) for t in result.by_rule
    }
    assert tallies == {
        "TEST-001": (0, 0, 0, 2, 2),  # crashed on both pods: not judged
        "TEST-003": (0, 2, 0, 0, 2),  # a FAIL among its verdicts makes the check failed
        "TEST-004": (2, 0, 0, 0, 2),
        "TEST-005": (1, 0, 1, 0, 2),
        "TEST-006": (0, 0, 0, 0, 0),  # listed, with nothing to judge
    }
    assert sum(t.checks for t in result.by_rule) == result.evaluated == 8
    assert sum(t.passed for t in result.by_rule) == result.passed == 3
    assert result.judged == 2  # both pods are of a kind some rule judges
