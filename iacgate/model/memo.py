"""Per-resource memos for the helpers many rules share (a workload's containers, its pod).

An evaluation asks such a helper about the same resource once per rule that judges its kind
(some twenty times for a workload). Resources are immutable once built, so the answer is kept,
keyed by the resource's identity, for the length of one evaluation: the engine empties every
memo when it ends (``forget``), so nothing outlives the graph it was computed from. Each entry
also holds its resource, so an identity is never reused while its entry lives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Concatenate, ParamSpec, TypeVar

from iacgate.model.resource import Resource

P = ParamSpec("P")
T = TypeVar("T")

_MEMOS: list[dict[tuple[Hashable, ...], tuple[Resource, Any]]] = []


def per_resource(
    function: Callable[Concatenate[Resource, P], T],
) -> Callable[Concatenate[Resource, P], T]:
    """``function(resource, *args)`` computed once per resource and (hashable) arguments."""
    seen: dict[tuple[Hashable, ...], tuple[Resource, T]] = {}
    _MEMOS.append(seen)

    def remembered(resource: Resource, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (id(resource), *args, *sorted(kwargs.items()))
        kept = seen.get(key)
        if kept is not None and kept[0] is resource:
            return kept[1]
        value = function(resource, *args, **kwargs)
        seen[key] = (resource, value)
        return value

    functools.update_wrapper(remembered, function)
    return remembered


def forget() -> None:
    """Empty every memo (the engine, as an evaluation ends)."""
    for seen in _MEMOS:
        seen.clear()
