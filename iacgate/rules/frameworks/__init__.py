"""Compliance frameworks as data: each framework's control catalogue, one TOML file per framework.

A catalogue lists every control of a framework (id, title), says which controls no
infrastructure code or manifest can show (``not_checkable``, with the reason) and, for controls
the rules check only in part, what they leave unchecked (``partly``). Rules map themselves to
control ids; ``iacgate.rules.coverage`` measures the rules against these catalogues. Files are
read lazily, beside this module; a scan never needs them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from iacgate.errors import IacgateError

# The registry is a visible literal: a framework is a line here and its catalogue file.
FRAMEWORKS: dict[str, str] = {
    "cis-aws-3.0": "cis-aws-3.0.toml",
    "aws-fsbp": "aws-fsbp.toml",
    "cis-k8s-1.9": "cis-k8s-1.9.toml",
    "k8s-pss": "k8s-pss.toml",
    "nsa-cisa-k8s-1.2": "nsa-cisa-k8s-1.2.toml",
}


class CatalogueError(IacgateError, ValueError):
    """A catalogue file is malformed (a packaging defect, never user input)."""


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    title: str
    not_checkable: str | None = None  # why no code or manifest can show it
    partly: str | None = None  # what the rules mapped to it leave unchecked


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: str
    source: str
    controls: tuple[Control, ...]

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)


def _text(data: dict[str, object], key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {key!r} must be a non-empty string")
    return value


@cache
def load(framework_id: str) -> Framework:
    """The catalogue of ``framework_id``; ``KeyError`` when there is none."""
    name = FRAMEWORKS[framework_id]
    return parse((Path(__file__).parent / name).read_text("utf-8"), framework_id, name)


def parse(text: str, framework_id: str, where: str) -> Framework:
    """A catalogue from its TOML text; ``CatalogueError`` names what is malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{where}: not valid TOML: {exc}") from None
    if data.get("id") != framework_id:
        raise CatalogueError(f"{where}: id {data.get('id')!r} is not {framework_id!r}")
    entries = data.get("control")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{where}: no [[control]] entries")
    controls: list[Control] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        at = f"{where} control {index + 1}"
        if not isinstance(entry, dict) or set(entry) - {"id", "title", "not_checkable", "partly"}:
            raise CatalogueError(f"{at}: unexpected fields")
        control = Control(
            id=str(_text(entry, "id", at)),
            title=str(_text(entry, "title", at)),
            not_checkable=_text(entry, "not_checkable", at, required=False),
            partly=_text(entry, "partly", at, required=False),
        )
        if control.not_checkable and control.partly:
            raise CatalogueError(f"{at}: a control is not checkable or partly checked, not both")
        if control.id in seen:
            raise CatalogueError(f"{at}: duplicate id {control.id!r}")
        seen.add(control.id)
        controls.append(control)
    return Framework(
        id=framework_id,
        title=str(_text(data, "title", where)),
        source=str(_text(data, "source", where)),
        controls=tuple(controls),
    )
