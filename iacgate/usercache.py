"""The user's private cache directory: authenticated entries that only make runs faster.

Two caches live here: the pre-commit hook's parsed Terraform files
(``sources/terraform/parse_cache.py``) and the compiled methods of the project's dataclasses
(``startup.py``). Both are private to the user and treated as hostile input all the same:

- the directory is ``$XDG_CACHE_HOME/iacgate``, else ``~/.cache/iacgate``; it is opened without
  following a link, and used only when it is owned by the user and no one else may enter it
  (mode 0700; a directory the user owns is narrowed to it). Every later step goes through that
  open descriptor, so a directory swapped in meanwhile is never used;
- every entry is authenticated: an HMAC-SHA256 over its name and bytes, under a random per-user
  key stored in the directory (a regular file of the user's, mode 0600). An entry that is
  truncated, tampered with, written under another key or too large is ignored;
- entries are written to a fresh file (``O_EXCL``, mode 0600) and renamed into place, so
  concurrent runs never read half an entry.

Anything unusual (a read-only home, a foreign owner, a full disk) turns a cache off for the
run: it is an optimisation and never changes a result. ``IACGATE_NO_CACHE=1`` turns both off;
deleting the directory empties them. A hook run keeps the directory within ``MAX_ENTRIES``
files and ``MAX_TOTAL_BYTES`` as it ends (``prune``: the oldest go; worker processes write
entries too, so it looks at the directory, not at what it wrote). A leaf: nothing of iacgate
is imported here.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

ENV_DISABLE = "IACGATE_NO_CACHE"
KEY_FILE = "key"
# Bounds of the directory, kept when a run that wrote entries ends (``UserCache.prune``).
MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
KEY_BYTES = 32
MAC_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "iacgate"


def disabled_by_environment() -> bool:
    return os.environ.get(ENV_DISABLE, "").strip().lower() not in ("", "0", "false", "no")


class UserCache:
    """Authenticated byte entries by name in the user's private directory."""

    def __init__(self, directory_fd: int, key: bytes) -> None:
        self._fd = directory_fd
        self._key = key

    @classmethod
    def open(cls, directory: Path | None = None) -> UserCache | None:
        """The cache in ``directory`` (default: the user's), or None when it cannot be used
        safely."""
        directory = directory or default_directory()
        try:
            directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(FileExistsError):
                directory.mkdir(0o700)
            fd = os.open(directory, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                raise OSError("not the user's own directory")
            if info.st_mode & 0o077:
                os.fchmod(fd, 0o700)  # the user's directory, made private
            key = _key(fd)
        except OSError:
            os.close(fd)
            return None
        return cls(fd, key)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def prune(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_TOTAL_BYTES) -> int:
        """Delete the oldest entries (by when they were written) until at most 80% of either
        bound is used, once a bound is passed; and temporary files an interrupted run left
        behind over an hour ago. Returns how many files were deleted. Entries are named by
        digests of their inputs, so a deleted one is only computed again."""
        import time

        entries: list[tuple[float, int, str]] = []
        deleted = 0
        now = time.time()
        try:
            with os.scandir(self._fd) as listing:
                for item in listing:
                    if item.name == KEY_FILE or not item.is_file(follow_symlinks=False):
                        continue
                    info = item.stat(follow_symlinks=False)
                    if item.name.startswith("."):
                        if now - info.st_mtime > 3600 and self._unlink(item.name):
                            deleted += 1
                        continue
                    entries.append((info.st_mtime, info.st_size, item.name))
        except OSError:
            return deleted
        total = sum(size for _, size, _ in entries)
        if len(entries) <= max_entries and total <= max_bytes:
            return deleted
        entries.sort()
        keep_entries, keep_bytes = max_entries * 4 // 5, max_bytes * 4 // 5
        count = len(entries)
        for _, size, name in entries:
            if count <= keep_entries and total <= keep_bytes:
                break
            if self._unlink(name):
                deleted += 1
            count -= 1
            total -= size
        return deleted

    def _unlink(self, name: str) -> bool:
        try:
            os.unlink(name, dir_fd=self._fd)
        except OSError:
            return False
        return True

    def mac(self, name: str, payload: bytes) -> bytes:
        import hashlib
        import hmac

        return hmac.new(self._key, name.encode() + b"\x00" + payload, hashlib.sha256).digest()

    def read(self, name: str, limit: int) -> bytes | None:
        """The entry's bytes when it is a regular file of at most ``limit`` bytes whose MAC
        holds under this user's key; None otherwise."""
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=self._fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(limit + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        import hmac

        mac, payload = data[:MAC_BYTES], data[MAC_BYTES:]
        if len(data) > limit or not hmac.compare_digest(mac, self.mac(name, payload)):
            return None  # tampered with, truncated or another key's
        return payload

    def write(self, name: str, payload: bytes, limit: int) -> None:
        """Write the entry (authenticated) unless it would pass ``limit`` bytes."""
        import secrets

        if len(payload) + MAC_BYTES > limit:
            return
        temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        try:
            fd = os.open(temporary, flags, 0o600, dir_fd=self._fd)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.mac(name, payload) + payload)
            os.replace(temporary, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self._fd)


def _key(directory_fd: int) -> bytes:
    """The per-user HMAC key: read from the directory, or created there (mode 0600)."""
    for _ in range(2):
        try:
            fd = os.open(KEY_FILE, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=directory_fd)
        except FileNotFoundError:
            import secrets

            created = secrets.token_bytes(KEY_BYTES)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
            try:
                fd = os.open(KEY_FILE, flags, 0o600, dir_fd=directory_fd)
            except FileExistsError:
                continue  # another run created it meanwhile: read that one
            with os.fdopen(fd, "wb") as handle:
                handle.write(created)
            return created
        try:
            info = os.fstat(fd)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != os.geteuid()
                or info.st_mode & 0o077
                or info.st_size != KEY_BYTES
            ):
                raise OSError("the cache key is not the user's private key file")
            key = os.read(fd, KEY_BYTES + 1)
        finally:
            os.close(fd)
        if len(key) != KEY_BYTES:
            raise OSError("the cache key is truncated")
        return key
    raise OSError("the cache key cannot be created")
