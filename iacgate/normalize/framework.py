"""The one normalizer framework every AWS source uses: Terraform, CloudFormation, the AWS API.

A source's records are read through a :class:`View` (values plus where each was written, the
references written in them) and canonical attributes are written into a :class:`Draft` (values
plus the location of what set them, and what they refer to). Split resources fold into their
owner's draft (:meth:`Draft.fold`); the owner is found through :class:`Context`. When every
record is read, each draft becomes a ``Resource`` (:func:`finish`).

Three views implement the protocol (``terraform/core.py``, ``cloudformation/core.py``,
``aws_api/core.py``); what differs between the sources is theirs alone: how a path is walked,
what "unset" means, and how the references written in a record become edges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from iacgate.model import aws
from iacgate.model.addresses import base_address
from iacgate.model.aws.declaration import (
    DEFAULTS,
    OPT_POLICY,
    POLICY,
    TAGS,
    Assigned,
    Chosen,
    Field,
)
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.values import to_bool, to_int
from iacgate.sources.terraform.records import COMPUTED_BY_PROVIDER

__all__ = [
    "Context",
    "Draft",
    "RecordView",
    "View",
    "fill",
    "finish",
    "is_computed",
    "is_unset",
    "reorder_list",
    "reread",
    "sort_mixed",
    "str_list",
    "to_bool",
    "to_int",
    "walk",
]


def is_computed(value: Any) -> bool:
    """A Terraform plan's value the provider fills in at apply for an argument the
    configuration leaves out: it means "unset" (the documented default applies)."""
    return isinstance(value, Unknown) and value.reason == COMPUTED_BY_PROVIDER


def is_unset(value: Any) -> bool:
    return value is None or value == "" or is_computed(value)


class View(Protocol):
    """One record of a source, as the framework reads it. Paths are attribute paths of the
    record (a field's declared path for this source, split at its dots)."""

    source: str  # the field table's name for the source: terraform, cloudformation, api
    # Whether a canonical attribute written with no source path points at the attribute of
    # the same name (Terraform's arguments mostly are the canonical names).
    locate_by_default: bool
    # Whether attributes the source has no path for, and not every source writes (``Field.
    # required`` false), are left out rather than defaulted (a live record knows what it read).
    partial: bool

    @property
    def address(self) -> str: ...

    @property
    def type(self) -> str | None:
        """The record's resource type (None for the API: a record is of its kind)."""
        ...

    def raw(self, *path: str | int) -> Any:
        """The value at ``path``; None when absent; inside an unknown value, that unknown."""
        ...

    def value_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        """The value at ``where``: in the record, or (``values`` given) inside ``values``,
        the object found at ``at``."""
        ...

    def object_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        """A nested object (a mapping, None or Unknown) and where its own fields are."""
        ...

    def items_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        """A list of objects: [] when absent; Unknown stays."""
        ...

    def tags_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        """The tags as a map, and where they were written."""
        ...

    def chosen_value(self, by: str) -> Any:
        """An unset field nobody documents a default for (:class:`Chosen`)."""
        ...

    def assigned_value(self, value: Any) -> Any:
        """A field AWS assigns (ids, ARNs), unset or unknown here."""
        ...

    def exact(self, path: AttrPath) -> Location | None:
        """Where exactly ``path`` was written (None when it was not)."""
        ...

    def span(self, path: AttrPath) -> Location | None:
        """Where ``path`` was written, else its nearest written ancestor."""
        ...

    def note(self, draft: Draft, path: AttrPath, src_path: AttrPath) -> None:
        """Remember, for this source's references, that ``src_path`` set canonical ``path``."""
        ...

    def references(self, draft: Draft) -> list[tuple[AttrPath, str]]:
        """(canonical path, target address) of the references the draft's records wrote."""
        ...

    def origin(self, draft: Draft) -> dict[str, Any]:
        """Facts about the source of the draft (never attribute data)."""
        ...


def walk(node: Any, path: AttrPath, *, blocks: bool = False) -> Any:
    """The value at ``path`` inside ``node``: None when a step is missing; inside an unknown
    value, that unknown. ``"*"`` walks the rest from each item of a list (``Layers.*.Arn``).
    ``blocks``: index 0 of an object is the object (Terraform writes a nested block as an
    object or as a list of one)."""
    for step, part in enumerate(path):
        if is_unknown(node):
            return node
        if part == "*":
            if not isinstance(node, list):
                return None
            return [walk(item, path[step + 1 :], blocks=blocks) for item in node]
        if isinstance(part, int):
            if blocks and part == 0 and isinstance(node, Mapping):
                continue
            if not isinstance(node, list) or not 0 <= part < len(node):
                return None
            node = node[part]
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node


class SpannedRecord(Protocol):
    """What a view reads of any source's record: its address, type and written spans."""

    @property
    def address(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def spans(self) -> Mapping[AttrPath, Location]: ...


R = TypeVar("R", bound=SpannedRecord)


class RecordView(Generic[R]):
    """What the Terraform and CloudFormation views share: a record (values plus the span of
    each path written) read by path, and typed reads for the kinds' own code."""

    __slots__ = ("record",)

    lists_of_one = False  # index 0 of an object is the object (see :func:`walk`)
    partial = False

    def __init__(self, record: R) -> None:
        self.record = record

    @property
    def values(self) -> Any:
        raise NotImplementedError

    @property
    def address(self) -> str:
        return str(self.record.address)

    @property
    def type(self) -> str | None:
        return str(self.record.type)

    def raw(self, *path: str | int) -> Any:
        return walk(self.values, path)

    def value_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        if values is None:
            return walk(self.values, where, blocks=self.lists_of_one)
        return walk(values, where[len(at) :], blocks=self.lists_of_one)

    def items_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        return _items(self.value_at(where, at, values))

    def chosen_value(self, by: str) -> Any:
        return Unknown(f"not set: {by}")

    def exact(self, path: AttrPath) -> Location | None:
        return self.record.spans.get(path)

    def span(self, path: AttrPath) -> Location | None:
        spans = self.record.spans
        for end in range(len(path), -1, -1):
            found = spans.get(path[:end])
            if found is not None:
                return found
        return None

    # -- typed reads, for the kinds' code --------------------------------------------------

    def opt(self, *path: str | int, default: Any = None) -> Any:
        """An optional setting: unset (see :func:`is_unset`) gives ``default``."""
        value = self.raw(*path)
        return default if is_unset(value) else value

    def chosen(self, *path: str | int, by: str) -> Any:
        """A setting AWS chooses when it is unset: the value when set, else Unknown."""
        value = self.raw(*path)
        return self.chosen_value(by) if is_unset(value) else value

    def flag(self, *path: str | int, default: Any = False) -> Any:
        return to_bool(self.opt(*path, default=default))

    def items(self, *path: str | int) -> Any:
        """A list (of objects, mostly): [] when absent; Unknown stays."""
        return _items(self.raw(*path))


def _items(value: Any) -> Any:
    if value is None or is_computed(value):
        return []
    if is_unknown(value):
        return value
    if isinstance(value, Mapping):
        return [value]
    return list(value) if isinstance(value, list) else []


# -- value conversions ---------------------------------------------------------------------------


def sort_mixed(items: Iterable[Any]) -> list[Any]:
    """Strings sorted, unknowns after them (their order is the only one we cannot know)."""
    listed = list(items)
    known = sorted((i for i in listed if not is_unknown(i)), key=str)
    return known + [i for i in listed if is_unknown(i)]


def str_list(value: Any, *, sort: bool = True) -> Any:
    """A list of strings (unset = empty), sorted unless order matters; unknowns last."""
    if value is None:
        return []
    if is_unknown(value):
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return Unknown(f"not a list: a {type(value).__name__}")  # never the value: it may be secret
    items = [v for v in value if v is not None and v != ""]
    return sort_mixed(items) if sort else items


# -- drafts ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """A canonical resource under construction."""

    kind: str
    view: Any  # the View of the record that owns the resource
    attrs: dict[str, Any]
    spans: dict[AttrPath, Location] = field(default_factory=dict)
    folded: list[str] = field(default_factory=list)  # addresses of folded split resources
    # Canonical paths whose values the source marks sensitive (reports redact them).
    sensitive: set[AttrPath] = field(default_factory=set)
    # Canonical path -> (file, line)s its value was written at besides the attribute itself
    # (Terraform: a ``.tfvars`` line, a variable default, a local, a module argument).
    origins: dict[AttrPath, set[tuple[str, int]]] = field(default_factory=dict)
    # Canonical path -> addresses its value refers to (sources that resolve them as they go).
    refs: dict[AttrPath, list[str]] = field(default_factory=dict)
    # (record address, source path) -> canonical path it feeds (sources that resolve them last).
    sources: dict[tuple[str, AttrPath], AttrPath] = field(default_factory=dict)
    # Records whose references become this resource's.
    views: list[Any] = field(default_factory=list)
    # Relations no reference spells out (a managed policy naming its roles): (path, address).
    edges: list[tuple[AttrPath, str]] = field(default_factory=list)
    # A stand-in owner (see ``Context.standalone``): its attributes before anything folded in.
    blank: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        block = self.view.exact(())
        if block is not None:
            self.spans[()] = block
        self.views.append(self.view)

    @property
    def address(self) -> str:
        return str(self.view.address)

    def put(
        self,
        path: str | AttrPath,
        value: Any,
        src: Any = None,
        src_path: AttrPath | None = None,
    ) -> None:
        """Set a canonical attribute and remember which attribute of ``src`` (the owner's
        record by default) at ``src_path`` set it."""
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
        source = src or self.view
        if src_path is None and source.locate_by_default:
            src_path = target
        if src_path is not None:
            self.locate(target, source, src_path)

    def set(self, path: AttrPath, value: Any) -> None:
        """Set a canonical attribute that no attribute of a record wrote (a default)."""
        node: Any = self.attrs
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[path[-1]] = value

    def locate(self, path: AttrPath, src: Any, src_path: AttrPath) -> None:
        """Remember where ``path`` was written: the span of ``src_path`` in ``src`` or its
        nearest written ancestor (a folded value points at least at its own block)."""
        found = src.span(src_path)
        if found is not None and (src is not self.view or found != self.spans.get(())):
            self.spans[path] = found
        src.note(self, path, src_path)

    def fold(self, view: Any, path: AttrPath) -> None:
        """Note that ``view`` (a split resource) contributes the subtree at ``path``."""
        self.folded.append(view.address)
        self.adopt(view)
        self.sources[(view.address, ())] = path
        block = view.span(())
        if block is not None:
            self.spans[path] = block

    def adopt(self, view: Any) -> None:
        """The references written in ``view`` (a folded record) become this resource's."""
        if view is not self.view and view not in self.views:
            self.views.append(view)


def reorder_list(d: Draft, path: AttrPath, key: Callable[[Any], Any]) -> None:
    """Sort the list at ``path`` of ``d`` by ``key``, moving the spans and the references of
    its items along."""
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

    def moved(p: AttrPath) -> AttrPath | None:
        if len(p) > depth and p[:depth] == path and isinstance(p[depth], int):
            old = p[depth]
            if old in new_of:
                return (*path, new_of[old], *p[depth + 1 :])
        return None

    for table in (d.spans, d.refs):
        shifted: dict[AttrPath, Any] = {}
        for key_path in list(table):
            new = moved(key_path)
            if new is not None:
                shifted[new] = table.pop(key_path)
        table.update(shifted)
    d.sources = {k: moved(p) or p for k, p in d.sources.items()}
    d.edges = [(moved(p) or p, target) for p, target in d.edges]


# -- owners ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """Every draft of one input (a Terraform root, a template), indexed for owner lookups."""

    drafts: dict[str, Draft] = field(default_factory=dict)  # by address
    by_base: dict[str, list[Draft]] = field(default_factory=lambda: defaultdict(list))
    by_id: dict[tuple[str, str, str], Draft] = field(default_factory=dict)
    unattached: list[str] = field(default_factory=list)
    extra: list[Draft] = field(default_factory=list)  # standalone kinds made by folders
    # Indexes a folder builds once and reuses (by name), so folding stays linear.
    memo: dict[str, Any] = field(default_factory=dict)
    indexed: set[tuple[str, str]] = field(default_factory=set)
    # While set, an owner that is not among the records is made by this (view, path, kind):
    # a split resource whose owner is outside the code is then judged on its own.
    standalone: Callable[[Any, AttrPath, str], Draft | None] | None = None

    def add(self, draft: Draft) -> None:
        self.drafts[draft.address] = draft
        self.by_base[base_address(draft.address)].append(draft)

    def lookup(self, kind: str, attribute: str, value: str) -> Draft | None:
        """The first draft of ``kind`` whose ``attribute`` is ``value``. Each (kind, attribute)
        is indexed once, on first use: every owner is added before any split type folds."""
        if (kind, attribute) not in self.indexed:
            self.indexed.add((kind, attribute))
            for draft in self.drafts.values():
                if draft.kind == kind:
                    found = draft.attrs.get(attribute)
                    if isinstance(found, str) and found:
                        self.by_id.setdefault((kind, attribute, found), draft)
        return self.by_id.get((kind, attribute, value))

    def resolve(self, target: str, view: Any, kind: str | None = None) -> Draft | None:
        """A reference target to a draft, choosing the instance that matches the referrer's
        own count/for_each key when the reference names the resource without one."""
        found = self.drafts.get(target)
        if found is None:
            candidates = self.by_base.get(base_address(target), [])
            if len(candidates) == 1:
                found = candidates[0]
            elif candidates:
                key = view.instance_key
                same = [c for c in candidates if c.view.instance_key == key]
                found = same[0] if len(same) == 1 else None
        if found is not None and kind is not None and found.kind != kind:
            return None
        return found

    def owner(self, view: Any, path: AttrPath, kind: str, by: Iterable[str] = ()) -> Draft | None:
        """The first of :meth:`owners` (an argument naming one owner)."""
        found = self.owners(view, path, kind, by)
        return found[0] if found else None

    def owners(self, view: Any, path: AttrPath, kind: str, by: Iterable[str] = ()) -> list[Draft]:
        """The drafts of ``kind`` that the property at ``path`` names: through its references
        first, else by its literal value(s) matched against the ``by`` attributes."""
        found: list[Draft] = []
        for target in view.targets(path):
            draft = self.resolve(target, view, kind)
            if draft is not None and draft not in found:
                found.append(draft)
        value = view.raw(*path)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not item:
                continue
            for attribute in by:
                draft = self.lookup(kind, attribute, item) or self.lookup(
                    kind, attribute, aws.arn_resource_name(item)
                )
                if draft is not None:
                    if draft not in found:
                        found.append(draft)
                    break
        if not found and self.standalone is not None:
            stand_in = self.standalone(view, path, kind)
            if stand_in is not None:
                found.append(stand_in)
        return found


# -- the field table -------------------------------------------------------------------------------


def split_path(path: str) -> AttrPath:
    """A declared dotted path as an attribute path (numbers are list indexes); ``""`` is the
    record itself."""
    if not path:
        return ()
    return tuple(int(part) if part.isdigit() else part for part in path.split("."))


def typed(field: Field, value: Any) -> Any:
    """A set value converted as the field's schema says (booleans and numbers written as text,
    policies written as JSON, lists kept sorted unless their order matters)."""
    schema = field.schema
    kind = schema.get("type")
    if kind in ("boolean", ["boolean", "null"]):
        return to_bool(value)
    if kind in ("integer", ["integer", "null"]):
        return to_int(value)
    if kind == "array" and schema.get("items") == {"type": "string"}:
        return str_list(value, sort=not field.ordered)
    if schema in (POLICY, OPT_POLICY):
        return aws.parse_policy(value)
    if kind in ("object", ["object", "null"]) and not field.fields:
        return json_object(value)  # a document written as JSON text (a redrive policy)
    if kind in ("string", ["string", "null"]) and isinstance(value, int | float):
        # A number where text is expected is that text (Terraform and CloudFormation both
        # read it so: ``Port: 443`` of a redirect is "443").
        return value if isinstance(value, bool) else str(value)
    return value


def json_object(value: Any) -> Any:
    """An object, or JSON text that holds one; anything else is Unknown saying why."""
    if value is None or is_unknown(value) or isinstance(value, Mapping):
        return value
    import json

    try:
        parsed = json.loads(str(value))
    except ValueError:
        return Unknown("not valid JSON")
    return parsed if isinstance(parsed, Mapping) else Unknown("not a JSON object")


def field_value(field: Field, view: Any, value: Any) -> Any:
    """A field's canonical value from what the source wrote (None, "" or a value the provider
    computes meaning unset): the default when unset, typed otherwise."""
    default = field.default_for(view.source)
    if is_unset(value):
        if isinstance(default, Chosen):
            chosen = view.chosen_value(default.by)
            if chosen is None and field.schema.get("type") == "array":
                return []  # a source that answers what was chosen (the API) lists nothing
            return chosen
        if isinstance(default, Assigned):
            return view.assigned_value(value)
        if isinstance(default, list | dict):
            return type(default)(default)  # a fresh copy per resource
        return default
    if is_unknown(value):
        if isinstance(value.decoded, Mapping) and _document(field):
            # JSON text with unknown leaves (Terraform's jsonencode, a policy document data
            # source): the document around them is known.
            return typed(field, value.decoded)
        return view.assigned_value(value) if isinstance(default, Assigned) else value
    return typed(field, value)


def _document(field: Field) -> bool:
    """A field holding a JSON document: a policy, or an object written as JSON text."""
    kind = field.schema.get("type")
    return field.schema in (POLICY, OPT_POLICY) or (
        kind in ("object", ["object", "null"]) and not field.fields
    )


def fill(
    d: Draft,
    view: Any,
    fields: Iterable[Field],
    *,
    at: AttrPath = (),
    into: AttrPath = (),
    values: Any = None,
) -> None:
    """Write ``fields`` (a kind's table, or an object's) from the record read by ``view``:
    each value from the field's path for this source (relative to ``values``, an object found
    at ``at``), defaulted, typed, and located where it was written."""
    for item in fields:
        target = (*into, item.name)
        path = item.path(view.source)
        if path is None and not item.required and view.partial:
            continue  # not every source knows it, and this one does not say
        if path is None:
            # Not written by this source: the default (what the kind's code puts there, if
            # anything, comes after).
            if item.schema == TAGS:
                value: Any = {}
            elif item.fields and "additionalProperties" not in item.schema:
                value = _defaults(item, view)
            else:
                value = field_value(item, view, None)
            d.set(target, value)
            continue
        where = (*at, *split_path(path))
        if item.schema == TAGS:
            value, where = view.tags_at(where, at, values)
            d.put(target, value, view, where)
            continue
        if item.fields and item.schema.get("type") == "array":
            _fill_items(d, view, item, target, view.items_at(where, at, values), where)
            continue
        if item.fields:
            _fill_object(d, view, item, target, where, view.object_at(where, at, values))
            continue
        raw = view.value_at(where, at, values)
        d.put(target, field_value(item, view, raw), view, where)


def reread(d: Draft, view: Any, field: Field, default: Any) -> None:
    """Read ``field`` again with another default (one that depends on other attributes: SQS
    encrypts with its own keys unless a KMS key is named)."""
    path = field.path(view.source)
    if path is None:
        d.put(field.name, default, view)
        return
    where = split_path(path)
    raw = view.value_at(where, (), None)
    d.put(field.name, field_value(_with_default(field, default), view, raw), view, where)


def _with_default(field: Field, default: Any) -> Field:
    from dataclasses import replace

    return replace(field, default=default, defaults={})


def _fill_items(
    d: Draft, view: Any, field: Field, target: AttrPath, found: Any, where: AttrPath
) -> None:
    """A list of objects (``found`` at ``where``): each item located as a whole."""
    if is_unknown(found):
        d.put(target, found, view, where)
        return
    made: list[Any] = []
    d.put(target, made, view, where)
    for index, item in enumerate(found):
        if not isinstance(item, Mapping):
            continue
        made.append(_object_value(field, view, item))
        d.locate((*target, len(made) - 1), view, (*where, index))


def _object_value(field: Field, view: Any, item: Mapping[str, Any]) -> dict[str, Any]:
    """An object inside a list item, as one value (its attributes are not located apart)."""
    out: dict[str, Any] = {}
    for sub in field.fields:
        path = sub.path(view.source)
        raw = None if path is None else _walk(item, split_path(path))
        if not sub.fields:
            out[sub.name] = field_value(sub, view, raw)
        else:
            if isinstance(raw, list):  # a block: a list of one
                raw = raw[0] if raw else None
            if is_unknown(raw):
                out[sub.name] = raw
            elif isinstance(raw, Mapping):
                out[sub.name] = _object_value(sub, view, raw)
            else:
                out[sub.name] = _defaults(sub, view)
    return out


def _walk(node: Any, path: AttrPath) -> Any:
    """The value at ``path`` inside one list item (lists of one are entered)."""
    for part in path:
        if is_unknown(node):
            return node
        if isinstance(node, list):
            node = node[0] if node else None
        if isinstance(part, int):
            continue
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _defaults(field: Field, view: Any) -> Any:
    if field.absent is not DEFAULTS:
        return field.absent
    if field.schema.get("type") == "array":
        return []
    return {sub.name: field_value(sub, view, None) for sub in field.fields}


def _fill_object(
    d: Draft, view: Any, field: Field, target: AttrPath, where: AttrPath, found: Any
) -> None:
    """An object (``found``: the object and where its own fields are), or what an absent one
    holds."""
    found, inner = found
    if is_unknown(found):
        d.put(target, found, view, where)
        return
    if found is None and field.absent is not DEFAULTS:
        d.put(target, field.absent, view, where)
        return
    d.put(target, {}, view, inner)
    fill(d, view, field.fields, at=inner, into=target, values=found or {})


# -- drafts -> resources ---------------------------------------------------------------------------


def finish(
    draft: Draft, *, scope: str, source: str
) -> tuple[Resource, dict[AttrPath, Location], list[tuple[AttrPath, str]]]:
    """The resource, its spans, and its references as (canonical path, target address)."""
    view = draft.view
    origin = view.origin(draft)
    references = view.references(draft)
    block = draft.spans.get(())
    resource = Resource(
        kind=draft.kind,
        address=draft.address,
        scope=scope,
        attributes=draft.attrs,
        source=source,
        physical_id=aws.physical_id(draft.kind, draft.attrs),
        file=block.file if block is not None else view.file,
        origin=origin,
    )
    return resource, draft.spans, references
