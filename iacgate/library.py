"""The library's front door, re-exported lazily from the package root: ``iacgate.scan``,
``iacgate.drift``, ``iacgate.inventory``.

These are the functions the CLI calls (``iacgate scan`` goes through :func:`gate`, the
pre-commit hook through :func:`pre_commit`, ``iacgate drift`` through :func:`drift_outcome`;
the GitHub Action runs the CLI), with the command line's defaults. They print nothing and
raise the errors of ``iacgate.errors`` (``ConfigError``, ``UsageError``...); ``iacgate.api``
holds the ungated building blocks (a scan without configuration or gate, a plan, a graph).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iacgate.collection import AwsScope, K8sTarget, Progress
    from iacgate.driftcheck.model import DriftReport
    from iacgate.driftcheck.orchestrate import DriftOutcome, DriftRequest
    from iacgate.gate.report import GateReport
    from iacgate.gate.run import ScanOptions
    from iacgate.graph.graph import ResourceGraph
    from iacgate.live.snapshot import Snapshot
    from iacgate.model.findings import Finding


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A gated scan: ``findings`` are those reported (suppressed ones left out), ``passed``
    the gate's verdict, ``report`` everything the reporters use."""

    report: GateReport

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(gated.finding for gated in self.report.shown)

    @property
    def passed(self) -> bool:
        return not self.report.failed

    def to_json(self) -> str:
        """The report as ``iacgate scan --format json`` writes it (docs/json-output.md)."""
        from iacgate.reporters.json import render

        return render(self.report)


@dataclass(frozen=True, slots=True)
class DriftResult:
    """A drift run after the gate configuration's accepted risks: ``passed`` is the gate's
    verdict (exit 0), ``report`` the items."""

    report: DriftReport
    passed: bool

    def to_json(self) -> str:
        """The report as ``iacgate drift --format json`` writes it."""
        from iacgate.reporters.drift import render_json

        return render_json(self.report, not self.passed)


def gate(
    options: ScanOptions,
    *,
    live: str | None = None,
    snapshot_file: str | None = None,
    k8s: K8sTarget | None = None,
    aws: AwsScope | None = None,
    progress: Progress | None = None,
) -> GateReport:
    """Scan and gate files (``options.paths``, or ``options.plan``), or -- with ``live``
    (aws, k8s) or ``snapshot_file`` -- what runs (posture)."""
    if not live and not snapshot_file:
        from iacgate.gate.run import run

        return run(options)
    from iacgate.collection import K8sTarget, live_or_snapshot
    from iacgate.pipeline import gated_posture

    snapshot = live_or_snapshot(live, snapshot_file, k8s or K8sTarget(), aws, progress)
    return replace(gated_posture(snapshot, options), artifact=snapshot_file)


def pre_commit(options: ScanOptions, *, cache: bool = True) -> GateReport:
    """The pre-commit hook's gate (``options.only_files``: the changed files). A changed
    Terraform file has its whole module read, most of it parsed already: through the user's
    parse cache unless ``cache`` is False (docs/pre-commit.md)."""
    from iacgate.sources.terraform import is_terraform_file

    if not cache or not any(is_terraform_file(f) for f in options.only_files or ()):
        return gate(options)
    from iacgate.sources.terraform import parse_cache

    parse_cache.enable()
    try:
        return gate(options)
    finally:
        parse_cache.disable()


def scan(
    paths: Sequence[str | Path] = (".",),
    *,
    config: str | Path | None = None,
    use_config: bool = True,
    fail_on: str | None = None,
    packs: Sequence[str] = (),
    baseline: str | Path | None = None,
    diff_base: str | None = None,
    root: str | Path | None = None,
    jobs: int | None = None,
) -> ScanResult:
    """Scan files and directories and gate the findings like ``iacgate scan``: the
    configuration found above ``root`` (default: the working directory) unless ``config``
    names one or ``use_config`` is False; ``fail_on`` (a severity or ``none``) overrides its
    threshold; ``packs`` replace its packs. Raises ``iacgate.errors.ConfigError`` for an
    unusable configuration, ``ValueError`` for a bad ``fail_on``."""
    from iacgate.gate.process import INHERIT
    from iacgate.gate.run import ScanOptions
    from iacgate.gate.threshold import parse_fail_on

    options = ScanOptions(
        paths=tuple(str(p) for p in paths) or (".",),
        root=Path(root) if root is not None else None,
        config=Path(config) if config is not None else None,
        use_config=use_config,
        packs=tuple(packs),
        fail_on=parse_fail_on(fail_on) if fail_on is not None else INHERIT,
        baseline=Path(baseline) if baseline is not None else None,
        diff_base=diff_base,
        jobs=jobs,
    )
    return ScanResult(gate(options))


def drift_outcome(request: DriftRequest, progress: Progress | None = None) -> DriftOutcome:
    """Compare, apply the accepted risks, gate (``iacgate.driftcheck.orchestrate``)."""
    from iacgate.driftcheck.orchestrate import run

    return run(request, progress)


def drift(
    declared: Sequence[str | Path],
    *,
    live: str | None = None,
    snapshot: str | Path | None = None,
    k8s: K8sTarget | None = None,
    aws: AwsScope | None = None,
    config: str | Path | None = None,
    use_config: bool = True,
    fail_on_unmanaged: bool = False,
    fail_on_incomplete: bool = False,
) -> DriftResult:
    """Compare what ``declared`` files declare with what runs -- ``live`` (aws, k8s) or a
    ``snapshot`` file written by :func:`inventory` -- like ``iacgate drift``."""
    from iacgate.collection import K8sTarget
    from iacgate.driftcheck.orchestrate import DriftRequest

    request = DriftRequest(
        paths=tuple(str(p) for p in declared),
        live=live,
        snapshot_file=str(snapshot) if snapshot is not None else None,
        k8s=k8s or K8sTarget(),
        aws=aws,
        config=Path(config) if config is not None else None,
        use_config=use_config,
        fail_on_unmanaged=fail_on_unmanaged,
        fail_on_incomplete=fail_on_incomplete,
    )
    outcome = drift_outcome(request)
    return DriftResult(outcome.report, not outcome.failed)


def live_graph(
    lives: Sequence[str],
    snapshot_files: Sequence[str | Path],
    k8s: K8sTarget,
    aws: AwsScope | None = None,
    progress: Progress | None = None,
) -> ResourceGraph:
    """One graph of what runs (``iacgate graph --live/--snapshot``): the snapshot files, then
    a collection of each live provider (aws, k8s)."""
    from iacgate.collection import live_or_snapshot, read_snapshot
    from iacgate.pipeline import live_graph as graph_of

    snapshots = [read_snapshot(f) for f in snapshot_files]
    for live in dict.fromkeys(lives):
        snapshots.append(live_or_snapshot(live, None, k8s, aws, progress))
    return graph_of(snapshots)


def inventory(
    provider: str,
    *,
    k8s: K8sTarget | None = None,
    aws: AwsScope | None = None,
    kinds: Sequence[str] = (),
    progress: Progress | None = None,
) -> Snapshot:
    """Collect a live inventory (provider ``k8s`` or ``aws``) into a snapshot, like
    ``iacgate inventory``; ``kinds`` limits it (names as ``--kind`` takes them). Write it with
    ``iacgate.live.snapshot.dumps``. Raises ``KeyError`` for an unknown kind."""
    from iacgate.collection import AwsScope, K8sTarget, collect_aws, collect_k8s, k8s_connect

    if provider == "aws":
        from iacgate.live.aws.kinds import select as select_aws
        from iacgate.live.aws.session import Target

        chosen_aws = select_aws(tuple(kinds)) if kinds else None
        return collect_aws(aws or AwsScope(Target()), chosen_aws, progress)
    if provider == "k8s":
        from iacgate.live.k8s.kinds import select as select_k8s

        target = k8s or K8sTarget()
        chosen = select_k8s(tuple(kinds)) if kinds else None
        return collect_k8s(k8s_connect(target), target.namespaces or None, chosen, progress)
    raise ValueError(f"unknown provider {provider!r} (aws, k8s)")
