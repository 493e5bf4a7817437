"""The gate's verdict on a scan: every finding with its state, suppression and whether it fails
the gate; what was fixed; the rules that ran. Reporters render this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from iacgate.api import ScanReport
from iacgate.findings import Finding
from iacgate.gate.threshold import gating
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity


class State(StrEnum):
    NEW = "new"  # not in the baseline / not at the merge base
    EXISTING = "existing"  # already there: reported, never fails the gate


class SuppressionKind(StrEnum):
    INLINE = "inline"  # a comment, annotation or Metadata entry in the scanned file
    EXCEPTION = "exception"  # a record in the configuration or an exceptions file


@dataclass(frozen=True, slots=True)
class Suppression:
    kind: SuppressionKind
    reason: str
    file: str  # where the ignore or the exception record is written
    line: int
    owner: str | None = None
    expires: dt.date | None = None
    ticket: str | None = None


@dataclass(frozen=True, slots=True)
class GatedFinding:
    finding: Finding
    gating: bool  # this finding fails the gate
    state: State | None = None  # None unless a baseline or diff base is in effect
    suppression: Suppression | None = None
    environment: str = ""  # the configured environment whose settings applied
    notes: tuple[str, ...] = ()  # e.g. an expired exception that no longer covers it

    @property
    def shown(self) -> bool:
        """Shown in human reports: neither suppressed nor already existing."""
        return self.suppression is None and self.state is not State.EXISTING


@dataclass(frozen=True, slots=True)
class FixedFinding:
    """A finding of the baseline or the merge base that is gone."""

    code: str
    name: str
    severity: Severity
    kind: str
    address: str
    file: str
    path: str
    fingerprint: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class GateReport:
    scan: ScanReport
    findings: tuple[GatedFinding, ...]
    failed: bool
    rules: tuple[Rule, ...] = ()
    fixed: tuple[FixedFinding, ...] | None = None  # None unless compared with something
    compared_with: str | None = None  # "baseline FILE", "merge base of main (abc1234)"
    fail_on: Severity | None = Severity.HIGH
    fail_on_risk: int | None = None  # --fail-on-risk: also fails findings scoring this or more
    # The file that stands for findings without a file of their own (a live snapshot): SARIF
    # needs a physical location for every result.
    artifact: str | None = None
    # (file, rule, reason) of every inline ignore that could suppress, for a later comparison
    # (``ignores.only-from-base``).
    inline_ignores: tuple[tuple[str, str, str], ...] = ()

    @property
    def compared(self) -> bool:
        return self.fixed is not None

    @property
    def shown(self) -> list[GatedFinding]:
        return [g for g in self.findings if g.shown]

    @property
    def suppressed(self) -> list[GatedFinding]:
        return [g for g in self.findings if g.suppression is not None]

    @property
    def gating(self) -> list[GatedFinding]:
        return [g for g in self.findings if g.gating]

    def count(self, state: State) -> int:
        return sum(1 for g in self.findings if g.state is state and g.suppression is None)

    @classmethod
    def plain(
        cls, scan: ScanReport, failed: bool, fail_on: Severity | None = Severity.HIGH
    ) -> GateReport:
        """A scan with no gate configuration: the threshold alone decides."""
        failing = {id(f) for f in gating(scan.findings, fail_on)}
        findings = tuple(GatedFinding(f, id(f) in failing) for f in scan.findings)
        return cls(scan, findings, failed, fail_on=fail_on)


def risk_score(finding: Finding) -> int:
    """A finding's risk score; -1 when it has none (unknown verdicts, errors)."""
    return finding.risk.score if finding.risk is not None else -1


def by_risk(report: GateReport) -> GateReport:
    """The report with its findings ordered by risk, highest first (``--sort risk``); ties
    keep the usual order (file, line, code)."""
    ordered = sorted(report.findings, key=lambda g: (-risk_score(g.finding), g.finding.sort_key()))
    return replace(report, findings=tuple(ordered))
