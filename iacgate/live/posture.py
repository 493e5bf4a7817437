"""Posture: the rules on the live graph, reported like a scan of files."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from iacgate.api import ScanReport, build_graph
from iacgate.engine import evaluate
from iacgate.findings import SCOPE_NOT_READ, Finding, FindingStatus, fingerprint
from iacgate.graph.graph import ResourceGraph
from iacgate.live.coverage import EVERYWHERE, Coverage
from iacgate.live.snapshot import Snapshot, live_source
from iacgate.model.resource import Resource
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.router import FileResult

if TYPE_CHECKING:
    from iacgate.gate.report import GateReport
    from iacgate.gate.run import ScanOptions


def graph_of(resources: Iterable[Resource], name: str = "<live>") -> ResourceGraph:
    """A graph of live resources with every provider's edges, built like a scan's graph. A
    snapshot of several accounts gives one input per account (its scope)."""
    by_scope: dict[str, list[Resource]] = {}
    for resource in resources:
        by_scope.setdefault(resource.scope, []).append(resource)
    if len(by_scope) <= 1:
        only = next(iter(by_scope.values()), [])
        return build_graph([FileResult(name, resources=only, recognised=True)])
    return build_graph(
        [FileResult(scope, resources=found, recognised=True) for scope, found in by_scope.items()]
    )


def unread_findings(snapshot: Snapshot) -> list[Finding]:
    """A finding for each part of the scope nothing could be read from (an account whose role
    could not be assumed): nothing in it was judged, so it fails the gate as a file that does
    not parse does."""
    found = []
    for unread in snapshot.coverage.unread:
        scope = f"{snapshot.provider}:{unread.where}"
        named = f" ({unread.name})" if unread.name else ""
        found.append(
            Finding(
                code=SCOPE_NOT_READ[0],
                name=SCOPE_NOT_READ[1],
                severity=Severity.HIGH,
                status=FindingStatus.ERROR,
                kind="live-scope",
                address=unread.where,
                file="",
                start_line=0,
                end_line=0,
                path="",
                message=f"{unread.where}{named} was not read, so nothing in it was judged: "
                f"{unread.status.value}: {unread.detail}",
                fingerprint=fingerprint(SCOPE_NOT_READ[0], scope, unread.where, ""),
                scope=scope,
                source=live_source(snapshot.provider),
            )
        )
    return found


def coverage_diagnostics(coverage: Coverage) -> list[Diagnostic]:
    """Coverage gaps in the shape scan reports already show (``skipped``)."""
    found = []
    for gap in coverage.read_gaps:
        where = "everywhere" if gap.where == EVERYWHERE else gap.where
        found.append(
            Diagnostic(
                DiagnosticKind.SKIPPED,
                f"{gap.kind} ({where})",
                f"not collected: {gap.status.value}: {gap.detail}",
            )
        )
    return found


def _owners(resource: Resource) -> list[str]:
    """The uids of the resource's controllers (Kubernetes ``ownerReferences``)."""
    refs = resource.get(("metadata", "ownerReferences"))
    if not isinstance(refs, list):
        return []
    return [
        str(ref["uid"])
        for ref in refs
        if isinstance(ref, Mapping) and ref.get("controller") is True and ref.get("uid")
    ]


def without_inherited(findings: Iterable[Finding], graph: ResourceGraph) -> list[Finding]:
    """Drop a finding on a controller-made object (a Deployment's ReplicaSet and Pods) when
    its controller carries the same rule's finding: the owner is what to fix, and one
    privileged DaemonSet should not read as fifty privileged Pods."""
    findings = list(findings)
    by_uid = {r.physical_id: r for r in graph.resources() if r.physical_id}
    codes: dict[str, set[str]] = {}
    for finding in findings:
        codes.setdefault(f"{finding.scope}::{finding.address}", set()).add(finding.code)

    def inherited(key: str, code: str, depth: int = 0) -> bool:
        resource = graph.get(key)
        if resource is None or depth > 16:
            return False
        for uid in _owners(resource):
            owner = by_uid.get(uid)
            if owner is not None and (
                code in codes.get(owner.key, ()) or inherited(owner.key, code, depth + 1)
            ):
                return True
        return False

    return [f for f in findings if not inherited(f"{f.scope}::{f.address}", f.code)]


def live_target(snapshot: Snapshot) -> dict[str, object]:
    """What a live report judged: the scope, when it was read, and what was asked for."""
    target: dict[str, object] = {
        "type": "live",
        "provider": snapshot.provider,
        "scope": snapshot.scope,
        "collected_at": snapshot.collected_at,
    }
    if snapshot.duration_seconds is not None:
        target["collection_seconds"] = snapshot.duration_seconds
    # The kinds listed are in the coverage; the rest (account, regions; context, server).
    for key, value in sorted(snapshot.target.items()):
        if key not in target and key != "kinds":
            target[key] = value
    return target


def posture(snapshot: Snapshot, rules: Sequence[Rule]) -> ScanReport:
    started = time.perf_counter()
    graph = graph_of(snapshot.resources, snapshot.scope)
    evaluation = evaluate(rules, graph)
    judged = without_inherited(evaluation.findings, graph)
    findings = sorted([*judged, *unread_findings(snapshot)], key=Finding.sort_key)
    return ScanReport(
        findings=tuple(findings),
        files=0,
        resources=len(graph),
        rules=len(rules),
        evaluated=evaluation.evaluated,
        passed=evaluation.passed,
        skipped=tuple(coverage_diagnostics(snapshot.coverage)),
        graph=graph,
        by_rule=evaluation.by_rule,
        judged=evaluation.judged,
        duration_seconds=round(time.perf_counter() - started, 3),
        target=live_target(snapshot),
    )


def gated_posture(snapshot: Snapshot, options: ScanOptions) -> GateReport:
    """Posture through the gate, like a scan of files: the configuration's rule selection,
    severity overrides, exceptions and threshold apply to live findings too. A baseline applies
    only when named (``--baseline``): the configuration's baseline records code findings."""
    from iacgate.gate import baseline as baseline_file
    from iacgate.gate.errors import ConfigError
    from iacgate.gate.process import judge
    from iacgate.gate.run import settings_for

    if options.diff_base is not None:
        raise ConfigError("--diff-base compares code at two commits; it does not apply to --live")
    settings = settings_for(options)
    scan = posture(snapshot, list(settings.rules))
    if options.baseline is not None:
        known = baseline_file.load(options.baseline)
        return judge(scan, settings, known=known.entries, compared_with=f"baseline {known.file}")
    return judge(scan, settings)
