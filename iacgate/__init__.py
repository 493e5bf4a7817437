"""iacgate: a policy-as-code gate for infrastructure code.

Importing this package loads nothing heavy. The library's front door is re-exported here on
first use (``iacgate.scan``, ``iacgate.drift``, ``iacgate.inventory``: see
``iacgate.library`` and docs/library.md); the ungated building blocks live in ``iacgate.api``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["DriftResult", "ScanResult", "__version__", "drift", "inventory", "scan"]

if TYPE_CHECKING:
    from iacgate.library import DriftResult, ScanResult, drift, inventory, scan

# ``drift`` is free for the function: the package that does the work is ``iacgate.driftcheck``,
# so importing one of its modules sets no attribute ``drift`` here to shadow it.
_LIBRARY = frozenset({"DriftResult", "ScanResult", "drift", "inventory", "scan"})


def __getattr__(name: str) -> Any:
    # Lazily: ``import iacgate`` (the CLI's start-up, ``--version``) must not load the library.
    if name in _LIBRARY:
        from iacgate import library

        return getattr(library, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
