"""Every file the gate reads itself, bounded and inside the tree it belongs to.

The gate reads its configuration, exceptions files and baselines, and reads scanned files again
for their ``iacgate:ignore`` comments. All of these names can come from the scanned tree (a
configuration found in it, a ``# Source:`` line of a rendered Helm stream on standard input),
so each read is checked the same way: the path resolves inside its boundary (never into a
``.git`` directory), it is a regular file (a FIFO or ``/dev/zero`` would hang or exhaust
memory), it is opened without blocking, at most ``max_bytes`` are read, and the bytes are
decoded by the scanner's own text reader (``sources/textfile.py``: BOMs, binary detection).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from iacgate.errors import IacgateError
from iacgate.gate.errors import ConfigError
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, decode_bytes


class UnreadableFile(IacgateError):
    """A file that must not or cannot be read; the message says why."""


def read_limited(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a regular file of at most ``max_bytes``; raises ``UnreadableFile``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    # Checked on the open descriptor, so what is read is what was checked (and before fdopen,
    # which refuses a directory with an error of its own).
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise UnreadableFile("not a regular file")
    with os.fdopen(descriptor, "rb") as handle:
        if info.st_size > max_bytes:
            raise UnreadableFile(f"file is {info.st_size} bytes, over the {max_bytes} limit")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableFile(f"file is over the {max_bytes} byte limit")
    decoded = decode_bytes(data)
    if decoded.text is None:
        raise UnreadableFile(decoded.error or decoded.skipped or "not text")
    return decoded.text


def read_bounded(path: Path, display: str, what: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A gate input (configuration, exceptions file, baseline); a ``ConfigError`` when it
    cannot be read."""
    try:
        return read_limited(path, max_bytes)
    except UnreadableFile as exc:
        raise ConfigError(f"{display}: cannot read {what}: {exc}") from None


def repository_root(start: Path) -> Path:
    """The directory holding ``.git`` above ``start`` (a file or directory), else ``start``'s
    own directory: the tree a configuration file belongs to."""
    first = start.absolute() if start.is_dir() else start.absolute().parent
    for candidate in (first, *first.parents):
        if (candidate / ".git").exists():
            return candidate
    return first


def inside(path: Path, boundary: Path) -> bool:
    """``path``, symlinks resolved, lies inside ``boundary`` and not in a ``.git`` directory."""
    try:
        return _under(os.path.realpath(path), os.path.realpath(boundary))
    except (OSError, ValueError):
        return False


def _under(real: str, real_boundary: str) -> bool:
    """A resolved path lies inside a resolved boundary, outside every ``.git`` directory."""
    if real == real_boundary:
        return True
    top = real_boundary.rstrip(os.sep) + os.sep
    return real.startswith(top) and ".git" not in Path(real[len(top) :]).parts


def within(path: Path, boundary: Path, display: str, what: str) -> Path:
    """``path`` when it stays inside ``boundary``; a ``ConfigError`` naming both otherwise."""
    if not inside(path, boundary):
        raise ConfigError(
            f"{display}: {what} {path} is outside {boundary}; a configuration may only name "
            f"files inside its own repository"
        )
    return path


def tree_reader(
    root: Path, boundaries: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Callable[[str], str | None]:
    """Read a scanned file again by its display name (relative to ``root``), for its
    comments: only inside ``boundaries`` (the scan root and the scanned targets), only regular
    files, bounded. Anything else reads as None (no comments), never as an error: an ignore that
    cannot be read suppresses nothing, so the finding stays."""
    # Resolved once: a scan of many files reads each of them again.
    limits = [os.path.realpath(b.absolute()) for b in boundaries]
    resolved_paths: dict[Path, str] = {}  # directories, each resolved once for all it holds

    def resolved(candidate: Path) -> str:
        """``os.path.realpath(candidate)``, each directory on the way resolved once: its
        parent's resolution, then its own name (followed when it is a link)."""
        unresolved: list[Path] = []
        at = candidate
        while at not in resolved_paths:
            if at.name in ("", ".", "..") or len(unresolved) > 64:
                resolved_paths[at] = os.path.realpath(at)
                break
            unresolved.append(at)
            at = at.parent
        real = resolved_paths[at]
        for step in reversed(unresolved):
            joined = f"{real.rstrip(os.sep)}{os.sep}{step.name}"
            real = os.path.realpath(joined) if stat.S_ISLNK(os.lstat(joined).st_mode) else joined
            if step is not candidate:
                resolved_paths[step] = real
        return real

    def read(file: str) -> str | None:
        if not file or file.startswith("<"):
            return None  # standard input cannot be read twice
        path = Path(file)
        candidate = path if path.is_absolute() else root / path
        try:
            real = resolved(candidate)
        except (OSError, ValueError):
            return None
        if not any(_under(real, limit) for limit in limits):
            return None
        try:
            text = read_limited(candidate, max_bytes)
        except UnreadableFile:
            return None
        return text if "iacgate:ignore" in text else None

    return read
