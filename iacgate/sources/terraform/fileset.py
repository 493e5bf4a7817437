"""``fileset(path, pattern)``: Terraform's file globbing, bounded and inside the read boundary.

Patterns are Terraform's (doublestar): ``*`` and ``?`` within one path segment, ``**`` across
segments, ``[class]`` / ``[^class]``, ``{alt,...}`` and ``\\`` escapes. The literal segments at
the start of the pattern (``../x/`` in ``../x/*.json``) join the base directory, which must
then resolve inside the boundary; the rest is matched by a linear-time engine (RE2) against the
files found by a bounded walk that never enters symlinked directories nor VCS directories, and
every match is checked again after resolving symlinks. Results are relative to ``path``, with
``/`` separators, sorted.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from iacgate.sources.terraform.boundary import VCS_DIRS, ReadBoundary

MAX_RESULTS = 10_000
MAX_ENTRIES = 100_000  # directory entries looked at by one call
_SPECIAL = frozenset("*?[{\\")


class GlobError(Exception):
    """The pattern is invalid (Terraform would reject it)."""


class NotSearched(Exception):
    """The search is refused or too large: the result is not known."""


def _translate(pattern: str) -> str:
    """The RE2 expression matching the paths ``pattern`` matches (``/``-separated)."""
    out: list[str] = []
    index = 0
    size = len(pattern)
    depth = 0  # inside {...}
    while index < size:
        char = pattern[index]
        if char == "*":
            if pattern.startswith("**", index):
                at_start = index == 0 or pattern[index - 1] == "/"
                end = index + 2
                if at_start and pattern.startswith("/", end):
                    out.append("(?:.*/)?")  # "**/": any number of directories, none included
                    index = end + 1
                    continue
                if at_start and end == size:
                    out.append(".*")
                    index = end
                    continue
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            index += 1
            if index >= size:
                raise GlobError("pattern ends with an escape character")
            out.append(_escape(pattern[index]))
        elif char == "[":
            close = pattern.find("]", index + 2)
            if close < 0:
                raise GlobError("unclosed '[' in pattern")
            body = pattern[index + 1 : close]
            negate = body[:1] in ("^", "!")
            if negate:
                body = body[1:]
            # Never a separator: "/" cannot be in a class.
            inner = "".join("\\" + c if c in "\\]^[" else c for c in body if c != "/")
            if not inner:
                raise GlobError("empty character class in pattern")
            out.append(f"[^/{inner}]" if negate else f"[{inner}]")
            index = close
        elif char == "{":
            depth += 1
            out.append("(?:")
        elif char == "}" and depth:
            depth -= 1
            out.append(")")
        elif char == "," and depth:
            out.append("|")
        else:
            out.append(_escape(char))
        index += 1
    if depth:
        raise GlobError("unclosed '{' in pattern")
    return "".join(out)


_META = frozenset("\\.+*?()|[]{}^$")


def _escape(char: str) -> str:
    return "\\" + char if char in _META else char


def _split_literal(pattern: str) -> tuple[str, str]:
    """(literal leading segments, the rest): ``../x/*.json`` -> (``../x``, ``*.json``)."""
    segments = pattern.split("/")
    literal: list[str] = []
    for position, segment in enumerate(segments[:-1]):
        if _SPECIAL.intersection(segment):
            return "/".join(literal), "/".join(segments[position:])
        literal.append(segment)
    return "/".join(literal), segments[-1]


def fileset(
    base: Path, pattern: str, boundary: ReadBoundary, tick: Callable[[], None] | None = None
) -> list[str]:
    """The files under ``base`` matching ``pattern`` (``base`` is already inside ``boundary``).

    Raises ``GlobError`` for an invalid pattern and ``NotSearched`` when the search would
    leave the boundary or look at too many entries."""
    # Terraform joins the pattern to the path (Go's filepath.Join): a leading "/" adds nothing.
    prefix, rest = _split_literal(pattern.lstrip("/"))
    start = base / prefix if prefix else base
    if prefix:
        if boundary.resolve(start) is None:
            raise NotSearched(f"fileset() pattern {pattern!r} leaves the scanned paths")
        prefix = posixpath.normpath(prefix)
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print the pattern to stderr
    try:
        matcher = re2.compile(_translate(rest), options=options)
    except re2.error as exc:
        raise GlobError(f"invalid pattern: {exc}") from None
    limit = None if "**" in rest else rest.count("/") + 1
    found: list[str] = []
    seen = 0
    stack: list[tuple[str, str, int]] = [(str(start), "", 1)]
    while stack:
        directory, relative, depth = stack.pop()
        try:
            with os.scandir(directory) as entries:
                items = list(entries)
        except OSError:
            continue
        for entry in items:
            seen += 1
            if seen > MAX_ENTRIES:
                raise NotSearched(f"fileset() would look at more than {MAX_ENTRIES} entries")
            if tick is not None and not seen & 0x3FF:  # the time budget, every 1,024 entries
                tick()
            name = relative + entry.name
            try:
                link = entry.is_symlink()
                if not link and entry.is_dir(follow_symlinks=False):
                    if entry.name not in VCS_DIRS and (limit is None or depth < limit):
                        stack.append((entry.path, name + "/", depth + 1))
                    continue
                if not (link or entry.is_file(follow_symlinks=False)):
                    continue  # FIFOs, devices, sockets
            except OSError:
                continue
            if not matcher.fullmatch(name):
                continue
            if link:
                real = boundary.resolve(Path(entry.path))
                if real is None or not real.is_file():
                    continue  # a link out of the scanned paths, or not to a regular file
            found.append(f"{prefix}/{name}" if prefix and prefix != "." else name)
            if len(found) > MAX_RESULTS:
                raise NotSearched(f"fileset() matched more than {MAX_RESULTS} files")
    return sorted(found)
