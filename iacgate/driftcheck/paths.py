"""Drift paths: attribute paths whose list items are named by key, not by position.

``spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value`` stays the same path when
a container is inserted before ``web``; a positional path would not. Lists without keys keep
their indexes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, TypeAlias


@dataclass(frozen=True, slots=True)
class ItemKey:
    """A list item chosen by its key fields, e.g. ``name=web`` or ``containerPort=53,protocol=UDP``.

    ``match`` holds every key field (defaults filled in), which is what identifies the item;
    ``shown`` holds the fields worth printing (defaults left out)."""

    match: tuple[tuple[str, Any], ...]
    shown: tuple[tuple[str, Any], ...]

    def __str__(self) -> str:
        return ",".join(f"{name}={value}" for name, value in self.shown or self.match)


DriftPath: TypeAlias = tuple[str | int | ItemKey, ...]

_PLAIN = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


def format_drift_path(path: DriftPath) -> str:
    """``spec.containers[name=web].ports[containerPort=80]``.

    Keys that are no identifiers (an annotation such as ``example.com/owner``) are quoted:
    ``metadata.annotations["example.com/owner"]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, ItemKey | int):
            out.append(f"[{part}]")
        elif _PLAIN.match(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{json.dumps(part)}]")
    return "".join(out)
