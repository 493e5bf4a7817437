"""The UNKNOWN sentinel: a value the scanner cannot know statically, with the reason why.

An unknown string may still be partly known: ``arn:${AWS::Partition}:iam::aws:policy/X`` is an
ARN of the policy X whatever the partition, and ``arn:aws:iam::${account}:root`` can never be
``*``. Producers that build strings from known and unknown parts (CloudFormation ``Fn::Sub`` and
``Fn::Join``, Terraform template strings) keep the known parts in ``Unknown.template``; the
helpers below answer questions about such a value from what is known, and say "unknown" only
when the unknown part decides.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias, TypeGuard

from iacgate.model.values import Value

# A template is the sequence of a string's parts: known text, or None for a hole (unknown
# text of any length, the empty string included).
Template = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that is not known before apply (or cannot be resolved statically).

    Unknowns are values, not absences: a rule that meets one must answer UNKNOWN rather than
    guess. ``reason`` says why, in words a user can act on. ``template``, when set, says that
    the value is a string and what is known of it (see :func:`concat`); it takes no part in
    equality, so an unknown compares as before. ``decoded``, when set, says that the value is
    JSON text encoding that structure, whose unknown parts are at its leaves (Terraform's
    ``jsonencode`` of an object holding ``aws_s3_bucket.b.arn``): a policy document is then
    judged statement by statement instead of not at all. It takes no part in equality either.
    """

    reason: str = "value not known"
    template: Template | None = field(default=None, compare=False)
    decoded: Value = field(default=None, compare=False, repr=False)

    def __bool__(self) -> bool:
        # Truthiness of an unknown is itself unknown; refusing it stops rules from
        # silently treating "unknown" as False or True.
        raise TypeError(f"truth value of an unknown value is undefined ({self.reason})")

    def __repr__(self) -> str:
        return f"UNKNOWN({self.reason!r})"


UNKNOWN = Unknown()

# A three-valued answer: True, False, or the Unknown that left the question open (the helpers
# below, and ``iacgate.rules.tri`` that combines them).
Tri: TypeAlias = bool | Unknown

# The reason of each attribute of an owner outside the scanned code, which a split resource
# naming it (a policy attached to a role created by hand) cannot say: the split resource is
# judged on what it writes, and a rule that meets such an attribute is not reported.
OUTSIDE_CODE = "is not in the scanned code"


def outside_code(what: str) -> Unknown:
    return Unknown(f"{what} {OUTSIDE_CODE}")


def is_unknown(value: Value) -> TypeGuard[Unknown]:
    """True for any ``Unknown`` instance, whatever its reason."""
    return isinstance(value, Unknown)


# -- partially known strings ------------------------------------------------------------------


def concat(parts: Iterable[Value], reason: str | None = None) -> Value:
    """The string made of ``parts`` (strings and unknowns, in order).

    All known: the joined string. Otherwise an ``Unknown`` whose template keeps the known
    text between the holes (an unknown part that is itself partly known contributes its own
    template), with ``reason`` or else the first unknown part's reason. Nothing known at all:
    an unknown without a template.
    """
    pieces: list[str | None] = []
    first: Unknown | None = None
    for part in parts:
        if isinstance(part, Unknown):
            first = first if first is not None else part
            pieces.extend(part.template if part.template is not None else (None,))
        else:
            pieces.append(part)
    if first is None:
        return "".join(p for p in pieces if p is not None)
    return Unknown(reason if reason is not None else first.reason, template=_normalized(pieces))


def _normalized(pieces: Iterable[str | None]) -> Template | None:
    """Adjacent text merged, empty text dropped, adjacent holes collapsed; None when no text
    is left (nothing is known about the value)."""
    out: list[str | None] = []
    for piece in pieces:
        if piece is None:
            if not out or out[-1] is not None:
                out.append(None)
        elif piece:
            last = out[-1] if out else None
            if last is not None:
                out[-1] = last + piece
            else:
                out.append(piece)
    if all(p is None for p in out):
        return None
    return tuple(out)


def _template(value: Value) -> Template | None:
    """The template of a value: a string is all known; an unknown without one is a hole."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Unknown):
        return value.template if value.template is not None else (None,)
    return None


def known_prefix(value: Value) -> str:
    """The text every possible value starts with ('' when nothing is known)."""
    template = _template(value)
    if not template or template[0] is None:
        return ""
    return template[0]


def known_suffix(value: Value) -> str:
    """The text every possible value ends with ('' when nothing is known)."""
    template = _template(value)
    if not template or template[-1] is None:
        return ""
    return template[-1]


def could_equal(value: Value, literal: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` (a string, or an unknown) may be ``literal``."""
    if isinstance(value, str):
        return value.lower() == literal.lower() if ignore_case else value == literal
    if not isinstance(value, Unknown):
        return False
    if value.template is None:
        return True
    return _hole_regex(value.template, ignore_case).fullmatch(literal) is not None


def equals(value: Value, literal: str, *, ignore_case: bool = False) -> Tri:
    """Three-valued ``value == literal``: True or False, or the ``Unknown`` when its unknown
    part decides."""
    if isinstance(value, Unknown):
        return value if could_equal(value, literal, ignore_case=ignore_case) else False
    return could_equal(value, literal, ignore_case=ignore_case)


def matches_pattern(value: Value, pattern: str, *, ignore_case: bool = False) -> Tri:
    """Three-valued: does the text ``value`` match the wildcard ``pattern`` (IAM style: ``*``
    any run of characters, ``?`` one character, everything else literal)?

    A string: True or False. An unknown: True when every possible value matches (each hole
    falls inside a ``*`` of the pattern), False when none can, else the ``Unknown``.
    """
    if isinstance(value, str):
        return _glob_regex(pattern, ignore_case).fullmatch(value) is not None
    if not isinstance(value, Unknown):
        return False
    template = _template(value)
    assert template is not None
    tokens = tuple(pattern)
    if _aligns(template, tokens, ignore_case, holes_anywhere=False):
        return True
    if not _aligns(template, tokens, ignore_case, holes_anywhere=True):
        return False
    return value


def pattern_could_match(pattern: Value, text: str, *, ignore_case: bool = False) -> Tri:
    """Three-valued: does the wildcard pattern ``pattern`` (a string or an unknown, as an IAM
    ``Action`` may be) match the literal ``text``? An unknown pattern is False only when no
    filling of its holes can match; otherwise it stays unknown."""
    if isinstance(pattern, str):
        return _glob_regex(pattern, ignore_case).fullmatch(text) is not None
    if not isinstance(pattern, Unknown):
        return False
    if pattern.template is None:
        return pattern
    # A hole may hold wildcards itself, so it matches at least what ``*`` matches.
    glob = "".join(_STAR if part is None else part for part in pattern.template)
    if _glob_regex(glob, ignore_case).fullmatch(text) is None:
        return False
    return pattern


def display(value: Value) -> str:
    """A value for a message: a string as it is, an unknown string with ``…`` for its holes."""
    if isinstance(value, str):
        return value
    if isinstance(value, Unknown) and value.template is not None:
        return "".join("…" if part is None else part for part in value.template)
    return "(unknown)"


# -- matching machinery -----------------------------------------------------------------------

_STAR = "*"
_ONE = "?"


# Patterns come from the scanned code: they are compiled through fnmatch, whose translation
# of ``*`` cannot backtrack catastrophically, with ``[`` escaped (IAM has no character classes).
_LITERAL = str.maketrans({"*": "[*]", "?": "[?]", "[": "[[]"})


@lru_cache(maxsize=1024)
def _glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(fnmatch.translate(pattern.replace("[", "[[]")), flags)


@lru_cache(maxsize=1024)
def _hole_regex(template: Template, ignore_case: bool) -> re.Pattern[str]:
    glob = "".join(_STAR if part is None else part.translate(_LITERAL) for part in template)
    return re.compile(fnmatch.translate(glob), re.IGNORECASE if ignore_case else 0)


# Templates longer than this are not aligned with a pattern (the walk is quadratic); no ARN or
# name AWS accepts comes close.
MAX_ALIGNED = 4096


def _aligns(
    template: Template, pattern: tuple[str, ...], ignore_case: bool, *, holes_anywhere: bool
) -> bool:
    """Walk a template against a wildcard pattern.

    ``holes_anywhere``: may some filling of the holes match (a hole produces any text)? Else:
    must every filling match — a sufficient test where a hole may only be swallowed by a ``*``.
    Linear in the product of the two lengths (states are visited once).
    """
    if sum(len(part) for part in template if part is not None) > MAX_ALIGNED:
        return holes_anywhere  # too long to walk: "may match", never "must match"
    text: list[str | None] = []  # characters of the known text, None for a hole
    for part in template:
        if part is None:
            text.append(None)
        else:
            text.extend(part.lower() if ignore_case else part)
    tokens = [t.lower() if ignore_case else t for t in pattern]
    n, m = len(text), len(tokens)
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j = state
        if i == n and j == m:
            return True
        here = text[i] if i < n else ""
        token = tokens[j] if j < m else ""
        moves: list[tuple[int, int]] = []
        if j < m and token == _STAR:
            moves.append((i, j + 1))  # the star matches nothing more
            if i < n:
                moves.append((i + 1, j))  # the star swallows a character or a whole hole
        if i < n and here is None and holes_anywhere:
            moves.append((i + 1, j))  # the hole is empty (or ends here)
            if j < m and token != _STAR:
                moves.append((i, j + 1))  # the hole produces the character the pattern wants
        if i < n and j < m and here is not None and token in (_ONE, here):
            moves.append((i + 1, j + 1))  # a known character matched (never by a star token)
        stack.extend(move for move in moves if move not in seen)
    return False
