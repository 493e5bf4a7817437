"""How a canonical AWS kind is declared: everything about it, in one place, as data.

An :class:`AwsKind` names the kind, its identity (physical id, the attributes that name it,
regional or global), the Terraform and CloudFormation types that write it (primary types, and
the split types folded into it), the API calls that read it, and the field table: each
canonical attribute with its JSON Schema, the default AWS applies (or who decides, when nobody
documents one), and where each source writes it. Edges say which attributes name other
resources.

The JSON Schema (``schemas/aws.json``), the physical ids, the global kinds, the normalizers'
tables, the graph's edges and the live collector's calls are all derived from these
declarations (``docs/adding-a-kind.md``).

Paths are dotted: ``versioning.0.status`` in Terraform (nested blocks are lists, as in
Terraform's own flatmap paths), ``VersioningConfiguration.Status`` in CloudFormation, and
``Answer:path`` for the API, where ``Answer`` is the detail call whose answer holds the value
(``GetBucketVersioning:Status``); a path without ``Answer:`` reads the list item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.aws.calls import Call
from iacgate.model.edges import EdgeType

# -- schema shapes (JSON Schema fragments of canonical values) --------------------------------

STR: Mapping[str, Any] = {"type": "string"}
OPT_STR: Mapping[str, Any] = {"type": ["string", "null"]}
BOOL: Mapping[str, Any] = {"type": "boolean"}
OPT_BOOL: Mapping[str, Any] = {"type": ["boolean", "null"]}
INT: Mapping[str, Any] = {"type": "integer"}
OPT_INT: Mapping[str, Any] = {"type": ["integer", "null"]}
STRINGS: Mapping[str, Any] = {"type": "array", "items": {"type": "string"}}
OBJECT: Mapping[str, Any] = {"type": "object"}
OPT_OBJECT: Mapping[str, Any] = {"type": ["object", "null"]}
# A map of objects of one shape (the object's ``fields``), keyed by name.
MAP: Mapping[str, Any] = {"type": "object", "additionalProperties": True}


def ref(name: str) -> Mapping[str, Any]:
    """A shared shape of ``schemas/aws.json`` (``$defs``)."""
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def enum(*values: str) -> Mapping[str, Any]:
    return {"type": "string", "enum": list(values)}


def items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"type": "array", "items": schema}


TAGS = ref("tags")
POLICY = ref("policyDocument")
OPT_POLICY = nullable(POLICY)

# -- defaults -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chosen:
    """No fixed default: AWS (or the deploying tool) decides when the setting is unset, case by
    case. Code that leaves it unset gets ``Unknown("not set: <by>")``; the API tells."""

    by: str


@dataclass(frozen=True, slots=True)
class Assigned:
    """AWS assigns the value at creation (ids, ARNs): unknown in code until it is applied."""


ASSIGNED = Assigned()

# Who decides, for settings every source words the same way.
REQUIRED = Chosen("required by AWS")  # no default: code that leaves it out does not deploy
NAMED_BY_AWS = Chosen("AWS generates the name (name_prefix)")
NAMED_BY_CLOUDFORMATION = Chosen("CloudFormation generates the name")


class _Defaults:
    """An object the source does not write holds its fields' defaults."""

    def __repr__(self) -> str:
        return "DEFAULTS"


DEFAULTS: Any = _Defaults()

# Sources, as the field table names them.
TERRAFORM = "terraform"
CLOUDFORMATION = "cloudformation"
API = "api"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class Field:
    """A canonical attribute: its schema, its default, and where each source writes it.

    ``default`` is the value AWS applies when the setting is unset (a plain value, a
    :class:`Chosen`, or :data:`ASSIGNED`); ``defaults`` overrides it for one source where the
    sources really differ (CloudFront's ``http_version``: the Terraform provider sends http2,
    CloudFormation leaves AWS's http1.1). A path of ``None`` means the source does not write
    the attribute: it holds the default (or what the kind's own code puts there).

    An object's ``fields`` are its own attributes, with paths relative to the object's;
    ``absent`` is what an object the source does not write holds (its fields' defaults, or
    ``None``). ``ordered`` keeps a list's order (the API keeps it); ``key`` names what tells
    the items of a list apart (drift matches them by it; ``key_nullable``: a null key field is
    part of the key)."""

    name: str
    schema: Mapping[str, Any]
    default: Any = None
    terraform: str | None = None
    cloudformation: str | None = None
    api: str | None = None
    description: str = ""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    fields: tuple[Field, ...] = ()
    absent: Any = DEFAULTS
    ordered: bool = False
    key: tuple[str, ...] = ()
    key_nullable: bool = False  # a null key field still tells items apart (one peer of four)
    # Every source writes it (Aurora members have no storage of their own; live collections
    # know every inline policy's name and need no inline_policy_documents).
    required: bool = True

    def __repr__(self) -> str:
        return f"Field({self.name!r})"

    def path(self, source: str) -> str | None:
        return {TERRAFORM: self.terraform, CLOUDFORMATION: self.cloudformation, API: self.api}[
            source
        ]

    def default_for(self, source: str) -> Any:
        return self.defaults.get(source, self.default)

    @property
    def documented_default(self) -> Any:
        """The default the schema states: a plain value (not Chosen, not assigned)."""
        default = self.default
        if isinstance(default, Chosen | Assigned) or default is DEFAULTS:
            return None
        return default


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class Edge:
    """The value at ``path`` ("*" walks list items and map values) names a resource of one of
    ``targets`` (by a reference the source wrote, or by id, ARN or name)."""

    path: str
    type: EdgeType
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class Fold:
    """A split resource type whose one setting folds into its owner: ``owner`` is its
    attribute naming the owner (a reference, or a value matching one of the owner's ``by``
    attributes); ``into`` the owner's canonical attribute it sets, from its own ``value``
    attribute (converted as ``into``'s schema says)."""

    type: str
    owner: str
    by: tuple[str, ...]
    into: str
    value: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class Writers:
    """The resource types of one source that write a kind: ``types`` are the kind itself;
    ``folds`` are split types folded into it (declared :class:`Fold`s, or type names whose
    folding is the kind's own code)."""

    types: tuple[str, ...] = ()
    folds: tuple[Fold | str, ...] = ()

    @property
    def fold_types(self) -> tuple[str, ...]:
        return tuple(f.type if isinstance(f, Fold) else f for f in self.folds)


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class Collector:
    """How the live collector reads the kind: the service whose thread pool runs its calls,
    every call (the list call first), the list item's id field and the ARN form
    (``{partition}``, ``{region}``, ``{account}``, ``{id}``). ``produces``: the canonical kinds
    its records become, when more than the kind itself (a bucket's policy node). ``address``:
    a live resource's address, from its canonical attributes (its ARN, mostly)."""

    service: str
    calls: tuple[Call, ...]
    id_field: str
    arn: str
    produces: tuple[str, ...] = ()
    note: str = ""
    address: str = "{arn}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # compared by identity: fast
class AwsKind:
    """One canonical AWS kind, declared once (see the module docstring)."""

    name: str
    description: str
    physical_id: str
    fields: tuple[Field, ...]
    regional: bool = True
    # Attributes whose value names a resource of this kind (edges found by value).
    identifiers: tuple[str, ...] = ()
    terraform: Writers = Writers()
    cloudformation: Writers = Writers()
    collector: Collector | None = None
    edges: tuple[Edge, ...] = ()
    # Said in the schema about the kind as a whole (folded types, what is left out).
    note: str = ""

    def __repr__(self) -> str:
        return f"AwsKind({self.name!r})"

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(f"{self.name} has no attribute {name!r}")

    def writers(self, source: str) -> Writers:
        return self.terraform if source == TERRAFORM else self.cloudformation
