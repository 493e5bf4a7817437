"""Library entry points. Takes and returns dataclasses; prints nothing.

The work is ``iacgate.pipeline``'s (read, normalize, build the graph, evaluate); its value
types and steps are re-exported here under their established names.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacgate import budget
from iacgate.graph.graph import ResourceGraph
from iacgate.model.resource import Resource
from iacgate.pipeline import (
    STDIN,
    STDIN_NAME,
    ScanReport,
    build_graph,
    default_jobs,
    evaluate,
    load_all,
    read_boundary,
    read_inputs,
    read_plan,
    timed,
)
from iacgate.rules.dsl import Rule
from iacgate.rules.packs import load_rules
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, DEFAULT_MAX_PLAN_BYTES

if TYPE_CHECKING:
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions

_load_all = load_all  # the name the worker tests patch around

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "ScanReport",
    "build_graph",
    "default_jobs",
    "graph",
    "read_inputs",
    "scan",
    "scan_plan",
]


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
        report = evaluate(results, skipped, active, judge)
    from iacgate.sources.discovery import display_path

    shown = [STDIN_NAME if p == STDIN else display_path(Path(p), root) for p in paths]
    boundary = read_boundary([Path(p) for p in paths if p != STDIN], root)
    return timed(report, started, {"type": "files", "paths": shown}, boundary)


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
        return timed(evaluate([], skipped, active), started, target, checkout)
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
    return timed(evaluate([read.result], skipped, active), started, target, checkout)


def graph(
    paths: Sequence[str] = (".",),
    *,
    root: Path | None = None,
    max_file_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
) -> ResourceGraph:
    """The resource graph of files and directories, built like a scan's (no rule runs)."""
    root = (root or Path.cwd()).absolute()
    results, _ = read_inputs(paths, root, max_file_bytes, jobs)
    return build_graph(results)
