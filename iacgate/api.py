"""Library entry points. Takes and returns dataclasses; prints nothing."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iacgate import budget
from iacgate.engine import RuleTally, evaluate
from iacgate.findings import NOT_SCANNED, PARSE_ERROR, Finding, FindingStatus, fingerprint
from iacgate.graph.graph import EdgeType, ResourceGraph
from iacgate.model.locations import LocationTable
from iacgate.model.resource import Resource
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity
from iacgate.rules.packs import load_rules
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.discovery import Candidate
from iacgate.sources.kubernetes import helm, kustomize
from iacgate.sources.router import FileResult, load_file
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, DEFAULT_MAX_PLAN_BYTES

STDIN = "-"
STDIN_NAME = "<stdin>"

__all__ = ["STDIN", "ScanReport", "build_graph", "scan", "scan_plan"]


@dataclass(frozen=True, slots=True)
class ScanReport:
    findings: tuple[Finding, ...]
    files: int  # files read
    resources: int
    rules: int
    evaluated: int
    passed: int
    skipped: tuple[Diagnostic, ...] = field(default_factory=tuple)
    # The graph the rules judged (resources and locations), for the gate's inline ignores.
    graph: ResourceGraph | None = field(default=None, compare=False, repr=False)
    # Each rule's checks by outcome, and the resources some rule judged: compliance, coverage.
    by_rule: tuple[RuleTally, ...] = ()
    judged: int = 0
    # The run, so that reports compare over time (docs/json-output.md): wall time of reading
    # and judging, and what was scanned (paths or plan; or the live scope). ``checkout`` is the
    # directory whose repository and commit complete the target: read only by reports that
    # show them (``provenance.git_revision``), so a pre-commit run never reads .git.
    duration_seconds: float = 0.0
    target: Mapping[str, Any] = field(default_factory=dict)
    checkout: Path | None = field(default=None, compare=False, repr=False)


def _parse_error_finding(diagnostic: Diagnostic, core: tuple[str, str] = PARSE_ERROR) -> Finding:
    """A file-level finding: ``parse-error``, or ``file-not-scanned`` (high by default, like
    every finding of a file that was not judged; the gate configuration may change it)."""
    return Finding(
        code=core[0],
        name=core[1],
        severity=Severity.HIGH,
        status=FindingStatus.ERROR,
        kind="file",
        address=diagnostic.file,
        file=diagnostic.file,
        start_line=diagnostic.line,
        end_line=diagnostic.line,
        path="",
        message=diagnostic.message,
        fingerprint=fingerprint(core[0], diagnostic.file, diagnostic.file, ""),
        scope=diagnostic.file,
        source="file",
    )


def build_graph(
    results: Sequence[FileResult], unjudged: list[Diagnostic] | None = None
) -> ResourceGraph:
    """One graph from every file's resources, with every source's edges resolved.

    Edges the graph would not hold (a selector matching too much) are appended to
    ``unjudged`` as ``not-scanned`` diagnostics."""
    locations = LocationTable()
    graph = ResourceGraph(locations)
    for result in results:
        for resource in result.resources:
            if resource in graph:
                continue  # the same file named twice
            graph.add(resource)
        for key, spans in result.spans.items():
            locations.set_many(key, spans)
    for result in results:
        for source_key, path, target_key in result.edges:
            source, target = graph.get(source_key), graph.get(target_key)
            if source is not None and target is not None:
                graph.add_edge(source, target, EdgeType.REFERENCES, path)
    if any(kind.startswith("k8s.") for kind in graph.kinds()):
        from iacgate.graph import kubernetes

        for file, reason in kubernetes.build_edges(graph):
            if unjudged is not None:
                unjudged.append(Diagnostic(DiagnosticKind.NOT_SCANNED, file, reason))
    if any(kind.startswith("aws.") for kind in graph.kinds()):
        from iacgate.graph import aws

        aws.build_edges(graph)
    return graph


def _is_terraform(name: str) -> bool:
    return name.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json"))


# Below this many files or bytes, forking workers and sending their results back costs more
# than the parsing it spreads (260 small manifests, 150 KB: 0.27 s alone, 0.31 s with two).
PARALLEL_MIN_FILES = 64
PARALLEL_MIN_BYTES = 512 * 1024


def _enough_bytes(candidates: list[tuple[Path, str]]) -> bool:
    total = 0
    for path, _ in candidates:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reported when it is read
        if total >= PARALLEL_MIN_BYTES:
            return True
    return False


def _load_chunk(
    chunk: list[Candidate],
    max_file_bytes: int,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
    deadline: budget.Deadline | None = None,
) -> list[FileResult]:
    """Read files through the bounded reader (in a worker or here), until the deadline."""
    deadline = deadline or budget.deadline()
    results: list[FileResult] = []
    for item in chunk:
        if deadline.expired():
            late = FileResult(item.display)
            reason = f"not read: {deadline.reason()}"
            late.diagnostics.append(Diagnostic(DiagnosticKind.NOT_SCANNED, item.display, reason))
            results.append(late)
            continue
        results.append(
            load_file(
                item.path,
                item.display,
                max_file_bytes,
                root=root,
                cloudformation=cloudformation,
                owned=item.owner is not None,
            )
        )
    return results


def _load_all(
    candidates: list[Candidate],
    max_file_bytes: int,
    jobs: int,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
) -> list[FileResult]:
    """Load files, in worker processes when there are many; results keep the input order."""
    workers = min(jobs, max(1, len(candidates) // 32))
    if (
        workers <= 1
        or len(candidates) < PARALLEL_MIN_FILES
        or not _enough_bytes([(c.path, c.display) for c in candidates])
    ):
        return _load_chunk(candidates, max_file_bytes, root, cloudformation)
    from concurrent.futures import ProcessPoolExecutor

    # Contiguous chunks, a few per worker: few round trips, and a slow file delays only its own.
    size = max(1, -(-len(candidates) // (workers * 4)))
    chunks = [candidates[i : i + size] for i in range(0, len(candidates), size)]
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(
            _load_chunk,
            chunks,
            [max_file_bytes] * len(chunks),
            [root] * len(chunks),
            [cloudformation] * len(chunks),
            [budget.deadline()] * len(chunks),
        ):
            results.extend(part)
    return results


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_inputs(
    paths: Sequence[str],
    root: Path,
    max_file_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    path_filter: Callable[[str], bool] | None = None,
    tf_vars: Mapping[str, str] | None = None,
    tf_var_files: Sequence[str] = (),
    cloudformation: CloudFormationOptions | None = None,
    allow_remote_kustomize: bool = False,
) -> tuple[list[FileResult], list[Diagnostic]]:
    results: list[FileResult] = []
    skipped: list[Diagnostic] = []
    terraform: list[tuple[Path, str]] = []
    targets = [Path(p) for p in paths if p != STDIN]
    if STDIN in paths:
        # A Helm-rendered stream is split per template (``# Source:``); see sources/kubernetes.
        results.extend(helm.load_stream(sys.stdin.buffer.read(), STDIN_NAME, max_file_bytes))
    candidates: list[Candidate] = []
    boundary = _read_boundary(targets, root) if targets else root
    discovered = kustomize.discover_inputs(
        targets, root, boundary=boundary, allow_remote=allow_remote_kustomize
    )
    for item in discovered:
        if isinstance(item, Candidate):
            if path_filter is not None and not path_filter(item.display):
                continue  # excluded by the configuration's paths
            if _is_terraform(item.path.name):
                terraform.append((item.path, item.display))  # read per module directory
            else:
                candidates.append(item)
        elif isinstance(item, kustomize.Kustomization):
            if path_filter is None or path_filter(item.display):
                results.append(kustomize.render(item, allow_remote=allow_remote_kustomize))
        else:
            kind = DiagnosticKind.NOT_SCANNED if item.gating else DiagnosticKind.SKIPPED
            skipped.append(Diagnostic(kind, item.display, item.reason))
    results.extend(
        _load_all(candidates, max_file_bytes, jobs or default_jobs(), root, cloudformation)
    )
    if terraform:
        from iacgate.sources.terraform.reader import read_terraform
        from iacgate.sources.terraform.variables import VariableOptions

        options = VariableOptions(dict(tf_vars or {}), tuple(Path(f) for f in tf_var_files))
        results.extend(
            read_terraform(
                terraform, boundary, options, max_file_bytes, jobs or default_jobs(), targets
            )
        )
    return _without_included(results), skipped


def _read_boundary(targets: Sequence[Path], root: Path) -> Path:
    """The directory that files named by the scanned files (module sources, ``file()``) must
    stay inside: the scan root, or, for targets outside it, the narrowest directory holding
    them all, so that ``iacgate scan ../other/repo`` reads that repository's own modules."""
    real_root = root.resolve()
    resolved = [t.resolve() if t.is_dir() else t.resolve().parent for t in targets]
    if all(t == real_root or real_root in t.parents for t in resolved):
        return root
    return Path(os.path.commonpath([str(t) for t in resolved]))


def _without_included(results: list[FileResult]) -> list[FileResult]:
    """Files another file already read (nested stacks) are reported through that file only."""
    included = {name for result in results for name in result.includes}
    if not included:
        return results
    # Only what a top-level file (one nobody includes) read is dropped: in an include cycle
    # every member is kept, so the cycle's own diagnostic is still reported.
    covered = {name for r in results if r.file not in included for name in r.includes}
    return [r for r in results if r.file not in covered]


def scan(
    paths: Sequence[str] = (".",),
    *,
    rules: Sequence[Rule] | None = None,
    packs: Sequence[str] | None = None,
    root: Path | None = None,
    max_file_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    path_filter: Callable[[str], bool] | None = None,
    tf_vars: Mapping[str, str] | None = None,
    tf_var_files: Sequence[str] = (),
    cloudformation: CloudFormationOptions | None = None,
    time_limit: float | None = budget.DEFAULT_SCAN_SECONDS,
    allow_remote_kustomize: bool = False,
    judge: Callable[[Resource], bool] | None = None,
) -> ScanReport:
    """Scan files and directories (``-`` reads standard input) and evaluate the rules.

    ``jobs`` bounds the worker processes that parse files (default: the usable CPUs; 1 parses
    in this process); results do not depend on it. ``path_filter`` receives each discovered
    file's display path (relative to ``root``) and says whether to read it. ``tf_vars`` /
    ``tf_var_files`` set Terraform root module variables (``--var``, ``--var-file``) for every
    Terraform root found; ``cloudformation`` sets template parameters and ``--validate``.
    ``time_limit`` (seconds; None or 0: none) bounds the whole scan: what it cuts off is
    reported as not judged. ``allow_remote_kustomize`` lets kustomizations fetch remote
    resources (otherwise refused, and reported). ``judge`` limits which resources the rules judge
    (the rest is context, see ``evaluate``)."""
    started = time.perf_counter()
    root = (root or Path.cwd()).absolute()
    active = list(rules) if rules is not None else load_rules(packs)
    with budget.scan_deadline(time_limit):
        results, skipped = read_inputs(
            paths,
            root,
            max_file_bytes,
            jobs,
            path_filter,
            tf_vars,
            tf_var_files,
            cloudformation=cloudformation,
            allow_remote_kustomize=allow_remote_kustomize,
        )
        report = _report(results, skipped, active, judge)
    from iacgate.sources.discovery import display_path

    shown = [STDIN_NAME if p == STDIN else display_path(Path(p), root) for p in paths]
    boundary = _read_boundary([Path(p) for p in paths if p != STDIN], root)
    return _timed(report, started, {"type": "files", "paths": shown}, boundary)


def _timed(
    report: ScanReport, started: float, target: dict[str, Any], checkout: Path
) -> ScanReport:
    """The report with its run's duration, target and checkout."""
    duration = round(time.perf_counter() - started, 3)
    return replace(report, duration_seconds=duration, target=target, checkout=checkout)


def scan_plan(
    plan: str,
    config_dir: str | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    packs: Sequence[str] | None = None,
    root: Path | None = None,
    max_file_bytes: int = DEFAULT_MAX_PLAN_BYTES,
    tf_vars: Mapping[str, str] | None = None,
    tf_var_files: Sequence[str] = (),
    include_deleted: bool = False,
) -> ScanReport:
    """Scan a Terraform plan (``terraform show -json``) or state file.

    ``config_dir`` (default: the plan file's directory) is the configuration the plan was
    made from: findings point at its ``.tf`` lines; its files are not scanned again. Resources
    the plan deletes are left out unless ``include_deleted``."""
    from iacgate.sources.discovery import display_path
    from iacgate.sources.terraform.plan_scan import read_plan

    started = time.perf_counter()
    root = (root or Path.cwd()).absolute()
    active = list(rules) if rules is not None else load_rules(packs)
    plan_path = Path(plan)
    directory = Path(config_dir) if config_dir is not None else plan_path.absolute().parent
    options = None
    if tf_vars or tf_var_files:
        from iacgate.sources.terraform.variables import VariableOptions

        options = VariableOptions(dict(tf_vars or {}), tuple(Path(f) for f in tf_var_files))
    skipped: list[Diagnostic] = []
    target: dict[str, Any] = {"type": "plan", "plan": display_path(plan_path, root)}
    checkout = directory if directory.is_dir() else root
    if not plan_path.is_file():
        skipped.append(Diagnostic(DiagnosticKind.PARSE_ERROR, plan, "no such plan file"))
        return _timed(_report([], skipped, active), started, target, checkout)
    if not directory.is_dir():
        skipped.append(
            Diagnostic(DiagnosticKind.SKIPPED, str(directory), "configuration directory not found")
        )
    read = read_plan(
        plan_path,
        display_path(plan_path, root),
        config_dir=directory if directory.is_dir() else None,
        scan_root=root,
        options=options,
        max_bytes=max_file_bytes,
        include_deleted=include_deleted,
    )
    return _timed(_report([read.result], skipped, active), started, target, checkout)


def _file_findings(diagnostics: Sequence[Diagnostic], skipped: list[Diagnostic]) -> list[Finding]:
    """Findings for what was not judged; ``skipped`` gets what is listed with its reason."""
    findings: list[Finding] = []
    for diagnostic in diagnostics:
        if diagnostic.kind is DiagnosticKind.PARSE_ERROR:
            findings.append(_parse_error_finding(diagnostic))
            continue
        if diagnostic.kind is DiagnosticKind.NOT_SCANNED:
            findings.append(_parse_error_finding(diagnostic, NOT_SCANNED))
        skipped.append(diagnostic)  # listed with its reason (the summary says why)
    return findings


def _report(
    results: list[FileResult],
    skipped: list[Diagnostic],
    active: list[Rule],
    judge: Callable[[Resource], bool] | None = None,
) -> ScanReport:
    listed: list[Diagnostic] = []
    findings = _file_findings(skipped, listed)
    for result in results:
        findings.extend(result.findings)
        findings.extend(_file_findings(result.diagnostics, listed))
    unjudged: list[Diagnostic] = []
    graph = build_graph(results, unjudged)
    findings.extend(_file_findings(unjudged, listed))
    skipped = listed
    evaluation = evaluate(active, graph, judge=judge)
    findings.extend(evaluation.findings)
    findings.sort(key=Finding.sort_key)
    return ScanReport(
        findings=tuple(findings),
        files=len(results),
        resources=len(graph),
        rules=len(active),
        evaluated=evaluation.evaluated,
        passed=evaluation.passed,
        skipped=tuple(sorted(skipped, key=lambda d: d.file)),
        graph=graph,
        by_rule=evaluation.by_rule,
        judged=evaluation.judged,
    )
