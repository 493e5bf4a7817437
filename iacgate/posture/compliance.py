"""Compliance per framework and per control: the share of judged checks that pass.

A check is one rule judging one resource. The figures come from the scan reports' per-rule
counts (``rules``), which the bundled rules map to framework controls. ``passed / (passed +
failed)`` is the compliance ratio; checks a rule could not decide (UNKNOWN) and checks it
could not make (it crashed: not judged) are counted apart and never in the ratio's favour or
against it. A rule mapped to several controls of a framework counts once in the framework's
figure and once in each control's. Exceptions do not change compliance: an accepted risk is
still a failing check (the report lists exceptions separately).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from iacgate.posture.history import RuleCounts, ScanRun

# The frameworks the bundled rules declare (``iacgate rules --format json``), in report order,
# with the names people know them by. Frameworks of other packs are reported under their ids.
FRAMEWORKS: dict[str, str] = {
    "cis-aws-3.0": "CIS AWS Foundations Benchmark 3.0",
    "aws-fsbp": "AWS Foundational Security Best Practices",
    "k8s-pss": "Kubernetes Pod Security Standards",
    "cis-k8s-1.9": "CIS Kubernetes Benchmark 1.9",
    "nsa-cisa-k8s-1.2": "NSA/CISA Kubernetes Hardening Guidance 1.2",
}


@dataclass(frozen=True, slots=True)
class Tally:
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    not_judged: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.passed + other.passed,
            self.failed + other.failed,
            self.unknown + other.unknown,
            self.not_judged + other.not_judged,
        )

    @property
    def judged(self) -> int:
        return self.passed + self.failed

    @property
    def checks(self) -> int:
        return self.judged + self.unknown + self.not_judged

    @property
    def ratio(self) -> float | None:
        """Passing share of the judged checks; None when nothing was judged."""
        return self.passed / self.judged if self.judged else None


def tally_of(rule: RuleCounts) -> Tally:
    return Tally(rule.passed, rule.failed, rule.unknown, rule.not_judged)


class ControlState(StrEnum):
    PASSING = "passing"  # checks passed, none failed, none undecided
    FAILING = "failing"  # at least one check failed
    INCOMPLETE = "incomplete"  # none failed, but some were UNKNOWN or not judged
    NO_DATA = "no-data"  # no resource of the rules' kinds: nothing to judge


@dataclass(frozen=True, slots=True)
class ControlCompliance:
    control: str
    rules: tuple[str, ...]  # rule codes mapped to the control
    tally: Tally

    @property
    def state(self) -> ControlState:
        if self.tally.failed:
            return ControlState.FAILING
        if self.tally.unknown or self.tally.not_judged:
            return ControlState.INCOMPLETE
        return ControlState.PASSING if self.tally.passed else ControlState.NO_DATA


@dataclass(frozen=True, slots=True)
class FrameworkCompliance:
    framework: str
    name: str
    tally: Tally
    controls: tuple[ControlCompliance, ...]

    def controls_in(self, state: ControlState) -> int:
        return sum(1 for c in self.controls if c.state is state)


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """``1.10`` after ``1.9``; ``S3.10`` after ``S3.9``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text)
    )


def framework_order(framework: str) -> tuple[int, str]:
    order = list(FRAMEWORKS)
    return (order.index(framework), "") if framework in order else (len(order), framework)


def rule_totals(runs: Iterable[ScanRun]) -> list[RuleCounts]:
    """Every rule's counts summed over the runs (the latest run of each stream: the estate);
    its name, severity and mappings as the newest run states them."""
    merged: dict[str, RuleCounts] = {}
    for run in runs:
        for rule in run.rules or ():
            before = merged.get(rule.code)
            if before is None:
                merged[rule.code] = rule
                continue
            merged[rule.code] = RuleCounts(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                frameworks=rule.frameworks,
                passed=before.passed + rule.passed,
                failed=before.failed + rule.failed,
                unknown=before.unknown + rule.unknown,
                not_judged=before.not_judged + rule.not_judged,
            )
    return list(merged.values())


def compliance(runs: Sequence[ScanRun]) -> tuple[FrameworkCompliance, ...]:
    """Compliance per framework and control over the given runs' checks, summed."""
    frameworks: dict[str, Tally] = {}
    controls: dict[tuple[str, str], tuple[list[str], Tally]] = {}
    for rule in rule_totals(runs):
        tally = tally_of(rule)
        for framework, ids in rule.frameworks:
            frameworks[framework] = frameworks.get(framework, Tally()) + tally
            for control in ids:
                codes, sofar = controls.get((framework, control), ([], Tally()))
                controls[(framework, control)] = ([*codes, rule.code], sofar + tally)
    out = []
    for framework in sorted(frameworks, key=framework_order):
        mine = [
            ControlCompliance(control, tuple(sorted(codes)), tally)
            for (name, control), (codes, tally) in controls.items()
            if name == framework
        ]
        mine.sort(key=lambda c: _natural(c.control))
        out.append(
            FrameworkCompliance(
                framework, FRAMEWORKS.get(framework, framework), frameworks[framework], tuple(mine)
            )
        )
    return tuple(out)


def framework_ratios(run: ScanRun) -> dict[str, float | None]:
    """Each framework's compliance in one run, without the per-control detail (trends)."""
    tallies: dict[str, Tally] = {}
    for rule in run.rules or ():
        tally = tally_of(rule)
        for framework, _ in rule.frameworks:
            tallies[framework] = tallies.get(framework, Tally()) + tally
    return {f: tallies[f].ratio for f in sorted(tallies, key=framework_order)}
