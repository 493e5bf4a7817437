"""iacgate: a policy-as-code gate for infrastructure code.

Importing this package loads nothing heavy; the public library entry points live in
``iacgate.api`` and are imported on demand.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
