"""Per-resource memos for the helpers many rules share (a workload's containers, its pod).

A scan asks such a helper about the same resource once per rule that judges its kind (some
twenty times for a workload). Resources are immutable once built, so the answer is kept,
keyed by the resource's identity. Each entry holds its resource, so an identity is never reused
while its entry lives; a memo keeps at most ``KEPT`` entries (it is emptied when full), so a
long-lived process holds on to few resources.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Concatenate, ParamSpec, TypeVar

from iacgate.model.resource import Resource

KEPT = 4096
P = ParamSpec("P")
T = TypeVar("T")


def per_resource(
    function: Callable[Concatenate[Resource, P], T],
) -> Callable[Concatenate[Resource, P], T]:
    """``function(resource, *args)`` computed once per resource and (hashable) arguments."""
    seen: dict[tuple[Hashable, ...], tuple[Resource, T]] = {}

    def remembered(resource: Resource, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (id(resource), *args, *sorted(kwargs.items()))
        kept = seen.get(key)
        if kept is not None and kept[0] is resource:
            return kept[1]
        value = function(resource, *args, **kwargs)
        if len(seen) >= KEPT:
            seen.clear()
        seen[key] = (resource, value)
        return value

    functools.update_wrapper(remembered, function)
    return remembered
