"""The machinery every CloudFormation type mapping uses: reading a record, building a canonical
resource, finding the owner of a separate resource (a bucket policy, a security group ingress,
an inline IAM policy), and turning drafts into ``Resource``s.

A mapping reads a ``CloudFormationResource`` through a :class:`View` (resolved properties plus
where each was written) and writes canonical attributes into a :class:`Draft` (values plus the
location of the property that set them, and which canonical path each property feeds, so that
references written in a property become graph edges at the canonical path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model import aws
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.values import to_bool as to_bool
from iacgate.normalize.values import to_int as to_int
from iacgate.sources.cloudformation.records import SOURCE, CloudFormationResource

DEPLOYED = Unknown("known after deploy")

__all__ = [
    "DEPLOYED",
    "SOURCE",
    "Chosen",
    "Context",
    "Draft",
    "View",
    "convert",
    "copy_fields",
    "or_default",
    "sort_mixed",
    "str_list",
    "to_bool",
    "to_int",
]


# -- value conversions (the same rules as the Terraform normalizer's) ---------------------------


def str_list(value: Any, *, sort: bool = True) -> Any:
    """A list of strings (unset = empty), sorted unless order matters; unknowns last."""
    if value is None:
        return []
    if is_unknown(value):
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return Unknown(f"not a list: {value!r}")
    items = [v for v in value if v is not None and v != ""]
    return sort_mixed(items) if sort else items


def sort_mixed(items: Iterable[Any]) -> list[Any]:
    """Strings sorted, unknowns after them (their order is the only one we cannot know)."""
    listed = list(items)
    known = sorted((i for i in listed if not is_unknown(i)), key=str)
    return known + [i for i in listed if is_unknown(i)]


class View:
    """One record's resolved properties with the location of each path."""

    __slots__ = ("record",)

    def __init__(self, record: CloudFormationResource) -> None:
        self.record = record

    @property
    def address(self) -> str:
        return self.record.address

    def raw(self, *path: str | int) -> Any:
        """The value at ``path``; None when absent. Inside an unknown value: that unknown."""
        node: Any = self.record.properties
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

    def span(self, path: AttrPath) -> Location | None:
        spans = self.record.spans
        for end in range(len(path), -1, -1):
            found = spans.get(path[:end])
            if found is not None:
                return found
        return None

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

    # -- typed settings --------------------------------------------------------------------

    def opt(self, *path: str | int, default: Any = None) -> Any:
        """An optional property: absent (or "") gives ``default``."""
        value = self.raw(*path)
        if value is None or value == "":
            return default
        return value

    def chosen(self, *path: str | int, by: str) -> Any:
        """A property AWS (or CloudFormation) chooses when it is absent: Unknown then."""
        value = self.raw(*path)
        if value is None or value == "":
            return Unknown(f"not set: {by}")
        return value

    def flag(self, *path: str | int, default: Any = False) -> Any:
        return to_bool(self.opt(*path, default=default))

    def number(self, *path: str | int, default: Any = None) -> Any:
        return to_int(self.opt(*path, default=default))

    def block(self, *path: str | int) -> Any:
        """A nested property object: a mapping, None when absent, or Unknown."""
        value = self.raw(*path)
        if is_unknown(value):
            return value
        return value if isinstance(value, Mapping) else None

    def items(self, *path: str | int) -> Any:
        """A list of objects: [] when absent; Unknown stays."""
        value = self.raw(*path)
        if value is None:
            return []
        if is_unknown(value):
            return value
        if isinstance(value, Mapping):
            return [value]
        return list(value) if isinstance(value, list) else []

    def tags(self, *path: str | int) -> Any:
        """``Tags`` as a map: the usual ``[{Key, Value}]`` list, or a map (some types)."""
        value = self.raw(*(path or ("Tags",)))
        return tag_map(value)


def or_default(value: Any, default: Any) -> Any:
    """``value`` unless it is absent (None or ""); an Unknown counts as set."""
    return default if value is None or value == "" else value


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


@dataclass(slots=True)
class Draft:
    """A canonical resource under construction."""

    kind: str
    view: View  # the record that owns the resource
    attrs: dict[str, Any]
    spans: dict[AttrPath, Location] = field(default_factory=dict)
    folded: list[str] = field(default_factory=list)  # addresses of folded resources
    # (record address, property path) -> canonical path it feeds, for references.
    sources: dict[tuple[str, AttrPath], AttrPath] = field(default_factory=dict)
    # Records whose references become this resource's edges.
    views: list[View] = field(default_factory=list)
    # Relations no reference spells out (a managed policy naming its roles): (path, address).
    edges: list[tuple[AttrPath, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        entry = self.view.record.spans.get(())
        if entry is not None:
            self.spans[()] = entry
        self.views.append(self.view)

    @property
    def address(self) -> str:
        return self.view.address

    def put(
        self,
        path: str | AttrPath,
        value: Any,
        src: View | None = None,
        src_path: AttrPath | None = None,
    ) -> None:
        """Set a canonical attribute and remember which property (``src_path`` of ``src``,
        by default the owner's property of the same name) set it."""
        target = (path,) if isinstance(path, str) else path
        node: Any = self.attrs
        for part in target[:-1]:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                continue
            child = node.get(part) if isinstance(node, dict) else None
            if not isinstance(child, dict | list):
                child = {}
                node[part] = child
            node = child
        node[target[-1]] = value
        if src_path is not None:
            self.locate(target, src or self.view, src_path)

    def locate(self, path: AttrPath, src: View, src_path: AttrPath) -> None:
        """Remember where ``path`` was written: the span of ``src_path`` in ``src`` (or its
        nearest written ancestor, when that is not just the owner's own entry)."""
        self.sources[(src.address, src_path)] = path
        found = src.span(src_path)
        if found is not None and (src is not self.view or found != self.spans.get(())):
            self.spans[path] = found

    def fold(self, view: View, path: AttrPath) -> None:
        """Note that ``view`` (a separate resource) contributes the subtree at ``path``."""
        self.folded.append(view.address)
        self.adopt(view)
        self.sources[(view.address, ())] = path
        block = view.span(())
        if block is not None:
            self.spans[path] = block

    def adopt(self, view: View) -> None:
        """References written in the folded ``view`` become this resource's, where they sit
        in a property that feeds an attribute (not the one naming the owner)."""
        if view is not self.view and view not in self.views:
            self.views.append(view)

    def canonical_path(self, address: str, path: AttrPath) -> AttrPath:
        """The canonical path fed by the property at ``path`` of record ``address``."""
        for end in range(len(path), -1, -1):
            found = self.sources.get((address, path[:end]))
            if found is not None:
                return found
        return ()

    def folded_path(self, address: str, path: AttrPath) -> AttrPath | None:
        """Like :meth:`canonical_path` for a folded record, but only through a property that
        feeds an attribute; None for the rest (``Bucket: !Ref B`` names the owner)."""
        best: tuple[int, AttrPath] | None = None
        for (where, src), canonical in self.sources.items():
            if where != address or not src:
                continue
            shorter = min(len(src), len(path))
            if src[:shorter] == path[:shorter] and (best is None or len(src) > best[0]):
                best = (len(src), canonical)
        return None if best is None else best[1]


def reorder_list(d: Draft, path: AttrPath, key: Callable[[Any], Any]) -> None:
    """Sort the list at ``path`` by ``key``, moving the spans and reference paths of items."""
    node: Any = d.attrs
    for part in path:
        node = node.get(part) if isinstance(node, Mapping) else None
    if not isinstance(node, list):
        return
    items = node
    order = sorted(range(len(items)), key=lambda i: key(items[i]))
    if order == list(range(len(items))):
        return
    items[:] = [items[i] for i in order]
    depth = len(path)
    new_of = {old: new for new, old in enumerate(order)}

    def moved(p: AttrPath) -> AttrPath:
        if len(p) > depth and p[:depth] == path and isinstance(p[depth], int):
            old = p[depth]
            if old in new_of:
                return (*path, new_of[old], *p[depth + 1 :])
        return p

    d.spans = {moved(p): loc for p, loc in d.spans.items()}
    d.sources = {k: moved(p) for k, p in d.sources.items()}
    d.edges = [(moved(p), target) for p, target in d.edges]


@dataclass(slots=True)
class Context:
    """Every draft of one template (nested stacks included), by address."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    by_id: dict[tuple[str, str, str], Draft] = field(default_factory=dict)
    extra: list[Draft] = field(default_factory=list)
    unattached: list[str] = field(default_factory=list)

    def add(self, draft: Draft) -> None:
        self.drafts[draft.address] = draft

    def index(self, kind: str, attribute: str) -> None:
        for draft in self.drafts.values():
            if draft.kind == kind:
                value = draft.attrs.get(attribute)
                if isinstance(value, str) and value:
                    self.by_id.setdefault((kind, attribute, value), draft)

    def owners(self, view: View, path: AttrPath, kind: str, by: Iterable[str] = ()) -> list[Draft]:
        """The drafts of ``kind`` that the property at ``path`` names: through its ``Ref`` /
        ``Fn::GetAtt`` references first, else by its literal value(s) matched against the
        ``by`` attributes (a bucket name, a role name, a group id)."""
        found: list[Draft] = []
        for target in view.targets(path):
            draft = self.drafts.get(target)
            if draft is not None and draft.kind == kind and draft not in found:
                found.append(draft)
        value = view.raw(*path)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not item:
                continue
            for attribute in by:
                draft = self.by_id.get((kind, attribute, item)) or self.by_id.get(
                    (kind, attribute, aws.arn_resource_name(item))
                )
                if draft is not None:
                    if draft not in found:
                        found.append(draft)
                    break
        return found

    def owner(self, view: View, path: AttrPath, kind: str, by: Iterable[str] = ()) -> Draft | None:
        found = self.owners(view, path, kind, by)
        return found[0] if found else None


# -- declarative field copies ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chosen:
    """Marks a field AWS chooses when unset (no fixed default): Unknown with this reason.
    ``type`` converts a set value (parameters are text: ``"100"`` -> 100, ``"true"`` -> True)."""

    by: str
    type: type | None = None


def convert(value: Any, default: Any) -> Any:
    """``value`` as read from a record (None/"" meaning unset), defaulted and typed like
    ``default``."""
    if value is None or value == "":
        if isinstance(default, Chosen):
            return Unknown(f"not set: {default.by}")
        return list(default) if isinstance(default, list) else default
    if is_unknown(value):
        return value
    if isinstance(default, bool) or (isinstance(default, Chosen) and default.type is bool):
        return to_bool(value)
    if isinstance(default, int) or (isinstance(default, Chosen) and default.type is int):
        return to_int(value)
    if isinstance(default, list):
        return str_list(value)
    return value


def copy_fields(
    d: Draft,
    v: View,
    specs: Iterable[tuple[str, str, Any]],
    *,
    at: AttrPath = (),
    into: AttrPath = (),
    values: Mapping[str, Any] | None = None,
) -> None:
    """Copy properties (of the record, or of the object ``values`` found at ``at``) to
    canonical attributes under ``into``: (canonical name, property name, default)."""
    if values is None:
        block = v.raw(*at) if at else v.record.properties
        values = block if isinstance(block, Mapping) else {}
    for canonical, name, default in specs:
        d.put((*into, canonical), convert(values.get(name), default), v, (*at, name))


def finish(
    draft: Draft, *, scope: str, origin: Mapping[str, Any]
) -> tuple[Resource, dict[AttrPath, Location], list[tuple[AttrPath, str]]]:
    """The resource, its spans and its references as (canonical path, target address)."""
    edges: list[tuple[AttrPath, str]] = []
    seen: set[tuple[AttrPath, str]] = set()
    for view in draft.views:
        for ref in view.record.references:
            if ref.target == draft.address:
                continue
            if view is draft.view:
                path: AttrPath | None = draft.canonical_path(view.address, ref.path)
            else:
                path = draft.folded_path(view.address, ref.path)
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
    block = draft.spans.get(())
    full_origin = dict(origin)
    if draft.folded:
        full_origin["folded"] = tuple(draft.folded)
    resource = Resource(
        kind=draft.kind,
        address=draft.address,
        scope=scope,
        attributes=draft.attrs,
        source=SOURCE,
        physical_id=aws.physical_id(draft.kind, draft.attrs),
        file=block.file if block is not None else draft.view.record.file,
        origin=full_origin,
    )
    return resource, draft.spans, edges


Mapper = Callable[[View], Draft | None]
Folder = Callable[[View, Context], None]
Finalizer = Callable[[Draft], None]
