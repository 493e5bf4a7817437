"""Posture: the rules on the live graph, reported like a scan of files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iacgate.api import ScanReport, build_graph
from iacgate.engine import evaluate
from iacgate.findings import Finding
from iacgate.graph.graph import ResourceGraph
from iacgate.live.coverage import EVERYWHERE, Coverage
from iacgate.live.snapshot import Snapshot
from iacgate.model.resource import Resource
from iacgate.rules.dsl import Rule
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.router import FileResult


def graph_of(resources: Iterable[Resource], name: str = "<live>") -> ResourceGraph:
    """A graph of live resources with every provider's edges, built like a scan's graph."""
    return build_graph([FileResult(name, resources=list(resources), recognised=True)])


def coverage_diagnostics(coverage: Coverage) -> list[Diagnostic]:
    """Coverage gaps in the shape scan reports already show (``skipped``)."""
    found = []
    for gap in coverage.gaps:
        where = "everywhere" if gap.where == EVERYWHERE else gap.where
        found.append(
            Diagnostic(
                DiagnosticKind.SKIPPED,
                f"{gap.kind} ({where})",
                f"not collected: {gap.status.value}: {gap.detail}",
            )
        )
    return found


def posture(snapshot: Snapshot, rules: Sequence[Rule]) -> ScanReport:
    graph = graph_of(snapshot.resources, snapshot.scope)
    evaluation = evaluate(rules, graph)
    findings = sorted(evaluation.findings, key=Finding.sort_key)
    return ScanReport(
        findings=tuple(findings),
        files=0,
        resources=len(graph),
        rules=len(rules),
        evaluated=evaluation.evaluated,
        passed=evaluation.passed,
        skipped=tuple(coverage_diagnostics(snapshot.coverage)),
    )
