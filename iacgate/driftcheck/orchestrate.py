"""Drift end to end, for the CLI, the Action and the library: the rules, the declared side,
the live side (a collection or a snapshot), the comparison, the gate configuration's accepted
risks and the gate.

Errors are the hierarchy's: an unusable declared input, snapshot or connection is a
``ConfigError`` (exit 2); options that do not apply to the provider a ``UsageError``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from iacgate.collection import AwsScope, K8sTarget, Progress
from iacgate.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from iacgate.driftcheck.model import DriftReport
    from iacgate.live.snapshot import Snapshot
    from iacgate.rules.dsl import Rule


@dataclass(frozen=True, slots=True)
class DriftRequest:
    """What to compare: ``paths`` declare the state; ``live`` (aws, k8s) or ``snapshot_file``
    is what runs. ``config`` / ``use_config`` find the gate configuration whose exceptions
    (accepted risks) apply; ``root`` is the checkout (default: the working directory)."""

    paths: tuple[str, ...]
    live: str | None = None
    snapshot_file: str | None = None
    k8s: K8sTarget = field(default_factory=K8sTarget)
    aws: AwsScope | None = None
    stack: str | None = None  # AWS: the deployed stack of the declared template
    state_version: str | None = None  # AWS: the S3 version of the one remote state
    default_namespace: str | None = None  # k8s: of manifests that name none
    all_namespaces: bool = False  # k8s: read namespaced kinds cluster-wide
    packs: tuple[str, ...] = ()
    root: Path | None = None
    config: Path | None = None
    use_config: bool = True
    fail_on_unmanaged: bool = False
    fail_on_incomplete: bool = False


@dataclass(frozen=True, slots=True)
class DriftOutcome:
    """The report after accepted risks, the gate's verdict, and the rules that ran (SARIF
    documents the flipped ones)."""

    report: DriftReport
    failed: bool
    rules: tuple[Rule, ...]


def run(request: DriftRequest, progress: Progress | None = None) -> DriftOutcome:
    """Compare, apply the accepted risks, gate."""
    from iacgate.rules.packs import load_rules

    started = time.perf_counter()
    check(request)
    rules = load_rules(list(request.packs) if request.packs else None)
    root = request.root or Path.cwd()
    snapshot = None
    if request.snapshot_file:
        from iacgate.collection import read_snapshot

        snapshot = read_snapshot(request.snapshot_file)
    aws = request.aws
    if request.live == "aws" or (snapshot is not None and snapshot.provider == "aws"):
        report = _aws(request, root, rules, snapshot, progress)
    else:
        if request.stack or request.state_version or (aws and (aws.selection or aws.no_global)):
            raise UsageError(
                "--stack, --state-version, --org and --no-global apply to AWS drift (--live aws "
                "or an AWS snapshot)"
            )
        report = _k8s(request, root, rules, snapshot, progress)
    report = replace(report, duration_seconds=round(time.perf_counter() - started, 3))
    return _gated(report, request, tuple(rules))


def check(request: DriftRequest) -> None:
    """One live side, and declared inputs that exist (``{account}`` paths, URLs and standard
    input are read later)."""
    if bool(request.live) == bool(request.snapshot_file):
        raise UsageError("compare with exactly one of --live k8s|aws or --snapshot FILE")
    missing = [
        p
        for p in request.paths
        if p != "-" and "{account}" not in p and "://" not in p and not Path(p).exists()
    ]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")


def _aws(
    request: DriftRequest,
    root: Path,
    rules: Sequence[Rule],
    snapshot: Snapshot | None,
    progress: Progress | None,
) -> DriftReport:
    """Declared Terraform/CloudFormation against a live AWS collection or snapshot."""
    from iacgate.collection import aws_options, need_boto3
    from iacgate.live.aws.session import Target

    aws = request.aws or AwsScope(Target())
    if snapshot is not None and aws.selection is not None:
        raise UsageError("--org reads the organization: it does not apply to --snapshot")
    paths = request.paths
    if snapshot is None or request.stack or any(p.startswith("s3://") for p in paths):
        need_boto3()
    from iacgate.driftcheck.aws_run import AwsDrift, aws_drift

    compared = AwsDrift(
        paths=tuple(paths),
        root=root,
        target=aws.target,
        snapshot=snapshot,
        stack=request.stack,
        state_version=request.state_version,
        organization=aws.selection,
        collect=aws_options(aws),
    )
    return aws_drift(compared, rules, progress)


def _k8s(
    request: DriftRequest,
    root: Path,
    rules: Sequence[Rule],
    snapshot: Snapshot | None,
    progress: Progress | None,
) -> DriftReport:
    """Declared manifests against a live cluster or a snapshot."""
    from iacgate.collection import collect_k8s, k8s_connect
    from iacgate.driftcheck import run

    connection = None
    if snapshot is None:
        connection = k8s_connect(request.k8s)
        namespace = request.default_namespace or connection.namespace
    else:
        if snapshot.provider not in run.PROFILES:
            raise ConfigError(
                f"{request.snapshot_file}: no drift support for {snapshot.provider!r}"
            )
        namespace = request.default_namespace or str(snapshot.target.get("namespace") or "default")
    try:
        declared = run.read_declared_k8s(request.paths, root, namespace)
        if declared.errors:
            listed = "; ".join(
                f"{d.file}:{d.line}: {d.message}" if d.line else f"{d.file}: {d.message}"
                for d in declared.errors
            )
            raise ConfigError(f"declared input cannot be read: {listed}")
        if not any(r.kind.startswith("k8s.") for r in declared.graph.resources()):
            raise ConfigError(
                f"no Kubernetes objects in the declared input: {', '.join(request.paths)}"
            )
    except BaseException:
        if connection is not None:
            connection.close()
        raise
    if connection is not None:
        plan = run.k8s_collect_options(declared, request.k8s.namespaces, request.all_namespaces)
        snapshot = collect_k8s(connection, plan.namespaces, plan.kinds, progress)
    assert snapshot is not None
    return run.drift(declared, snapshot, rules, checkout=root)


def _gated(report: DriftReport, request: DriftRequest, rules: tuple[Rule, ...]) -> DriftOutcome:
    """The gate configuration's accepted risks, then the gate."""
    from iacgate.driftcheck import run
    from iacgate.driftcheck.accepted_risks import apply_exceptions
    from iacgate.gate.run import ScanOptions, load_gate_config

    options = ScanOptions(config=request.config, use_config=request.use_config)
    gate_config = load_gate_config(options, Path.cwd().absolute())
    report, _ = apply_exceptions(report, gate_config.exceptions)
    failed = run.gate(
        report,
        fail_on_unmanaged=request.fail_on_unmanaged,
        fail_on_incomplete=request.fail_on_incomplete,
    )
    return DriftOutcome(report, failed, rules)
