"""The snapshot: a live inventory as a versioned, reloadable, diffable JSON document.

Every provider writes the same envelope (documented in ``docs/snapshot.md``, schema in
``snapshot.schema.json`` beside this module)::

    {"format": "iacgate-snapshot", "version": 1, "provider": "k8s", "scope": "k8s:prod",
     "collected_at": "2024-05-01T02:00:00Z", "tool": {...}, "target": {...provider's own...},
     "coverage": [{"kind", "where", "status", "count", "detail"}, ...],
     "resources": [{"kind", "address", "physical_id", "attributes"}, ...]}

Resources are canonical (already normalized), sorted by (kind, address); keys are sorted, so
two snapshots of an unchanged scope differ only in ``collected_at``. A snapshot of several
accounts (an AWS organization) names each resource's own scope (``"scope": "aws:<account>"``)
where it differs from the snapshot's, and lists the accounts that could not be read under
``unread``. Secrets never enter a
snapshot: collectors do not read them, and sensitive attributes are redacted on the way out.
``Unknown`` values are written as ``{"$unknown": reason}``; a real mapping that would read like
an encoded value is wrapped as ``{"$literal": mapping}``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate import __version__
from iacgate.live.coverage import Coverage, CoverageEntry, Unread
from iacgate.live.errors import SnapshotError
from iacgate.model.resource import Resource
from iacgate.model.sensitive import redact
from iacgate.model.unknown import Unknown

SNAPSHOT_FORMAT = "iacgate-snapshot"
SNAPSHOT_VERSION = 1
_UNKNOWN = "$unknown"
_LITERAL = "$literal"
_RESERVED = frozenset({_UNKNOWN, _LITERAL})


def live_source(provider: str) -> str:
    """The ``Resource.source`` of a provider's live resources (``live-k8s``, ``live-aws``)."""
    return f"live-{provider}"


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Snapshot:
    provider: str  # "k8s", "aws"
    scope: str  # "k8s:<context>", "aws:<account>"; also every resource's scope
    collected_at: str  # RFC 3339, UTC
    coverage: Coverage
    resources: tuple[Resource, ...]
    # What the collection was asked for, in the provider's terms (context, server, namespaces;
    # profile, regions). Informational: nothing downstream depends on it.
    target: Mapping[str, Any] = field(default_factory=dict)
    duration_seconds: float | None = None  # wall time of the collection, when measured


def encode_value(value: Any) -> Any:
    """A JSON-ready copy of an attribute value, with Unknowns made explicit."""
    if isinstance(value, Unknown):
        return {_UNKNOWN: value.reason}
    if isinstance(value, Mapping):
        out = {str(k): encode_value(v) for k, v in value.items()}
        if len(out) == 1 and next(iter(out)) in _RESERVED:
            return {_LITERAL: out}
        return out
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    return value


def decode_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        if len(value) == 1:
            (key, inner), *_ = value.items()
            if key == _UNKNOWN:
                return Unknown(str(inner))
            if key == _LITERAL and isinstance(inner, Mapping):
                return {str(k): decode_value(v) for k, v in inner.items()}
        return {str(k): decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def _resource_dict(resource: Resource, scope: str) -> dict[str, Any]:
    out = {
        "kind": resource.kind,
        "address": resource.address,
        "physical_id": resource.physical_id,
        "attributes": encode_value(redact(resource.kind, resource.attributes)),
    }
    if resource.scope != scope:
        out["scope"] = resource.scope
    return out


def to_dict(snapshot: Snapshot) -> dict[str, Any]:
    resources = sorted(snapshot.resources, key=lambda r: (r.kind, r.address, r.scope))
    return {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "provider": snapshot.provider,
        "scope": snapshot.scope,
        "collected_at": snapshot.collected_at,
        # Every JSON report has generated_at (docs/json-output.md): a snapshot's is when it
        # was collected, so that writing it again gives the same file.
        "generated_at": snapshot.collected_at,
        **(
            {"duration_seconds": snapshot.duration_seconds}
            if snapshot.duration_seconds is not None
            else {}
        ),
        "tool": {"name": "iacgate", "version": __version__},
        "target": encode_value(snapshot.target),
        "coverage": [entry.to_dict() for entry in Coverage.of(snapshot.coverage.entries).entries],
        **(
            {"unread": [u.to_dict() for u in snapshot.coverage.unread]}
            if snapshot.coverage.unread
            else {}
        ),
        "resources": [_resource_dict(r, snapshot.scope) for r in resources],
    }


def dumps(snapshot: Snapshot) -> str:
    return json.dumps(to_dict(snapshot), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _require(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise SnapshotError(f"{where}: {key!r} is missing or malformed")
    return value


def from_dict(data: Any, name: str = "<snapshot>") -> Snapshot:
    """Rebuild a snapshot; anything malformed is a :class:`SnapshotError` naming ``name``."""
    if not isinstance(data, Mapping) or data.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f'{name}: not an iacgate snapshot (no "format": {SNAPSHOT_FORMAT!r})')
    version = data.get("version")
    if version != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"{name}: snapshot version {version!r} is not supported (this iacgate reads "
            f"version {SNAPSHOT_VERSION})"
        )
    provider = _require(data, "provider", str, name)
    scope = _require(data, "scope", str, name)
    collected_at = _require(data, "collected_at", str, name)
    unread = data.get("unread", [])
    if not isinstance(unread, list):
        raise SnapshotError(f"{name}: 'unread' is malformed")
    try:
        coverage = Coverage.of(
            (CoverageEntry.from_dict(item) for item in _require(data, "coverage", list, name)),
            (Unread.from_dict(item) for item in unread),
        )
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"{name}: malformed coverage entry ({exc})") from None
    resources: list[Resource] = []
    seen: set[str] = set()
    for index, item in enumerate(_require(data, "resources", list, name)):
        where = f"{name}: resources[{index}]"
        if not isinstance(item, Mapping):
            raise SnapshotError(f"{where} is not an object")
        physical_id = item.get("physical_id")
        if physical_id is not None and not isinstance(physical_id, str):
            raise SnapshotError(f"{where}: 'physical_id' must be a string or null")
        own_scope = item.get("scope", scope)
        if not isinstance(own_scope, str) or not own_scope:
            raise SnapshotError(f"{where}: 'scope' must be a non-empty string")
        resource = Resource(
            kind=_require(item, "kind", str, where),
            address=_require(item, "address", str, where),
            scope=own_scope,
            attributes=decode_value(_require(item, "attributes", Mapping, where)),
            source=live_source(provider),
            physical_id=physical_id,
        )
        if resource.key in seen:
            raise SnapshotError(f"{where}: duplicate resource {resource.address}")
        seen.add(resource.key)
        resources.append(resource)
    target = data.get("target")
    duration = data.get("duration_seconds")
    if isinstance(duration, bool) or not isinstance(duration, int | float) or duration < 0:
        duration = None
    return Snapshot(
        provider=provider,
        scope=scope,
        collected_at=collected_at,
        coverage=coverage,
        resources=tuple(resources),
        target=decode_value(target) if isinstance(target, Mapping) else {},
        duration_seconds=float(duration) if duration is not None else None,
    )


def loads(text: str, name: str = "<snapshot>") -> Snapshot:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    return from_dict(data, name)


def read(path: Path) -> Snapshot:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path}: cannot read snapshot: {exc}") from None
    return loads(text, str(path))
