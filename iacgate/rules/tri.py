"""Three-valued answers: ``True``, ``False``, or the ``Unknown`` that left the question open.

Rules ask questions whose inputs may be unknown (``Unknown``); answering with the unknown
itself, rather than ``None`` or a guess, keeps the reason for a later ``unknown(...)`` verdict.
These helpers combine such answers the way Kleene logic does: a decisive known answer wins
over unknowns, and an unknown is kept only when it could change the outcome.
"""

from __future__ import annotations

from collections.abc import Iterable

from iacgate.model.unknown import Tri, Unknown, is_unknown
from iacgate.model.values import Value
from iacgate.rules.verdicts import Verdict, ok

__all__ = ["Tri", "first_unknown", "reason", "summarize", "tri_all", "tri_any"]


def tri_any(answers: Iterable[Value]) -> Tri:
    """True if any answer is True; else the first Unknown; else False."""
    pending: Unknown | None = None
    for answer in answers:
        if answer is True:
            return True
        if is_unknown(answer) and pending is None:
            pending = answer
    return pending if pending is not None else False


def tri_all(*answers: Value) -> Tri:
    """False if any answer is False; else the first Unknown; else True."""
    pending: Unknown | None = None
    for answer in answers:
        if answer is False:
            return False
        if is_unknown(answer) and pending is None:
            pending = answer
    return pending if pending is not None else True


def first_unknown(*values: Value) -> Unknown | None:
    """The first of ``values`` that is unknown, or None when all are known."""
    for value in values:
        if is_unknown(value):
            return value
    return None


def reason(value: Unknown, what: str) -> str:
    """The message of an UNKNOWN verdict: what is not known, and why."""
    return f"{what} is not known: {value.reason}"


def summarize(fails: list[Verdict], unknowns: list[Verdict]) -> list[Verdict]:
    """Failures; else the unknowns that kept the rule from deciding; a pass when neither."""
    # A failure decides the resource: unknowns beside it would decide nothing more.
    return fails or unknowns or [ok()]
