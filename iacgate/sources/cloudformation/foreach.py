"""``Fn::ForEach`` (the ``AWS::LanguageExtensions`` transform) expanded without running it.

``Fn::ForEach::Name: [Identifier, Collection, {OutputKey: Body}]`` writes one copy of each
``OutputKey: Body`` pair per item of the collection, with ``${Identifier}`` (and ``&{Identifier}``,
which keeps only alphanumerics) substituted in keys and ``Fn::Sub`` strings, and
``Ref: Identifier`` replaced by the item. Each copy keeps the path of the body it came from, so
its lines are the lines of the loop body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.sources.cloudformation.detect import FOREACH_PREFIX
from iacgate.sources.cloudformation.tags import Intrinsic, function_of

_MAX_ITEMS = 1000
# What all the copies of one section's loops may hold: entries (resources) and values
# (scalars, lists and maps). Each copy is a new tree: two nested loops of 1,000 items would
# make a million resources. AWS accepts 500 resources per stack; this leaves room.
MAX_COPIES = 2_000
MAX_COPIED_VALUES = 200_000


@dataclass(frozen=True, slots=True)
class Expanded:
    key: str
    body: Any
    path: AttrPath  # where the body was written


class ForEachError(Exception):
    """A malformed loop; the message says how."""


class ForEachTooLarge(ForEachError):
    """A loop whose copies would pass ``MAX_COPIED_VALUES``: not expanded, not judged."""


class _Copies:
    """The values copied so far, across every loop (and nested loop) of one section."""

    def __init__(self) -> None:
        self.values = MAX_COPIED_VALUES
        self.entries = MAX_COPIES

    def too_large(self, key: str, items: int) -> ForEachTooLarge:
        return ForEachTooLarge(
            f"{key} (of {items} items, copied in every enclosing copy) would pass the limit "
            f"of {MAX_COPIES} entries or {MAX_COPIED_VALUES} values made by loops"
        )


def _count(node: Any) -> int:
    total = 0
    stack = [node]
    while stack:
        item = stack.pop()
        total += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total


def expand(
    section: dict[str, Any],
    path: AttrPath,
    collection: Callable[[Any, AttrPath], Any],
    copies: _Copies | None = None,
) -> Iterator[Expanded | tuple[str, Unknown | ForEachTooLarge]]:
    """Every entry of ``section`` with its loops unrolled (loops nest).

    ``collection(value, path)`` resolves a loop's collection; when it is unknown the loop is
    yielded as ``(loop key, Unknown)`` instead of its copies. A top-level loop whose copies
    would pass ``MAX_COPIES`` entries or ``MAX_COPIED_VALUES`` values (counting what the loops
    before it made) is yielded as ``(loop key, ForEachTooLarge)``, without any of its entries.
    """
    top = copies is None
    copies = copies or _Copies()
    for key, body in section.items():
        if not key.startswith(FOREACH_PREFIX):
            yield Expanded(key, body, (*path, key))
            continue
        loop = _loop(key, body, path, collection, copies)
        if not top:
            yield from loop
            continue
        # A top-level loop is kept whole or not at all (never half of its resources), and one
        # too large is reported in place of its entries; the section goes on.
        before = (copies.values, copies.entries)
        try:
            yield from list(loop)
        except ForEachTooLarge as exc:
            copies.values, copies.entries = before  # none of its copies are kept
            yield key, ForEachTooLarge(f"{key} not expanded: {exc}; its resources are not judged")


def _loop(
    key: str,
    body: Any,
    path: AttrPath,
    collection: Callable[[Any, AttrPath], Any],
    copies: _Copies,
) -> Iterator[Expanded | tuple[str, Unknown | ForEachTooLarge]]:
    where = (*path, key)
    if not isinstance(body, list) or len(body) != 3 or not isinstance(body[0], str):
        raise ForEachError(f"{key} takes [Identifier, Collection, {{OutputKey: Body}}]")
    identifier, items, template = body
    if not isinstance(template, dict):
        raise ForEachError(f"{key}: the third item must map output keys to bodies")
    values = collection(items, (*where, 1))
    if is_unknown(values):
        yield key, values
        return
    if not isinstance(values, list) or len(values) > _MAX_ITEMS:
        raise ForEachError(f"{key}: the collection must be a list of at most {_MAX_ITEMS}")
    size = _count(template)
    for value in values:
        copies.values -= size
        if copies.values < 0:
            raise copies.too_large(key, len(values))
        if is_unknown(value):
            yield key, value
            break
        if not isinstance(value, str | int | float):
            raise ForEachError(f"{key}: collection items must be strings")
        text = str(value)
        made = {
            substitute_text(k, identifier, text): substitute(v, identifier, text)
            for k, v in template.items()
        }
        nested_paths = {substitute_text(k, identifier, text): (*where, 2, k) for k in template}
        for found in expand(made, (*where, 2), collection, copies):
            if isinstance(found, Expanded):
                copies.entries -= 1
                if copies.entries < 0:
                    raise copies.too_large(key, len(values))
                first = found.path[len(where) + 1]
                origin = nested_paths.get(str(first), found.path)
                yield Expanded(found.key, found.body, (*origin, *found.path[len(where) + 2 :]))
            else:
                yield found


def substitute_text(text: str, identifier: str, value: str) -> str:
    plain = re.sub(r"[^A-Za-z0-9]", "", value)
    return text.replace("${" + identifier + "}", value).replace("&{" + identifier + "}", plain)


def substitute(node: Any, identifier: str, value: str) -> Any:
    """A copy of ``node`` with the loop identifier replaced."""
    call = function_of(node)
    if call is not None:
        name, argument, short = call
        if name == "Ref" and argument == identifier:
            return value
        if name == "Fn::Sub":
            if isinstance(argument, str):
                argument = substitute_text(argument, identifier, value)
            elif isinstance(argument, list) and argument and isinstance(argument[0], str):
                rest = [substitute(a, identifier, value) for a in argument[1:]]
                argument = [substitute_text(argument[0], identifier, value), *rest]
        else:
            argument = substitute(argument, identifier, value)
        return Intrinsic(name, argument, node.line) if short else {name: argument}
    if isinstance(node, dict):
        return {
            substitute_text(k, identifier, value): substitute(v, identifier, value)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [substitute(item, identifier, value) for item in node]
    return node
