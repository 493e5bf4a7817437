"""Building TerraformResource records by hand, the way the HCL reader would produce them."""

from __future__ import annotations

from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.sources.terraform.records import Reference, TerraformResource


def record(
    type_: str,
    name: str,
    values: dict[str, Any],
    *,
    line: int = 1,
    file: str = "main.tf",
    refs: dict[AttrPath, str] | None = None,
    module: str = "",
    index: str | int | None = None,
    actions: tuple[str, ...] = (),
    mode: str = "managed",
) -> TerraformResource:
    """A record whose block starts at ``line``; each top-level attribute sits on its own line
    below it, in the order given (nested paths share their top-level attribute's line)."""
    spans: dict[AttrPath, Location] = {}
    for offset, key in enumerate(values, start=1):
        spans[(key,)] = Location(file, line + offset, line + offset)
    spans[()] = Location(file, line, line + len(values) + 1)
    address = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
    if index is not None:
        address += f"[{index!r}]" if isinstance(index, int) else f'["{index}"]'
        address = address.replace("'", "")
    if module:
        address = f"{module}.{address}"
    return TerraformResource(
        address=address,
        mode=mode,
        type=type_,
        name=name,
        module=module,
        index=index,
        values=values,
        spans=spans,
        references=tuple(Reference(path, target) for path, target in (refs or {}).items()),
        actions=actions,
    )
