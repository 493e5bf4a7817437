"""The canonical resource: one vocabulary for every source and for live state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.paths import AttrPath, parse_path
from iacgate.model.unknown import Unknown
from iacgate.model.values import Value

# ``Resource.origin`` key: ((canonical path, ((file, line), ...)), ...), where the values at
# those paths were written besides their attribute (Terraform: ``.tfvars`` lines, variable
# defaults, locals, module arguments).
VALUE_ORIGINS = "value_origins"


@dataclass(frozen=True, eq=False, slots=True)
class Resource:
    """A canonical resource.

    ``kind`` is the dotted canonical kind (``k8s.apps.deployment``, ``aws.s3.bucket``).
    ``address`` is the source address (Terraform address, CloudFormation logical id, Kubernetes
    ``group/Kind/namespace/name``, live ARN); ``scope`` is what makes it unique across a scan (the
    file or Terraform root it came from, or the live account). ``attributes`` are effective values
    as the provider would apply them; they may contain ``Unknown`` values but never location
    metadata (see ``LocationTable``).
    """

    kind: str
    address: str
    scope: str
    attributes: Mapping[str, Value]
    source: str
    physical_id: str | None = None
    file: str | None = None
    # Free-form facts about the origin (planned action, module path, ...); never attribute data.
    origin: Mapping[str, Value] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Scan-unique identity; also the node id in the resource graph."""
        return f"{self.scope}::{self.address}"

    def get(self, path: str | AttrPath, default: Value = None) -> Value:
        """Value at ``path`` (``"spec.containers[0].image"`` or a tuple), or ``default``.

        A path that runs through an ``Unknown`` value yields that ``Unknown``: what lies below
        an unknown value is unknown too, never absent.
        """
        parts = parse_path(path) if isinstance(path, str) else path
        node: Any = self.attributes
        for part in parts:
            if type(node) is Unknown:
                return node
            if type(part) is int:
                if not isinstance(node, list) or not -len(node) <= part < len(node):
                    return default
                node = node[part]
            elif type(node) is dict:
                # Plain dicts are the common case; the ABC check below is slow.
                if part not in node:
                    return default
                node = node[part]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                return default
        return node

    def value_origins(self, path: AttrPath) -> tuple[tuple[str, int], ...]:
        """Where the value at ``path`` was written besides its attribute: the origins of the
        value itself, of what it holds and of what holds it, sorted and without duplicates."""
        recorded = self.origin.get(VALUE_ORIGINS)
        if not recorded:
            return ()
        size = len(path)
        found: set[tuple[str, int]] = set()
        for at, origins in recorded:
            if at[:size] == path or path[: len(at)] == at:
                found.update(origins)
        return tuple(sorted(found))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Resource) and other.key == self.key
