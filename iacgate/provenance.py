"""Where and when a report comes from: the clock, and the repository and commit of a target.

Reports carry this so that a history of them can be compared (docs/json-output.md). The
repository is read from the ``.git`` files themselves, never by running git: the scanned tree
is hostile, and git reads configuration that can run programs (``core.fsmonitor``, hooks).
Every read is of a regular file, never a symlink, a FIFO or a device, and bounded; anything
unexpected yields no answer rather than an error: a scan never fails for want of provenance.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

MAX_SMALL_FILE = 4096  # HEAD, a loose ref, a .git file, commondir
MAX_CONFIG = 256 * 1024
MAX_PACKED_REFS = 32 * 1024 * 1024
MAX_PARENTS = 64  # directories walked up from the target to find its .git
MAX_URL = 512

_COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_REF = re.compile(r"^refs/[A-Za-z0-9._/+-]{1,240}$")
_SECTION = re.compile(r'^\s*\[\s*remote\s+"([^"\\]{1,100})"\s*\]\s*$')
_ANY_SECTION = re.compile(r"^\s*\[")
_URL = re.compile(r"^\s*url\s*=\s*(.*?)\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def utc_now() -> str:
    """The current time, UTC, ISO 8601 to the second (``2024-05-01T02:00:00Z``)."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _open_regular(path: Path) -> int | None:
    """A descriptor of ``path`` when it is a regular file (not a symlink, FIFO or device)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def read_small(path: Path, limit: int = MAX_SMALL_FILE) -> str | None:
    """The text of a small regular file; None when absent, odd, too large or not UTF-8."""
    fd = _open_regular(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _git_dirs(start: Path) -> tuple[Path, Path] | None:
    """(the git directory, the common directory holding refs and config) of ``start``'s
    repository: a ``.git`` directory, or a ``.git`` file naming one (worktrees, submodules)."""
    try:
        here = start.absolute()
    except OSError:
        return None
    for directory in [here, *here.parents][:MAX_PARENTS]:
        candidate = directory / ".git"
        gitdir: Path | None = None
        if candidate.is_dir():
            gitdir = candidate
        else:
            text = read_small(candidate)
            if text is not None and text.startswith("gitdir:"):
                named = Path(text[len("gitdir:") :].strip())
                resolved = named if named.is_absolute() else directory / named
                gitdir = resolved if resolved.is_dir() else None
        if gitdir is None:
            if candidate.exists() or candidate.is_symlink():
                return None  # something named .git that is no repository: stop here
            continue
        common = gitdir
        named_common = read_small(gitdir / "commondir")
        if named_common is not None and named_common.strip():
            shared = Path(named_common.strip())
            shared = shared if shared.is_absolute() else gitdir / shared
            if shared.is_dir():
                common = shared
        return gitdir, common
    return None


def _packed_ref(common: Path, ref: str) -> str | None:
    fd = _open_regular(common / "packed-refs")
    if fd is None:
        return None
    wanted = ref.encode("utf-8")
    read = 0
    with os.fdopen(fd, "rb") as handle:
        for line in handle:
            read += len(line)
            if read > MAX_PACKED_REFS:
                return None
            sha, _, name = line.strip().partition(b" ")
            if name == wanted:
                return sha.decode("ascii", "replace")
    return None


def _resolve(gitdir: Path, common: Path, ref: str) -> str | None:
    for base in (gitdir, common):
        text = read_small(base / ref)
        if text is not None:
            return text.strip()
    return _packed_ref(common, ref)


def clean_url(url: str) -> str | None:
    """A remote URL fit to print: no credentials, query or fragment; None when odd."""
    url = url.strip()
    if not url or len(url) > MAX_URL or _CONTROL.search(url):
        return None
    if "://" in url:
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            port = parts.port
        except ValueError:
            return None
        netloc = host + (f":{port}" if port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    # scp-like syntax (user@host:path) or a local path: drop the user part.
    head, sep, tail = url.partition(":")
    if sep and "/" not in head:
        return f"{head.rpartition('@')[2]}:{tail}"
    return url


def _remote(common: Path) -> str | None:
    """The URL of remote ``origin``, else of the first remote the configuration names."""
    text = read_small(common / "config", MAX_CONFIG)
    if text is None:
        return None
    urls: dict[str, str] = {}
    section: str | None = None
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        if _ANY_SECTION.match(line):
            section = None
            continue
        value = _URL.match(line)
        if section is not None and value and section not in urls:
            urls[section] = value.group(1).strip('"')
    url = urls.get("origin") or next(iter(urls.values()), None)
    return clean_url(url) if url else None


def git_revision(start: Path) -> dict[str, str]:
    """``repository`` (the remote URL), ``commit`` and ``branch`` of the checkout holding
    ``start``, each only when known; empty outside a repository."""
    found = _git_dirs(start)
    if found is None:
        return {}
    gitdir, common = found
    head = read_small(gitdir / "HEAD")
    if head is None:
        return {}
    head = head.strip()
    out: dict[str, str] = {}
    repository = _remote(common)
    if repository:
        out["repository"] = repository
    if _COMMIT.match(head):
        out["commit"] = head  # a detached HEAD, as CI checkouts often are
        return out
    if not head.startswith("ref:"):
        return out
    ref = head[len("ref:") :].strip()
    if not _REF.match(ref) or ".." in ref or "//" in ref:
        return out
    if ref.startswith("refs/heads/"):
        out["branch"] = ref[len("refs/heads/") :]
    commit = _resolve(gitdir, common, ref)
    if commit is not None and _COMMIT.match(commit):
        out["commit"] = commit
    return out
