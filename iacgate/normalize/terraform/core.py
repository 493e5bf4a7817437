"""Terraform's view of the normalizer framework (``normalize/framework.py``): reading a
``TerraformResource`` (values plus where each was written, the references of its expressions),
and what only Terraform has: values computed by the provider in a plan, ``tags_all``, planned
actions, module paths and instance keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.framework import (
    Chosen,
    Context,
    Draft,
    Finalizer,
    Folder,
    Mapper,
    convert,
    copy_block,
    copy_fields,
    finish,
    is_computed,
    reorder_list,
    sort_mixed,
    str_list,
    to_bool,
    to_int,
)
from iacgate.sources.terraform.records import COMPUTED_BY_PROVIDER, TerraformResource

__all__ = [
    "COMPUTED_BY_PROVIDER",
    "KNOWN_AFTER_APPLY",
    "Chosen",
    "Context",
    "Draft",
    "Finalizer",
    "Folder",
    "Mapper",
    "View",
    "convert",
    "copy_block",
    "copy_fields",
    "finish",
    "is_computed",
    "planned_action",
    "reorder_list",
    "sort_mixed",
    "str_list",
    "to_bool",
    "to_int",
]

KNOWN_AFTER_APPLY = Unknown("known after apply")


class View:
    """One record's values with the location of each path."""

    __slots__ = ("record", "refs")

    # A canonical attribute Terraform sets from the argument of the same name points there.
    locate_by_default = True
    file = None  # a resource's file is where its block is written

    def __init__(self, record: TerraformResource) -> None:
        self.record = record
        refs: dict[AttrPath, list[str]] = defaultdict(list)
        for ref in record.references:
            refs[ref.path].append(ref.target)
        self.refs = refs

    @property
    def address(self) -> str:
        return self.record.address

    @property
    def instance_key(self) -> str | int | None:
        return self.record.index

    def block_at(self, name: str) -> AttrPath:
        return (name, 0)  # a nested block is a list of one

    # -- the field table ---------------------------------------------------------------------

    source = "terraform"

    def value_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        """The value at ``where`` (inside ``values``, the object found at ``at``, if given)."""
        node: Any = self.record.values if values is None else values
        for part in where if values is None else where[len(at) :]:
            if is_unknown(node):
                return node
            if isinstance(part, int):
                if isinstance(node, Mapping) and part == 0:
                    continue  # a block written as an object, not a list of one
                if not isinstance(node, list) or not 0 <= part < len(node):
                    return None
                node = node[part]
            elif isinstance(node, Mapping):
                node = node.get(part)
            else:
                return None
        return node

    def object_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        """A nested block (its first element) and where its fields are."""
        value = self.value_at(where, at, values)
        if isinstance(value, Mapping):
            return value, where  # an object (a record's own values), not a block
        if is_computed(value):
            return None, (*where, 0)
        if is_unknown(value):
            return value, (*where, 0)
        if isinstance(value, list):
            value = value[0] if value else None
        return (value if isinstance(value, Mapping) else None), (*where, 0)

    def items_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        """A list of nested blocks: [] when absent; Unknown stays."""
        value = self.value_at(where, at, values)
        if is_computed(value) or value is None:
            return []
        if is_unknown(value):
            return value
        if isinstance(value, Mapping):
            return [value]
        return (
            [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
        )

    def tags_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        """Effective tags: ``tags_all`` (provider default tags merged) when known."""
        return self.tags(), where

    def chosen_value(self, by: str) -> Any:
        return Unknown(f"not set: {by}")

    def assigned_value(self, value: Any) -> Any:
        return KNOWN_AFTER_APPLY

    def note(self, draft: Draft, path: AttrPath, src_path: AttrPath) -> None:
        """Sensitive values and the references of the expression that set ``path`` are known
        here: record them at the canonical path (a reference to the owner itself aside)."""
        secret = self.record.sensitive
        if secret and any(src_path[:end] in secret for end in range(len(src_path), 0, -1)):
            draft.sensitive.add(path)
        if self.refs:
            targets = [t for t in self.targets_at(src_path) if t != draft.address]
            if targets:
                known = draft.refs.setdefault(path, [])
                known.extend(t for t in targets if t not in known)

    def references(self, draft: Draft) -> list[tuple[AttrPath, str]]:
        return [(path, target) for path, targets in draft.refs.items() for target in targets]

    def origin(self, draft: Draft) -> dict[str, Any]:
        return _origin(self, draft)

    def raw(self, *path: str | int) -> Any:
        """The value at ``path``; None when absent (Terraform's null)."""
        node: Any = self.record.values
        for part in path:
            if is_unknown(node):
                return node
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    return None
                node = node[part]
            else:
                if not isinstance(node, Mapping):
                    return None
                node = node.get(part)
        return node

    def exact(self, path: AttrPath) -> Location | None:
        return self.record.spans.get(path)

    def span(self, path: AttrPath) -> Location | None:
        """Where ``path`` was written, else its nearest written ancestor in this record."""
        spans = self.record.spans
        for end in range(len(path), -1, -1):
            found = spans.get(path[:end])
            if found is not None:
                return found
        return None

    def targets_at(self, path: AttrPath) -> list[str]:
        """Absolute targets of the references written exactly at ``path`` or inside it."""
        return self.targets(path)

    def targets(self, path: AttrPath) -> list[str]:
        """Resource addresses referred to by the expression at ``path`` (or inside it),
        made absolute (the record's module path prepended)."""
        prefix = f"{self.record.module}." if self.record.module else ""
        found: list[str] = []
        for ref_path, targets in self.refs.items():
            if ref_path[: len(path)] == path:
                found.extend(prefix + t for t in targets)
        return found

    # -- typed settings --------------------------------------------------------------------

    def opt(self, *path: str | int, default: Any = None) -> Any:
        """An optional argument: unset (absent, null, "" or computed by the provider because
        the configuration leaves it out) gives ``default``."""
        value = self.raw(*path)
        if value is None or value == "" or is_computed(value):
            return default
        return value

    def out(self, *path: str | int) -> Any:
        """A value AWS assigns at creation (ids, ARNs): Unknown until it is known."""
        value = self.raw(*path)
        if value is None or value == "" or is_unknown(value):
            return KNOWN_AFTER_APPLY
        return value

    def required(self, *path: str | int) -> Any:
        """An argument the provider requires: Unknown (naming it) when it is missing."""
        value = self.raw(*path)
        if value is None or value == "":
            return Unknown(f"{'.'.join(str(p) for p in path)} not set")
        return value

    def chosen(self, *path: str | int, by: str) -> Any:
        """An argument AWS chooses when it is unset: the value when set, else Unknown."""
        value = self.raw(*path)
        if value is None or value == "" or is_computed(value):
            return Unknown(f"not set: {by}")
        return value

    def flag(self, *path: str | int, default: Any = False) -> Any:
        return to_bool(self.opt(*path, default=default))

    def number(self, *path: str | int, default: Any = None) -> Any:
        return to_int(self.opt(*path, default=default))

    def str_list(self, *path: str | int, sort: bool = True) -> Any:
        """A list/set of strings (unset = empty), sorted unless order matters."""
        value = self.opt(*path, default=[])
        return str_list(value, sort=sort)

    def block(self, *path: str | int) -> Any:
        """The first element of a nested block (Terraform keeps blocks as lists): a mapping,
        None when absent, or Unknown."""
        value = self.raw(*path)
        if is_computed(value):
            return None
        if is_unknown(value):
            return value
        if isinstance(value, list):
            value = value[0] if value else None
        return value if isinstance(value, Mapping) else None

    def blocks(self, *path: str | int) -> Any:
        """All elements of a nested block list; [] when absent; Unknown stays."""
        value = self.raw(*path)
        if is_computed(value) or value is None:
            return []
        if is_unknown(value):
            return value
        if isinstance(value, Mapping):
            return [value]
        return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []

    def tags(self) -> Any:
        """Effective tags: ``tags_all`` (provider default tags merged) when known, else tags."""
        merged = self.raw("tags_all")
        if isinstance(merged, Mapping):
            return {str(k): v for k, v in merged.items()}
        value = self.raw("tags")
        if value is None or is_computed(value):
            return {}
        if isinstance(value, Mapping):
            return {str(k): v for k, v in value.items()}
        return value


_ACTIONS = {
    ("create",): "create",
    ("update",): "update",
    ("delete",): "delete",
    ("read",): "read",
    ("no-op",): "no-op",
    ("delete", "create"): "replace",
    ("create", "delete"): "replace",
}


def planned_action(actions: tuple[str, ...]) -> str | None:
    if not actions:
        return None
    return _ACTIONS.get(tuple(actions), "+".join(actions))


def _origin(view: View, draft: Draft) -> dict[str, Any]:
    record = view.record
    origin: dict[str, Any] = {"terraform_type": record.type, "module": record.module}
    if record.index is not None:
        origin["index"] = record.index
    action = planned_action(record.actions)
    if action is not None:
        origin["action"] = action
    if draft.folded:
        origin["folded"] = tuple(draft.folded)
    if draft.sensitive:
        origin["sensitive"] = tuple(sorted(draft.sensitive, key=str))
    if draft.refs:
        origin["references"] = tuple(view.references(draft))
    return origin
