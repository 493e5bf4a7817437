"""Helpers shared by the AWS API mappings: reading detail answers, tags, typed values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.live.aws.records import NativeRecord, failed_unknown, is_failure
from iacgate.model import aws
from iacgate.model.unknown import Unknown, is_unknown

SOURCE = "live-aws"


@dataclass(slots=True)
class Mapped:
    """One canonical resource a record gives (records of some kinds give two)."""

    kind: str
    address: str
    attributes: dict[str, Any]
    origin: dict[str, Any] = field(default_factory=dict)


def answer(record: NativeRecord, key: str) -> Any:
    """A detail answer: the response, ``None`` (not configured) or Unknown (the call failed)."""
    value = record.details.get(key)
    if is_failure(value):
        return failed_unknown(value)
    return value


def dig(value: Any, *path: str | int, default: Any = None) -> Any:
    """``value[path...]``, or ``default`` when any step is missing; an Unknown stays."""
    node = value
    for part in path:
        if is_unknown(node):
            return node
        if isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return default
            node = node[part]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return default
    return default if node is None else node


def tag_map(items: Any, key: str = "Key", value: str = "Value") -> Any:
    """``[{"Key": k, "Value": v}]`` as ``{k: v}``; ``None`` (no tags) is ``{}``; aws:* tags,
    which AWS sets itself (CloudFormation's stack tags), are kept: drift ignores them."""
    if is_unknown(items):
        return items
    if isinstance(items, Mapping):
        return {str(k): v for k, v in items.items()}
    if not isinstance(items, list):
        return {}
    return {str(t[key]): t.get(value) for t in items if isinstance(t, Mapping) and key in t}


def sorted_strings(values: Iterable[Any] | None) -> list[str]:
    return sorted(str(v) for v in values or () if v not in (None, ""))


def opt(value: Any) -> Any:
    """Empty means null (docs/model.md)."""
    return aws.value_or(value)


def as_int(value: Any, default: Any = None) -> Any:
    if value is None or value == "":
        return default
    if is_unknown(value):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return Unknown(f"not a number: {value!r}")


def as_bool(value: Any, default: Any = False) -> Any:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or is_unknown(value):
        return value
    return str(value).strip().lower() == "true"


def policy(value: Any) -> Any:
    """A policy answer (JSON text, an already parsed document, or None) as a document."""
    return aws.parse_policy(value)
