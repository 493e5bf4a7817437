"""``Value``: what an attribute evaluates to, named once for every signature that carries one.

Canonical attributes are JSON-shaped (strings, numbers, booleans, ``None``, lists, string-keyed
mappings) and any of them may be an ``Unknown`` (``iacgate.model.unknown``). The alias is
``Any`` underneath: a precise recursive union would make every rule narrow each nested read
with ``isinstance`` before it may index it, and mypy cannot narrow through ``Resource.get``
paths. The name still says, in every public signature, that the argument is an evaluated
attribute and not an arbitrary object.
"""

from __future__ import annotations

from typing import Any, TypeAlias

Value: TypeAlias = Any
