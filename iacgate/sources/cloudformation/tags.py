"""CloudFormation's YAML short-form tags (``!Ref``, ``!Sub``, ``!GetAtt`` ...) as values.

The core loader hands every custom tag to a handler. Here each known tag becomes an
``Intrinsic``: a value distinct from any mapping, so the resolver knows the function's argument
sits at the tag's own path (``Prop: !Join [...]`` puts the argument at ``Prop``), while the long
form ``{"Fn::Join": [...]}`` puts it one key deeper. Unknown tags are refused with their line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacgate.sources.diagnostics import SourceError

# Long-form names of every intrinsic function, condition function and rule function.
FUNCTIONS = frozenset(
    {
        "Ref",
        "Fn::Base64",
        "Fn::Cidr",
        "Fn::FindInMap",
        "Fn::GetAtt",
        "Fn::GetAZs",
        "Fn::ImportValue",
        "Fn::Join",
        "Fn::Length",
        "Fn::Select",
        "Fn::Split",
        "Fn::Sub",
        "Fn::ToJsonString",
        "Fn::Transform",
        "Fn::And",
        "Fn::Equals",
        "Fn::If",
        "Fn::Not",
        "Fn::Or",
        # Rule functions (only meaningful inside the ``Rules`` section).
        "Fn::Contains",
        "Fn::EachMemberEquals",
        "Fn::EachMemberIn",
        "Fn::RefAll",
        "Fn::ValueOf",
        "Fn::ValueOfAll",
    }
)

# Directives of the rain CLI (``!Rain::Embed file.sh``, ``Type: !Rain::Module ./vpc.yml``): a
# template that uses them is packaged by ``rain pkg`` before CloudFormation sees it.
RAIN_PREFIX = "Rain::"

# Tags whose long form has no ``Fn::`` prefix.
_BARE = {"Ref": "Ref", "Condition": "Condition"}


@dataclass(frozen=True, slots=True)
class Intrinsic:
    """A function written with a YAML short-form tag: ``name`` is the long form
    (``Fn::Sub``, ``Ref``, ``Condition``), ``argument`` its already-built argument."""

    name: str
    argument: Any
    line: int


def tag_name(tag: str) -> str | None:
    """The long-form function name of a YAML tag, or None when the tag is not CloudFormation's."""
    if not tag.startswith("!"):
        return None
    bare = tag[1:]
    if bare in _BARE:
        return _BARE[bare]
    if bare.startswith(RAIN_PREFIX) and len(bare) > len(RAIN_PREFIX):
        return bare
    name = f"Fn::{bare}"
    return name if name in FUNCTIONS else None


class TagCollector:
    """A tag handler for ``load_documents`` that keeps CloudFormation tags as ``Intrinsic``.

    It remembers the first tag it accepted, so that a file which turns out not to be a template
    can still be refused the way any unknown tag is (with that tag's line).
    """

    def __init__(self) -> None:
        self.first: tuple[str, int] | None = None
        self.rain = False  # a ``!Rain::`` directive was seen

    def __call__(self, tag: str, value: Any, line: int) -> Any:
        name = tag_name(tag)
        if name is None:
            raise SourceError(f"unknown YAML tag {tag!r}", line=line)
        if self.first is None:
            self.first = (tag, line)
        if name.startswith(RAIN_PREFIX):
            self.rain = True
        if name == "Fn::GetAtt" and isinstance(value, str):
            # ``!GetAtt Res.Attr.Sub``: logical ids hold no dots, attribute names may.
            logical, _, attribute = value.partition(".")
            value = [logical, attribute] if attribute else value
        return Intrinsic(name, value, line)


def function_of(value: Any) -> tuple[str, Any, bool] | None:
    """``(name, argument, short_form)`` when ``value`` is an intrinsic function call."""
    if isinstance(value, Intrinsic):
        return value.name, value.argument, True
    if isinstance(value, dict) and len(value) == 1:
        (key, argument), *_ = value.items()
        if key in FUNCTIONS or (isinstance(key, str) and key.startswith(RAIN_PREFIX)):
            return key, argument, False
    return None


def to_plain(value: Any) -> Any:
    """The same value with every short form in long form: what JSON would have said.

    Tools that read templates as plain data (the SAM translator, cfn-lint) get this shape.
    """
    if isinstance(value, Intrinsic):
        argument = to_plain(value.argument)
        if value.name == "Fn::GetAtt" and isinstance(argument, str):
            argument = argument.split(".", 1)
        return {value.name: argument}
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def uses_rain(value: Any, depth: int = 0) -> bool:
    """Whether a long-form (JSON) value holds a ``Rain::`` directive (not looked for below
    100 levels). A loop, not a recursion: every template is walked whole."""
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > 100:
            continue
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and key.startswith(RAIN_PREFIX):
                    return True
                if isinstance(child, dict | list):
                    stack.append((child, level + 1))
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return False
    if isinstance(value, dict):
        return any(
            (isinstance(key, str) and key.startswith(RAIN_PREFIX)) or uses_rain(item, depth + 1)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(uses_rain(item, depth + 1) for item in value)
    return False
