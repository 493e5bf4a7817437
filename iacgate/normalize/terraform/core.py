"""The machinery every Terraform type mapping uses: reading a record, building a canonical
resource, finding the owner of a split resource, and turning drafts into ``Resource``s.

A mapping reads a ``TerraformResource`` through a :class:`View` (values plus where each was
written) and writes canonical attributes into a :class:`Draft` (values plus the location of the
Terraform attribute that set them). Split resources (``aws_s3_bucket_versioning``,
``aws_security_group_rule``, ...) are folded into their owner's draft, so a folded attribute
points at the line of the split resource that set it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model import aws
from iacgate.model.addresses import base_address
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.values import to_bool as to_bool
from iacgate.normalize.values import to_int as to_int
from iacgate.sources.terraform.records import COMPUTED_BY_PROVIDER as COMPUTED_BY_PROVIDER
from iacgate.sources.terraform.records import TerraformResource

KNOWN_AFTER_APPLY = Unknown("known after apply")


def is_computed(value: Any) -> bool:
    return isinstance(value, Unknown) and value.reason == COMPUTED_BY_PROVIDER


class View:
    """One record's values with the location of each path."""

    __slots__ = ("record", "refs")

    def __init__(self, record: TerraformResource) -> None:
        self.record = record
        refs: dict[AttrPath, list[str]] = defaultdict(list)
        for ref in record.references:
            refs[ref.path].append(ref.target)
        self.refs = refs

    @property
    def address(self) -> str:
        return self.record.address

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


def str_list(value: Any, *, sort: bool = True) -> Any:
    if value is None:
        return []
    if is_unknown(value):
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return Unknown(f"not a list: {value!r}")
    items = [v for v in value if v is not None and v != ""]
    if sort:
        items = sort_mixed(items)
    return items


def sort_mixed(items: Iterable[Any]) -> list[Any]:
    """Strings sorted, unknowns after them (their order is the only one we cannot know)."""
    known = sorted((i for i in items if not is_unknown(i)), key=str)
    unknown = [i for i in items if is_unknown(i)]
    return known + unknown


@dataclass(slots=True)
class Draft:
    """A canonical resource under construction."""

    kind: str
    view: View  # the record that owns the resource
    attrs: dict[str, Any]
    spans: dict[AttrPath, Location] = field(default_factory=dict)
    folded: list[str] = field(default_factory=list)  # addresses of folded split resources
    # Canonical path -> resources its value refers to (graph edges resolve through these).
    refs: dict[AttrPath, list[str]] = field(default_factory=dict)
    # Canonical paths whose values the source marks sensitive (reports redact them).
    sensitive: set[AttrPath] = field(default_factory=set)

    def __post_init__(self) -> None:
        block = self.view.exact(())
        if block is not None:
            self.spans[()] = block

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
        """Set a canonical attribute, remembering where it was written in ``src`` (the owner
        record by default) at ``src_path`` (the canonical name by default)."""
        target = (path,) if isinstance(path, str) else path
        node: Any = self.attrs
        for part in target[:-1]:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]  # into an item of a list (ebs_block_devices[0])
                continue
            child = node.get(part) if isinstance(node, dict) else None
            if not isinstance(child, dict | list):
                child = {}
                node[part] = child
            node = child
        node[target[-1]] = value
        self.locate(target, src or self.view, src_path if src_path is not None else target)

    def locate(self, path: AttrPath, src: View, src_path: AttrPath) -> None:
        """Remember where ``path`` was written: the span of ``src_path`` in ``src`` or its
        nearest written ancestor (a folded value points at least at its own block)."""
        found = src.span(src_path)
        if found is not None and (src is not self.view or found != self.spans.get(())):
            self.spans[path] = found
        secret = src.record.sensitive
        if secret and any(src_path[:end] in secret for end in range(len(src_path), 0, -1)):
            self.sensitive.add(path)
        if src.refs:
            targets = [t for t in src.targets_at(src_path) if t != self.address]
            if targets:
                known = self.refs.setdefault(path, [])
                known.extend(t for t in targets if t not in known)

    def fold(self, view: View, path: AttrPath) -> None:
        """Note that ``view`` (a split resource) contributes the subtree at ``path``."""
        self.folded.append(view.address)
        block = view.span(())
        if block is not None:
            self.spans[path] = block


def reorder_list(d: Draft, path: AttrPath, key: Callable[[Any], Any]) -> None:
    """Sort the list at ``path`` of ``d`` by ``key`` and move the spans of its items along."""
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
    for table in (d.spans, d.refs):
        moved: dict[AttrPath, Any] = {}
        for key_path in list(table):
            if len(key_path) > depth and key_path[:depth] == path:
                old = key_path[depth]
                if isinstance(old, int) and old in new_of:
                    moved[(*path, new_of[old], *key_path[depth + 1 :])] = table.pop(key_path)
        table.update(moved)


Mapper = Callable[[View], Draft | None]
Folder = Callable[[View, "Context"], None]
Finalizer = Callable[[Draft], None]


@dataclass(slots=True)
class Context:
    """Every draft of one Terraform root, indexed for owner lookups."""

    drafts: dict[str, Draft] = field(default_factory=dict)  # by address
    by_base: dict[str, list[Draft]] = field(default_factory=lambda: defaultdict(list))
    by_id: dict[tuple[str, str, str], Draft] = field(default_factory=dict)
    unattached: list[str] = field(default_factory=list)
    extra: list[Draft] = field(default_factory=list)  # standalone kinds made by folders
    # Indexes a folder builds once and reuses (by name), so folding stays linear.
    memo: dict[str, Any] = field(default_factory=dict)

    def add(self, draft: Draft) -> None:
        self.drafts[draft.address] = draft
        self.by_base[base_address(draft.address)].append(draft)

    def index(self, kind: str, attribute: str) -> None:
        for draft in self.drafts.values():
            if draft.kind == kind:
                value = draft.attrs.get(attribute)
                if isinstance(value, str) and value:
                    self.by_id.setdefault((kind, attribute, value), draft)

    def owner(self, view: View, path: AttrPath, kind: str, by: Iterable[str] = ()) -> Draft | None:
        """The draft of ``kind`` that the split resource's ``path`` points at: through the
        expression's references first, else by matching the value against ``by`` attributes
        (bucket name, group id, role name, ...)."""
        for target in view.targets(path):
            found = self.resolve(target, view, kind)
            if found is not None:
                return found
        value = view.raw(*path)
        if isinstance(value, str) and value:
            for attribute in by:
                found = self.by_id.get((kind, attribute, value))
                if found is not None:
                    return found
                if attribute == "arn" or attribute.endswith("_arn"):
                    continue
                # an ARN given where a name is expected (aws_iam_*_policy_attachment.role)
                short = aws.arn_resource_name(value)
                found = self.by_id.get((kind, attribute, short))
                if found is not None:
                    return found
        return None

    def resolve(self, target: str, view: View, kind: str | None = None) -> Draft | None:
        """A reference target to a draft, choosing the instance that matches the referrer's
        own count/for_each key when the reference names the resource without one."""
        found = self.drafts.get(target)
        if found is None:
            candidates = self.by_base.get(base_address(target), [])
            if len(candidates) == 1:
                found = candidates[0]
            elif candidates:
                key = view.record.index
                same = [c for c in candidates if c.view.record.index == key]
                found = same[0] if len(same) == 1 else None
        if found is not None and kind is not None and found.kind != kind:
            return None
        return found


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


def finish(draft: Draft, *, scope: str, source: str) -> tuple[Resource, dict[AttrPath, Location]]:
    record = draft.view.record
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
        origin["references"] = tuple(
            (path, target) for path, targets in draft.refs.items() for target in targets
        )
    block = draft.spans.get(())
    resource = Resource(
        kind=draft.kind,
        address=draft.address,
        scope=scope,
        attributes=draft.attrs,
        source=source,
        physical_id=aws.physical_id(draft.kind, draft.attrs),
        file=block.file if block else None,
        origin=origin,
    )
    return resource, draft.spans


# -- declarative field copies ----------------------------------------------------------------

# (canonical name, Terraform name, default). The default's type picks the conversion: bool ->
# boolean, int -> integer, list -> sorted string list, CHOSEN(...) -> AWS picks it when unset.


@dataclass(frozen=True, slots=True)
class Chosen:
    """Marks a field AWS chooses when unset (no fixed default): Unknown with this reason."""

    by: str


def convert(value: Any, default: Any) -> Any:
    """``value`` as read from a record (None/""/computed meaning unset), defaulted and typed
    like ``default``."""
    if value is None or value == "" or is_computed(value):
        if isinstance(default, Chosen):
            return Unknown(f"not set: {default.by}")
        return list(default) if isinstance(default, list) else default
    if is_unknown(value):
        return value
    if isinstance(default, bool):
        return to_bool(value)
    if isinstance(default, int):
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
    """Copy Terraform fields (of the record, or of the block ``values`` found at ``at``) to
    canonical attributes under ``into``."""
    source = v.record.values if values is None else values
    for canonical, name, default in specs:
        d.put((*into, canonical), convert(source.get(name), default), v, (*at, name))


def copy_block(
    d: Draft,
    v: View,
    canonical: str,
    name: str,
    specs: Iterable[tuple[str, str, Any]],
    *,
    absent: Any = "defaults",
) -> None:
    """A nested block (first element) as one canonical object. When the block is absent the
    object holds the defaults, or is ``absent`` itself when that is not ``"defaults"``."""
    block = v.block(name)
    if is_unknown(block):
        d.put(canonical, block, v, (name,))
        return
    if block is None and absent != "defaults":
        d.put(canonical, absent, v, (name,))
        return
    d.put(canonical, {}, v, (name, 0))
    copy_fields(d, v, specs, at=(name, 0), into=(canonical,), values=block or {})
