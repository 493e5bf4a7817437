"""One pipeline for code and live state: records -> normalize -> graph -> rules.

Sources (``iacgate.sources``) read files into records and live collectors (``iacgate.live``)
read APIs into records; neither makes canonical resources. This module is where records
become resources (``normalize_all`` for files, ``snapshot`` for live collections), where
resources become a graph (``build_graph``) and where the rules judge it (``evaluate``). A scan
of files and a posture scan of a live snapshot end in the same ``ScanReport`` and go through
the same gate.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from iacgate import budget
from iacgate.model.diagnostics import Diagnostic, DiagnosticKind
from iacgate.model.findings import (
    NOT_SCANNED,
    PARSE_ERROR,
    SCOPE_NOT_READ,
    Finding,
    FindingStatus,
    fingerprint,
)
from iacgate.model.resource import VALUE_ORIGINS, Resource
from iacgate.model.results import NO_KIND, NO_OWNER, NO_RULE, FileResult
from iacgate.model.severity import Severity
from iacgate.sources.terraform import is_terraform_file

if TYPE_CHECKING:
    from iacgate.engine import RuleTally
    from iacgate.gate.report import GateReport
    from iacgate.gate.run import ScanOptions
    from iacgate.graph.graph import ResourceGraph
    from iacgate.live.aws.collect import Collection as AwsCollection
    from iacgate.live.aws.organizations import OrganizationCollection, Selection
    from iacgate.live.aws.session import Target as AwsTarget
    from iacgate.live.coverage import Coverage
    from iacgate.live.k8s.collect import Collection as K8sCollection
    from iacgate.live.snapshot import Snapshot
    from iacgate.rules.dsl import Rule
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions
    from iacgate.sources.cloudformation.records import CloudFormationTemplate
    from iacgate.sources.discovery import Candidate
    from iacgate.sources.kubernetes.records import Manifests
    from iacgate.sources.terraform.plan_scan import PlanRead
    from iacgate.sources.terraform.records import TerraformRoot
    from iacgate.sources.textfile import TextResult

STDIN = "-"
STDIN_NAME = "<stdin>"


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
    # What was read but not judged: (reason, type or kind, count), sorted (``not_judged`` in
    # the JSON summary; see docs/json-output.md).
    not_judged: tuple[tuple[str, str, int], ...] = ()


def timed(report: ScanReport, started: float, target: dict[str, Any], checkout: Path) -> ScanReport:
    """The report with its run's duration, target and checkout."""
    duration = round(time.perf_counter() - started, 3)
    return replace(report, duration_seconds=duration, target=target, checkout=checkout)


# -- records -> resources (files) -------------------------------------------------------------


def normalize_all(results: list[FileResult]) -> list[FileResult]:
    """Every result's records as canonical resources (in place; the list may grow: a Terraform
    root's resources go to the result of the file their block is written in)."""
    by_file = {result.file: result for result in results}
    for result in list(results):
        for records in result.records:
            _normalize(records, result, by_file, results)
        result.records.clear()
    return results


def _normalize(
    records: object,
    result: FileResult,
    by_file: dict[str, FileResult],
    results: list[FileResult],
) -> None:
    # By the record set's type name: a scan imports only the sources it read.
    kind = type(records).__name__
    if kind == "TerraformRoot":
        _terraform(cast("TerraformRoot", records), result, by_file, results)
    elif kind == "CloudFormationTemplate":
        _cloudformation(cast("CloudFormationTemplate", records), result)
    elif kind == "Manifests":
        _manifests(cast("Manifests", records), result)
    else:
        raise TypeError(f"no normalizer for {kind}")


def _terraform(
    root: TerraformRoot,
    host: FileResult,
    by_file: dict[str, FileResult],
    results: list[FileResult],
) -> None:
    """A normalizer failure must not stop the scan: the root is then normalized record by
    record (split resources lose their owner) and each failing record becomes a diagnostic."""
    from iacgate.normalize import terraform

    def place(resource: Resource, spans: Mapping[Any, Any]) -> None:
        target = host
        if root.per_file:
            block = spans.get(())
            file = block.file if block else (resource.file or root.scope)
            target = by_file.get(file) or _new_result(file, by_file, results)
        target.resources.append(resource)
        target.spans[resource.key] = dict(spans)

    try:
        normalized = terraform.normalize_root(root)
    except Exception:  # a normalizer defect: isolate it below
        normalized = None
    if normalized is not None:
        for resource in normalized.resources:
            place(resource, normalized.spans.get(resource.key, {}))
        host.unjudged.extend((NO_KIND, type_) for type_ in normalized.unmodelled)
        host.unjudged.extend((NO_OWNER, _type_of(a)) for a in normalized.unattached)
        return
    for record in root.records:
        try:
            single = terraform.normalize_root(replace(root, records=(record,)))
        except Exception as exc:
            where = record.spans.get(())
            file = where.file if where else root.scope
            problem = Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                file,
                f"internal error normalizing {record.address}: {type(exc).__name__}: {exc}",
                where.start_line if where else 0,
            )
            target = host if not root.per_file else by_file.get(file)
            (target or _new_result(file, by_file, results)).diagnostics.append(problem)
            continue
        for resource in single.resources:
            place(resource, single.spans.get(resource.key, {}))


def _type_of(address: str) -> str:
    """The resource type of a Terraform address (``module.a.aws_x.y["k"]`` -> ``aws_x``)."""
    from iacgate.model.addresses import base_address

    parts = base_address(address).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[0]


def _new_result(file: str, by_file: dict[str, FileResult], results: list[FileResult]) -> FileResult:
    result = FileResult(file)
    by_file[file] = result
    results.append(result)
    return result


def _cloudformation(template: CloudFormationTemplate, result: FileResult) -> None:
    from iacgate.normalize import cloudformation

    try:
        normalized = cloudformation.to_resources(template.records, template.stack_name)
    except Exception as exc:  # our defect: say so for this file and let the scan go on
        result.diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                result.file,
                f"iacgate could not read this template (internal error: {type(exc).__name__}: "
                f"{exc}); please report it",
            )
        )
        return
    for resource in normalized.resources:
        result.resources.append(resource)
        result.spans[resource.key] = normalized.spans[resource.key]
    result.edges.extend(normalized.edges)
    check = template.validate
    if check is not None:
        from iacgate.sources.cloudformation import validate

        kinds = {r.address: r.kind for r in normalized.resources}
        result.findings.extend(
            validate.check(check.text, check.display, check.options, kinds, check.secrets)
        )


def _manifests(manifests: Manifests, result: FileResult) -> None:
    from iacgate.normalize import kubernetes

    for obj in manifests.objects:
        resource = kubernetes.to_resource(
            obj.body, scope=obj.scope, source=manifests.source, file=obj.file
        )
        if manifests.origins:
            # The whole object: any of its values may come from any input of the rendering.
            origin = {**resource.origin, VALUE_ORIGINS: (((), manifests.origins),)}
            resource = replace(resource, origin=origin)
        result.resources.append(resource)
        result.spans[resource.key] = dict(obj.spans)


# -- reading inputs ----------------------------------------------------------------------------


def load_file(
    path: Path,
    display: str,
    max_bytes: int | None = None,
    *,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
) -> FileResult:
    """One file read by its source and normalized (``sources.router.load_file``, then here)."""
    from iacgate.sources.router import load_file as read
    from iacgate.sources.textfile import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    result = read(path, display, limit, root=root, cloudformation=cloudformation)
    return _single(result)


def load_text(
    text: str,
    display: str,
    scope: str | None = None,
    *,
    path: Path | None = None,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
) -> FileResult:
    """One text routed to its source (``sources.router.load_text``) and normalized."""
    from iacgate.sources.router import load_text as read

    return _single(read(text, display, scope, path=path, root=root, cloudformation=cloudformation))


def load_bytes(
    data: bytes,
    display: str,
    max_bytes: int | None = None,
    *,
    cloudformation: CloudFormationOptions | None = None,
) -> FileResult:
    """Standard input routed to its source (``sources.router.load_bytes``) and normalized."""
    from iacgate.sources.router import load_bytes as read
    from iacgate.sources.textfile import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    return _single(read(data, display, limit, cloudformation=cloudformation))


def load_stream(data: bytes, display: str, max_bytes: int | None = None) -> list[FileResult]:
    """Standard input, a Helm-rendered stream split per template, normalized."""
    from iacgate.sources.kubernetes import helm
    from iacgate.sources.textfile import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    return normalize_all(helm.load_stream(data, display, limit))


def _single(result: FileResult) -> FileResult:
    results = normalize_all([result])
    if len(results) != 1:  # only a Terraform root read from many files places by file
        raise AssertionError("one file normalized into several results")
    return result


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
    """Read files through the bounded reader and normalize them, in the process that reads (a
    worker, when there are many files), until the deadline."""
    if not chunk:
        return []  # a Terraform-only scan loads no YAML or template reader
    from iacgate.sources.router import load_file as read

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
            read(
                item.path,
                item.display,
                max_file_bytes,
                root=root,
                cloudformation=cloudformation,
                owned=item.owner is not None,
            )
        )
    return normalize_all(results)


def load_all(
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

    chunks = _chunks(candidates, workers, max_file_bytes)
    placed: list[FileResult | None] = [None] * len(candidates)
    extra: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk, part in zip(
            chunks,
            pool.map(
                _load_chunk,
                [[candidates[i] for i in chunk] for chunk in chunks],
                [max_file_bytes] * len(chunks),
                [root] * len(chunks),
                [cloudformation] * len(chunks),
                [budget.deadline()] * len(chunks),
            ),
            strict=True,
        ):
            if len(part) != len(chunk):  # not one result per file: keep them all, as read
                extra.extend(part)
                continue
            for index, result in zip(chunk, part, strict=True):
                placed[index] = result
    # Results in the input order, whatever order the workers read them in.
    return [result for result in placed if result is not None] + extra


def _chunks(candidates: list[Candidate], workers: int, max_bytes: int) -> list[list[int]]:
    """The candidates' indices in the chunks workers take in turn. SAM templates come first,
    so that they share a chunk and, unless there are many, one worker pays the SAM
    translator's import (~0.3 s a process); the rest keep their order. Contiguous chunks, a
    few per worker: few round trips, and a slow file delays only its own."""
    sam = [_needs_translator(candidate, max_bytes) for candidate in candidates]
    order = sorted(range(len(candidates)), key=lambda i: not sam[i])
    size = max(1, -(-len(order) // (workers * 4)))
    return [order[i : i + size] for i in range(0, len(order), size)]


SAM_MARKER = b"Serverless-2016-10-31"  # the SAM transform's name


def _needs_translator(candidate: Candidate, max_bytes: int) -> bool:
    """Whether a file may be a SAM template: it names the SAM transform. Read through the
    bounded reader (regular files only); the worker reads it again from the page cache."""
    from iacgate.sources.textfile import read_bytes

    data = read_bytes(candidate.path, max_bytes)
    return isinstance(data, bytes) and SAM_MARKER in data


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_inputs(
    paths: Sequence[str],
    root: Path,
    max_file_bytes: int | None = None,
    jobs: int | None = None,
    path_filter: Callable[[str], bool] | None = None,
    tf_vars: Mapping[str, str] | None = None,
    tf_var_files: Sequence[str] = (),
    cloudformation: CloudFormationOptions | None = None,
    allow_remote_kustomize: bool = False,
) -> tuple[list[FileResult], list[Diagnostic]]:
    """Every input read and normalized: files and directories (``-`` reads standard input),
    Kubernetes kustomizations rendered, Terraform read root by root."""
    from iacgate.sources.discovery import Candidate
    from iacgate.sources.kubernetes import kustomize
    from iacgate.sources.textfile import DEFAULT_MAX_BYTES

    limit = DEFAULT_MAX_BYTES if max_file_bytes is None else max_file_bytes
    results: list[FileResult] = []
    skipped: list[Diagnostic] = []
    terraform: list[tuple[Path, str]] = []
    targets = [Path(p) for p in paths if p != STDIN]
    if STDIN in paths:
        # A Helm-rendered stream is split per template (``# Source:``); see sources/kubernetes.
        results.extend(load_stream(sys.stdin.buffer.read(), STDIN_NAME, limit))
    candidates: list[Candidate] = []
    boundary = read_boundary(targets, root) if targets else root
    discovered = kustomize.discover_inputs(
        targets, root, boundary=boundary, allow_remote=allow_remote_kustomize
    )
    for item in discovered:
        if isinstance(item, Candidate):
            if path_filter is not None and not path_filter(item.display):
                continue  # excluded by the configuration's paths
            if is_terraform_file(item.path.name):
                terraform.append((item.path, item.display))  # read per module directory
            else:
                candidates.append(item)
        elif isinstance(item, kustomize.Kustomization):
            if path_filter is None or path_filter(item.display):
                rendered = kustomize.render(item, allow_remote=allow_remote_kustomize)
                results.extend(normalize_all([rendered]))
        else:
            kind = DiagnosticKind.NOT_SCANNED if item.gating else DiagnosticKind.SKIPPED
            skipped.append(Diagnostic(kind, item.display, item.reason))
    results.extend(load_all(candidates, limit, jobs or default_jobs(), root, cloudformation))
    if terraform:
        from iacgate.sources.terraform.reader import read_terraform
        from iacgate.sources.terraform.variables import VariableOptions

        options = VariableOptions(dict(tf_vars or {}), tuple(Path(f) for f in tf_var_files))
        results.extend(
            read_terraform(
                terraform,
                boundary,
                options,
                limit,
                jobs or default_jobs(),
                targets,
                normalize_all,
            )
        )
    return _without_included(results), skipped


def read_boundary(targets: Sequence[Path], root: Path) -> Path:
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


def read_plan(
    plan_path: Path,
    display: str,
    *,
    config_dir: Path | None,
    scan_root: Path,
    options: Any = None,
    max_bytes: int | None = None,
    include_deleted: bool = False,
) -> PlanRead:
    """A plan or state file read (``sources.terraform.plan_scan``), its result normalized."""
    from iacgate.sources.terraform.plan_scan import read_plan as read
    from iacgate.sources.textfile import DEFAULT_MAX_PLAN_BYTES

    limit = DEFAULT_MAX_PLAN_BYTES if max_bytes is None else max_bytes
    found = read(
        plan_path,
        display,
        config_dir=config_dir,
        scan_root=scan_root,
        options=options,
        max_bytes=limit,
        include_deleted=include_deleted,
    )
    _single(found.result)
    return found


def read_plan_text(
    read: TextResult,
    display: str,
    *,
    config_dir: Path | None,
    scan_root: Path,
    options: Any = None,
    include_deleted: bool = False,
) -> PlanRead:
    """A plan or state read elsewhere (standard input, a remote state object), its result
    normalized (``sources.terraform.plan_scan.read_plan_text``)."""
    from iacgate.sources.terraform.plan_scan import read_plan_text as read_text

    found = read_text(
        read,
        display,
        config_dir=config_dir,
        scan_root=scan_root,
        options=options,
        include_deleted=include_deleted,
    )
    _single(found.result)
    return found


# -- resources -> graph -> findings --------------------------------------------------------------


def build_graph(
    results: Sequence[FileResult], unjudged: list[Diagnostic] | None = None
) -> ResourceGraph:
    """One graph from every file's resources, with every source's edges resolved (records not
    normalized yet are normalized first).

    Edges the graph would not hold (a selector matching too much) are appended to
    ``unjudged`` as ``not-scanned`` diagnostics."""
    from iacgate.graph.graph import EdgeType, ResourceGraph
    from iacgate.model.locations import LocationTable

    if any(result.records for result in results):
        results = normalize_all(list(results))
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
    if "k8s.core.service_account" in graph.kinds():
        from iacgate.graph import crosslayer

        crosslayer.build_edges(graph)
    return graph


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


def evaluate(
    results: list[FileResult],
    skipped: list[Diagnostic],
    rules: Sequence[Rule],
    judge: Callable[[Resource], bool] | None = None,
) -> ScanReport:
    """Files' resources judged by ``rules`` (only those ``judge`` accepts, when given: the rest
    is context): parse errors and what was not scanned become findings, the diagnostics are
    reported as skipped."""
    listed: list[Diagnostic] = []
    findings = _file_findings(skipped, listed)
    for result in results:
        findings.extend(result.findings)
        findings.extend(_file_findings(result.diagnostics, listed))
    unjudged: list[Diagnostic] = []
    graph = build_graph(results, unjudged)
    findings.extend(_file_findings(unjudged, listed))
    listed.sort(key=lambda d: d.file)
    read = [entry for result in results for entry in result.unjudged]
    return _judged(graph, rules, findings, len(results), listed, judge=judge, unjudged=read)


def _judged(
    graph: ResourceGraph,
    rules: Sequence[Rule],
    findings: list[Finding],
    files: int,
    skipped: Sequence[Diagnostic],
    keep: Callable[[list[Finding], ResourceGraph], list[Finding]] | None = None,
    judge: Callable[[Resource], bool] | None = None,
    unjudged: Iterable[tuple[str, str]] = (),
) -> ScanReport:
    from iacgate.engine import evaluate as run_rules

    evaluation = run_rules(rules, graph, judge=judge)
    judged = list(evaluation.findings)
    if keep is not None:
        judged = keep(judged, graph)
    findings = [*findings, *judged]
    findings.sort(key=Finding.sort_key)
    return ScanReport(
        findings=tuple(findings),
        files=files,
        resources=len(graph),
        rules=len(rules),
        evaluated=evaluation.evaluated,
        passed=evaluation.passed,
        skipped=tuple(skipped),
        graph=graph,
        by_rule=evaluation.by_rule,
        judged=evaluation.judged,
        not_judged=_not_judged(graph, rules, unjudged),
    )


def _not_judged(
    graph: ResourceGraph, rules: Sequence[Rule], read: Iterable[tuple[str, str]]
) -> tuple[tuple[str, str, int], ...]:
    """Counts by reason and type of what was read but not judged: ``read`` (records no
    resource came of), and the resources of kinds no rule judges that are no declared AWS kind
    (those are context: the graph relates them to what the rules judge)."""
    from collections import Counter

    from iacgate.model.aws import kinds as aws_kinds

    kinds = {kind for rule in rules for kind in rule.meta.kinds}
    judged = {resource.key for resource in graph.resources(kinds)}
    declared = aws_kinds.index().services
    counts = Counter(read)
    for resource in graph.resources():
        if resource.key not in judged and resource.kind not in declared:
            counts[(NO_RULE, resource.kind)] += 1
    return tuple(sorted((reason, type_, n) for (reason, type_), n in counts.items()))


# -- live: records -> snapshot -> graph -> findings ---------------------------------------------


def snapshot(collection: AwsCollection | K8sCollection | OrganizationCollection) -> Snapshot:
    """A live collection's records normalized into a snapshot (the same canonical resources
    code produces), with its coverage. An organization's accounts are normalized one by one,
    then combined (each resource keeps its account's scope)."""
    if type(collection).__name__ == "OrganizationCollection":
        organization = cast("OrganizationCollection", collection)
        return organization.combine(
            {
                result.account.id: snapshot(result.collection)
                for result in organization.results
                if result.collection is not None
            }
        )
    return _snapshot(cast("AwsCollection | K8sCollection", collection))


def _snapshot(collection: AwsCollection | K8sCollection) -> Snapshot:
    from iacgate.live.aws.collect import Collection as AwsCollection
    from iacgate.live.snapshot import Snapshot

    resources: dict[str, Resource] = {}
    if isinstance(collection, AwsCollection):
        from iacgate.normalize import aws_api

        made: dict[int, list[Resource]] = {}
        for task in collection.tasks:
            found = [
                r for record in task.records for r in aws_api.to_resources(record, collection.scope)
            ]
            made[id(task)] = found
            for resource in found:
                resources.setdefault(resource.key, resource)

        def counts(task: Any) -> dict[str, int]:
            out: dict[str, int] = {}
            for resource in made[id(task)]:
                out[resource.kind] = out.get(resource.kind, 0) + 1
            return out

        coverage: Coverage = collection.coverage(counts)
    else:
        from iacgate.normalize import kubernetes

        for body in collection.objects:
            resource = kubernetes.to_resource(
                body, scope=collection.scope, source=collection.source, file=None
            )
            uid = body["metadata"].get("uid")
            if uid:
                resource = replace(resource, physical_id=str(uid))
            resources.setdefault(resource.key, resource)
        coverage = collection.coverage
    return Snapshot(
        provider=collection.provider,
        scope=collection.scope,
        collected_at=collection.collected_at,
        coverage=coverage,
        resources=tuple(sorted(resources.values(), key=lambda r: (r.kind, r.address))),
        target=collection.target,
    )


def collect_aws(
    target: Any = None, options: Any = None, progress: Any = None, session: Any = None
) -> Snapshot:
    """``live.aws.collect.collect`` (same arguments), normalized into a snapshot."""
    from iacgate.live.aws.collect import collect

    return snapshot(collect(target, options, progress, session))


def collect_organization(
    target: AwsTarget | None = None,
    selection: Selection | None = None,
    options: Any = None,
    progress: Any = None,
    session: Any = None,
    prepare: Any = None,
    organization: Any = None,
) -> Snapshot:
    """``live.aws.organizations.collect_organization`` (same arguments), normalized account by
    account into one snapshot."""
    from iacgate.live.aws.organizations import collect_organization as collect

    return snapshot(collect(target, selection, options, progress, session, prepare, organization))


def collect_live(
    target: AwsTarget,
    options: Any = None,
    selection: Selection | None = None,
    progress: Any = None,
    session: Any = None,
) -> Snapshot:
    """One AWS account (``selection`` None: the one the credentials are in) or an
    organization, normalized into a snapshot."""
    from iacgate.live.aws.organizations import collect_live as collect

    return snapshot(collect(target, options, selection, progress, session))


def collect_k8s(connection: Any, options: Any = None, progress: Any = None) -> Snapshot:
    """``live.k8s.collect.collect`` (same arguments), normalized into a snapshot."""
    from iacgate.live.k8s.collect import CollectOptions, collect

    return snapshot(collect(connection, options or CollectOptions(), progress))


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
    from iacgate.live.snapshot import live_source

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
    from iacgate.live.coverage import EVERYWHERE

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
    """The rules on a live snapshot, reported like a scan of files; a part of the scope that
    could not be read is a finding."""
    started = time.perf_counter()
    graph = graph_of(snapshot.resources, snapshot.scope)
    report = _judged(
        graph,
        rules,
        unread_findings(snapshot),
        0,
        coverage_diagnostics(snapshot.coverage),
        keep=without_inherited,
    )
    return replace(
        report,
        duration_seconds=round(time.perf_counter() - started, 3),
        target=live_target(snapshot),
    )


def live_graph(snapshots: Sequence[Snapshot]) -> ResourceGraph:
    """One graph of several snapshots (an account and a cluster: the edges between them, a
    ServiceAccount to the IAM role it assumes, are resolved like in a scan of files)."""
    resources: list[Resource] = []
    for item in snapshots:
        resources.extend(item.resources)
    return graph_of(resources, "+".join(s.scope for s in snapshots))


def posture_of(snapshots: Sequence[Snapshot], rules: Sequence[Rule]) -> ScanReport:
    """The rules on one graph of several live snapshots, reported like a scan of files."""
    skipped: list[Diagnostic] = []
    unread: list[Finding] = []
    for item in snapshots:
        skipped.extend(coverage_diagnostics(item.coverage))
        unread.extend(unread_findings(item))
    return _judged(live_graph(snapshots), rules, unread, 0, skipped, keep=without_inherited)


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
