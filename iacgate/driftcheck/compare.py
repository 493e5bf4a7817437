"""Attribute-level comparison of one declared resource with its live counterpart.

Only what the declaration sets is compared (the declared attribute tree, as server-side apply
sees field ownership): a live field the declaration never mentions is the provider's default
or another owner's business, not drift. Mappings compare key by key; lists of keyed items
(containers, env, ports, volumes) compare item by item through their key, so order does not
matter and items added live are reported; lists of scalars compare whole. A zero value (null,
``""``, ``0``, ``false``, ``{}``, ``[]``) equals an absent one, as an API that omits empty fields
would have it. Provider specifics come from a :class:`Semantics`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from iacgate.driftcheck.model import ABSENT, Change
from iacgate.driftcheck.paths import DriftPath, ItemKey
from iacgate.model.paths import AttrPath
from iacgate.model.sensitive import REDACTED, redact, sensitive_key
from iacgate.model.unknown import Unknown


@dataclass(frozen=True, slots=True)
class ListKey:
    """How the items of a list are identified: key fields, with defaults for omitted ones."""

    fields: tuple[str, ...]
    defaults: tuple[tuple[str, Any], ...] = ()
    # Whether a null field is part of the key (an AWS security group rule names exactly one of
    # its four peer fields; the others are null) rather than making the item unkeyable.
    nullable: bool = False

    def of(self, item: Any) -> ItemKey | None:
        if not isinstance(item, Mapping):
            return None
        defaults = dict(self.defaults)
        match: list[tuple[str, Any]] = []
        shown: list[tuple[str, Any]] = []
        for name in self.fields:
            value = item.get(name, defaults.get(name))
            if value is None and self.nullable:
                match.append((name, None))
                continue
            if value is None or isinstance(value, Mapping | list | Unknown):
                return None
            match.append((name, value))
            if name not in defaults or value != defaults[name]:
                shown.append((name, value))
        return ItemKey(tuple(match), tuple(shown))


class Semantics(Protocol):
    """What a provider's API does to values, for the comparison."""

    def ignored(self, kind: str, path: DriftPath) -> bool:
        """Server-populated or bookkeeping paths that never count as drift."""
        ...

    def list_key(self, kind: str, path: DriftPath, items: Sequence[Any]) -> ListKey | None:
        """The key of a list's items, or None for positional (or whole-value) comparison."""
        ...

    def injected(self, kind: str, path: DriftPath, item: Any) -> bool:
        """A live list item the platform adds on its own (never reported as added)."""
        ...

    def same_scalar(self, kind: str, path: DriftPath, declared: Any, live: Any) -> bool:
        """Equality of two scalars, with the provider's normal forms (quantities, casing)."""
        ...

    def added_keys(self, kind: str, path: DriftPath) -> bool:
        """Whether keys of a live mapping that the declaration lacks are changes (AWS: an
        inline policy or a tag added by hand) or another owner's business (Kubernetes labels
        and annotations that controllers add)."""
        ...

    def deferred(self, kind: str, path: DriftPath, declared: Any) -> bool:
        """Whether the declared value leaves the live one to the platform, so that whatever
        runs is not drift (AWS: a bucket whose code declares no public access block)."""
        ...


def is_zero(value: Any) -> bool:
    if value is ABSENT or value is None:
        return True
    if isinstance(value, Unknown):
        return False
    if isinstance(value, bool):
        return value is False
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | Mapping | list):
        return len(value) == 0
    return False


def is_zero_deep(value: Any) -> bool:
    """Zero, or a mapping of nothing but zero values (``securityContext: {privileged: false}``)."""
    if isinstance(value, Mapping):
        return all(is_zero_deep(item) for item in value.values())
    return is_zero(value)


def plain_equal(declared: Any, live: Any) -> bool:
    """Equality that keeps booleans apart from numbers (``True == 1`` in Python)."""
    if isinstance(declared, bool) or isinstance(live, bool):
        return declared is live
    return bool(declared == live)


class _Diff:
    def __init__(self, kind: str, semantics: Semantics) -> None:
        self.kind = kind
        self.semantics = semantics
        self.changes: list[Change] = []

    def record(
        self,
        keyed: DriftPath,
        indexed: AttrPath | None,
        declared: Any,
        live: Any,
        sensitive: bool,
    ) -> None:
        def shown(value: Any, path: Sequence[object]) -> Any:
            if value is ABSENT:
                return ABSENT
            return REDACTED if sensitive else redact(self.kind, value, path)

        self.changes.append(
            Change(
                path=keyed,
                declared=shown(declared, indexed or ()),
                live=shown(live, indexed or ()),
                sensitive=sensitive,
                declared_path=indexed,
            )
        )

    def walk(
        self, keyed: DriftPath, indexed: AttrPath, declared: Any, live: Any, sensitive: bool
    ) -> None:
        if self.semantics.ignored(self.kind, keyed):
            return
        if self.semantics.deferred(self.kind, keyed, declared):
            return
        if isinstance(declared, Unknown) or isinstance(live, Unknown):
            return  # not comparable: the rules report unknowns, drift does not guess
        if sensitive and live == REDACTED:
            return  # a redacted snapshot value cannot be compared; a live collection can
        if is_zero_deep(declared) and is_zero(live):
            return
        if isinstance(declared, Mapping) and isinstance(live, Mapping):
            for key, value in declared.items():
                child_sensitive = sensitive or sensitive_key(self.kind, indexed, declared, key)
                self.walk(
                    (*keyed, key), (*indexed, key), value, live.get(key, ABSENT), child_sensitive
                )
            if self.semantics.added_keys(self.kind, keyed):
                for key, value in live.items():
                    path = (*keyed, key)
                    if key in declared or is_zero(value) or self.semantics.ignored(self.kind, path):
                        continue
                    child_sensitive = sensitive or sensitive_key(self.kind, indexed, live, key)
                    # Added live: located at the declared mapping it joined.
                    self.record(path, indexed, ABSENT, value, child_sensitive)
            return
        if isinstance(declared, list) and isinstance(live, list):
            self.walk_list(keyed, indexed, declared, live, sensitive)
            return
        if isinstance(declared, Mapping | list) or isinstance(live, Mapping | list):
            self.record(keyed, indexed, declared, live, sensitive)
            return
        if live is ABSENT or not self.semantics.same_scalar(self.kind, keyed, declared, live):
            self.record(keyed, indexed, declared, live, sensitive)

    def walk_list(
        self,
        keyed: DriftPath,
        indexed: AttrPath,
        declared: list[Any],
        live: list[Any],
        sensitive: bool,
    ) -> None:
        key = self.semantics.list_key(self.kind, keyed, declared)
        declared_keys = [key.of(item) for item in declared] if key else []
        if key and declared_keys and all(k is not None for k in declared_keys):
            live_items: dict[ItemKey, Any] = {}
            for item in live:
                item_key = key.of(item)
                if item_key is not None:
                    live_items.setdefault(item_key, item)
            seen: set[ItemKey] = set()
            for index, (item_key, item) in enumerate(zip(declared_keys, declared, strict=True)):
                assert item_key is not None
                seen.add(item_key)
                self.walk(
                    (*keyed, item_key),
                    (*indexed, index),
                    item,
                    live_items.get(item_key, ABSENT),
                    sensitive,
                )
            for item_key, item in live_items.items():
                path = (*keyed, item_key)
                if item_key in seen or self.semantics.injected(self.kind, keyed, item):
                    continue
                if not self.semantics.ignored(self.kind, path):
                    # Added live: located at the declared list it joined.
                    self.record(path, indexed, ABSENT, item, sensitive)
            return
        if any(isinstance(v, Unknown) for v in declared):
            return  # an item not known before deploy: the list cannot be compared
        if all(not isinstance(v, Mapping | list) for v in (*declared, *live)):
            # A list of scalars (args, verbs, hosts) is one value.
            same = len(declared) == len(live) and all(
                self.semantics.same_scalar(self.kind, keyed, d, v)
                for d, v in zip(declared, live, strict=True)
            )
            if not same:
                self.record(keyed, indexed, declared, live, sensitive)
            return
        for index in range(max(len(declared), len(live))):
            d = declared[index] if index < len(declared) else ABSENT
            v = live[index] if index < len(live) else ABSENT
            if d is ABSENT:
                self.record((*keyed, index), indexed, ABSENT, v, sensitive)
            else:
                self.walk((*keyed, index), (*indexed, index), d, v, sensitive)


def diff(
    kind: str, declared: Mapping[str, Any], live: Mapping[str, Any], semantics: Semantics
) -> list[Change]:
    """Every difference on the declared attribute tree, in declaration order."""
    walker = _Diff(kind, semantics)
    walker.walk((), (), declared, live, False)
    return walker.changes


def keyed_path(
    kind: str, attributes: Mapping[str, Any], path: AttrPath, semantics: Semantics
) -> DriftPath:
    """``path`` with the indexes of keyed lists replaced by item keys."""
    out: list[str | int | ItemKey] = []
    node: Any = attributes
    for part in path:
        if isinstance(part, int) and isinstance(node, list):
            key = semantics.list_key(kind, tuple(out), node)
            item = node[part] if -len(node) <= part < len(node) else None
            item_key = key.of(item) if key and item is not None else None
            out.append(item_key if item_key is not None else part)
            node = item
        else:
            out.append(part)
            node = node.get(part) if isinstance(node, Mapping) else None
    return tuple(out)


def value_at(
    attributes: Mapping[str, Any], path: DriftPath, semantics: Semantics, kind: str
) -> Any:
    """The value at a drift path, or ABSENT."""
    node: Any = attributes
    walked: list[str | int | ItemKey] = []
    for part in path:
        if isinstance(part, ItemKey):
            if not isinstance(node, list):
                return ABSENT
            key = semantics.list_key(kind, tuple(walked), node)
            node = next((item for item in node if key and key.of(item) == part), ABSENT)
        elif isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return ABSENT
            node = node[part]
        else:
            if not isinstance(node, Mapping) or part not in node:
                return ABSENT
            node = node[part]
        if node is ABSENT:
            return ABSENT
        walked.append(part)
    return node


def index_path(
    attributes: Mapping[str, Any], path: DriftPath, semantics: Semantics, kind: str
) -> AttrPath:
    """The positional path of a drift path in ``attributes`` -- or of its deepest part that
    is there (where a value added live would have been declared)."""
    node: Any = attributes
    out: list[str | int] = []
    walked: list[str | int | ItemKey] = []
    for part in path:
        if isinstance(part, ItemKey):
            if not isinstance(node, list):
                return tuple(out)
            key = semantics.list_key(kind, tuple(walked), node)
            found = next((i for i, item in enumerate(node) if key and key.of(item) == part), None)
            if found is None:
                return tuple(out)
            out.append(found)
            node = node[found]
        elif isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return tuple(out)
            out.append(part)
            node = node[part]
        else:
            if not isinstance(node, Mapping) or part not in node:
                return tuple(out)
            out.append(part)
            node = node[part]
        walked.append(part)
    return tuple(out)
