"""Terraform's view of the normalizer framework (``normalize/framework.py``): reading a
``TerraformResource`` (values plus where each was written, the references of its expressions),
and what only Terraform has: values computed by the provider in a plan, ``tags_all``, planned
actions, module paths and instance keys.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.model.resource import VALUE_ORIGINS
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.framework import Draft, RecordView, is_computed
from iacgate.sources.terraform.records import COMPUTED_BY_PROVIDER, TerraformResource

__all__ = ["COMPUTED_BY_PROVIDER", "KNOWN_AFTER_APPLY", "View", "planned_action"]

KNOWN_AFTER_APPLY = Unknown("known after apply")


class View(RecordView[TerraformResource]):
    """One record's values with the location of each path."""

    __slots__ = ("refs",)

    source = "terraform"
    # A canonical attribute Terraform sets from the argument of the same name points there.
    locate_by_default = True
    lists_of_one = True  # a nested block is a list of one (or, in some inputs, the object)
    file = None  # a resource's file is where its block is written

    def __init__(self, record: TerraformResource) -> None:
        super().__init__(record)
        refs: dict[AttrPath, list[str]] = defaultdict(list)
        for ref in record.references:
            refs[ref.path].append(ref.target)
        self.refs = refs

    @property
    def values(self) -> Any:
        return self.record.values

    def blank(self, type_: str) -> View:
        """A record of ``type_`` with no values, written where this one is (see
        ``Context.standalone``)."""
        block = self.record.spans.get(())
        return View(
            dataclasses.replace(
                self.record,
                type=type_,
                values={},
                spans={(): block} if block is not None else {},
                references=(),
                before=None,
                sensitive=frozenset(),
            )
        )

    @property
    def instance_key(self) -> str | int | None:
        return self.record.index

    def block_at(self, name: str) -> AttrPath:
        return (name, 0)

    # -- the field table ---------------------------------------------------------------------

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

    def tags_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        """Effective tags: ``tags_all`` (provider default tags merged) when known."""
        return self.tags(), where

    def assigned_value(self, value: Any) -> Any:
        return KNOWN_AFTER_APPLY

    def note(self, draft: Draft, path: AttrPath, src_path: AttrPath) -> None:
        """Sensitive values and the references of the expression that set ``path`` are known
        here: record them at the canonical path (a reference to the owner itself aside)."""
        secret = self.record.sensitive
        if secret and any(src_path[:end] in secret for end in range(len(src_path), 0, -1)):
            draft.sensitive.add(path)
        written = self.record.origins
        if written:
            # The value at ``src_path`` holds what was written inside it, and is part of what
            # was written around it (``ingress = var.rules``).
            size = len(src_path)
            for at, found in written.items():
                if at[:size] == src_path or src_path[: len(at)] == at:
                    draft.origins.setdefault(path, set()).update(found)
        if self.refs:
            targets = [t for t in self.targets(src_path) if t != draft.address]
            if targets:
                known = draft.refs.setdefault(path, [])
                known.extend(t for t in targets if t not in known)

    def references(self, draft: Draft) -> list[tuple[AttrPath, str]]:
        return [(path, target) for path, targets in draft.refs.items() for target in targets]

    def origin(self, draft: Draft) -> dict[str, Any]:
        return _origin(self, draft)

    def targets(self, path: AttrPath) -> list[str]:
        """Resource addresses referred to by the expression at ``path`` (or inside it),
        made absolute (the record's module path prepended)."""
        prefix = f"{self.record.module}." if self.record.module else ""
        found: list[str] = []
        for ref_path, targets in self.refs.items():
            if ref_path[: len(path)] == path:
                found.extend(prefix + t for t in targets)
        return found

    # -- typed reads, for the kinds' code ----------------------------------------------------

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
        found = self.items(*path)
        return found if is_unknown(found) else [v for v in found if isinstance(v, Mapping)]

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
    if draft.origins:
        origin[VALUE_ORIGINS] = tuple(
            (path, tuple(sorted(found))) for path, found in sorted(draft.origins.items(), key=str)
        )
    if draft.refs:
        origin["references"] = tuple(view.references(draft))
    return origin
