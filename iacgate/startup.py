"""The command line's entry point, and what makes it start fast: dataclass methods kept compiled.

Creating a dataclass compiles its methods from generated source (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``: one ``exec`` each). A one-file scan
creates about 130 of them, and the compiling was a third of its time (~80 ms of ~230 ms). The
source of each method is the same on every run, so the command line keeps the compiled code
objects between runs, keyed by that source, in the user's private cache (``usercache.py``: an
authenticated entry, written by this user under their own key, or not read at all).

The hook is the narrowest one that works: a module-level ``exec`` in the ``dataclasses``
module, which its method builder looks up before the builtin. It compiles what it is not given
exactly as the builtin would (filename ``<string>``, no inherited ``__future__`` flags), so a
class is the same with or without the cache. Only the command line installs it (``main``
below); ``import iacgate`` never touches ``dataclasses``. ``IACGATE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import sys
from types import CodeType
from typing import Any

ENTRY = "dataclass-methods"
MAX_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 20_000  # far above every class of the project and its dependencies


def main() -> int:
    """``iacgate``: the command line, with the compiled-methods cache installed first."""
    install()
    from iacgate.cli import main as cli_main

    return cli_main()


def install() -> None:
    """Keep dataclass methods compiled between runs of this process's user (see above)."""
    import dataclasses

    if "exec" in vars(dataclasses):
        return  # installed already (or by someone else: leave theirs)
    from iacgate import usercache

    if usercache.disabled_by_environment():
        return
    store = usercache.UserCache.open()
    if store is None:
        return
    name = _entry_name()
    codes = _load(store.read(name, MAX_BYTES))
    known = len(codes)

    def cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        if isinstance(source, str):
            code = codes.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                if len(codes) < MAX_ENTRIES:
                    codes[source] = code
            source = code
        exec(source, globals, locals)

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]  # shadows the builtin there only

    import atexit

    atexit.register(_save, store, name, codes, known)


def _entry_name() -> str:
    """Code objects belong to one interpreter build: the entry is named after it."""
    import hashlib

    tag = f"{sys.version}|{sys.implementation.cache_tag}".encode()
    return f"{ENTRY}-{hashlib.sha256(tag).hexdigest()[:20]}"


def _load(payload: bytes | None) -> dict[str, CodeType]:
    if payload is None:
        return {}
    import marshal

    try:
        loaded = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _save(store: Any, name: str, codes: dict[str, CodeType], known: int) -> None:
    """At exit, when this run compiled methods the cache did not hold: write them all."""
    try:
        if len(codes) > known:
            import marshal

            store.write(name, marshal.dumps(codes), MAX_BYTES)
    finally:
        store.close()
