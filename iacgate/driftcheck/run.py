"""Drift end to end: read the declared side, plan the live collection, detect, gate.

Provider profiles are listed in :data:`PROFILES`; the snapshot's ``provider`` picks one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from iacgate.driftcheck.engine import detect
from iacgate.driftcheck.kubernetes import (
    KubernetesProfile,
    apply_default_namespace,
    managed_namespaces,
)
from iacgate.driftcheck.model import DriftReport, DriftStatus
from iacgate.driftcheck.profile import DriftProfile
from iacgate.graph.graph import ResourceGraph
from iacgate.live.k8s.collect import CollectOptions
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import build_graph, read_inputs
from iacgate.rules.dsl import Rule
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind


@dataclass(frozen=True, slots=True)
class Declared:
    graph: ResourceGraph
    inputs: tuple[str, ...]
    errors: tuple[Diagnostic, ...]  # files that could not be parsed
    skipped: tuple[Diagnostic, ...]
    # AWS: the account of the resources of an input read for one account (its scope -> id).
    accounts: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def aws_profile(
    snapshot: Snapshot,
    declared: Declared | None = None,
    *,
    region: str | None = None,
    account: str | None = None,
) -> DriftProfile:
    """The AWS profile for a snapshot of one account or of several (an organization).
    ``region`` and ``account`` place declared resources whose ARN does not (a stack's)."""
    from iacgate.driftcheck.aws import AwsProfile, scope_account

    target = snapshot.target
    listed = target.get("accounts")
    several = isinstance(listed, list)
    if isinstance(listed, list):
        accounts = [str(a.get("id")) for a in listed if isinstance(a, Mapping)]
        readable = [str(a.get("id")) for a in listed if isinstance(a, Mapping) and a.get("read")]
        default_account = readable[0] if len(readable) == 1 else None
    else:
        one = scope_account(snapshot.scope) or (
            str(target["account"]) if target.get("account") else None
        )
        accounts = [one] if one else []
        default_account = one
    if region is None:
        # Declared resources without an ARN are looked for in the one region collected; with
        # several regions they cannot be placed (the caller passes a stack's region instead).
        regions = list(target.get("regions") or [])
        home = target.get("home_region")
        if len(regions) == 1:
            region = str(regions[0])
        elif not regions and home:
            region = str(home)
    return AwsProfile(
        region,
        default_account=account or default_account,
        input_accounts=declared.accounts if declared is not None else None,
        accounts=accounts or None,
        live=snapshot.resources if several else (),
        qualified=several,
    )


# Each provider's profile, made for the snapshot it compares with and the declared side.
PROFILES: dict[str, Callable[[Snapshot, Declared], DriftProfile]] = {
    "k8s": lambda snapshot, declared: KubernetesProfile(),
    "aws": aws_profile,
}


def read_declared_k8s(
    paths: Sequence[str], root: Path, default_namespace: str = "default"
) -> Declared:
    """Manifests as ``kubectl apply`` would send them: objects without a namespace land in
    ``default_namespace``."""
    results, skipped = read_inputs(paths, root)
    errors = [d for r in results for d in r.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
    skipped += [
        d for r in results for d in r.diagnostics if d.kind is not DiagnosticKind.PARSE_ERROR
    ]
    graph = build_graph(apply_default_namespace(results, default_namespace))
    return Declared(graph, tuple(paths), tuple(errors), tuple(skipped))


def k8s_namespaces(declared: Declared) -> tuple[str, ...]:
    """The namespaces drift must read: those the manifests manage."""
    profile = KubernetesProfile()
    resources = [r for r in declared.graph.resources() if profile.declarable(r)]
    return tuple(sorted(managed_namespaces(resources)))


def k8s_kinds(declared: Declared) -> tuple[str, ...]:
    """Namespaced kinds are always read (for unmanaged objects and owner chains); a
    cluster-scoped kind only when the manifests declare one."""
    from iacgate.live.k8s.kinds import API_KINDS

    declared_kinds = {r.kind for r in declared.graph.resources()}
    return tuple(
        item.canonical for item in API_KINDS if item.namespaced or item.canonical in declared_kinds
    )


def k8s_collect_options(
    declared: Declared, namespaces: Sequence[str] = (), all_namespaces: bool = False
) -> CollectOptions:
    """What ``drift --live k8s`` lists: the managed namespaces (or those named, or every one)
    and the kinds of :func:`k8s_kinds`."""
    from iacgate.live.k8s.kinds import BY_CANONICAL

    chosen = None if all_namespaces else tuple(namespaces) or k8s_namespaces(declared)
    return CollectOptions(
        namespaces=chosen, kinds=tuple(BY_CANONICAL[kind] for kind in k8s_kinds(declared))
    )


def drift(
    declared: Declared,
    snapshot: Snapshot,
    rules: Sequence[Rule],
    profile: DriftProfile | None = None,
    checkout: Path | None = None,
) -> DriftReport:
    """Declared against live. ``checkout`` is where the declared inputs live: its repository
    and commit go into the report's target."""
    from iacgate.pipeline import live_target
    from iacgate.provenance import git_revision

    make = PROFILES.get(snapshot.provider)
    if make is None:
        raise ValueError(f"no drift support for provider {snapshot.provider!r}")
    chosen = profile if profile is not None else make(snapshot, declared)
    report = detect(declared.graph, snapshot, chosen, rules, inputs=declared.inputs)
    if declared.warnings:
        report = replace(report, warnings=(*declared.warnings, *report.warnings))
    target = {**live_target(snapshot), "type": "drift"}
    if checkout is not None:
        target.update(git_revision(checkout))
    return replace(report, target=target)


def gate(
    report: DriftReport, *, fail_on_unmanaged: bool = False, fail_on_incomplete: bool = False
) -> bool:
    """Whether the run fails: a declared resource missing or changed, or a part of the scope
    (an account) nothing could be read from -- nothing in it was judged; unmanaged resources
    and coverage gaps only when asked."""
    if report.drifted or report.coverage.unread:
        return True
    if fail_on_unmanaged and report.count(DriftStatus.UNMANAGED):
        return True
    return fail_on_incomplete and report.incomplete
