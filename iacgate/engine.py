"""Evaluate rules over a resource graph: rules x resources of their kinds -> findings."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from iacgate.budget import Budget, RuleTimeout
from iacgate.findings import INTERNAL_ERROR, Finding, FindingStatus, fingerprint
from iacgate.graph.graph import ResourceGraph
from iacgate.graph.risk import risk_of
from iacgate.model.locations import Location
from iacgate.model.memo import forget
from iacgate.model.paths import AttrPath, format_path
from iacgate.model.resource import Resource
from iacgate.model.risk import Risk
from iacgate.model.unknown import OUTSIDE_CODE
from iacgate.rules.context import Context
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import RuleMeta, Severity
from iacgate.rules.verdicts import Status, Verdict


@dataclass(frozen=True, slots=True)
class RuleTally:
    """One rule's checks, by outcome: the per-control figures of compliance reports."""

    meta: RuleMeta
    passed: int = 0  # every verdict passed
    failed: int = 0  # at least one verdict failed
    unknown: int = 0  # no verdict failed, at least one was UNKNOWN
    not_judged: int = 0  # the rule crashed or overran its budget: an internal-error finding

    @property
    def checks(self) -> int:
        return self.passed + self.failed + self.unknown + self.not_judged


@dataclass(frozen=True, slots=True)
class Evaluation:
    findings: tuple[Finding, ...]
    passed: int  # (rule, resource) pairs that passed
    evaluated: int  # (rule, resource) pairs evaluated
    by_rule: tuple[RuleTally, ...] = ()  # in the order the rules ran
    judged: int = 0  # resources of a kind at least one rule judges


def _verdicts(answer: object) -> list[Verdict]:
    """Normalize what a rule returned; anything that is not verdicts is a rule defect."""
    if isinstance(answer, Verdict):
        return [answer]
    if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        raise TypeError(f"rule returned {type(answer).__name__}, expected Verdict(s)")
    items = list(answer)
    for item in items:
        if not isinstance(item, Verdict):
            raise TypeError(f"rule returned {type(item).__name__} in its verdicts")
    return items


def _own(verdicts: list[Verdict]) -> list[Verdict]:
    """A split resource judged on its own (its owner is outside the code): the verdicts that
    do not hang on the owner's other attributes, which nothing here can know."""
    return [v for v in verdicts if not (v.status is Status.UNKNOWN and OUTSIDE_CODE in v.message)]


def make_finding(
    rule_code: str,
    rule_name: str,
    severity: Severity,
    status: FindingStatus,
    resource: Resource,
    path: AttrPath,
    message: str,
    location: Location | None,
    risk: Risk | None = None,
) -> Finding:
    shown = format_path(path)
    file = location.file if location else (resource.file or "")
    start = location.start_line if location else 0
    end = location.end_line if location else start
    return Finding(
        code=rule_code,
        name=rule_name,
        severity=severity,
        status=status,
        kind=resource.kind,
        address=resource.address,
        file=file,
        start_line=start,
        end_line=end,
        path=shown,
        message=message,
        fingerprint=fingerprint(rule_code, resource.scope, resource.address, shown, resource.kind),
        scope=resource.scope,
        source=resource.source,
        origins=tuple(o for o in resource.value_origins(path) if o != (file, start)),
        risk=risk,
    )


DEFAULT_RULE_BUDGET = 5.0  # seconds per (rule, resource); generous: rules take microseconds


def _internal_error(rule: Rule, resource: Resource, graph: ResourceGraph, why: str) -> Finding:
    return make_finding(
        INTERNAL_ERROR[0],
        INTERNAL_ERROR[1],
        Severity.HIGH,  # a rule that could not judge must not pass silently
        FindingStatus.ERROR,
        resource,
        (),
        f"rule {rule.meta.code} ({rule.meta.name}) {why}",
        graph.locations.get(resource.key),
    )


def evaluate(
    rules: Sequence[Rule],
    graph: ResourceGraph,
    *,
    rule_budget: float | None = DEFAULT_RULE_BUDGET,
    judge: Callable[[Resource], bool] | None = None,
) -> Evaluation:
    """Run every rule on every resource of its kinds. Never raises for a rule's fault: a rule
    that raises, returns garbage or overruns ``rule_budget`` seconds yields an
    ``internal-error`` finding for that resource, and the scan goes on. With ``judge``, only the
    resources it accepts are judged; the others are context (rules still see them through the
    graph), as when the pre-commit hook reads unchanged files for their NetworkPolicies."""
    try:
        return _evaluate(rules, graph, rule_budget, judge)
    finally:
        forget()  # the rules' per-resource memos (model/memo.py) live as long as one evaluation


def _evaluate(
    rules: Sequence[Rule],
    graph: ResourceGraph,
    rule_budget: float | None,
    judge: Callable[[Resource], bool] | None,
) -> Evaluation:
    context = Context(graph)
    findings: list[Finding] = []
    tallies: list[RuleTally] = []
    passed = evaluated = 0
    with Budget(rule_budget) as budget:
        for rule in rules:
            meta = rule.meta
            rule_passed = rule_failed = rule_unknown = rule_errors = 0
            for resource in graph.resources(meta.kinds):
                if judge is not None and not judge(resource):
                    continue
                evaluated += 1
                budget.start()
                try:
                    verdicts = _verdicts(rule.check(resource, context))
                except RuleTimeout:
                    why = f"exceeded its time budget of {rule_budget:g} s and was stopped"
                    findings.append(_internal_error(rule, resource, graph, why))
                    rule_errors += 1
                    continue
                except MemoryError:
                    budget.stop()  # no time-out may replace it while it unwinds
                    raise  # the process, not the rule: the CLI exits 3
                except Exception as exc:  # a broken rule must not stop the scan
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    why = (
                        f"crashed: {type(exc).__name__}: {exc} "
                        f"at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
                    )
                    findings.append(_internal_error(rule, resource, graph, why))
                    rule_errors += 1
                    continue
                finally:
                    budget.stop()
                if "standalone" in resource.origin:
                    verdicts = _own(verdicts)
                    if not verdicts:
                        evaluated -= 1  # only the owner outside the code could tell
                        continue
                failed = any_fail = False
                for verdict in verdicts:
                    if verdict.status is Status.PASS:
                        continue
                    failed = True
                    any_fail = any_fail or verdict.status is Status.FAIL
                    status = (
                        FindingStatus.FAIL
                        if verdict.status is Status.FAIL
                        else FindingStatus.UNKNOWN
                    )
                    findings.append(
                        make_finding(
                            meta.code,
                            meta.name,
                            meta.severity,
                            status,
                            resource,
                            verdict.path,
                            verdict.message,
                            graph.locations.get(verdict.at or resource.key, verdict.path),
                            # Scored as it is made (graph/risk.py), not copied once more later.
                            risk_of(graph, resource.key, meta.severity, meta.code)
                            if status is FindingStatus.FAIL
                            else None,
                        )
                    )
                if not failed:
                    passed += 1
                    rule_passed += 1
                elif any_fail:
                    rule_failed += 1
                else:
                    rule_unknown += 1
            tallies.append(RuleTally(meta, rule_passed, rule_failed, rule_unknown, rule_errors))
    kinds = {kind for rule in rules for kind in rule.meta.kinds}
    judged = sum(len(graph.resources(kind)) for kind in kinds)
    return Evaluation(tuple(findings), passed, evaluated, tuple(tallies), judged)
