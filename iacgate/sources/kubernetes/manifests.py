"""Kubernetes objects from parsed YAML/JSON documents, each with its own span table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.sources.structured import Document


@dataclass(frozen=True, slots=True)
class ManifestObject:
    """One Kubernetes object as written: its body and the span of each of its paths."""

    body: Mapping[str, Any]
    spans: dict[AttrPath, Location]
    file: str
    document: int


def is_object(value: Any) -> bool:
    """Objects have a string ``apiVersion`` and ``kind``; anything else is not Kubernetes."""
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("apiVersion"), str)
        and isinstance(value.get("kind"), str)
        and bool(value["kind"])
    )


def is_manifest(documents: list[Document]) -> bool:
    return any(is_object(doc.value) for doc in documents)


def _rebase(spans: dict[AttrPath, Location], prefix: AttrPath) -> dict[AttrPath, Location]:
    size = len(prefix)
    return {path[size:]: loc for path, loc in spans.items() if path[:size] == prefix}


def objects(documents: list[Document], file: str) -> Iterator[ManifestObject]:
    """Every object in the documents; ``List`` kinds are unpacked into their items."""
    for doc in documents:
        value = doc.value
        if not is_object(value):
            continue
        kind = value["kind"]
        items = value.get("items")
        if kind.endswith("List") and isinstance(items, list):
            for index, item in enumerate(items):
                if is_object(item):
                    yield ManifestObject(
                        item, _rebase(doc.spans, ("items", index)), file, doc.index
                    )
            continue
        yield ManifestObject(value, doc.spans, file, doc.index)
