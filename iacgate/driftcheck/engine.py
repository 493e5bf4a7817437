"""Drift: declared resources against a live snapshot, classified and ranked.

1. Match by the provider's identity.
2. Declared and not live: *missing* -- but only where the live side was read completely;
   otherwise the resource is *unverified* (reported with coverage, never guessed).
3. Declared and live: compare the declared attribute tree (*changed* when anything differs).
4. Run the rules on both graphs; a rule that fails live and did not fail on the declaration
   flipped (pass -> fail): the item is security drift, ranked first, with the rule codes, and
   the attributes behind the failures join its changes even when the declaration never set
   them (a container made privileged by hand).
5. Live and declared nowhere, in the part of the scope the declarations manage, not made by
   the platform: *unmanaged*; failing rules there mark it as security drift too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from iacgate.driftcheck.compare import diff, index_path, is_zero, keyed_path, value_at
from iacgate.driftcheck.model import (
    ABSENT,
    Change,
    DriftItem,
    DriftReport,
    DriftStatus,
    KindCount,
    RuleHit,
    Unverified,
)
from iacgate.driftcheck.paths import DriftPath, format_drift_path
from iacgate.driftcheck.profile import DriftProfile
from iacgate.driftcheck.verdicts import Failure, Verdicts, failing
from iacgate.graph.graph import ResourceGraph
from iacgate.live.coverage import CoverageEntry
from iacgate.live.snapshot import Snapshot
from iacgate.model.locations import LocationTable
from iacgate.model.resource import Resource
from iacgate.model.sensitive import REDACTED, is_sensitive_path, redact
from iacgate.rules.dsl import Rule


def _not_verified(entry: CoverageEntry | None, where: str) -> str:
    if entry is None:
        return "kind not collected from the live scope"
    place = "" if where == "*" else f" in {where}"
    return f"{entry.kind}{place} not collected: {entry.status.value}: {entry.detail}"


def _hits(
    failures: Sequence[Failure], resource: Resource, profile: DriftProfile
) -> tuple[RuleHit, ...]:
    """The live failures as report entries, paths named by key, most severe first."""
    seen: dict[tuple[str, str], RuleHit] = {}
    for failure in failures:
        path = keyed_path(resource.kind, resource.attributes, failure.path, profile.semantics)
        shown = format_drift_path(path)
        meta = failure.rule.meta
        seen.setdefault(
            (meta.code, shown), RuleHit(meta.code, meta.name, meta.severity, shown, failure.message)
        )
    return tuple(sorted(seen.values(), key=lambda h: (-int(h.severity), h.code, h.path)))


def _overlaps(a: DriftPath, b: DriftPath) -> bool:
    size = min(len(a), len(b))
    return a[:size] == b[:size]


def _shown(kind: str, value: Any, sensitive: bool) -> Any:
    if value is ABSENT:
        return ABSENT
    return REDACTED if sensitive else redact(kind, value)


def _flip_changes(
    declared: Resource,
    live: Resource,
    flipped: Sequence[Failure],
    changes: list[Change],
    profile: DriftProfile,
) -> list[Change]:
    """The attributes behind newly failing verdicts that the declared tree did not cover."""
    semantics = profile.semantics
    extra: list[Change] = []
    covered = [change.path for change in changes]
    for failure in flipped:
        path = keyed_path(live.kind, live.attributes, failure.path, semantics)
        if not path or any(_overlaps(path, known) for known in covered):
            continue
        before = value_at(declared.attributes, path, semantics, declared.kind)
        after = value_at(live.attributes, path, semantics, live.kind)
        if isinstance(before, Mapping | list) or isinstance(after, Mapping | list):
            continue  # a whole container or list: the rule's message says what is wrong
        if (is_zero(before) and is_zero(after)) or (
            before is not ABSENT and semantics.same_scalar(live.kind, path, before, after)
        ):
            continue
        sensitive = is_sensitive_path(live.kind, live.attributes, failure.path)
        extra.append(
            Change(
                path,
                _shown(live.kind, before, sensitive),
                _shown(live.kind, after, sensitive),
                sensitive,
                declared_path=index_path(declared.attributes, path, semantics, declared.kind),
            )
        )
        covered.append(path)
    return extra


def _located(changes: Sequence[Change], key: str, locations: LocationTable) -> tuple[Change, ...]:
    out = []
    for change in changes:
        where = locations.get(key, change.declared_path or ())
        out.append(replace(change, line=where.start_line) if where else change)
    return tuple(out)


def detect(
    declared: ResourceGraph,
    snapshot: Snapshot,
    profile: DriftProfile,
    rules: Sequence[Rule],
    *,
    live_graph: ResourceGraph | None = None,
    inputs: Sequence[str] = (),
) -> DriftReport:
    """Compare a declared graph with a live snapshot of the same provider."""
    if live_graph is None:
        from iacgate.pipeline import graph_of

        live_graph = graph_of(snapshot.resources, snapshot.scope)
    warnings: list[str] = []
    declared_by_id: dict[str, Resource] = {}
    for resource in declared.resources():
        if not profile.declarable(resource):
            continue
        identity = profile.identity(resource)
        first = declared_by_id.get(identity)
        if first is not None:
            warnings.append(
                f"{resource.address} is declared twice ({first.file} and {resource.file}); "
                f"the first declaration is compared"
            )
            continue
        declared_by_id[identity] = resource
    live_by_id = {profile.identity(r): r for r in snapshot.resources}

    before: Verdicts = failing(rules, declared)
    after: Verdicts = failing(rules, live_graph)
    warnings.extend(before.crashes)
    warnings.extend(after.crashes)

    items: list[DriftItem] = []
    unverified: list[Unverified] = []
    matched: dict[str, Resource] = {}
    in_sync = 0
    for identity, resource in declared_by_id.items():
        location = declared.locations.get(resource.key)
        file = location.file if location else resource.file
        line = location.start_line if location else 0
        why = profile.unverifiable(resource)
        if why is not None:
            unverified.append(
                Unverified(
                    resource.kind,
                    resource.address,
                    why,
                    file,
                    line,
                    profile.where(resource),
                    profile.account(resource),
                )
            )
            continue
        live = live_by_id.get(identity)
        if live is None:
            where = profile.where(resource)
            entry = snapshot.coverage.entry(resource.kind, where)
            if entry is not None and entry.complete:
                items.append(
                    DriftItem(
                        DriftStatus.MISSING,
                        resource.kind,
                        resource.address,
                        resource.physical_id,
                        file=file,
                        line=line,
                        account=profile.account(resource),
                    )
                )
            else:
                unverified.append(
                    Unverified(
                        resource.kind,
                        resource.address,
                        _not_verified(entry, where),
                        file,
                        line,
                        where,
                        profile.account(resource),
                    )
                )
            continue
        matched[live.key] = resource
        changes = diff(resource.kind, resource.attributes, live.attributes, profile.semantics)
        failed_before = {f.rule.meta.code for f in before.failures.get(resource.key, [])}
        flipped = [
            f for f in after.failures.get(live.key, []) if f.rule.meta.code not in failed_before
        ]
        changes.extend(_flip_changes(resource, live, flipped, changes, profile))
        if not changes and not flipped:
            in_sync += 1
            continue
        items.append(
            DriftItem(
                DriftStatus.CHANGED,
                resource.kind,
                resource.address,
                live.physical_id,
                changes=_located(changes, resource.key, declared.locations),
                findings=_hits(flipped, live, profile),
                file=file,
                line=line,
                account=profile.account(live),
            )
        )

    declared_list = list(declared_by_id.values())
    unmanaged = profile.unmanaged(snapshot.resources, declared_list, matched)
    for live in unmanaged:
        items.append(
            DriftItem(
                DriftStatus.UNMANAGED,
                live.kind,
                live.address,
                live.physical_id,
                findings=_hits(after.failures.get(live.key, []), live, profile),
                account=profile.account(live),
            )
        )

    declared_kinds = Counter(r.kind for r in declared_list)
    live_kinds = Counter(r.kind for r in snapshot.resources)
    managed_kinds = Counter(r.kind for r in matched.values())
    unmanaged_kinds = Counter(r.kind for r in unmanaged)
    by_kind = tuple(
        KindCount(
            kind,
            declared=declared_kinds[kind],
            live=live_kinds[kind],
            managed=managed_kinds[kind],
            unmanaged=unmanaged_kinds[kind],
        )
        for kind in sorted(set(declared_kinds) | set(live_kinds))
    )
    return DriftReport(
        provider=snapshot.provider,
        scope=snapshot.scope,
        collected_at=snapshot.collected_at,
        items=tuple(sorted(items, key=DriftItem.rank)),
        coverage=snapshot.coverage,
        unverified=tuple(sorted(unverified, key=lambda u: (u.kind, u.address, u.file or ""))),
        declared=len(declared_list),
        live=len(snapshot.resources),
        in_sync=in_sync,
        by_kind=by_kind,
        inputs=tuple(inputs),
        warnings=tuple(warnings),
    )
