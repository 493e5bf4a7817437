"""CloudFormation's view of the normalizer framework (``normalize/framework.py``): reading a
``CloudFormationResource`` (resolved properties plus where each was written, ``Ref`` and
``Fn::GetAtt`` references) and what only CloudFormation has: values known after deploy, tag
lists, and references anywhere in a resource counting as its relations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.model.resource import VALUE_ORIGINS
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.framework import Draft, RecordView
from iacgate.sources.cloudformation.records import SOURCE, CloudFormationResource

DEPLOYED = Unknown("known after deploy")

__all__ = ["DEPLOYED", "SOURCE", "View", "origin_of", "tag_map"]


class View(RecordView[CloudFormationResource]):
    """One record's resolved properties with the location of each path."""

    __slots__ = ()

    source = "cloudformation"
    # Only the properties a mapping names point at their lines.
    locate_by_default = False
    instance_key = None  # no count or for_each: a logical id names one resource

    @property
    def values(self) -> Any:
        return self.record.properties

    def blank(self, type_: str) -> View:
        """A resource of ``type_`` with no properties, written where this one is (see
        ``Context.standalone``)."""
        block = self.record.spans.get(())
        return View(
            dataclasses.replace(
                self.record,
                type=type_,
                properties={},
                spans={(): block} if block is not None else {},
                references=(),
            )
        )

    @property
    def file(self) -> str:
        return self.record.file

    def block_at(self, name: str) -> AttrPath:
        return (name,)

    # -- the field table ---------------------------------------------------------------------

    def object_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        value = self.value_at(where, at, values)
        if is_unknown(value):
            return value, where
        return (value if isinstance(value, Mapping) else None), where

    def tags_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        return tag_map(self.value_at(where, at, values)), where

    def assigned_value(self, value: Any) -> Any:
        return DEPLOYED  # ids and ARNs exist once the stack is deployed

    def note(self, draft: Draft, path: AttrPath, src_path: AttrPath) -> None:
        # References resolve last (``references``): anything written in a resource relates
        # it, so the property path that feeds each canonical path is what is kept here.
        draft.sources[(self.address, src_path)] = path
        written = self.record.origins
        if written:
            size = len(src_path)
            for at, found in written.items():
                if at[:size] == src_path or src_path[: len(at)] == at:
                    draft.origins.setdefault(path, set()).update(found)

    def references(self, draft: Draft) -> list[tuple[AttrPath, str]]:
        return _references(draft)

    def origin(self, draft: Draft) -> dict[str, Any]:
        origin = origin_of(self.record)
        if draft.folded:
            origin["folded"] = tuple(draft.folded)
        if draft.origins:
            origin[VALUE_ORIGINS] = tuple(
                (path, tuple(sorted(found)))
                for path, found in sorted(draft.origins.items(), key=str)
            )
        return origin

    def targets(self, path: AttrPath, attribute: bool | None = None) -> list[str]:
        """Addresses referred to (``Ref``/``Fn::GetAtt``) at ``path`` or inside it.
        ``attribute``: True only ``Fn::GetAtt``, False only ``Ref``, None both."""
        found: list[str] = []
        for ref in self.record.references:
            if ref.path[: len(path)] != path:
                continue
            if attribute is not None and (ref.attribute is not None) != attribute:
                continue
            if ref.target not in found:
                found.append(ref.target)
        return found

    # -- typed reads, for the kinds' code ----------------------------------------------------

    def block(self, *path: str | int) -> Any:
        """A nested property object: a mapping, None when absent, or Unknown."""
        value = self.raw(*path)
        if is_unknown(value):
            return value
        return value if isinstance(value, Mapping) else None

    def tags(self, *path: str | int) -> Any:
        """``Tags`` as a map: the usual ``[{Key, Value}]`` list, or a map (some types)."""
        return tag_map(self.raw(*(path or ("Tags",))))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def tag_map(value: Any) -> Any:
    if value is None:
        return {}
    if is_unknown(value):
        return value
    if isinstance(value, Mapping):
        return {str(k): v if v is None or is_unknown(v) else _text(v) for k, v in value.items()}
    if not isinstance(value, list):
        return Unknown("Tags is not a list")
    tags: dict[str, Any] = {}
    for item in value:
        if is_unknown(item):
            return Unknown(f"a tag is unknown: {item.reason}")
        if not isinstance(item, Mapping):
            continue
        key = item.get("Key")
        if is_unknown(key):
            return Unknown(f"a tag key is unknown: {key.reason}")
        tag = item.get("Value")
        tags[str(key)] = tag if tag is None or is_unknown(tag) else _text(tag)
    return tags


def origin_of(record: CloudFormationResource) -> dict[str, Any]:
    origin: dict[str, Any] = {"cloudformation_type": record.type, "logical_id": record.logical_id}
    if record.condition is not None:
        origin["condition"] = record.condition
        origin["created"] = record.created
    if record.stack_path:
        origin["stack_path"] = record.stack_path
    if record.sam_source is not None:
        origin["sam_source"] = record.sam_source
    if record.depends_on:
        origin["depends_on"] = record.depends_on
    if record.deletion_policy is not None:
        origin["deletion_policy"] = record.deletion_policy
    if record.sensitive:
        origin["sensitive"] = tuple(sorted(record.sensitive, key=str))
    if record.metadata:
        origin["metadata"] = record.metadata  # the gate reads Metadata.iacgate.ignore here
    if record.enclosing:
        origin["enclosing"] = record.enclosing  # nested stacks: ignores on the stack resource
    return origin


def _canonical_path(draft: Draft, address: str, path: AttrPath) -> AttrPath:
    """The canonical path fed by the property at ``path`` of record ``address``; a property
    no mapping reads relates the whole resource (``()``)."""
    for end in range(len(path), -1, -1):
        found = draft.sources.get((address, path[:end]))
        if found is not None:
            return found
    return ()


def _folded_path(draft: Draft, address: str, path: AttrPath) -> AttrPath | None:
    """Like :func:`_canonical_path` for a folded record, but only through a property that
    feeds an attribute; None for the rest (``Bucket: !Ref B`` names the owner)."""
    best: tuple[int, AttrPath] | None = None
    for (where, src), canonical in draft.sources.items():
        if where != address or not src:
            continue
        shorter = min(len(src), len(path))
        if src[:shorter] == path[:shorter] and (best is None or len(src) > best[0]):
            best = (len(src), canonical)
    return None if best is None else best[1]


def _references(draft: Draft) -> list[tuple[AttrPath, str]]:
    """Every reference written in the draft's records (its own and the folded ones), at the
    canonical path the property it sits in feeds, then the relations no reference spells
    out."""
    edges: list[tuple[AttrPath, str]] = []
    seen: set[tuple[AttrPath, str]] = set()
    for view in draft.views:
        for ref in view.record.references:
            if ref.target == draft.address:
                continue
            if view is draft.view:
                path: AttrPath | None = _canonical_path(draft, view.address, ref.path)
            else:
                path = _folded_path(draft, view.address, ref.path)
            if path is None:
                continue
            key = (path, ref.target)
            if key not in seen:
                seen.add(key)
                edges.append(key)
    for key in draft.edges:
        if key not in seen:
            seen.add(key)
            edges.append(key)
    return edges
