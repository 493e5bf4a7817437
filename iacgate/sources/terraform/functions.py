"""Terraform's built-in functions, evaluated statically.

The registry ``FUNCTIONS`` is a visible literal. Each entry says how unknown arguments are
handled: ``STRICT`` functions give Unknown when any argument contains an unknown anywhere;
``SHALLOW`` ones only when an argument itself is unknown (``length`` of a list of unknown
elements is still known). Functions whose result changes on every run (``timestamp``,
``uuid``) or that Terraform evaluates against the machine (``abspath``) are Unknown. ``try``,
``can``, ``sensitive`` and ``nonsensitive`` need unevaluated arguments and live in the
evaluator. File functions read only inside the scan root; nothing is ever executed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import ipaddress
import json
import math
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform import regex
from iacgate.sources.terraform.boundary import ReadBoundary
from iacgate.sources.terraform.marks import (
    NO_MARKS,
    Mark,
    Marked,
    describe,
    is_sensitive,
    mark,
    unmark,
)
from iacgate.sources.terraform.values import (
    EvalError,
    ResourceObject,
    first_unknown,
    format_number,
    make_set,
    normalize_number,
    plain,
    redacted,
    to_bool,
    to_number,
    to_string,
    type_name,
    unmark_deep,
    value_key,
)
from iacgate.sources.textfile import read_bytes

MAX_STRING = 4 * 1024 * 1024
MAX_RANGE = 1024  # Terraform's own limit for range()
MAX_FILE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FunctionContext:
    """What file functions may see: relative paths resolve against ``cwd`` (the root module
    directory, as for Terraform) and must stay inside ``boundary`` (see ``boundary.py``)."""

    cwd: Path
    boundary: ReadBoundary
    render_template: Callable[[str, dict[str, Any], str], Any]
    # Steps of work done, for the evaluation's time budget (``Budget.tick``), and bytes of
    # values about to be built, for its memory budget (``Budget.alloc``).
    charge: Callable[[int], None] = lambda steps: None
    alloc: Callable[[int], None] = lambda size: None


# Bytes a value's container is counted for (its slots; the elements count where they are built).
LIST_BYTES = 8
MAP_BYTES = 64


def produced(result: Any) -> int:
    """Bytes a call that returned ``result`` is counted for in the memory budget."""
    if isinstance(result, Marked):
        result = result.value
    if isinstance(result, str):
        return len(result)
    if isinstance(result, list):
        return LIST_BYTES * len(result)
    if isinstance(result, dict):
        return MAP_BYTES * len(result)
    return 0


def weight(result: Any) -> int:
    """Steps a call that returned ``result`` is charged (its size: the work to build it)."""
    if isinstance(result, str):
        return 1 + (len(result) >> 8)
    if isinstance(result, list | dict):
        return 1 + (len(result) >> 4)
    return 1


Function = Callable[[FunctionContext, list[Any]], Any]


def _str(value: Any, name: str = "argument") -> str:
    if isinstance(value, list | dict):
        raise EvalError(f"{name} must be a string, got {type_name(value)}")
    return to_string(value)


def _list(value: Any, name: str = "argument") -> list[Any]:
    if not isinstance(value, list):
        raise EvalError(f"{name} must be a list, got {type_name(value)}")
    return value


def _map(value: Any, name: str = "argument") -> dict[str, Any]:
    if isinstance(value, ResourceObject):
        return dict(value.values)
    if not isinstance(value, dict):
        raise EvalError(f"{name} must be a map or object, got {type_name(value)}")
    return value


def _int(value: Any, name: str = "argument") -> int:
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise EvalError(f"{name} must be a whole number")
        number = int(number)
    return number


def _checked(text: str) -> str:
    if len(text) > MAX_STRING:
        raise EvalError(f"string result longer than {MAX_STRING} characters")
    return text


def _arity(args: list[Any], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise EvalError(f"expects {expected} arguments, got {len(args)}")


# -- numeric ----------------------------------------------------------------------------


def f_abs(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return abs(to_number(args[0]))


def f_ceil(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return math.ceil(to_number(args[0]))


def f_floor(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return math.floor(to_number(args[0]))


def f_log(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return normalize_number(math.log(to_number(args[0]), to_number(args[1])))


def f_max(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("max needs at least one argument")
    return max(to_number(a) for a in args)


def f_min(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("min needs at least one argument")
    return min(to_number(a) for a in args)


def f_pow(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    base, exponent = to_number(args[0]), to_number(args[1])
    if abs(exponent) > 1024:
        raise EvalError("exponent too large")
    return normalize_number(float(base) ** exponent)


def f_signum(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    number = to_number(args[0])
    return (number > 0) - (number < 0)


def f_parseint(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    base = _int(args[1])
    if not 2 <= base <= 62:
        raise EvalError("base must be between 2 and 62")
    try:
        return int(_str(args[0]), base)
    except ValueError:
        raise EvalError(f"cannot parse {args[0]!r} as a base {base} integer") from None


# -- strings ----------------------------------------------------------------------------


def f_chomp(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return re.sub(r"(?:\r\n|\n|\r)+\Z", "", _str(args[0]))


def f_endswith(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[0]).endswith(_str(args[1]))


def f_startswith(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[0]).startswith(_str(args[1]))


def f_strcontains(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[1]) in _str(args[0])


def _fits(size: int) -> None:
    """Refuse a string result of ``size`` characters before building it."""
    if size > MAX_STRING:
        raise EvalError(f"string result longer than {MAX_STRING} characters")


def f_indent(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    pad = " " * min(_int(args[0]), 1024)
    text = _str(args[1])
    _fits(len(text) + len(pad) * text.count("\n"))
    lines = text.split("\n")
    return "\n".join([lines[0], *(pad + line for line in lines[1:])])


def f_join(ctx: FunctionContext, args: list[Any]) -> Any:
    if len(args) < 2:
        raise EvalError("join needs a separator and at least one list")
    separator = _str(args[0])
    items: list[str] = []
    for value in args[1:]:
        items.extend(_str(v, "list element") for v in _list(value) if v is not None)
    _fits(sum(map(len, items)) + len(separator) * max(len(items) - 1, 0))
    return separator.join(items)


def f_lower(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _str(args[0]).lower()


def f_upper(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _str(args[0]).upper()


def f_title(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), _str(args[0]))


def f_split(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    separator, text = _str(args[0]), _str(args[1])
    if separator == "":
        return list(text)
    return text.split(separator)


def f_strrev(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _str(args[0])[::-1]


def f_substr(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 3)
    text, offset, length = _str(args[0]), _int(args[1]), _int(args[2])
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if offset > len(text):
        raise EvalError("offset out of range")
    return text[offset:] if length < 0 else text[offset : offset + length]


def f_trim(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[0]).strip(_str(args[1]))


def f_trimprefix(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[0]).removeprefix(_str(args[1]))


def f_trimsuffix(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    return _str(args[0]).removesuffix(_str(args[1]))


def f_trimspace(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _str(args[0]).strip()


class _Unsupported(Exception):
    """The function (or this use of it) is not evaluated statically: the result is Unknown."""


def _pattern(text: str) -> regex.Pattern:
    try:
        return regex.compile_pattern(text)
    except regex.RegexError as exc:
        raise EvalError(str(exc)) from None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def f_regex(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    pattern = _pattern(_str(args[0]))
    match = pattern.program.search(_utf8(_str(args[1])))
    if match is None:
        raise EvalError("pattern did not match")
    return regex.match_value(pattern, match)


def f_regexall(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    pattern = _pattern(_str(args[0]))
    data = _utf8(_str(args[1]))
    try:
        return [regex.match_value(pattern, m) for m in regex.find_all(pattern, data)]
    except OverflowError as exc:
        raise _Unsupported(f"regexall(): {exc}") from None


def f_replace(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 3)
    text, search, replacement = _str(args[0]), _str(args[1]), _str(args[2])
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        pattern = _pattern(search[1:-1])
        try:
            return regex.replace_all(pattern, _utf8(text), replacement, MAX_STRING)
        except OverflowError:
            raise EvalError(f"string result longer than {MAX_STRING} characters") from None
    # Go's strings.Replace: an empty search string matches before every character and at the
    # end. The size is known before anything is built.
    count = len(text) + 1 if search == "" else text.count(search)
    if len(text) + count * (len(replacement) - len(search)) > MAX_STRING:
        raise EvalError(f"string result longer than {MAX_STRING} characters")
    if search == "":
        return replacement + "".join(char + replacement for char in text)
    return text.replace(search, replacement)


_VERB = re.compile(r"%(?:\[(\d+)\])?([+\-# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _format(spec: str, args: list[Any], room: int = MAX_STRING) -> str:
    """``format(spec, args...)``; the result may not exceed ``room`` characters (checked as
    it is built, not after)."""
    out: list[str] = []
    size = 0
    position = 0
    next_arg = 0

    def add(piece: str) -> None:
        nonlocal size
        size += len(piece)
        if size > room:
            raise EvalError(f"string result longer than {MAX_STRING} characters")
        out.append(piece)

    for match in _VERB.finditer(spec):
        add(spec[position : match.start()])
        position = match.end()
        index, flags, width, precision, verb = match.groups()
        if verb == "%":
            add("%")
            continue
        if index:
            next_arg = int(index) - 1
        if next_arg >= len(args):
            raise EvalError(f"not enough arguments for format verb %{verb}")
        value = args[next_arg]
        next_arg += 1
        add(_format_one(value, flags, width, precision, verb))
    add(spec[position:])
    if next_arg < len(args) and not any(m.group(1) for m in _VERB.finditer(spec)):
        raise EvalError(f"too many arguments; only {next_arg} used by format string")
    return "".join(out)


def _format_one(value: Any, flags: str, width: str | None, precision: str | None, verb: str) -> str:
    if (width and int(width) > 1024) or (precision and int(precision) > 1024):
        raise EvalError("format width or precision too large")
    py_flags = "".join(f for f in flags if f in "+- #0").replace("-", "<")
    align = "<" if "-" in flags else ""
    zero = "0" if "0" in flags and not align else ""
    sign = "+" if "+" in flags else (" " if " " in flags else "")
    size = width or ""
    del py_flags
    if verb in "sv":
        if verb == "v" and isinstance(value, list | dict):
            text = _json_encode(value)
        elif verb == "v" and value is None:
            text = "null"
        else:
            text = _str(value)
        if precision:
            text = text[: int(precision)]
        return f"{text:{align or '>'}{size}}"
    if verb == "q":
        return json.dumps(_str(value), ensure_ascii=False)
    if verb == "t":
        return f"{'true' if to_bool(value) else 'false':{align or '>'}{size}}"
    number = to_number(value)
    if verb in "dboxX":
        if isinstance(number, float) and not number.is_integer():
            raise EvalError(f"%{verb} requires a whole number")
        code = {"d": "d", "b": "b", "o": "o", "x": "x", "X": "X"}[verb]
        return format(int(number), f"{align}{sign}{zero}{size}{code}")
    if verb in "feEgG":
        prec = f".{precision}" if precision else (".6" if verb in "feE" else "")
        return format(float(number), f"{align}{sign}{zero}{size}{prec}{verb}")
    raise EvalError(f"unsupported format verb %{verb}")


def f_format(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("format needs a format string")
    return _format(_str(args[0]), args[1:])


def f_formatlist(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("formatlist needs a format string")
    lengths = {len(a) for a in args[1:] if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("all list arguments of formatlist must have the same length")
    count = lengths.pop() if lengths else 1
    spec = _str(args[0])
    out: list[str] = []
    room = MAX_STRING  # for all the strings of the list together
    for i in range(count):
        text = _format(spec, [a[i] if isinstance(a, list) else a for a in args[1:]], room)
        room -= len(text)
        out.append(text)
    return out


# -- collections ------------------------------------------------------------------------


def f_length(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    value = args[0]
    if isinstance(value, list | dict | str):
        return len(value)
    if isinstance(value, ResourceObject):
        return Unknown(f"attributes of {value.address} are known only after apply")
    raise EvalError(f"cannot take the length of {type_name(value)}")


def f_concat(ctx: FunctionContext, args: list[Any]) -> Any:
    out: list[Any] = []
    for value in args:
        out.extend(_list(value))
    return out


def f_merge(ctx: FunctionContext, args: list[Any]) -> Any:
    out: dict[str, Any] = {}
    for value in args:
        if value is None:
            continue
        out.update(_map(value))
    return out


def f_flatten(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    out: list[Any] = []
    marks: set[Mark] = set()  # of the nested lists taken apart (their elements keep theirs)
    visited = 0
    stack: list[tuple[list[Any], int]] = [(_list(args[0]), 0)]
    while stack:
        items, index = stack.pop()
        while index < len(items):
            item = items[index]
            index += 1
            visited += 1
            if visited > 2 * MAX_FLATTEN:  # nested empty lists shared many times over
                raise EvalError("flatten input too large")
            inner, found = unmark(item)
            if isinstance(inner, Unknown):
                return Unknown(inner.reason)
            if isinstance(inner, list):
                marks |= found
                stack.append((items, index))
                stack.append((inner, 0))
                break
            out.append(item)
            if len(out) > MAX_FLATTEN:
                raise EvalError("flatten result too large")
    return mark(out, frozenset(marks))


MAX_FLATTEN = 1_000_000


def f_keys(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return sorted(_map(args[0]))


def f_values(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    mapping = _map(args[0])
    return [mapping[k] for k in sorted(mapping)]


def f_lookup(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2, 3)
    mapping = _map(args[0])
    key = _str(args[1])
    if key in mapping:
        return mapping[key]
    if isinstance(args[0], ResourceObject):
        return args[0].attr(key)
    if len(args) == 3:
        return args[2]
    raise EvalError(f"key {key!r} not found in map and no default given")


def f_element(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    items = _list(args[0])
    if not items:
        raise EvalError("cannot use element on an empty list")
    index = _int(args[1])
    if index < 0:
        raise EvalError("element index must not be negative")
    return items[index % len(items)]


# Equality-based functions compare hash keys (``value_key``): linear, not quadratic, in the
# number of elements (distinct() of 40,000 strings took minutes pairwise).


def f_index(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    wanted = value_key(args[1])
    for position, item in enumerate(_list(args[0])):
        if isinstance(item, Unknown):
            return Unknown(item.reason)
        if value_key(item) == wanted:
            return position
    raise EvalError("item not found in list")


def f_contains(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    unknown = first_unknown(args[0])
    unknown = unknown if unknown is not None else first_unknown(args[1])
    if unknown is not None:
        return Unknown(unknown.reason)
    wanted = value_key(args[1])
    return any(value_key(item) == wanted for item in _list(args[0]))


def f_distinct(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    seen: dict[Any, Any] = {}
    for item in _list(args[0]):
        seen.setdefault(value_key(item), item)
    return list(seen.values())


def f_compact(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return [item for item in _list(args[0]) if item is not None and item != ""]


def f_coalesce(ctx: FunctionContext, args: list[Any]) -> Any:
    for value in args:
        if isinstance(value, Unknown):
            return Unknown(value.reason)
        if value is not None and value != "":
            return value
    raise EvalError("no non-null, non-empty-string arguments")


def f_coalescelist(ctx: FunctionContext, args: list[Any]) -> Any:
    for value in args:
        if isinstance(value, Unknown):
            return Unknown(value.reason)
        if _list(value):
            return value
    raise EvalError("no non-empty list arguments")


def f_slice(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 3)
    items = _list(args[0])
    start, end = _int(args[1]), _int(args[2])
    if not 0 <= start <= end <= len(items):
        raise EvalError("slice indexes out of range")
    return items[start:end]


def f_reverse(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return list(reversed(_list(args[0])))


def f_sort(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return sorted(_str(v, "list element") for v in _list(args[0]))


def f_sum(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    items = _list(args[0])
    if not items:
        raise EvalError("cannot sum an empty list")
    return normalize_number(sum(to_number(v) for v in items))


def f_one(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    items = _list(args[0])
    if len(items) > 1:
        raise EvalError("one() needs a list of at most one element")
    return items[0] if items else None


def f_range(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1, 3)
    numbers = [to_number(a) for a in args]
    start: int | float = 0
    step: int | float = 1
    if len(numbers) == 1:
        limit = numbers[0]
    elif len(numbers) == 2:
        start, limit = numbers
    else:
        start, limit, step = numbers
    if step == 0:
        raise EvalError("range step must not be zero")
    out: list[Any] = []
    value = start
    while (value < limit) if step > 0 else (value > limit):
        out.append(normalize_number(value))
        if len(out) > MAX_RANGE:
            raise EvalError(f"more than {MAX_RANGE} values were generated")
        value += step
    return out


def f_zipmap(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    keys, items = _list(args[0]), _list(args[1])
    if len(keys) != len(items):
        raise EvalError("zipmap needs lists of the same length")
    return {_str(k): v for k, v in zip(keys, items, strict=True)}


def f_chunklist(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    items, size = _list(args[0]), _int(args[1])
    if size < 0:
        raise EvalError("chunk size must not be negative")
    if size == 0:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]


def f_matchkeys(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 3)
    items, keys, search = _list(args[0]), _list(args[1]), _list(args[2])
    if len(items) != len(keys):
        raise EvalError("matchkeys needs lists of the same length")
    wanted = {value_key(s) for s in search}
    return [v for v, k in zip(items, keys, strict=True) if value_key(k) in wanted]


def f_transpose(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    out: dict[str, list[str]] = {}
    for key, items in _map(args[0]).items():
        for item in _list(items):
            out.setdefault(_str(item), []).append(key)
    return {k: sorted(v) for k, v in out.items()}


def f_alltrue(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return all(to_bool(v) for v in _list(args[0]))


def f_anytrue(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return any(to_bool(v) for v in _list(args[0]))


def f_setunion(ctx: FunctionContext, args: list[Any]) -> Any:
    items: list[Any] = []
    for value in args:
        items.extend(_list(value))
    return make_set(items)


def f_setintersection(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("setintersection needs at least one set")
    result = _list(args[0])
    for value in args[1:]:
        other = {value_key(o) for o in _list(value)}
        result = [v for v in result if value_key(v) in other]
    return make_set(result)


def f_setsubtract(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    other = {value_key(o) for o in _list(args[1])}
    return make_set([v for v in _list(args[0]) if value_key(v) not in other])


def f_setproduct(ctx: FunctionContext, args: list[Any]) -> Any:
    if len(args) < 2:
        raise EvalError("setproduct needs at least two sets")
    sets = [_list(value) for value in args]
    if math.prod(len(items) for items in sets) > 100_000:  # known before building it
        raise EvalError("setproduct result too large")
    product: list[list[Any]] = [[]]
    for items in sets:
        product = [[*p, v] for p in product for v in items]
    return product


# -- conversion -------------------------------------------------------------------------


def f_tostring(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else _str(args[0])


def f_tonumber(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else to_number(args[0])


def f_tobool(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else to_bool(args[0])


def f_tolist(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else list(_list(args[0]))


def f_toset(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else make_set(list(_list(args[0])))


def f_tomap(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else dict(_map(args[0]))


# -- encoding ---------------------------------------------------------------------------


def _json_ready(value: Any) -> Any:
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        raise EvalError("cannot encode a non-finite number")
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


MAX_ENCODED_VALUES = 1_000_000


def _check_size(value: Any) -> None:
    """Refuse values too large to encode before encoding them: too many elements (shared
    sub-values can make a small expression stand for an exponentially large document) or
    too long a text (a thousand references to one 4 MB string)."""
    stack = [value]
    seen = 0
    chars = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_ENCODED_VALUES:
            raise EvalError(f"value too large to encode (over {MAX_ENCODED_VALUES} elements)")
        if isinstance(item, str):
            chars += len(item) + 2
        elif isinstance(item, dict):
            chars += 2 + sum(len(k) + 4 for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            chars += 2 + len(item)
            stack.extend(item)
        else:
            chars += 24
        if chars > MAX_STRING:
            raise EvalError(f"string result longer than {MAX_STRING} characters")


def _json_encode(value: Any) -> str:
    _check_size(value)
    text = json.dumps(_json_ready(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    # Terraform (Go) escapes these for safe embedding in HTML.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _checked(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _only_encoded_unknowns(args: list[Any]) -> bool:
    """A list whose unknown elements are all JSON text of a document (``Unknown.decoded``)."""
    if len(args) != 1 or not isinstance(args[0], list):
        return False
    return all(
        item.decoded is not None if isinstance(item, Unknown) else first_unknown(item) is None
        for item in args[0]
    )


def _partly_encoded(value: Any, unknown: Unknown) -> Unknown:
    """``jsonencode`` of a value with unknown leaves: unknown text (Terraform knows nothing of
    it before apply) that remembers the structure it encodes, for a reader of policy documents
    (``Unknown.decoded``). Its size is checked as the encoded text's would be."""
    _check_size(value)
    return Unknown(unknown.reason, decoded=_json_ready(value))


def f_jsonencode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _json_encode(args[0])


def _json_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {k: _json_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_numbers(v) for v in value]
    return value


# A decoded document takes several times the bytes of its text.
DECODED_BYTES_PER_CHAR = 8


def f_jsondecode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    text = _str(args[0])
    ctx.alloc(DECODED_BYTES_PER_CHAR * len(text))
    try:
        return _json_numbers(json.loads(text))
    except RecursionError:
        raise EvalError("JSON nested too deeply") from None
    except ValueError as exc:
        raise EvalError(f"invalid JSON: {exc}") from None


def f_yamldecode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    from iacgate.sources.diagnostics import SourceError
    from iacgate.sources.structured import load_documents

    try:
        ctx.alloc(DECODED_BYTES_PER_CHAR * len(_str(args[0])))
        documents = load_documents(_str(args[0]), "<yamldecode>")
    except SourceError as exc:
        raise EvalError(f"invalid YAML: {exc.message}") from None
    if len(documents) != 1:
        raise EvalError("yamldecode needs exactly one YAML document")
    return _json_numbers(documents[0].value)


def f_yamlencode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    import yaml

    _check_size(args[0])
    return _checked(yaml.safe_dump(_json_ready(args[0]), default_flow_style=False, sort_keys=True))


def f_base64encode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _checked(base64.b64encode(_str(args[0]).encode("utf-8")).decode("ascii"))


def f_base64decode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    try:
        return base64.b64decode(_str(args[0]), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvalError(f"invalid base64 or not UTF-8: {exc}") from None


def f_urlencode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return urllib.parse.quote_plus(_str(args[0]), safe="")


def f_csvdecode(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    import csv  # rarely used: kept off the start-up path

    text = _str(args[0])
    ctx.alloc(DECODED_BYTES_PER_CHAR * len(text))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header, *body = rows
    for row in body:
        if len(row) != len(header):
            raise EvalError("CSV row has a different number of fields than the header")
    return [dict(zip(header, row, strict=True)) for row in body]


def _hasher(name: str, encode: str) -> Function:
    def run(ctx: FunctionContext, args: list[Any]) -> Any:
        _arity(args, 1)
        digest = hashlib.new(name, _str(args[0]).encode("utf-8"))
        return digest.hexdigest() if encode == "hex" else base64.b64encode(digest.digest()).decode()

    return run


def _file_hasher(name: str, encode: str) -> Function:
    def run(ctx: FunctionContext, args: list[Any]) -> Any:
        _arity(args, 1)
        digest = hashlib.new(name, _read(ctx, _str(args[0])))
        return digest.hexdigest() if encode == "hex" else base64.b64encode(digest.digest()).decode()

    return run


def f_uuidv5(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    import uuid as uuid_module  # rarely used: kept off the start-up path (uuid imports platform)

    namespaces = {
        "dns": uuid_module.NAMESPACE_DNS,
        "url": uuid_module.NAMESPACE_URL,
        "oid": uuid_module.NAMESPACE_OID,
        "x500": uuid_module.NAMESPACE_X500,
    }
    space = _str(args[0])
    try:
        namespace = namespaces.get(space) or uuid_module.UUID(space)
    except ValueError:
        raise EvalError(f"invalid uuid namespace {space!r}") from None
    return str(uuid_module.uuid5(namespace, _str(args[1])))


# -- files ------------------------------------------------------------------------------


def _resolve(ctx: FunctionContext, path: str) -> Path:
    """The real path of ``path`` (relative to the root module), inside the boundary."""
    real = ctx.boundary.resolve(ctx.cwd / path)
    if real is None:
        raise _Unsupported(f"file {path!r} is outside the scanned paths and is not read")
    return real


def _read(ctx: FunctionContext, path: str) -> bytes:
    read = read_bytes(_resolve(ctx, path), MAX_FILE)
    if isinstance(read, bytes):
        ctx.alloc(len(read))
        return read
    if read.skipped == "not a regular file":
        raise _Unsupported(f"file {path!r} is not a regular file and is not read")
    if read.skipped is not None:
        raise EvalError(f"file {path!r} is larger than {MAX_FILE} bytes")
    raise EvalError(f"{read.error} ({path!r})")


def f_file(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    try:
        return _read(ctx, _str(args[0])).decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError(f"file {args[0]!r} is not UTF-8 text (use filebase64)") from None


def f_filebase64(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return base64.b64encode(_read(ctx, _str(args[0]))).decode("ascii")


def f_fileexists(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return _resolve(ctx, _str(args[0])).is_file()


def f_fileset(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    from iacgate.sources.terraform import fileset

    base = _resolve(ctx, _str(args[0]))
    if not base.is_dir():
        return []
    try:
        return fileset.fileset(base, _str(args[1]), ctx.boundary, lambda: ctx.charge(1024))
    except fileset.GlobError as exc:
        raise EvalError(str(exc)) from None
    except fileset.NotSearched as exc:
        raise _Unsupported(str(exc)) from None


def f_templatefile(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    path = _str(args[0])
    variables = _map(args[1])
    try:
        text = _read(ctx, path).decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError(f"template {path!r} is not UTF-8 text") from None
    return ctx.render_template(text, variables, path)


def f_basename(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    text = _str(args[0]).rstrip("/")
    return text.rsplit("/", 1)[-1] if text else "."


def f_dirname(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    text = _str(args[0])
    if "/" not in text:
        return "."
    head = text.rstrip("/").rsplit("/", 1)[0]
    return head or "/"


# -- network ----------------------------------------------------------------------------


def _network(prefix: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(_str(prefix), strict=False)
    except ValueError as exc:
        raise EvalError(f"invalid CIDR prefix: {exc}") from None


def _address(
    network: ipaddress.IPv4Network | ipaddress.IPv6Network, value: int
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if network.version == 4:
        return ipaddress.IPv4Address(value)
    return ipaddress.IPv6Address(value)


def f_cidrsubnet(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 3)
    network = _network(args[0])
    newbits, netnum = _int(args[1]), _int(args[2])
    new_prefix = network.prefixlen + newbits
    if newbits < 0 or new_prefix > network.max_prefixlen:
        raise EvalError(f"cannot extend prefix /{network.prefixlen} by {newbits} bits")
    if not 0 <= netnum < 2**newbits:
        raise EvalError(f"netnum {netnum} does not fit in {newbits} bits")
    base = int(network.network_address) + (netnum << (network.max_prefixlen - new_prefix))
    return f"{_address(network, base)}/{new_prefix}"


def f_cidrsubnets(ctx: FunctionContext, args: list[Any]) -> Any:
    if not args:
        raise EvalError("cidrsubnets needs a prefix")
    network = _network(args[0])
    out: list[str] = []
    current = int(network.network_address)
    end = int(network.broadcast_address)
    for bits in args[1:]:
        newbits = _int(bits)
        prefix = network.prefixlen + newbits
        if newbits < 1 or prefix > network.max_prefixlen:
            raise EvalError(f"invalid newbits {newbits}")
        size = 2 ** (network.max_prefixlen - prefix)
        current = (current + size - 1) // size * size
        if current + size - 1 > end:
            raise EvalError("not enough remaining address space for a subnet")
        out.append(f"{_address(network, current)}/{prefix}")
        current += size
    return out


def f_cidrhost(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    network = _network(args[0])
    number = _int(args[1])
    if number < 0:
        number += network.num_addresses
    if not 0 <= number < network.num_addresses:
        raise EvalError(f"host number {args[1]} is outside the prefix")
    return str(_address(network, int(network.network_address) + number))


def f_cidrnetmask(ctx: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    network = _network(args[0])
    if network.version != 4:
        raise EvalError("cidrnetmask only supports IPv4")
    return str(network.netmask)


def _unknown_always(reason: str) -> Function:
    def run(ctx: FunctionContext, args: list[Any]) -> Any:
        return Unknown(reason)

    return run


STRICT = "strict"
SHALLOW = "shallow"
# The functions that read files: only a module instance's evaluator offers them.
FILE_FUNCTIONS = frozenset(
    {
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "filebase64sha256",
        "filebase64sha512",
        "templatefile",
    }
)

FUNCTIONS: dict[str, tuple[Function, str]] = {
    # numeric
    "abs": (f_abs, STRICT),
    "ceil": (f_ceil, STRICT),
    "floor": (f_floor, STRICT),
    "log": (f_log, STRICT),
    "max": (f_max, STRICT),
    "min": (f_min, STRICT),
    "parseint": (f_parseint, STRICT),
    "pow": (f_pow, STRICT),
    "signum": (f_signum, STRICT),
    # string
    "chomp": (f_chomp, STRICT),
    "endswith": (f_endswith, STRICT),
    "format": (f_format, STRICT),
    "formatlist": (f_formatlist, STRICT),
    "indent": (f_indent, STRICT),
    "join": (f_join, STRICT),
    "lower": (f_lower, STRICT),
    "regex": (f_regex, STRICT),
    "regexall": (f_regexall, STRICT),
    "replace": (f_replace, STRICT),
    "split": (f_split, STRICT),
    "startswith": (f_startswith, STRICT),
    "strcontains": (f_strcontains, STRICT),
    "strrev": (f_strrev, STRICT),
    "substr": (f_substr, STRICT),
    "title": (f_title, STRICT),
    "trim": (f_trim, STRICT),
    "trimprefix": (f_trimprefix, STRICT),
    "trimspace": (f_trimspace, STRICT),
    "trimsuffix": (f_trimsuffix, STRICT),
    "upper": (f_upper, STRICT),
    # collections
    "alltrue": (f_alltrue, STRICT),
    "anytrue": (f_anytrue, STRICT),
    "chunklist": (f_chunklist, SHALLOW),
    "coalesce": (f_coalesce, SHALLOW),
    "coalescelist": (f_coalescelist, SHALLOW),
    "compact": (f_compact, STRICT),
    "concat": (f_concat, SHALLOW),
    "contains": (f_contains, SHALLOW),
    "distinct": (f_distinct, STRICT),
    "element": (f_element, SHALLOW),
    "flatten": (f_flatten, SHALLOW),
    "index": (f_index, SHALLOW),
    "keys": (f_keys, SHALLOW),
    "length": (f_length, SHALLOW),
    "lookup": (f_lookup, SHALLOW),
    "matchkeys": (f_matchkeys, STRICT),
    "merge": (f_merge, SHALLOW),
    "one": (f_one, SHALLOW),
    "range": (f_range, STRICT),
    "reverse": (f_reverse, SHALLOW),
    "setintersection": (f_setintersection, STRICT),
    "setproduct": (f_setproduct, STRICT),
    "setsubtract": (f_setsubtract, STRICT),
    "setunion": (f_setunion, STRICT),
    "slice": (f_slice, SHALLOW),
    "sort": (f_sort, STRICT),
    "sum": (f_sum, STRICT),
    "transpose": (f_transpose, STRICT),
    "values": (f_values, SHALLOW),
    "zipmap": (f_zipmap, SHALLOW),
    # conversion
    "tobool": (f_tobool, SHALLOW),
    "tolist": (f_tolist, SHALLOW),
    "tomap": (f_tomap, SHALLOW),
    "tonumber": (f_tonumber, SHALLOW),
    "toset": (f_toset, STRICT),
    "tostring": (f_tostring, SHALLOW),
    # encoding
    "base64decode": (f_base64decode, STRICT),
    "base64encode": (f_base64encode, STRICT),
    "csvdecode": (f_csvdecode, STRICT),
    "jsondecode": (f_jsondecode, STRICT),
    "jsonencode": (f_jsonencode, STRICT),
    "urlencode": (f_urlencode, STRICT),
    "yamldecode": (f_yamldecode, STRICT),
    "yamlencode": (f_yamlencode, STRICT),
    # hashing
    "md5": (_hasher("md5", "hex"), STRICT),
    "sha1": (_hasher("sha1", "hex"), STRICT),
    "sha256": (_hasher("sha256", "hex"), STRICT),
    "sha512": (_hasher("sha512", "hex"), STRICT),
    "base64sha256": (_hasher("sha256", "b64"), STRICT),
    "base64sha512": (_hasher("sha512", "b64"), STRICT),
    "uuidv5": (f_uuidv5, STRICT),
    # files (inside the scan root only)
    "basename": (f_basename, STRICT),
    "dirname": (f_dirname, STRICT),
    "file": (f_file, STRICT),
    "filebase64": (f_filebase64, STRICT),
    "fileexists": (f_fileexists, STRICT),
    "fileset": (f_fileset, STRICT),
    "filemd5": (_file_hasher("md5", "hex"), STRICT),
    "filesha1": (_file_hasher("sha1", "hex"), STRICT),
    "filesha256": (_file_hasher("sha256", "hex"), STRICT),
    "filesha512": (_file_hasher("sha512", "hex"), STRICT),
    "filebase64sha256": (_file_hasher("sha256", "b64"), STRICT),
    "filebase64sha512": (_file_hasher("sha512", "b64"), STRICT),
    "templatefile": (f_templatefile, STRICT),
    # network
    "cidrhost": (f_cidrhost, STRICT),
    "cidrnetmask": (f_cidrnetmask, STRICT),
    "cidrsubnet": (f_cidrsubnet, STRICT),
    "cidrsubnets": (f_cidrsubnets, STRICT),
    # not statically known
    "timestamp": (_unknown_always("timestamp() changes on every run"), SHALLOW),
    "plantimestamp": (_unknown_always("plantimestamp() is set when planning"), SHALLOW),
    "uuid": (_unknown_always("uuid() changes on every run"), SHALLOW),
    "bcrypt": (_unknown_always("bcrypt() is salted randomly on every run"), SHALLOW),
    "abspath": (_unknown_always("abspath() depends on the machine running Terraform"), SHALLOW),
    "pathexpand": (_unknown_always("pathexpand() depends on the user's home"), SHALLOW),
}


# SHALLOW functions that look into their arguments' elements: they see them unmarked, and
# their result carries every mark (STRICT functions always do).
_LOOKS_INSIDE = frozenset({"contains", "index", "zipmap"})


def call(ctx: FunctionContext, name: str, args: list[Any]) -> Any:
    """Call a built-in function; unknown names and unsupported uses give Unknown.

    Marks: the function sees its arguments unmarked (deeply, unless it only moves elements
    around) and its result carries their marks; an error or an Unknown reason of a call on a
    sensitive value never quotes it."""
    entry = FUNCTIONS.get(name)
    if entry is None:
        return Unknown(f"function {name}() is not evaluated statically")
    function, policy = entry
    deep = policy == STRICT or name in _LOOKS_INSIDE
    marks: frozenset[Mark] = NO_MARKS
    plain_args: list[Any] = []
    for arg in args:
        value, found = unmark_deep(arg) if deep else unmark(arg)
        if found:
            marks |= found
        if isinstance(value, Unknown):
            return Unknown(value.reason)
        plain_args.append(value)
    if policy == STRICT:
        for arg in plain_args:
            unknown = first_unknown(arg)
            if unknown is not None:
                if name == "jsonencode" and len(plain_args) == 1 and not is_sensitive(marks):
                    return _partly_encoded(plain_args[0], unknown)
                if name == "compact" and _only_encoded_unknowns(plain_args):
                    break  # JSON text of a document is never empty: compact keeps it
                return Unknown(unknown.reason)
    try:
        result = function(ctx, plain_args)
    except _Unsupported as exc:
        if is_sensitive(marks):
            return Unknown(f"{name}() on {describe(marks)} is not evaluated")
        return Unknown(str(exc))
    except EvalError as exc:
        raise redacted(EvalError(f"{name}(): {exc.message}"), marks, f"{name}()") from None
    except (ValueError, TypeError, OverflowError, ZeroDivisionError) as exc:
        raise redacted(EvalError(f"{name}(): {exc}"), marks, f"{name}()") from None
    return mark(result, marks) if marks else result


__all__ = ["FUNCTIONS", "FunctionContext", "call", "format_number", "plain"]
