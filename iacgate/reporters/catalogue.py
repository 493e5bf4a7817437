"""The command listings that are not reports: the rule table (``iacgate rules``), a
collection's summary and gaps (``iacgate inventory``), the shards of an organization
(``iacgate org shards``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iacgate.live.aws.shards import Shard
    from iacgate.live.snapshot import Snapshot
    from iacgate.rules.dsl import Rule


def rule_table(rules: Sequence[Rule], fmt: str, framework: str | None = None) -> str:
    """Every rule with its code, name, severity, kinds, frameworks and pack, sorted by code;
    with ``framework``, only the rules mapped to it."""
    selected = [r for r in rules if not framework or r.meta.framework_ids(framework)]
    selected.sort(key=lambda r: r.meta.code)
    if fmt == "json":
        rows = [
            {
                "code": r.meta.code,
                "name": r.meta.name,
                "severity": r.meta.severity.label,
                "kinds": list(r.meta.kinds),
                "frameworks": {k: list(v) for k, v in r.meta.frameworks},
                "tags": list(r.meta.tags),
                "pack": r.pack,
                "summary": r.meta.summary,
            }
            for r in selected
        ]
        return json.dumps({"version": "1", "rules": rows}, indent=2) + "\n"
    lines = []
    for r in selected:
        mapped = "; ".join(f"{k} {', '.join(v)}" for k, v in r.meta.frameworks)
        if framework:
            mapped = f"{framework} {', '.join(r.meta.framework_ids(framework))}"
        kinds = r.meta.kinds[0] + (f" (+{len(r.meta.kinds) - 1})" if len(r.meta.kinds) > 1 else "")
        lines.append(
            f"{r.meta.code:10} {r.meta.severity.label:8} {r.meta.name:32} {kinds:32} "
            f"[{r.pack}]" + (f"  {mapped}" if mapped else "") + "\n"
        )
    return "".join(lines)


def collection_gaps(snapshot: Snapshot) -> list[str]:
    """One line per account not read and per kind not collected (for standard error)."""
    lines = []
    for unread in snapshot.coverage.unread:
        named = f" ({unread.name})" if unread.name else ""
        lines.append(
            f"iacgate: not read: account {unread.where}{named}: {unread.status.value}: "
            f"{unread.detail}"
        )
    for gap in snapshot.coverage.read_gaps:
        where = "" if gap.where == "*" else f" in {gap.where}"
        lines.append(f"iacgate: not collected: {gap.kind}{where}: {gap.status.value}: {gap.detail}")
    return lines


def collection_summary(snapshot: Snapshot) -> str:
    """What a collection read, in one line: resources, accounts, regions, complete lists."""
    coverage = snapshot.coverage
    if snapshot.provider != "aws":
        return (
            f"iacgate: {len(snapshot.resources)} resources from {snapshot.scope}; "
            f"{coverage.complete}/{coverage.attempted} lists complete"
        )
    listed = snapshot.target.get("accounts")
    read = f"{sum(1 for a in listed if a.get('read'))}/{len(listed)} accounts, " if listed else ""
    return (
        f"iacgate: {len(snapshot.resources)} resources from {snapshot.scope} "
        f"({read}{', '.join(snapshot.target.get('regions') or [])}); "
        f"{coverage.complete}/{coverage.attempted} kind and region lists complete"
    )


def collection_report(snapshot: Snapshot) -> str:
    """For standard error after a collection: its gaps, then its summary."""
    return "".join(
        f"{line}\n" for line in [*collection_gaps(snapshot), collection_summary(snapshot)]
    )


def shard_listing(shards: Sequence[Shard], fmt: str) -> str:
    """The shards of ``iacgate org shards``: a GitHub Actions matrix, JSON, or text lines."""
    from iacgate.live.aws.shards import github_matrix

    if fmt == "text":
        return "".join(
            f"{shard.name}: --accounts {','.join(shard.accounts)} "
            f"--region {','.join(shard.regions)}{'' if shard.globals else ' --no-global'}\n"
            for shard in shards
        )
    if fmt == "github-matrix":
        return json.dumps(github_matrix(shards), separators=(",", ":")) + "\n"
    return json.dumps([s.matrix_entry() for s in shards], indent=2) + "\n"
