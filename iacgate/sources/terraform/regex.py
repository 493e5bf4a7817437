"""Terraform's regular expressions: RE2 syntax and Go's ``regexp`` semantics, in linear time.

Terraform evaluates ``regex``, ``regexall`` and ``replace("/.../")`` with Go's ``regexp``
package, an RE2 implementation. The same engine (``google-re2``) runs them here, so that no
pattern can backtrack for ever (``((a+))+$`` took Python's engine hours) and the syntax is the
one Terraform accepts. Matching runs on UTF-8 bytes; what Go adds on top is reproduced:
``FindAll``'s rule that an empty match right after the previous match does not count, and
``Expand``'s ``$1`` / ``${name}`` replacement templates.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

MAX_MATCHES = 100_000


class RegexError(Exception):
    """The pattern is invalid (Terraform would reject it)."""


class Pattern:
    """A compiled pattern: its RE2 program and its capture groups."""

    __slots__ = ("groups", "names", "program")

    def __init__(self, program: Any) -> None:
        self.program = program
        self.groups: int = program.groups
        # Group names in order of their number (Terraform returns named groups only).
        self.names: dict[str, int] = {
            name.decode("utf-8"): number
            for name, number in sorted(program.groupindex.items(), key=lambda item: item[1])
        }


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Pattern:
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print the pattern to stderr
    try:
        return Pattern(re2.compile(pattern.encode("utf-8", "surrogatepass"), options=options))
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise RegexError(f"invalid regular expression: {text}") from None


def _width(data: bytes, position: int) -> int:
    """Bytes of the UTF-8 character at ``position`` (1 past the end)."""
    if position >= len(data):
        return 1
    lead = data[position]
    if lead < 0x80:
        return 1
    if lead >= 0xF0:
        return 4
    if lead >= 0xE0:
        return 3
    return 2


def find_all(pattern: Pattern, data: bytes) -> Iterator[Any]:
    """Go's ``FindAllSubmatchIndex`` order: leftmost-first matches, left to right, where an
    empty match that starts where the previous match ended is skipped."""
    position = 0
    previous_end = -1
    size = len(data)
    found = 0
    while position <= size:
        match = pattern.program.search(data, position)
        if match is None:
            return
        start, end = match.span()
        accept = True
        if end == position:  # an empty match where the search started
            accept = start != previous_end
            position += _width(data, position)
        else:
            position = end
        previous_end = end
        if accept:
            found += 1
            if found > MAX_MATCHES:
                raise OverflowError(f"more than {MAX_MATCHES} matches")
            yield match


def match_value(pattern: Pattern, match: Any) -> Any:
    """What Terraform returns for one match: the named groups as an object, else the groups as
    a list, else the matched text (an unmatched group is null)."""
    if pattern.names:
        return {name: _group(match, number) for name, number in pattern.names.items()}
    if pattern.groups:
        return [_group(match, number) for number in range(1, pattern.groups + 1)]
    return _group(match, 0)


def _group(match: Any, number: int) -> str | None:
    value = match.group(number)
    return None if value is None else value.decode("utf-8", "surrogatepass")


def replace_all(pattern: Pattern, data: bytes, template: str, limit: int) -> str:
    """Go's ``ReplaceAllString``; the result may not exceed ``limit`` characters (checked
    before each piece is added)."""
    pieces: list[str] = []
    size = 0
    last = 0
    parsed = _parse_template(template, pattern)
    for match in find_all(pattern, data):
        start, end = match.span()
        for piece in (data[last:start].decode("utf-8", "surrogatepass"), *_expand(parsed, match)):
            size += len(piece)
            if size > limit:
                raise OverflowError(f"result longer than {limit} characters")
            pieces.append(piece)
        last = end
    tail = data[last:].decode("utf-8", "surrogatepass")
    if size + len(tail) > limit:
        raise OverflowError(f"result longer than {limit} characters")
    pieces.append(tail)
    return "".join(pieces)


def _parse_template(template: str, pattern: Pattern) -> list[str | int]:
    """The template as literal text and group numbers (Go's ``Expand``: ``$name``, ``${name}``,
    ``$$``; a name is the longest run of letters, digits and ``_``; a group that does not exist
    expands to nothing; a ``$`` that starts no valid name is literal)."""
    parts: list[str | int] = []
    text: list[str] = []
    index = 0
    size = len(template)
    while index < size:
        char = template[index]
        if char != "$":
            text.append(char)
            index += 1
            continue
        if template.startswith("$$", index):
            text.append("$")
            index += 2
            continue
        braced = template.startswith("${", index)
        start = index + (2 if braced else 1)
        end = start
        while end < size and (template[end] == "_" or template[end].isalnum()):
            end += 1
        name = template[start:end]
        if not name or (braced and not template.startswith("}", end)):
            text.append("$")
            index += 1
            continue
        index = end + (1 if braced else 0)
        if text:
            parts.append("".join(text))
            text = []
        number = _group_number(name, pattern)
        if number is not None:
            parts.append(number)
    if text:
        parts.append("".join(text))
    return parts


def _group_number(name: str, pattern: Pattern) -> int | None:
    if name.isascii() and name.isdigit():
        if (len(name) > 1 and name[0] == "0") or len(name) > 8:
            return None  # Go: not a number then, and no group has such a name
        number = int(name)
        return number if number <= pattern.groups else None
    return pattern.names.get(name)


def _expand(parts: list[str | int], match: Any) -> Iterator[str]:
    for part in parts:
        if isinstance(part, str):
            yield part
        else:
            value = match.group(part)
            if value is not None:
                yield value.decode("utf-8", "surrogatepass")
