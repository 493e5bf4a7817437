"""Merging the JSON reports of shards into one: scan, drift or inventory, never mixed.

A nightly job fans out over accounts and regions (``iacgate org shards``) and each shard writes
a report; ``iacgate merge`` makes the organization's report of them, in the same format, so that
``iacgate report`` and every other reader take it as one run.

- **Identity.** Scan findings are deduplicated by fingerprint (rule, resource identity with its
  account, attribute path); drift items by theirs (status, kind, account, address); snapshot
  resources by scope and address. The first shard (in file name order) wins a duplicate.
- **Account and region kept.** Every finding, item and resource keeps its account; coverage of
  shards of different scopes is qualified by account (``<account>/<region>``), as an
  organization's collection is.
- **Coverage summed.** Lists attempted are the union of the shards' (one list read completely by
  any shard is complete); accounts not read stay not read. A drift declaration one shard could
  not verify because another shard's region or account held it is verified by that shard: it
  drops out of ``unverified`` when the merged coverage covers where it was looked for.
- **Counts recomputed** from the merged items: declared = in sync + missing + changed + not
  verified (each shard verifies a declared resource only where it reads). Shards that read the
  same list twice (two regions of one account both reading global kinds: use ``--no-global``)
  are named in a warning, since their in-sync resources count twice.
- **The gate recomputed**: a scan fails when a merged finding gates; drift when a declared
  resource is missing or changed, an account was not read, and with the flags as ``drift``
  has them; an inventory when an account was not read (and with ``--fail-on-incomplete``).
- **Bounded reads**: each report at most :data:`MAX_REPORT_BYTES`, regular files only.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacgate import __version__
from iacgate.errors import MergeError as MergeError  # its old home
from iacgate.live.coverage import Coverage, CoverageEntry, Unread, qualified

MAX_REPORT_BYTES = 512 * 1024 * 1024
SCAN, DRIFT, INVENTORY = "scan", "drift", "inventory"
KINDS = (SCAN, DRIFT, INVENTORY)


@dataclass(frozen=True, slots=True)
class Merged:
    kind: str  # scan, drift or inventory
    document: dict[str, Any]
    failed: bool
    warnings: tuple[str, ...] = ()

    def render(self) -> str:
        if self.kind == INVENTORY:
            return json.dumps(self.document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True, slots=True)
class Gate:
    """What fails a merged drift or inventory report beyond drift and unread accounts."""

    fail_on_unmanaged: bool = False
    fail_on_incomplete: bool = False


# -- reading ------------------------------------------------------------------------------


def read_report(path: Path, max_bytes: int = MAX_REPORT_BYTES) -> Any:
    """A report file's JSON, read at most ``max_bytes`` (a regular file only)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise MergeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise MergeError(f"{path}: not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise MergeError(f"{path}: larger than {max_bytes} bytes")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise MergeError(f"{path}: larger than {max_bytes} bytes")
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise MergeError(f"{path}: not valid JSON{where}") from None
    except RecursionError:
        raise MergeError(f"{path}: JSON nested too deeply") from None


def kind_of(document: Any) -> str | None:
    if not isinstance(document, Mapping):
        return None
    if document.get("format") == "iacgate-snapshot":
        return INVENTORY
    found = document.get("report")
    return str(found) if found in (SCAN, DRIFT) else None


def _list(document: Mapping[str, Any], key: str, name: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise MergeError(f"{name}: {key!r} is not a list")
    return value


def _map(document: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, Mapping):
        raise MergeError(f"{name}: {key!r} is not an object")
    return value


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _account_ids(document: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """An organization report's accounts (``target.accounts``), or None."""
    target = document.get("target")
    listed = target.get("accounts") if isinstance(target, Mapping) else None
    if not isinstance(listed, list):
        return None
    return [a for a in listed if isinstance(a, Mapping) and isinstance(a.get("id"), str)]


# -- shards and their coverage --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shard:
    name: str
    document: Mapping[str, Any]
    scope: str
    organization: bool  # coverage already qualified by account

    @property
    def part(self) -> str:
        """What qualifies this shard's coverage when shards of several scopes merge."""
        return self.scope.split(":", 1)[1] if ":" in self.scope else self.scope


def _where(shard: _Shard, where: str, qualify: bool) -> str:
    return qualified(shard.part, where) if qualify and not shard.organization else where


def _coverage_entries(
    shards: Sequence[_Shard], lists: Sequence[list[Any]], qualify: bool
) -> tuple[list[CoverageEntry], list[str]]:
    """The union of the shards' lists (complete wins); where two shards read the same list."""
    chosen: dict[tuple[str, str], CoverageEntry] = {}
    owners: dict[tuple[str, str], str] = {}
    overlaps: list[str] = []
    for shard, entries in zip(shards, lists, strict=True):
        for raw in entries:
            try:
                entry = CoverageEntry.from_dict(raw)
            except (KeyError, ValueError, TypeError, AttributeError):
                raise MergeError(f"{shard.name}: malformed coverage entry") from None
            where = _where(shard, entry.where, qualify)
            entry = CoverageEntry(entry.kind, where, entry.status, entry.count, entry.detail)
            key = (entry.kind, where)
            previous = chosen.get(key)
            if previous is None:
                chosen[key] = entry
                owners[key] = shard.name
                continue
            if previous.complete and entry.complete and owners[key] != shard.name:
                overlaps.append(f"{entry.kind} at {where} ({owners[key]}, {shard.name})")
            if entry.complete and not previous.complete:
                chosen[key] = entry
                owners[key] = shard.name
    warnings = []
    if overlaps:
        more = f"; +{len(overlaps) - 5} more" if len(overlaps) > 5 else ""
        shown = "; ".join(overlaps[:5]) + more
        warnings.append(
            f"shards read the same lists ({shown}): their resources count twice in the totals "
            "(give global kinds to one shard per account: --no-global)"
        )
    return list(chosen.values()), warnings


def _unread(shards: Sequence[_Shard], qualify: bool) -> list[Unread]:
    found: dict[str, Unread] = {}
    for shard in shards:
        source = shard.document.get("unread")
        if source is None:
            coverage = shard.document.get("coverage")
            source = coverage.get("unread") if isinstance(coverage, Mapping) else None
        for raw in source or ():
            try:
                unread = Unread.from_dict(raw)
            except (KeyError, ValueError, TypeError, AttributeError):
                raise MergeError(f"{shard.name}: malformed unread entry") from None
            where = _where(shard, unread.where, qualify)
            found.setdefault(where, Unread(where, unread.status, unread.detail, unread.name))
    return list(found.values())


def _merged_accounts(shards: Sequence[_Shard], unread: Iterable[Unread]) -> list[dict[str, Any]]:
    """Every account of the shards: an organization's list, or a single account's scope."""
    accounts: dict[str, dict[str, Any]] = {}
    for shard in shards:
        listed = _account_ids(shard.document)
        if listed is None:
            account = shard.part
            entry = accounts.setdefault(account, {"id": account, "name": "", "read": False})
            entry["read"] = True
            continue
        for listed_account in listed:
            ident = str(listed_account["id"])
            entry = accounts.setdefault(
                ident, {"id": ident, "name": str(listed_account.get("name") or "")}
            )
            entry["read"] = bool(entry.get("read")) or bool(listed_account.get("read"))
    for part in unread:
        accounts.setdefault(part.where, {"id": part.where, "name": part.name, "read": False})
    return [accounts[a] for a in sorted(accounts)]


def _target(shards: Sequence[_Shard], scope: str, several: bool, unread: Iterable[Unread]) -> Any:
    first = shards[0].document.get("target")
    target: dict[str, Any] = dict(first) if isinstance(first, Mapping) else {}
    target["scope"] = scope
    regions: set[str] = set()
    for shard in shards:
        other = shard.document.get("target")
        if isinstance(other, Mapping):
            regions.update(str(r) for r in other.get("regions") or () if isinstance(r, str))
    if regions:
        target["regions"] = sorted(regions)
    if several:
        target["accounts"] = _merged_accounts(shards, unread)
        target.pop("account", None)
    target["shards"] = [shard.name for shard in shards]
    return target


def _common(values: Iterable[str], what: str) -> str:
    found = sorted(set(values))
    if len(found) != 1:
        raise MergeError(f"reports of different {what}: {', '.join(found)}")
    return found[0]


def _shards(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> list[_Shard]:
    shards = []
    for name, document in documents:
        scope = document.get("scope")
        if scope is None and isinstance(document.get("target"), Mapping):
            scope = document["target"].get("scope")
        shards.append(
            _Shard(
                name,
                document,
                str(scope or ""),
                _account_ids(document) is not None,
            )
        )
    return shards


def _not_judged(summaries: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The shards' ``summary.not_judged`` added up, by reason and type."""
    by_reason: dict[str, dict[str, int]] = {}
    for summary in summaries:
        section = summary.get("not_judged")
        reasons = section.get("by_reason") if isinstance(section, Mapping) else None
        for reason, types in (reasons or {}).items():
            if isinstance(reason, str) and isinstance(types, Mapping):
                row = by_reason.setdefault(reason, {})
                for type_, count in types.items():
                    row[str(type_)] = row.get(str(type_), 0) + _int(count)
    by_reason = {r: dict(sorted(t.items())) for r, t in sorted(by_reason.items())}
    total = sum(n for types in by_reason.values() for n in types.values())
    return {"resources": total, "by_reason": by_reason}


def _scope(shards: Sequence[_Shard], provider: str, wanted: str | None) -> tuple[str, bool]:
    """The merged scope, and whether the shards are of several scopes."""
    scopes = sorted({s.scope for s in shards})
    several = len(scopes) > 1 or any(s.organization for s in shards)
    if wanted:
        return wanted, several
    return (scopes[0] if len(scopes) == 1 else f"{provider}:merged"), several


# -- the three kinds ------------------------------------------------------------------------


def _latest(shards: Sequence[_Shard], key: str) -> str | None:
    values = [str(s.document[key]) for s in shards if isinstance(s.document.get(key), str)]
    return max(values) if values else None


def _duration(shards: Sequence[_Shard]) -> float:
    values = [
        float(v)
        for s in shards
        if isinstance(v := s.document.get("duration_seconds"), int | float)
        and not isinstance(v, bool)
    ]
    return max(values, default=0.0)


def _merge_inventory(shards: Sequence[_Shard], scope: str | None, gate: Gate) -> Merged:
    provider = _common((str(s.document.get("provider")) for s in shards), "providers")
    merged_scope, several = _scope(shards, provider, scope)
    qualify = len({s.scope for s in shards}) > 1
    lists = [_list(s.document, "coverage", s.name) for s in shards]
    entries, warnings = _coverage_entries(shards, lists, qualify)
    unread = _unread(shards, qualify)
    coverage = Coverage.of(entries, unread)
    resources: dict[tuple[str, str], dict[str, Any]] = {}
    for shard in shards:
        for raw in _list(shard.document, "resources", shard.name):
            if not isinstance(raw, Mapping) or not isinstance(raw.get("address"), str):
                raise MergeError(f"{shard.name}: malformed resource")
            own = raw.get("scope") or shard.scope
            item = dict(raw)
            if own != merged_scope:
                item["scope"] = own
            else:
                item.pop("scope", None)
            resources.setdefault((str(own), str(raw["address"])), item)
    collected = _latest(shards, "collected_at") or ""
    document: dict[str, Any] = {
        "format": "iacgate-snapshot",
        "version": 1,
        "provider": provider,
        "scope": merged_scope,
        "collected_at": collected,
        "generated_at": collected,
        "duration_seconds": _duration(shards),
        "tool": {"name": "iacgate", "version": __version__},
        "target": _target(shards, merged_scope, several, unread),
        "coverage": [e.to_dict() for e in coverage.entries],
        **({"unread": [u.to_dict() for u in coverage.unread]} if coverage.unread else {}),
        "resources": sorted(
            resources.values(),
            key=lambda r: (str(r.get("kind")), str(r["address"]), str(r.get("scope", ""))),
        ),
    }
    failed = bool(coverage.unread) or (gate.fail_on_incomplete and bool(coverage.gaps))
    return Merged(INVENTORY, document, failed, tuple(warnings))


def _rank(item: Mapping[str, Any]) -> tuple[int, int, int, str, str, str]:
    from iacgate.rules.metadata import Severity

    order = {"missing": 0, "changed": 1, "unmanaged": 2}
    severity = item.get("severity")
    try:
        level = int(Severity.parse(severity)) if isinstance(severity, str) else -1
    except ValueError:
        level = -1
    return (
        0 if item.get("security") else 1,
        -level,
        order.get(str(item.get("status")), 3),
        str(item.get("kind")),
        str(item.get("address")),
        str(item.get("account") or ""),
    )


def _item_fingerprint(item: Mapping[str, Any]) -> str:
    from iacgate.driftcheck.model import item_fingerprint

    found = item.get("fingerprint")
    if isinstance(found, str) and found:
        return found
    return item_fingerprint(
        str(item.get("status")),
        str(item.get("kind")),
        str(item.get("account") or ""),
        str(item.get("address")),
    )


def _merge_drift(shards: Sequence[_Shard], scope: str | None, gate: Gate) -> Merged:
    provider = _common((str(s.document.get("provider")) for s in shards), "providers")
    merged_scope, several = _scope(shards, provider, scope)
    qualify = len({s.scope for s in shards}) > 1
    coverages = [_map(s.document, "coverage", s.name) for s in shards]
    known = all(isinstance(c.get("entries"), list) for c in coverages)
    warnings: list[str] = []
    if known:
        lists = [list(c["entries"]) for c in coverages]
    else:
        # Reports written before they listed every list: only their gaps are known.
        lists = [list(c.get("gaps") or []) for c in coverages]
        warnings.append(
            "a report lists only its coverage gaps (written by an older iacgate): declarations "
            "another shard verified may stay listed as not verified"
        )
    entries, overlaps = _coverage_entries(shards, lists, qualify)
    warnings.extend(overlaps)
    unread = _unread(shards, qualify)
    coverage = Coverage.of(entries, unread)
    # Where each shard read, always by account: a declaration is verified only by a shard
    # that read its own account.
    everywhere = Coverage.of(_coverage_entries(shards, lists, True)[0])

    items: dict[str, dict[str, Any]] = {}
    for shard in shards:
        for raw in _list(shard.document, "items", shard.name):
            if not isinstance(raw, Mapping):
                raise MergeError(f"{shard.name}: malformed drift item")
            fingerprint = _item_fingerprint(raw)
            items.setdefault(fingerprint, {**raw, "fingerprint": fingerprint})
    ranked = sorted(items.values(), key=_rank)

    unverified: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for shard, shard_coverage in zip(shards, coverages, strict=True):
        for raw in _list(shard_coverage, "unverified", shard.name):
            if not isinstance(raw, Mapping):
                raise MergeError(f"{shard.name}: malformed unverified entry")
            item = dict(raw)
            where = item.get("where")
            if isinstance(where, str) and where != "?":
                account = item.get("account")
                if not shard.organization:
                    # Its own account's, not necessarily the shard's.
                    where = qualified(account if isinstance(account, str) else shard.part, where)
                entry = everywhere.entry(str(item.get("kind")), where)
                if known and entry is not None and entry.complete:
                    continue  # a shard read where it is: that shard verified it
                if qualify:
                    item["where"] = where
            key = (
                str(item.get("kind")),
                str(item.get("address")),
                str(item.get("file")),
                str(item.get("where")),
            )
            unverified.setdefault(key, item)
    unverified_list = sorted(unverified.values(), key=lambda u: tuple(str(v) for v in u.values()))

    statuses = Counter(str(i.get("status")) for i in ranked)
    in_sync = sum(_int(_map(s.document, "summary", s.name).get("in_sync")) for s in shards)
    by_kind = _by_kind(shards, ranked, unverified_list)
    summary = {
        "declared": in_sync + statuses["missing"] + statuses["changed"] + len(unverified_list),
        "live": sum(_int(_map(s.document, "summary", s.name).get("live")) for s in shards),
        "in_sync": in_sync,
        "missing": statuses["missing"],
        "changed": statuses["changed"],
        "unmanaged": statuses["unmanaged"],
        "security": sum(1 for i in ranked if i.get("security")),
        "unverified": len(unverified_list),
        "by_kind": by_kind,
        "drift": "found" if ranked else "none",
    }
    drifted = bool(statuses["missing"] or statuses["changed"])
    incomplete = bool(unverified_list or coverage.gaps or coverage.unread)
    failed = (
        drifted
        or bool(coverage.unread)
        or (gate.fail_on_unmanaged and bool(statuses["unmanaged"]))
        or (gate.fail_on_incomplete and incomplete)
    )
    summary["gate"] = "failed" if failed else "passed"
    for shard in shards:
        for warning in _list(shard.document, "warnings", shard.name):
            if isinstance(warning, str) and warning not in warnings:
                warnings.append(warning)
    inputs: list[str] = []
    for shard in shards:
        for path in _list(shard.document, "inputs", shard.name):
            if isinstance(path, str) and path not in inputs:
                inputs.append(path)
    from iacgate.provenance import utc_now

    document: dict[str, Any] = {
        "version": "1",
        "report": "drift",
        "tool": {"name": "iacgate", "version": __version__},
        "generated_at": utc_now(),
        "duration_seconds": _duration(shards),
        "target": _target(shards, merged_scope, several, unread),
        "provider": provider,
        "scope": merged_scope,
        "collected_at": _latest(shards, "collected_at") or "",
        "inputs": inputs,
        "items": ranked,
        "coverage": {
            "attempted": coverage.attempted,
            "complete": coverage.complete,
            "ratio": coverage.ratio,
            "gaps": [g.to_dict() for g in coverage.gaps],
            "unread": [u.to_dict() for u in coverage.unread],
            "entries": [e.to_dict() for e in coverage.entries],
            "unverified": unverified_list,
        },
        "summary": summary,
        "warnings": warnings,
    }
    return Merged(DRIFT, document, failed, tuple(warnings))


def _by_kind(
    shards: Sequence[_Shard], items: Sequence[Mapping[str, Any]], unverified: Sequence[Any]
) -> list[dict[str, Any]]:
    """Per kind: live and managed summed over shards; unmanaged, missing and not verified from
    the merged lists; declared = managed + missing + not verified."""
    live: Counter[str] = Counter()
    managed: Counter[str] = Counter()
    for shard in shards:
        summary = _map(shard.document, "summary", shard.name)
        for row in summary.get("by_kind") or ():
            if isinstance(row, Mapping) and isinstance(row.get("kind"), str):
                live[row["kind"]] += _int(row.get("live"))
                managed[row["kind"]] += _int(row.get("managed"))
    missing = Counter(str(i.get("kind")) for i in items if i.get("status") == "missing")
    unmanaged = Counter(str(i.get("kind")) for i in items if i.get("status") == "unmanaged")
    not_verified = Counter(str(u.get("kind")) for u in unverified)
    rows = []
    kinds = set(live) | set(managed) | set(missing) | set(unmanaged) | set(not_verified)
    for kind in sorted(kinds):
        total = managed[kind] + unmanaged[kind]
        rows.append(
            {
                "kind": kind,
                "declared": managed[kind] + missing[kind] + not_verified[kind],
                "live": live[kind],
                "managed": managed[kind],
                "unmanaged": unmanaged[kind],
                "iac_coverage": None if total == 0 else round(managed[kind] / total, 4),
            }
        )
    return rows


def _merge_scan(shards: Sequence[_Shard], scope: str | None) -> Merged:
    findings: dict[str, dict[str, Any]] = {}
    for shard in shards:
        for raw in _list(shard.document, "findings", shard.name):
            if not isinstance(raw, Mapping) or not isinstance(raw.get("fingerprint"), str):
                raise MergeError(f"{shard.name}: a finding without a fingerprint")
            findings.setdefault(str(raw["fingerprint"]), dict(raw))
    ordered = sorted(
        findings.values(),
        key=lambda f: (
            str(f.get("file") or f.get("account") or ""),
            _int(f.get("start_line")),
            str(f.get("code")),
            str(f.get("address")),
            str(f.get("path")),
        ),
    )
    skipped: list[Any] = []
    for shard in shards:
        for raw in _list(shard.document, "skipped", shard.name):
            if raw not in skipped:
                skipped.append(raw)
    rules: dict[str, dict[str, Any]] = {}
    for shard in shards:
        for raw in _list(shard.document, "rules", shard.name):
            if not isinstance(raw, Mapping) or not isinstance(raw.get("code"), str):
                continue
            row = rules.setdefault(raw["code"], {**raw, **dict.fromkeys(_TALLIES, 0)})
            for key in _TALLIES:
                row[key] += _int(raw.get(key))
    active = [f for f in ordered if "suppressed" not in f]
    summaries = [_map(s.document, "summary", s.name) for s in shards]
    fail_on = sorted({str(s.get("fail_on")) for s in summaries if s.get("fail_on")})
    gating = sum(1 for f in ordered if f.get("gating"))
    summary: dict[str, Any] = {
        "files": sum(_int(s.get("files")) for s in summaries),
        "resources": sum(_int(s.get("resources")) for s in summaries),
        "rules": max((_int(s.get("rules")) for s in summaries), default=0),
        "checks": sum(_int(s.get("checks")) for s in summaries),
        "passed": sum(_int(s.get("passed")) for s in summaries),
        "judged_resources": sum(_int(s.get("judged_resources")) for s in summaries),
        "findings": len(active),
        "by_severity": dict(sorted(Counter(str(f.get("severity")) for f in active).items())),
        "by_status": dict(sorted(Counter(str(f.get("status")) for f in active).items())),
        "suppressed": len(ordered) - len(active),
        "gating": gating,
        "fail_on": fail_on[0] if len(fail_on) == 1 else "mixed",
        "gate": "failed" if gating else "passed",
        "not_judged": _not_judged(summaries),
    }
    provider = str(_map(shards[0].document, "target", shards[0].name).get("provider") or "aws")
    merged_scope, several = _scope(shards, provider, scope)
    types = {str(_map(s.document, "target", s.name).get("type")) for s in shards}
    target = (
        _target(shards, merged_scope, several, ())
        if len(types) == 1
        else {"type": "merged", "shards": [s.name for s in shards]}
    )
    if len(types) == 1 and "scope" not in _map(shards[0].document, "target", shards[0].name):
        target.pop("scope", None)
    from iacgate.provenance import utc_now

    document: dict[str, Any] = {
        "version": "1",
        "report": "scan",
        "tool": {"name": "iacgate", "version": __version__},
        "generated_at": utc_now(),
        "duration_seconds": _duration(shards),
        "target": target,
        "findings": ordered,
        "skipped": skipped,
        "rules": [rules[code] for code in sorted(rules)],
        "summary": summary,
    }
    fixed = [s.document.get("fixed") for s in shards if isinstance(s.document.get("fixed"), list)]
    if fixed:
        merged_fixed: dict[str, Any] = {}
        for rows in fixed:
            for row in rows or ():
                if isinstance(row, Mapping) and isinstance(row.get("fingerprint"), str):
                    merged_fixed.setdefault(row["fingerprint"], row)
        document["fixed"] = list(merged_fixed.values())
        document["compared_with"] = next(
            (s.document.get("compared_with") for s in shards if s.document.get("compared_with")),
            None,
        )
        states = Counter(str(f.get("state")) for f in ordered)
        summary["new"] = states["new"]
        summary["existing"] = states["existing"]
        summary["fixed"] = len(merged_fixed)
    return Merged(SCAN, document, bool(gating))


_TALLIES = ("checks", "passed", "failed", "unknown", "not_judged")


def merge(
    paths: Sequence[Path],
    *,
    scope: str | None = None,
    gate: Gate | None = None,
    max_bytes: int = MAX_REPORT_BYTES,
) -> Merged:
    """Merge the reports at ``paths`` (read in file name order). Raises :class:`MergeError`."""
    if not paths:
        raise MergeError("no report to merge")
    ordered = sorted(dict.fromkeys(Path(p) for p in paths), key=lambda p: (p.name, str(p)))
    documents: list[tuple[str, Mapping[str, Any]]] = []
    kinds: dict[str, list[str]] = {}
    for path in ordered:
        document = read_report(path, max_bytes)
        kind = kind_of(document)
        if kind is None:
            raise MergeError(f"{path}: not an iacgate scan report, drift report or snapshot")
        version = str(document.get("version"))
        if version != "1":
            raise MergeError(f"{path}: {kind} report version {version[:20]!r} is not supported")
        kinds.setdefault(kind, []).append(path.name)
        documents.append((path.name, document))
    if len(kinds) > 1:
        listed = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in sorted(kinds.items()))
        raise MergeError(f"reports of different types cannot be merged ({listed})")
    kind = next(iter(kinds))
    shards = _shards(documents)
    if kind == SCAN:
        return _merge_scan(shards, scope)
    if kind == DRIFT:
        return _merge_drift(shards, scope, gate or Gate())
    return _merge_inventory(shards, scope, gate or Gate())
