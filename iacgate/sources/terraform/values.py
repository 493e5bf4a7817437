"""Terraform values in Python, and Terraform's type constraints and conversions.

Values: ``None`` (null), ``bool``, ``int``/``float`` (number; integral numbers are ``int``),
``str``, ``list`` (list, tuple and set; sets are kept sorted and deduplicated), ``dict`` (map and
object), ``Unknown`` (not known statically, with the reason), and ``ResourceObject`` (a resource
instance: its configured arguments are known, everything else is known only after apply).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model.unknown import Unknown


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
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def first_unknown(value: Any, limit: int = 100_000) -> Unknown | None:
    """The first Unknown inside ``value`` (itself included), or None when fully known."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            return None
        if isinstance(item, Unknown):
            return item
        if isinstance(item, ResourceObject):
            return Unknown(f"{item.address} has attributes known only after apply")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def type_name(value: Any) -> str:
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


def to_string(value: Any) -> str:
    """Terraform's string conversion (interpolation, tostring); complex values refuse."""
    if isinstance(value, str):
        return value
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
    if isinstance(value, str):
        text = value.strip()
        try:
            return normalize_number(int(text) if text.lstrip("-").isdigit() else float(text))
        except ValueError:
            pass
        raise EvalError(f"cannot convert {value!r} to number")
    raise EvalError(f"cannot convert {type_name(value)} to number")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"cannot convert {to_display(value)} to bool")


def to_display(value: Any) -> str:
    try:
        return json.dumps(plain(value))[:60]
    except (TypeError, ValueError):
        return type_name(value)


def plain(value: Any) -> Any:
    """The value with Unknowns and resource objects shown as strings (for messages)."""
    if isinstance(value, Unknown):
        return "(unknown)"
    if isinstance(value, ResourceObject):
        return f"({value.address})"
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _set_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, value)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(plain(value), sort_keys=True))


def make_set(items: list[Any]) -> list[Any] | Unknown:
    """A set: deduplicated and in a stable order (Terraform orders string sets lexically)."""
    for item in items:
        if isinstance(item, Unknown):
            return Unknown(f"set element unknown: {item.reason}")
        if item is None:
            raise EvalError("sets cannot contain null values")
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(json.dumps(plain(item), sort_keys=True), item)
    return sorted(seen.values(), key=_set_key)


def equal(a: Any, b: Any) -> bool:
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
    """Convert ``value`` to ``spec`` as Terraform does for variables; raises EvalError."""
    if spec.kind == "any" or isinstance(value, Unknown) or value is None:
        return value
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
    """(key, value) pairs of a list (index keys) or a map (string keys)."""
    if isinstance(value, list):
        yield from enumerate(value)
    elif isinstance(value, dict):
        yield from value.items()
    else:
        raise EvalError(f"cannot iterate over {type_name(value)}")
