"""Resolving intrinsic functions: template values in, resolved values (with ``Unknown``) out.

Every value is resolved against one stack's context (parameter values, pseudo parameters,
mappings, conditions, the names of its resources). Resolution also yields, in the coordinates
of the *resolved* value, where each path was written (a chosen ``Fn::If`` branch keeps the
lines of the branch), the references to other resources and the paths that carry a ``NoEcho``
parameter. Misuse that CloudFormation itself would reject (a ``Ref`` to an undeclared name, a
malformed function) is reported as a problem with its line; the value becomes ``Unknown``.
"""

from __future__ import annotations

import base64
import ipaddress
import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, concat, is_unknown
from iacgate.sources.cloudformation.parameters import NO_VALUE
from iacgate.sources.cloudformation.records import Reference
from iacgate.sources.cloudformation.tags import RAIN_PREFIX, function_of

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_MAX_CIDR_COUNT = 256
# Characters (and list items) one template's functions may produce. A real template makes a
# few kilobytes of joined strings; ``Fn::Join`` of a 1 MB parameter default written 3,000
# times would make 3 GB. Sizes are checked before anything is built.
MAX_PRODUCED = 32 * 1024 * 1024
_ITEM_COST = 64  # a list item or map entry counts as this many characters


class _NoValue:
    """``Ref: AWS::NoValue``: the enclosing property (or list item) is removed."""

    def __repr__(self) -> str:
        return "NO_VALUE"


NOVALUE: Any = _NoValue()


@dataclass(frozen=True, slots=True)
class Problem:
    """Template misuse CloudFormation would reject, at a line of ``file``."""

    message: str
    file: str
    line: int
    not_judged: bool = False  # a limit, not a mistake: reported as file-not-scanned


@dataclass(frozen=True, slots=True)
class StackOutput:
    """An output of a followed nested stack: its value and the resources it refers to."""

    value: Any
    references: tuple[Reference, ...] = ()


@dataclass(slots=True)
class Resolution:
    """The result of resolving one value tree."""

    value: Any
    spans: dict[AttrPath, Location] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    sensitive: set[AttrPath] = field(default_factory=set)
    # Paths whose value came from a parameter a parameter file set: (file, line) each.
    origins: dict[AttrPath, set[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Walk:
    """Per-branch state of a walk: whether spans are recorded, whether references are
    certain, and whether secret values may be used (conditions may; properties may not)."""

    record: bool = True
    certain: bool = True
    secrets: bool = False
    # Inside a function's argument every inner value belongs to the function's result, so
    # references and withheld secrets are reported at the result's path.
    flat: bool = False


class Unresolvable(Exception):
    """Internal: a malformed function; becomes a ``Problem`` and an ``Unknown``."""


class _OverBudget(Unresolvable):
    """Internal: a function's value would pass the template's size budget."""


class Context:
    """One stack's names and values.

    ``resources`` maps each logical id to its address in the scan (``Vpc``, ``Net/Vpc``).
    ``stack_output(logical_id, output)`` answers ``Fn::GetAtt Stack.Outputs.Name`` for nested
    stacks that were followed (None when not followed).
    """

    def __init__(
        self,
        *,
        file: str,
        spans: Mapping[AttrPath, Location],
        parameters: Mapping[str, Any],
        secret_parameters: frozenset[str],
        pseudo: Mapping[str, Any],
        mappings: Mapping[str, Any],
        conditions: dict[str, Any],
        resources: Mapping[str, str],
        stack_output: Callable[[str, str], StackOutput | None] | None = None,
        rain: bool = False,
        parameter_origins: Mapping[str, tuple[str, int]] | None = None,
    ) -> None:
        self.file = file
        self.parameter_origins = parameter_origins or {}
        self.spans = spans
        self.parameters = parameters
        self.secret_parameters = secret_parameters
        self.pseudo = pseudo
        self.mappings = mappings
        self.conditions = conditions
        self.resources = resources
        # The logical ids of AWS:: resources: their ``Arn`` attribute is always an ARN (a
        # custom resource's ``Arn`` is whatever its function answers).
        self.aws_typed: frozenset[str] = frozenset()
        self.stack_output = stack_output
        # Rain templates: rain modules define resources (``NetworkVPC``) the file never names.
        self.rain = rain
        self.problems: list[Problem] = []
        self.produced = 0  # characters made by functions so far (see MAX_PRODUCED)
        self._over_budget = False
        self._condition_values: dict[str, bool | Unknown] = {}
        self._evaluating: set[str] = set()

    # -- problems ----------------------------------------------------------------------------

    def line_of(self, path: AttrPath) -> int:
        for end in range(len(path), -1, -1):
            found = self.spans.get(path[:end])
            if found is not None:
                return found.start_line
        return 0

    def problem(self, message: str, path: AttrPath) -> None:
        self.problems.append(Problem(message, self.file, self.line_of(path)))

    def charge(self, size: int, name: str) -> None:
        """Account for a value a function is about to build; past the template's budget the
        function's value is unknown (the first time, reported as not judged)."""
        self.produced += size
        if self.produced > MAX_PRODUCED:
            raise _OverBudget(
                f"{name} not resolved: this template's functions would build more than "
                f"{MAX_PRODUCED} characters (a value multiplied many times); it and every "
                "later value over the limit are unknown, and what depends on them is not judged"
            )

    # -- conditions --------------------------------------------------------------------------

    def condition(self, name: Any, path: AttrPath) -> bool | Unknown:
        """The value of the condition ``name`` (memoized; cycles are problems)."""
        if not isinstance(name, str) or name not in self.conditions:
            self.problem(f"undefined condition {name!r}", path)
            return Unknown(f"condition {name!r} is not defined")
        if name in self._condition_values:
            return self._condition_values[name]
        if name in self._evaluating:
            self.problem(f"condition {name!r} refers to itself", ("Conditions", name))
            return Unknown(f"condition {name!r} refers to itself")
        self._evaluating.add(name)
        try:
            value = self._condition_expression(self.conditions[name], ("Conditions", name))
        finally:
            self._evaluating.discard(name)
        self._condition_values[name] = value
        return value

    def _condition_expression(self, node: Any, path: AttrPath) -> bool | Unknown:
        call = function_of(node)
        if call is None and isinstance(node, dict) and set(node) == {"Condition"}:
            call = ("Condition", node["Condition"], False)
        if call is None:
            if isinstance(node, bool):
                return node
            self.problem("a condition must be a condition function", path)
            return Unknown("malformed condition")
        name, argument, short = call
        where = path if short else (*path, name)
        if name == "Condition":
            return self.condition(argument, where)
        if name == "Fn::Equals":
            return self._equals(argument, where)
        if name == "Fn::Not":
            items = _argument_list(argument, 1, 1)
            if items is None:
                self.problem("Fn::Not takes a list of one condition", where)
                return Unknown("malformed Fn::Not")
            inner = self._condition_expression(items[0], (*where, 0))
            return inner if is_unknown(inner) else not inner
        if name in ("Fn::And", "Fn::Or"):
            items = _argument_list(argument, 2, 10)
            if items is None:
                self.problem(f"{name} takes a list of 2 to 10 conditions", where)
                return Unknown(f"malformed {name}")
            values = [self._condition_expression(v, (*where, i)) for i, v in enumerate(items)]
            decisive = name == "Fn::Or"  # Or: any True decides; And: any False decides
            if any(v is decisive for v in values):
                return decisive
            unknown = next((v for v in values if is_unknown(v)), None)
            return unknown if unknown is not None else not decisive
        self.problem(f"{name} cannot be used in a condition", where)
        return Unknown(f"{name} in a condition")

    def _equals(self, argument: Any, path: AttrPath) -> bool | Unknown:
        items = _argument_list(argument, 2, 2)
        if items is None:
            self.problem("Fn::Equals takes a list of two values", path)
            return Unknown("malformed Fn::Equals")
        walk = _Walk(record=False, secrets=True, flat=True)
        sides: list[Any] = []
        for index, item in enumerate(items):
            result = Resolution(None)
            sides.append(self._value(item, (*path, index), (), walk, result))
        for side in sides:
            if isinstance(side, Unknown):
                return side
        return bool(_comparable(sides[0]) == _comparable(sides[1]))

    # -- values ------------------------------------------------------------------------------

    def resolve(self, node: Any, path: AttrPath, *, record: bool = True) -> Resolution:
        """Resolve the value written at ``path`` of the template."""
        result = Resolution(None)
        result.value = self._value(node, path, (), _Walk(record=record), result)
        return result

    def _value(self, node: Any, src: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution) -> Any:
        added = False
        if walk.record and out not in acc.spans:
            location = self.spans.get(src)
            if location is not None:
                acc.spans[out] = location
                added = True
        call = function_of(node)
        if call is not None:
            name, argument, short = call
            where = src if short else (*src, name)
            try:
                value = self._function(name, argument, where, out, walk, acc)
            except _OverBudget as exc:
                if not self._over_budget:
                    self._over_budget = True
                    self.problems.append(
                        Problem(str(exc), self.file, self.line_of(where), not_judged=True)
                    )
                return Unknown(str(exc))
            except Unresolvable as exc:
                self.problem(str(exc), where)
                return Unknown(f"invalid {name}: {exc}")
            if value is NOVALUE and added:
                del acc.spans[out]  # the property is removed: so is its line
            return value
        if isinstance(node, dict):
            mapping: dict[str, Any] = {}
            for key, item in node.items():
                inner = out if walk.flat else (*out, key)
                value = self._value(item, (*src, key), inner, walk, acc)
                if value is not NOVALUE:
                    mapping[key] = value
            return mapping
        if isinstance(node, list):
            items: list[Any] = []
            for index, item in enumerate(node):
                inner = out if walk.flat else (*out, len(items))
                value = self._value(item, (*src, index), inner, walk, acc)
                if value is not NOVALUE:
                    items.append(value)
            return items
        return node

    def _args(
        self, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        """Resolve a function's argument without recording spans for its inner paths."""
        quiet = _Walk(record=False, certain=walk.certain, secrets=walk.secrets, flat=True)
        return self._value(argument, where, out, quiet, acc)

    def _function(
        self, name: str, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        if name == "Ref":
            return self._ref(argument, where, out, walk, acc)
        if name == "Fn::GetAtt":
            return self._get_att(argument, where, out, walk, acc)
        if name == "Fn::If":
            return self._if(argument, where, out, walk, acc)
        if name == "Fn::Sub":
            return self._sub(argument, where, out, walk, acc)
        handler = _SIMPLE.get(name)
        if handler is not None:
            value = self._args(argument, where, out, walk, acc)
            return handler(self, value)
        if name == "Fn::FindInMap":
            return self._find_in_map(self._args(argument, where, out, walk, acc))
        if name == "Fn::ImportValue":
            export = self._args(argument, where, out, walk, acc)
            shown = export if isinstance(export, str) else "an export"
            return Unknown(f"Fn::ImportValue {shown}: exported by another stack")
        if name == "Fn::GetAZs":
            return Unknown("Fn::GetAZs: the region's availability zones are listed at deploy time")
        if name == "Fn::Transform":
            macro = argument.get("Name") if isinstance(argument, dict) else None
            return Unknown(f"Fn::Transform {macro or ''}: a macro CloudFormation runs at deploy")
        if name.startswith(RAIN_PREFIX):
            shown = f" {argument}" if isinstance(argument, str) else ""
            return Unknown(f"{name}{shown}: written by 'rain pkg' when the template is packaged")
        raise Unresolvable(f"{name} cannot be used in a property value")

    # -- Ref, GetAtt, If, Sub ----------------------------------------------------------------

    def _ref(
        self, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        target = argument
        if not isinstance(target, str):
            target = self._args(argument, where, out, walk, acc)
            if is_unknown(target):
                return target
            if not isinstance(target, str):
                raise Unresolvable("Ref takes a name")
        return self._name(target, None, out, walk, acc, where)

    def _name(
        self,
        name: str,
        attribute: str | None,
        out: AttrPath,
        walk: _Walk,
        acc: Resolution,
        where: AttrPath,
    ) -> Any:
        """What ``Ref name`` (or ``Fn::GetAtt name.attribute``) stands for."""
        if attribute is None:
            if name == NO_VALUE:
                return NOVALUE
            if name in self.pseudo:
                return self.pseudo[name]
            if name in self.parameters:
                if name in self.secret_parameters and not walk.secrets:
                    acc.sensitive.add(out)
                    return Unknown(f"parameter {name} is NoEcho: its value is withheld")
                written = self.parameter_origins.get(name)
                if written is not None and walk.record:
                    acc.origins.setdefault(out, set()).add(written)
                return self.parameters[name]
        address = self.resources.get(name)
        if address is None:
            if self.rain:
                return Unknown(f"{name} is not declared: rain pkg may define it")
            what = "Fn::GetAtt" if attribute is not None else "Ref"
            raise Unresolvable(f"{what} to undefined name {name!r}")
        if attribute is None:
            acc.references.append(Reference(out, address, None, walk.certain))
            return Unknown(f"physical id of {address} (known after deploy)")
        if attribute.startswith("Outputs.") and self.stack_output is not None:
            output = self.stack_output(name, attribute.removeprefix("Outputs."))
            if output is not None:
                acc.references.append(Reference(out, address, attribute, walk.certain))
                for ref in output.references:
                    acc.references.append(Reference(out, ref.target, ref.attribute, walk.certain))
                return output.value
        acc.references.append(Reference(out, address, attribute, walk.certain))
        # An ARN is known text "arn:" (model/unknown.py): never mistaken for "*".
        shape = ("arn:", None) if attribute == "Arn" and name in self.aws_typed else None
        return Unknown(f"{address}.{attribute} (known after deploy)", template=shape)

    def _declared(self, name: str) -> bool:
        return (
            name == NO_VALUE
            or name in self.pseudo
            or name in self.parameters
            or name in self.resources
        )

    def _get_att(
        self, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        if isinstance(argument, str) and "." in argument:
            argument = argument.split(".", 1)
        items = _argument_list(argument, 2, 2)
        if items is None or not isinstance(items[0], str):
            raise Unresolvable("Fn::GetAtt takes [LogicalId, Attribute] or LogicalId.Attribute")
        attribute = items[1]
        if not isinstance(attribute, str):
            attribute = self._args(attribute, (*where, 1), out, walk, acc)
            if is_unknown(attribute):
                if items[0] not in self.resources:
                    raise Unresolvable(f"Fn::GetAtt to undefined name {items[0]!r}")
                acc.references.append(Reference(out, self.resources[items[0]], None, walk.certain))
                return attribute
            if not isinstance(attribute, str):
                raise Unresolvable("Fn::GetAtt attribute must be a string")
        return self._name(items[0], attribute, out, walk, acc, where)

    def _if(
        self, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        items = _argument_list(argument, 3, 3)
        if items is None:
            raise Unresolvable("Fn::If takes [Condition, ValueIfTrue, ValueIfFalse]")
        holds = self.condition(items[0], (*where, 0))
        if is_unknown(holds):
            # Both branches may apply: keep their references as uncertain, not their values.
            maybe = _Walk(record=False, certain=False, secrets=walk.secrets, flat=walk.flat)
            for index in (1, 2):
                self._value(items[index], (*where, index), out, maybe, acc)
            return Unknown(f"Fn::If on condition {items[0]}: {holds.reason}")
        index = 1 if holds else 2
        return self._value(items[index], (*where, index), out, walk, acc)

    def _sub(
        self, argument: Any, where: AttrPath, out: AttrPath, walk: _Walk, acc: Resolution
    ) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(argument, list):
            items = _argument_list(argument, 2, 2)
            if items is None or not isinstance(items[1], dict):
                raise Unresolvable("Fn::Sub takes a string or [String, {Variables}]")
            text = items[0]
            for key, item in items[1].items():
                variables[key] = self._args(item, (*where, 1, key), out, walk, acc)
        else:
            text = argument
        if not isinstance(text, str):
            text = self._args(text, where, out, walk, acc)
            if is_unknown(text):
                return text
            if not isinstance(text, str):
                raise Unresolvable("Fn::Sub needs a string")
        parts: list[str | Unknown] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            parts.append(text[position : match.start()])
            position = match.end()
            body = match.group(1)
            if body.startswith("!"):
                parts.append("${" + body[1:] + "}")  # ${!Literal} writes ${Literal}
                continue
            name = body.strip()
            if name in variables:
                value = variables[name]
            else:
                logical, _, attribute = name.partition(".")
                known = logical in self.resources or (not attribute and self._declared(name))
                if not known and self.rain:
                    value = Unknown(f"{name} is not declared: rain pkg may define it")
                elif not known:
                    raise Unresolvable(f"Fn::Sub variable ${{{name}}} is not defined")
                else:
                    value = self._name(logical, attribute or None, out, walk, acc, where)
            if value is NOVALUE:
                value = ""
            # An unknown part leaves a hole: the known text around it still decides
            # questions such as "which policy does this ARN name" (model/unknown.py).
            if is_unknown(value):
                parts.append(value)
                continue
            part = _text(value)
            self.charge(len(part), "Fn::Sub")
            parts.append(part)
        parts.append(text[position:])
        self.charge(len(text), "Fn::Sub")
        return concat(parts)

    # -- FindInMap ---------------------------------------------------------------------------

    def _find_in_map(self, value: Any) -> Any:
        items = _argument_list(value, 3, 4)
        if items is None:
            raise Unresolvable("Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]")
        default = _NO_DEFAULT
        if len(items) == 4:
            option = items[3]
            if not isinstance(option, dict) or "DefaultValue" not in option:
                raise Unresolvable("the fourth Fn::FindInMap item must be {DefaultValue: ...}")
            default = option["DefaultValue"]
        map_name, top, second = items[:3]
        if is_unknown(map_name):
            return map_name
        if not isinstance(map_name, str) or map_name not in self.mappings:
            raise Unresolvable(f"undefined mapping {map_name!r}")
        mapping = self.mappings[map_name]
        if not isinstance(mapping, dict):
            raise Unresolvable(f"mapping {map_name!r} is not a map")
        if is_unknown(top) or is_unknown(second):
            # An unknown key still gives a value when every candidate agrees.
            candidates = _lookups(mapping, top, second)
            if candidates and all(c == candidates[0] for c in candidates):
                return candidates[0]
            reason = top.reason if is_unknown(top) else second.reason
            return Unknown(f"Fn::FindInMap {map_name} with an unknown key: {reason}")
        entry = mapping.get(_text(top))
        if isinstance(entry, dict) and _text(second) in entry:
            return entry[_text(second)]
        if default is not _NO_DEFAULT:
            return default
        raise Unresolvable(f"mapping {map_name!r} has no entry {top!r}/{second!r}")


_NO_DEFAULT = object()


def _lookups(mapping: Mapping[str, Any], top: Any, second: Any) -> list[Any]:
    entries = list(mapping.values()) if is_unknown(top) else [mapping.get(_text(top))]
    found: list[Any] = []
    for entry in entries:
        if not isinstance(entry, dict):
            return []
        if is_unknown(second):
            found.extend(entry.values())
        elif _text(second) in entry:
            found.append(entry[_text(second)])
        else:
            return []
    return found


# -- the functions that only transform already-resolved values ----------------------------------


def _first_unknown(value: Any) -> Unknown | None:
    if is_unknown(value):
        return value
    if isinstance(value, list):
        for item in value:
            found = _first_unknown(item)
            if found is not None:
                return found
    if isinstance(value, dict):
        for item in value.values():
            found = _first_unknown(item)
            if found is not None:
                return found
    return None


def _join(context: Context, value: Any) -> Any:
    items = _argument_list(value, 2, 2)
    if items is None:
        raise Unresolvable("Fn::Join takes [Delimiter, [Values]]")
    delimiter, values = items
    if is_unknown(delimiter):
        return delimiter
    if is_unknown(values):
        return values
    if not isinstance(delimiter, str) or not isinstance(values, list):
        raise Unresolvable("Fn::Join takes [Delimiter, [Values]]")
    found = _first_unknown(values)
    nested = any(isinstance(v, dict | list) for v in values)
    if found is not None and nested:
        return found
    if nested:
        raise Unresolvable("Fn::Join can only join strings")
    parts: list[str | Unknown] = []  # an unknown item leaves a hole (see Fn::Sub)
    for index, item in enumerate(v for v in values if v is not NOVALUE):
        if index:
            parts.append(delimiter)
        parts.append(item if is_unknown(item) else _text(item))
    context.charge(sum(len(p) for p in parts if isinstance(p, str)), "Fn::Join")
    return concat(parts)


def _select(_: Context, value: Any) -> Any:
    items = _argument_list(value, 2, 2)
    if items is None:
        raise Unresolvable("Fn::Select takes [Index, [Values]]")
    index, values = items
    if is_unknown(index):
        return index
    if is_unknown(values):
        return values
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise Unresolvable(f"Fn::Select index {index!r} is not a number") from None
    if not isinstance(values, list):
        raise Unresolvable("Fn::Select needs a list")
    if not 0 <= position < len(values):
        raise Unresolvable(f"Fn::Select index {position} is out of range ({len(values)} items)")
    return values[position]


def _split(context: Context, value: Any) -> Any:
    items = _argument_list(value, 2, 2)
    if items is None:
        raise Unresolvable("Fn::Split takes [Delimiter, String]")
    delimiter, text = items
    found = _first_unknown(items)
    if found is not None:
        return found
    if not isinstance(delimiter, str) or not delimiter or not isinstance(text, str):
        raise Unresolvable("Fn::Split takes [Delimiter, String]")
    context.charge(len(text) + _ITEM_COST * text.count(delimiter), "Fn::Split")
    return text.split(delimiter)


def _base64(context: Context, value: Any) -> Any:
    if is_unknown(value):
        return value
    if isinstance(value, dict | list):
        raise Unresolvable("Fn::Base64 needs a string")
    data = _text(value).encode("utf-8")
    context.charge(len(data) * 4 // 3 + 4, "Fn::Base64")
    return base64.b64encode(data).decode("ascii")


def _cidr(_: Context, value: Any) -> Any:
    items = _argument_list(value, 3, 3)
    if items is None:
        raise Unresolvable("Fn::Cidr takes [IpBlock, Count, CidrBits]")
    found = _first_unknown(items)
    if found is not None:
        return found
    try:
        network = ipaddress.ip_network(_text(items[0]), strict=False)
        count, bits = int(items[1]), int(items[2])
    except (TypeError, ValueError) as exc:  # null, a list, "ten"
        raise Unresolvable(f"Fn::Cidr: {exc}") from None
    prefix = network.max_prefixlen - bits
    if (
        not 1 <= count <= _MAX_CIDR_COUNT
        or not network.prefixlen <= prefix <= network.max_prefixlen
    ):
        raise Unresolvable("Fn::Cidr count or size does not fit the block")
    subnets = list(itertools.islice(network.subnets(new_prefix=prefix), count))
    if len(subnets) < count:
        raise Unresolvable(f"Fn::Cidr: the block holds fewer than {count} subnets")
    return [str(s) for s in subnets]


def _length(_: Context, value: Any) -> Any:
    if is_unknown(value):
        return value
    if not isinstance(value, list):
        raise Unresolvable("Fn::Length needs a list")
    return len(value)


def _to_json_string(context: Context, value: Any) -> Any:
    found = _first_unknown(value)
    if found is not None:
        return found
    if not isinstance(value, dict | list):
        raise Unresolvable("Fn::ToJsonString needs a map or a list")
    # A value may repeat one large part many times: measure before dumping.
    context.charge(_measure(value, MAX_PRODUCED - context.produced + 1), "Fn::ToJsonString")
    return json.dumps(value, separators=(",", ":"))


def _measure(value: Any, limit: int) -> int:
    """About the length of ``value`` as JSON, counting no further than ``limit``."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            total += _ITEM_COST * len(item) + sum(len(str(k)) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            total += _ITEM_COST * len(item)
            stack.extend(item)
        else:
            total += len(_text(item)) + 2
    return total


def _condition_only(name: str) -> Callable[[Context, Any], Any]:
    def handler(_: Context, __: Any) -> Any:
        raise Unresolvable(f"{name} can only be used in Conditions and Rules")

    return handler


_SIMPLE: dict[str, Callable[[Context, Any], Any]] = {
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::Base64": _base64,
    "Fn::Cidr": _cidr,
    "Fn::Length": _length,
    "Fn::ToJsonString": _to_json_string,
    **{
        name: _condition_only(name)
        for name in (
            "Fn::And",
            "Fn::Equals",
            "Fn::Not",
            "Fn::Or",
            "Fn::Contains",
            "Fn::EachMemberEquals",
            "Fn::EachMemberIn",
            "Fn::RefAll",
            "Fn::ValueOf",
            "Fn::ValueOfAll",
        )
    },
}


# -- helpers -----------------------------------------------------------------------------------


def _argument_list(value: Any, least: int, most: int) -> list[Any] | None:
    if isinstance(value, list) and least <= len(value) <= most:
        return value
    return None


def _text(value: Any) -> str:
    """CloudFormation turns scalars into text the way JSON writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return _text(value)
