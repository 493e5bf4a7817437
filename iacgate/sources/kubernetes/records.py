"""The record a manifest yields per Kubernetes object: its body as written, where each path
was written, and the scope that keeps its key unique. The pipeline normalizes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model import k8s
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath

SOURCE = "kubernetes"


@dataclass(frozen=True, slots=True)
class KubernetesObject:
    body: Mapping[str, Any]
    scope: str
    file: str | None
    spans: Mapping[AttrPath, Location] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The key its resource will have (``Resource.key``)."""
        return f"{self.scope}::{k8s.object_address(self.body)}"


@dataclass(slots=True)
class Manifests:
    """The objects of one input (a file, a rendered kustomization, one Helm template)."""

    objects: list[KubernetesObject] = field(default_factory=list)
    source: str = SOURCE
    _keys: set[str] = field(default_factory=set)
    # A rendering's inputs, (file, line): where every object's values may have been written.
    origins: tuple[tuple[str, int], ...] = ()

    def add(
        self,
        body: Mapping[str, Any],
        scope: str,
        file: str | None,
        spans: Mapping[AttrPath, Location],
        *,
        again: str,
    ) -> None:
        """Add an object under ``scope``; the same object twice (the same key) in one input is
        kept as well, told apart by the scope ``again`` (its document's)."""
        item = KubernetesObject(body, scope, file, spans)
        if item.key in self._keys:
            item = KubernetesObject(body, again, file, spans)
        self._keys.add(item.key)
        self.objects.append(item)

    def object_keys(self) -> set[str]:
        return set(self._keys)
