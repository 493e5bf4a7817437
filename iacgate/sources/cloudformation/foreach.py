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


@dataclass(frozen=True, slots=True)
class Expanded:
    key: str
    body: Any
    path: AttrPath  # where the body was written


class ForEachError(Exception):
    """A malformed loop; the message says how."""


def expand(
    section: dict[str, Any], path: AttrPath, collection: Callable[[Any, AttrPath], Any]
) -> Iterator[Expanded | tuple[str, Unknown]]:
    """Every entry of ``section`` with its loops unrolled (loops nest).

    ``collection(value, path)`` resolves a loop's collection; when it is unknown the loop is
    yielded as ``(loop key, Unknown)`` instead of its copies.
    """
    for key, body in section.items():
        if not key.startswith(FOREACH_PREFIX):
            yield Expanded(key, body, (*path, key))
            continue
        where = (*path, key)
        if not isinstance(body, list) or len(body) != 3 or not isinstance(body[0], str):
            raise ForEachError(f"{key} takes [Identifier, Collection, {{OutputKey: Body}}]")
        identifier, items, template = body
        if not isinstance(template, dict):
            raise ForEachError(f"{key}: the third item must map output keys to bodies")
        values = collection(items, (*where, 1))
        if is_unknown(values):
            yield key, values
            continue
        if not isinstance(values, list) or len(values) > _MAX_ITEMS:
            raise ForEachError(f"{key}: the collection must be a list of at most {_MAX_ITEMS}")
        for value in values:
            if is_unknown(value):
                yield key, value
                break
            if not isinstance(value, str | int | float):
                raise ForEachError(f"{key}: collection items must be strings")
            text = str(value)
            copies = {
                substitute_text(k, identifier, text): substitute(v, identifier, text)
                for k, v in template.items()
            }
            nested_paths = {substitute_text(k, identifier, text): (*where, 2, k) for k in template}
            for found in expand(copies, (*where, 2), collection):
                if isinstance(found, Expanded):
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
