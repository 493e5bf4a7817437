"""Attribute paths: tuples of mapping keys and list indexes, and their display form."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeAlias

AttrPath: TypeAlias = tuple[str | int, ...]


def format_path(path: AttrPath) -> str:
    """Render ``("spec", "containers", 0, "image")`` as ``spec.containers[0].image``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            if out:
                out.append(".")
            out.append(part)
    return "".join(out)


@lru_cache(maxsize=4096)  # rules ask for the same few dozen paths of every resource
def parse_path(text: str) -> AttrPath:
    """Inverse of :func:`format_path` for keys that contain no dots or brackets."""
    parts: list[str | int] = []
    for chunk in text.split("."):
        if not chunk:
            continue
        name, _, rest = chunk.partition("[")
        if name:
            parts.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            parts.append(int(index))
            rest = rest.removeprefix("[")
    return tuple(parts)
