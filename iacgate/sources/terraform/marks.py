"""Per-value metadata that follows a value through evaluation: marks.

A ``Marked`` wraps a value with a set of marks, as Terraform's values carry marks (cty): a
sensitive variable's value is marked ``Sensitive("var.db_password")``; whatever is computed from
it (an interpolation, a function result, an element taken out of a marked collection, a map
built from marked keys) carries the marks of what it was computed from. Collections hold their
elements' own marks, so ``{ a = var.secret, b = "x" }`` marks only ``a``.

Marks are a small family: ``Sensitive``, and ``Origin`` (the line a value was written at that is
not the attribute using it: a ``.tfvars`` line, a variable default, a local, a module argument).
Both ride on the same ``Marked`` values and the same propagation rules. Each consumer decides
what a mark means to it: sensitive values never reach an instance key, an error message or an
Unknown reason, and they make the attribute paths that hold them sensitive in the records; origins
say which lines a value came from, so that a change to a ``.tfvars`` file belongs to the findings
its values cause in unchanged files (the pre-commit hook, ``gate/process.py``).

``Marked`` never wraps another ``Marked``, null, an ``Unknown`` (an Unknown's reason never holds
a value; a marked one keeps no known text) or a module/namespace reference. Its ``repr`` never
shows the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacgate.model.unknown import Unknown


@dataclass(frozen=True, slots=True, order=True)
class Sensitive:
    """The value is sensitive, or derived from a sensitive value; ``source`` names where that
    comes from (``var.db_password``, ``sensitive()``, ``module.db.password``), never the value."""

    source: str


@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """The value was written (or computed from a value written) at ``file`` line ``line``:
    a variables file, a variable's default, a local value or a module argument."""

    file: str
    line: int


Mark = Sensitive | Origin
NO_MARKS: frozenset[Mark] = frozenset()


class Marked:
    __slots__ = ("marks", "value")

    def __init__(self, value: Any, marks: frozenset[Mark]) -> None:
        self.value = value
        self.marks = marks

    def __repr__(self) -> str:
        return f"Marked(<{describe(self.marks)}>)"


def mark(value: Any, marks: frozenset[Mark]) -> Any:
    """``value`` with ``marks`` added (unchanged when there are none, and for null). An
    Unknown is never wrapped: a sensitive one loses the known text of a partly known string
    instead (``Unknown.template``, shown in messages), so that it shows nothing of the value;
    an origin is of no use to an Unknown (it judges nothing) and is dropped."""
    if not marks or value is None:
        return value
    if isinstance(value, Unknown):
        if value.template is None or not is_sensitive(marks):
            return value
        return Unknown(value.reason)
    if isinstance(value, Marked):
        return value if marks <= value.marks else Marked(value.value, value.marks | marks)
    return Marked(value, marks)


_DATA = (str, int, float, bool, list, dict, Marked)


def written_at(value: Any, file: str, line: int) -> Any:
    """``value`` marked with the line it was written at. Only data is marked: a reference to
    a resource, a module or a namespace passes through unchanged (so do null and Unknown)."""
    if type(value) not in _DATA:
        return value
    return mark(value, frozenset({Origin(file, line)}))


def unmark(value: Any) -> tuple[Any, frozenset[Mark]]:
    """The value without its own marks, and those marks (elements keep theirs)."""
    if isinstance(value, Marked):
        return value.value, value.marks
    return value, NO_MARKS


def is_sensitive(marks: frozenset[Mark]) -> bool:
    return any(isinstance(m, Sensitive) for m in marks)


def origins(marks: frozenset[Mark]) -> frozenset[Origin]:
    return frozenset(m for m in marks if isinstance(m, Origin))


def describe(marks: frozenset[Mark]) -> str:
    """What a message says instead of a sensitive value."""
    sources = sorted({m.source for m in marks if isinstance(m, Sensitive)})
    if not sources:
        return "a value"
    shown = ", ".join(sources[:3]) + (", ..." if len(sources) > 3 else "")
    return f"a sensitive value (from {shown})"
