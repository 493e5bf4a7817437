"""Terraform values in Python, and Terraform's type constraints and conversions.

Values: ``None`` (null), ``bool``, ``int``/``float`` (number; integral numbers are ``int``),
``str``, ``list`` (list, tuple and set; sets are kept sorted and deduplicated), ``dict`` (map and
object), ``Unknown`` (not known statically, with the reason), and ``ResourceObject`` (a resource
instance: its configured arguments are known, everything else is known only after apply).
Any value but an Unknown may be ``Marked`` (``marks.py``): code that looks into a value unmarks
it first and marks its result with what it looked at.

Every walk over a value is bounded (``MAX_VALUE_NODES``): lists that share their elements
(``[local.a, local.a]``, nested 30 times) are small in memory but huge to walk.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform.marks import (
    NO_MARKS,
    Mark,
    Marked,
    Origin,
    describe,
    is_sensitive,
    mark,
    origins,
)

# The largest value the public corpus walks has under 1,000 elements.
MAX_VALUE_NODES = 200_000
_LEAVES = frozenset({str, int, float, bool, type(None)})
# Terraform's numbers have 512 bits of precision; integers past 2**1024 only come from chains of
# multiplications (each squaring doubles the digits: 40 of them never end).
MAX_INT_BITS = 1024


class EvalError(Exception):
    """An expression Terraform itself would reject (bad index, wrong type, missing key...)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class BudgetExceeded(Exception):
    """Evaluation ran past its time or size budget; ends the whole root, never caught by try()."""


@dataclass(frozen=True, slots=True, eq=False)
class ResourceObject:
    """One resource (or data source) instance as other expressions see it."""

    address: str
    values: Mapping[str, Any]
    data: bool = False

    def attr(self, name: str) -> Any:
        """A configured argument; anything else, or an argument configured as null (the
        provider then computes it), is known only after apply (or when the data is read)."""
        value = self.values.get(name)
        if value is None:
            # An ARN the AWS provider computes is an ARN: known text "arn:" (model/unknown.py),
            # so that it is never mistaken for "*".
            shape = ("arn:", None) if _aws_arn(self.address, name) else None
            if self.data:
                why = f"{self.address}.{name} is read from the provider at plan time"
                return Unknown(why, template=shape)
            return Unknown(f"{self.address}.{name} is known only after apply", template=shape)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            # Nested blocks: their unset (computed) attributes are unknown in the same way.
            return [
                ResourceObject(f"{self.address}.{name}[{i}]", item, self.data)
                for i, item in enumerate(value)
            ]
        return value


def _aws_arn(address: str, name: str) -> bool:
    """The ``arn`` of an AWS resource or data source: always assigned, always an ARN. (Other
    ``*_arn`` attributes may stay empty.)"""
    parts = address.rsplit(".", 2)
    return name == "arn" and len(parts) >= 2 and parts[-2].startswith("aws_")


def normalize_number(value: float | int) -> int | float:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**63:
            return int(value)
        return value
    if value.bit_length() > MAX_INT_BITS:
        raise EvalError(f"number too large (over {MAX_INT_BITS} bits)")
    return value


def too_large() -> EvalError:
    return EvalError(f"value too large to evaluate (over {MAX_VALUE_NODES} elements)")


def first_unknown(value: Any, limit: int = MAX_VALUE_NODES) -> Unknown | None:
    """The first Unknown inside ``value`` (itself included), or None when fully known."""
    if type(value) in _LEAVES:
        return None
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            raise too_large()
        if isinstance(item, Marked):
            item = item.value
        if isinstance(item, Unknown):
            return item
        if isinstance(item, ResourceObject):
            return Unknown(f"{item.address} has attributes known only after apply")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def check_size(value: Any, limit: int = MAX_VALUE_NODES) -> None:
    """Raise when walking ``value`` would visit more than ``limit`` nodes."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        if isinstance(item, Marked):
            item = item.value
        if isinstance(item, dict):
            seen += len(item)
            stack.extend(v for v in item.values() if type(v) not in _LEAVES)
        elif isinstance(item, list):
            seen += len(item)
            stack.extend(v for v in item if type(v) not in _LEAVES)
        seen += 1
        if seen > limit:
            raise too_large()


def unmark_deep(value: Any, limit: int = MAX_VALUE_NODES) -> tuple[Any, frozenset[Mark]]:
    """``value`` with no marks anywhere inside, and every mark that was there. Unmarked parts
    are returned as they are (not copied); a walk over more than ``limit`` nodes raises."""
    if type(value) in _LEAVES:
        return value, NO_MARKS  # the common case: no walk
    found: set[Mark] = set()
    count = 0

    def strip(item: Any) -> Any:
        nonlocal count
        if isinstance(item, Marked):
            found.update(item.marks)
            item = item.value
        count += len(item) + 1 if isinstance(item, dict | list) else 1
        if count > limit:
            raise too_large()
        if isinstance(item, dict):
            copy: dict[str, Any] | None = None
            for key, element in item.items():
                if type(element) in _LEAVES:
                    continue  # the common case, without a call
                stripped = strip(element)
                if copy is None and stripped is not element:
                    copy = dict(item)
                if copy is not None:
                    copy[key] = stripped
            return item if copy is None else copy
        if isinstance(item, list):
            items: list[Any] | None = None
            for index, element in enumerate(item):
                if type(element) in _LEAVES:
                    continue
                stripped = strip(element)
                if items is None and stripped is not element:
                    items = list(item)
                if items is not None:
                    items[index] = stripped
            return item if items is None else items
        return item

    stripped = strip(value)
    return stripped, frozenset(found) if found else NO_MARKS


def strip_record(
    values: Mapping[str, Any],
) -> tuple[dict[str, Any], set[tuple[Any, ...]], dict[tuple[Any, ...], frozenset[Origin]]]:
    """A record's values without marks, the paths of the sensitive ones, and the origins of
    the values at each path that has some. An attribute too large (or too deep) to walk
    becomes Unknown: every later stage walks it again."""
    sensitive: set[tuple[Any, ...]] = set()
    found: dict[tuple[Any, ...], frozenset[Origin]] = {}
    count = 0

    def strip(item: Any, path: tuple[Any, ...]) -> Any:
        nonlocal count
        if isinstance(item, Marked):
            if is_sensitive(item.marks):
                sensitive.add(path)
            written = origins(item.marks)
            if written:
                found[path] = written
            item = item.value
        count += len(item) + 1 if isinstance(item, dict | list) else 1
        if count > MAX_VALUE_NODES:
            raise too_large()
        if isinstance(item, dict):
            copy: dict[str, Any] | None = None
            for key, element in item.items():
                if type(element) in _LEAVES:
                    continue
                stripped = strip(element, (*path, key))
                if copy is None and stripped is not element:
                    copy = dict(item)
                if copy is not None:
                    copy[key] = stripped
            return item if copy is None else copy
        if isinstance(item, list):
            items: list[Any] | None = None
            for index, element in enumerate(item):
                if type(element) in _LEAVES:
                    continue
                stripped = strip(element, (*path, index))
                if items is None and stripped is not element:
                    items = list(item)
                if items is not None:
                    items[index] = stripped
            return item if items is None else items
        return item

    out: dict[str, Any] = {}
    for name, value in values.items():
        if type(value) in _LEAVES:
            out[name] = value
            continue
        try:
            out[name] = strip(value, (name,))
        except EvalError as exc:
            out[name] = Unknown(exc.message)
        except RecursionError:
            out[name] = Unknown("value nested too deeply to evaluate")
    return out, sensitive, found


def redacted(error: EvalError, marks: frozenset[Mark], what: str = "") -> EvalError:
    """``error``, or when ``marks`` are sensitive the same error without its text (which may
    quote the value): the message names where the sensitive value comes from instead."""
    if not is_sensitive(marks):
        return error
    prefix = f"{what}: " if what else ""
    return EvalError(f"{prefix}invalid use of {describe(marks)}", error.line)


def type_name(value: Any) -> str:
    if isinstance(value, Marked):
        return type_name(value.value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "tuple"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, ResourceObject):
        return "object"
    return type(value).__name__


def format_number(value: int | float) -> str:
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    if math.isinf(value) or math.isnan(value):
        raise EvalError("number is not finite")
    text = repr(value)
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text


def _marked(value: Marked) -> EvalError:
    # Callers unmark before converting; reaching here is a defect, reported without the value.
    return EvalError(f"{describe(value.marks)} reached a conversion unmarked (internal)")


def to_string(value: Any) -> str:
    """Terraform's string conversion (interpolation, tostring); complex values refuse."""
    if isinstance(value, str):
        return value
    if isinstance(value, Marked):
        if is_sensitive(value.marks):
            raise _marked(value)
        return to_string(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if value is None:
        raise EvalError("cannot use a null value in a string")
    raise EvalError(f"cannot convert {type_name(value)} to string")


def to_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("cannot convert bool to number")
    if isinstance(value, int | float):
        return value
    if isinstance(value, Marked):
        if is_sensitive(value.marks):
            raise _marked(value)
        return to_number(value.value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return normalize_number(int(text) if text.lstrip("-").isdigit() else float(text))
        except ValueError:
            pass
        raise EvalError(f"cannot convert {to_display(value)} to number")
    raise EvalError(f"cannot convert {type_name(value)} to number")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if isinstance(value, Marked):
        if is_sensitive(value.marks):
            raise _marked(value)
        return to_bool(value.value)
    raise EvalError(f"cannot convert {to_display(value)} to bool")


def to_display(value: Any) -> str:
    """A short text for a message: scalars as JSON, collections by their type (their content
    may be large, or hold sensitive elements)."""
    if isinstance(value, Marked):
        return describe(value.marks) if is_sensitive(value.marks) else to_display(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        try:
            return json.dumps(value)[:60]
        except ValueError:
            return type_name(value)
    return type_name(value)


def plain(value: Any) -> Any:
    """The value with Unknowns, resource objects and marked values shown as strings (for
    messages and ordering keys; callers bound the size of ``value`` first)."""
    if isinstance(value, Marked):
        if not is_sensitive(value.marks):
            return plain(value.value)
        return f"({describe(value.marks)})"
    if isinstance(value, Unknown):
        return "(unknown)"
    if isinstance(value, ResourceObject):
        return f"({value.address})"
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def value_key(value: Any) -> Any:
    """A hashable key with Terraform's equality (``1 == 1.0``, ``true != 1``, marks ignored):
    set functions and ``distinct`` use it to stay linear. Callers bound the size first."""
    if isinstance(value, Marked):
        value = value.value
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, int | float):
        return ("n", value)
    if value is None:
        return ("z",)
    if isinstance(value, list):
        return ("l", tuple(value_key(v) for v in value))
    if isinstance(value, dict):
        return ("m", tuple(sorted((k, value_key(v)) for k, v in value.items())))
    return ("o", id(value))  # resource objects and unknowns: only equal to themselves


def _set_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, value)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(plain(value), sort_keys=True))


def make_set(items: list[Any]) -> Any:
    """A set: deduplicated and in a stable order (Terraform orders string sets lexically).

    As in Terraform, set elements carry no marks of their own: theirs mark the whole set."""
    items, marks = unmark_deep(items)
    for item in items:
        if isinstance(item, Unknown):
            return Unknown(f"set element unknown: {item.reason}")
        if item is None:
            raise EvalError("sets cannot contain null values")
    seen: dict[Any, Any] = {}
    for item in items:
        seen.setdefault(value_key(item), item)
    return mark(sorted(seen.values(), key=_set_key), marks)


def equal(a: Any, b: Any) -> bool:
    if isinstance(a, Marked):
        a = a.value
    if isinstance(b, Marked):
        b = b.value
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return bool(a == b)


# -- type constraints -----------------------------------------------------------------------
# ("any",) ("string",) ("number",) ("bool",) ("list", T) ("set", T) ("map", T)
# ("tuple", (T, ...)) ("object", {name: T}, {name: default or _NO_DEFAULT for optional})


@dataclass(frozen=True, slots=True)
class TypeSpec:
    kind: str
    elem: TypeSpec | None = None
    items: tuple[TypeSpec, ...] = ()
    attrs: tuple[tuple[str, TypeSpec], ...] = ()
    optional: tuple[tuple[str, Any], ...] = ()  # optional attribute -> default (None: null)

    def __str__(self) -> str:
        if self.elem is not None:
            return f"{self.kind}({self.elem})"
        if self.kind == "object":
            return "object({" + ", ".join(f"{k}={v}" for k, v in self.attrs) + "})"
        if self.kind == "tuple":
            return "tuple([" + ", ".join(str(i) for i in self.items) + "])"
        return self.kind


ANY = TypeSpec("any")


def convert(value: Any, spec: TypeSpec, where: str = "value") -> Any:
    """Convert ``value`` to ``spec`` as Terraform does for variables; raises EvalError (whose
    message never quotes a sensitive value). Marks stay on what they marked."""
    if spec.kind == "any" or value is None or isinstance(value, Unknown):
        return value
    if type(value) is Marked:
        try:
            return mark(convert(value.value, spec, where), value.marks)
        except EvalError as exc:
            raise redacted(exc, value.marks, where) from None
    if isinstance(value, ResourceObject):
        if spec.kind in ("object", "map"):
            return value
        raise EvalError(f"{where}: {value.address} is not a {spec}")
    kind = spec.kind
    if kind == "string":
        if isinstance(value, list | dict):
            raise EvalError(f"{where}: string required, got {type_name(value)}")
        return to_string(value)
    if kind == "number":
        return to_number(value)
    if kind == "bool":
        return to_bool(value)
    if kind in ("list", "set"):
        if not isinstance(value, list):
            if isinstance(value, dict):
                raise EvalError(f"{where}: {kind} required, got object")
            raise EvalError(f"{where}: {kind} required, got {type_name(value)}")
        elem = spec.elem or ANY
        items = [convert(v, elem, f"{where}[{i}]") for i, v in enumerate(value)]
        if kind == "set":
            return make_set(items)
        return items
    if kind == "map":
        if not isinstance(value, dict):
            raise EvalError(f"{where}: map required, got {type_name(value)}")
        elem = spec.elem or ANY
        return {k: convert(v, elem, f"{where}.{k}") for k, v in value.items()}
    if kind == "tuple":
        if not isinstance(value, list) or len(value) != len(spec.items):
            raise EvalError(f"{where}: tuple of {len(spec.items)} elements required")
        return [
            convert(v, t, f"{where}[{i}]")
            for i, (v, t) in enumerate(zip(value, spec.items, strict=False))
        ]
    if kind == "object":
        if not isinstance(value, dict):
            raise EvalError(f"{where}: object required, got {type_name(value)}")
        optional = dict(spec.optional)
        out: dict[str, Any] = {}
        for name, attr_spec in spec.attrs:
            if name in value and value[name] is not None:
                out[name] = convert(value[name], attr_spec, f"{where}.{name}")
            elif name in optional:
                default = optional[name]
                out[name] = None if default is None else convert(default, attr_spec, where)
            elif name in value:
                out[name] = None
            else:
                raise EvalError(f"{where}: attribute {name!r} is required")
        return out
    return value


def iter_collection(value: Any) -> Iterator[tuple[Any, Any]]:
    """(key, value) pairs of a list (index keys) or a map (string keys); ``value`` is
    unmarked (its elements may carry their own marks)."""
    if isinstance(value, list):
        yield from enumerate(value)
    elif isinstance(value, dict):
        # Terraform walks maps and objects in lexical order of their keys, whatever the
        # order written (a dynamic block's statements, a for expression's list).
        yield from sorted(value.items(), key=lambda item: item[0])
    else:
        raise EvalError(f"cannot iterate over {type_name(value)}")
