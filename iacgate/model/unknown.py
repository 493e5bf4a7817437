"""The UNKNOWN sentinel: a value the scanner cannot know statically, with the reason why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that is not known before apply (or cannot be resolved statically).

    Unknowns are values, not absences: a rule that meets one must answer UNKNOWN rather than
    guess. ``reason`` says why, in words a user can act on.
    """

    reason: str = "value not known"

    def __bool__(self) -> bool:
        # Truthiness of an unknown is itself unknown; refusing it stops rules from
        # silently treating "unknown" as False or True.
        raise TypeError(f"truth value of an unknown value is undefined ({self.reason})")

    def __repr__(self) -> str:
        return f"UNKNOWN({self.reason!r})"


UNKNOWN = Unknown()


def is_unknown(value: Any) -> TypeGuard[Unknown]:
    """True for any ``Unknown`` instance, whatever its reason."""
    return isinstance(value, Unknown)
