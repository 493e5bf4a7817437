"""A content-addressed cache of parsed Terraform files, for the pre-commit hook.

The hook reads a changed file's whole module directory on every commit; most of those files have
not changed since the last commit, so their syntax trees are kept, keyed by what decides them:
the file's text, the parser (iacgate's version and the parser modules' own files, so that an
edited checkout never reads a tree an older parser wrote) and the parse options (HCL, or JSON
with its display name, which its errors quote). A key names a value that cannot go stale.

The cache holds syntax trees of files the user scanned (their text, in parsed form), so it is
private to the user and treated as hostile input all the same:

- it lives in the user's cache directory (``$XDG_CACHE_HOME/iacgate``, else
  ``~/.cache/iacgate``); that directory is opened without following a link, and used only when
  it is owned by the user and no one else may enter it (mode 0700; a directory the user owns is
  narrowed to it). Every later step goes through that open descriptor, so a directory swapped
  in meanwhile is never used;
- every entry is authenticated: an HMAC-SHA256 over its name and bytes, under a random
  per-user key stored in the directory (a regular file of the user's, mode 0600). An entry that
  is truncated, tampered with, written under another key or too large is ignored and parsed
  again; only then is it unpickled, and the unpickler accepts nothing but the syntax tree's own
  node classes;
- entries are written to a fresh file (``O_EXCL``, mode 0600) and renamed into place, so
  concurrent hooks never read half an entry.

Anything unusual (a read-only home, a foreign owner, a full disk) turns the cache off for the
run: it is an optimisation and never changes a result. ``IACGATE_NO_CACHE=1`` or
``iacgate pre-commit --no-cache`` turn it off; deleting the directory empties it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from iacgate.sources.terraform import syntax

FORMAT = b"iacgate-parse-cache-1"
ENV_DISABLE = "IACGATE_NO_CACHE"
KEY_FILE = "key"
KEY_BYTES = 32
MAC_BYTES = 32
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # far above any tree the corpus parses; larger: parse again
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# The only classes an entry may name: the syntax tree's nodes.
_NODES = frozenset(
    name
    for name, value in vars(syntax).items()
    if isinstance(value, type) and value.__module__ == syntax.__name__
)


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "iacgate"


def disabled_by_environment() -> bool:
    return os.environ.get(ENV_DISABLE, "").strip().lower() not in ("", "0", "false", "no")


def _load(payload: bytes) -> Any:
    """Unpickle an authenticated entry; only syntax node classes may be named in it."""
    import io
    import pickle

    class TreeUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module == syntax.__name__ and name in _NODES:
                return getattr(syntax, name)
            raise pickle.UnpicklingError(f"{module}.{name} is not a syntax node")

    return TreeUnpickler(io.BytesIO(payload)).load()


def _dump(body: syntax.Body) -> bytes:
    """A node pickles as its class and its fields, and loads by calling the class: several
    times faster than the dataclass's own state protocol, which looks up the fields per node."""
    import io
    import pickle

    def fields(node: Any) -> tuple[type, tuple[Any, ...]]:
        return type(node), tuple(getattr(node, name) for name in node.__slots__)

    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {getattr(syntax, name): fields for name in _NODES}
    pickler.dump(body)
    return out.getvalue()


@cache
def _parser_signature() -> bytes:
    """iacgate's version and the size and modification time of the parser's modules (found
    next to the syntax module, not imported: the JSON reader would load PyYAML)."""
    from iacgate import __version__

    parts = [FORMAT, __version__.encode()]
    here = Path(syntax.__file__ or "").parent
    for module in ("syntax.py", "hcl.py", "tfjson.py"):
        try:
            info = (here / module).stat()
        except OSError:
            parts.append(b"?")
            continue
        parts.append(f"{module}:{info.st_size}:{info.st_mtime_ns}".encode())
    return b"\x00".join(parts)


class ParseCache:
    """Syntax trees by the digest of what decides them; see the module docstring."""

    def __init__(self, directory_fd: int, key: bytes) -> None:
        self._fd = directory_fd
        self._key = key
        self._signature = _parser_signature()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, directory: Path | None = None) -> ParseCache | None:
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

    def digest(self, text: str, options: str) -> str:
        import hashlib

        h = hashlib.sha256(self._signature)
        h.update(b"\x00" + options.encode("utf-8", "surrogatepass") + b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _mac(self, name: str, payload: bytes) -> bytes:
        import hashlib
        import hmac

        return hmac.new(self._key, name.encode() + b"\x00" + payload, hashlib.sha256).digest()

    def get(self, name: str) -> syntax.Body | None:
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=self._fd)
        except OSError:
            self.misses += 1
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return self._miss()
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return self._miss()
        finally:
            os.close(fd)
        import hmac

        mac, payload = data[:MAC_BYTES], data[MAC_BYTES:]
        if len(data) > MAX_ENTRY_BYTES or not hmac.compare_digest(mac, self._mac(name, payload)):
            return self._miss()  # tampered with, truncated or another key's: parse again
        try:
            body = _load(payload)
        except Exception:  # an authenticated entry that does not load: a defect, not fatal
            return self._miss()
        if not isinstance(body, syntax.Body):
            return self._miss()
        self.hits += 1
        return body

    def _miss(self) -> syntax.Body | None:
        self.misses += 1
        return None

    def put(self, name: str, body: syntax.Body) -> None:
        import pickle
        import secrets

        try:
            payload = _dump(body)
        except (pickle.PicklingError, RecursionError, TypeError):
            return
        if len(payload) + MAC_BYTES > MAX_ENTRY_BYTES:
            return
        temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        try:
            fd = os.open(temporary, flags, 0o600, dir_fd=self._fd)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._mac(name, payload) + payload)
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
                continue  # another hook created it meanwhile: read that one
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


# The cache this process uses, if any: turned on by the command that benefits (the pre-commit
# hook), never by importing this module.
_active: ParseCache | None = None


def enable(directory: Path | None = None) -> ParseCache | None:
    """Use the user's cache for this process (unless ``IACGATE_NO_CACHE`` says not to)."""
    global _active
    if disabled_by_environment():
        return None
    if _active is None:
        _active = ParseCache.open(directory)
    return _active


def disable() -> None:
    global _active
    if _active is not None:
        _active.close()
    _active = None


def active() -> ParseCache | None:
    return _active
