"""A content-addressed cache of parsed Terraform files, for the pre-commit hook.

The hook reads a changed file's whole module directory on every commit; most of those files have
not changed since the last commit, so their syntax trees are kept, keyed by what decides them:
the file's text, the parser (iacgate's version and the parser modules' own files, so that an
edited checkout never reads a tree an older parser wrote) and the parse options (HCL, or JSON
with its display name, which its errors quote). A key names a value that cannot go stale.

The cache holds syntax trees of files the user scanned (their text, in parsed form). It lives in
the user's private cache directory, with every entry authenticated (``iacgate/usercache.py``
says how, and why a hostile directory is harmless); an entry that passes that check is only
then unpickled, and the unpickler accepts nothing but the syntax tree's own node classes.

``IACGATE_NO_CACHE=1`` or ``iacgate pre-commit --no-cache`` turn it off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from iacgate.sources.terraform import syntax
from iacgate.usercache import ENV_DISABLE as ENV_DISABLE
from iacgate.usercache import UserCache, default_directory, disabled_by_environment

FORMAT = b"iacgate-parse-cache-1"
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # far above any tree the corpus parses; larger: parse again
# The only classes an entry may name: the syntax tree's nodes.
_NODES = frozenset(
    name
    for name, value in vars(syntax).items()
    if isinstance(value, type) and value.__module__ == syntax.__name__
)


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

    def __init__(self, store: UserCache) -> None:
        self._store = store
        self._signature = _parser_signature()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, directory: Path | None = None) -> ParseCache | None:
        """The cache in ``directory`` (default: the user's), or None when it cannot be used
        safely."""
        store = UserCache.open(directory or default_directory())
        return None if store is None else cls(store)

    def close(self) -> None:
        self._store.close()

    def prune(self) -> int:
        return self._store.prune()

    def digest(self, text: str, options: str) -> str:
        import hashlib

        h = hashlib.sha256(self._signature)
        h.update(b"\x00" + options.encode("utf-8", "surrogatepass") + b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, name: str) -> syntax.Body | None:
        payload = self._store.read(name, MAX_ENTRY_BYTES)
        if payload is None:
            return self._miss()  # absent, tampered with, truncated or another key's
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

        try:
            payload = _dump(body)
        except (pickle.PicklingError, RecursionError, TypeError):
            return
        self._store.write(name, payload, MAX_ENTRY_BYTES)


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
    """Stop using the cache, once its directory is within bounds (``UserCache.prune``: a
    content-addressed cache only grows, as files change)."""
    global _active
    if _active is not None:
        _active.prune()
        _active.close()
    _active = None


def active() -> ParseCache | None:
    return _active
