"""The rule-author API: everything a policy pack imports, from one place.

Policy packs import from here and from the model's vocabulary modules (``iacgate.model.aws``,
``iacgate.model.k8s``, ...), never from the modules behind them; a test keeps it so
(tests/test_imports.py) and docs/writing-rules.md documents each name::

    from iacgate.rules import Context, Resource, Severity, Verdict, fail, ok, rule, unknown

- the DSL: ``rule``, ``Severity``, ``Context`` (the graph queries), verdicts (``ok``, ``fail``,
  ``unknown``, ``Verdict``, ``Verdicts``, ``Status``);
- the model a rule reads: ``Resource``, ``AttrPath``, ``Value``, ``Unknown``/``UNKNOWN``,
  ``is_unknown`` and the partly-known-string helpers, ``EdgeType`` and ``Edge``;
- three-valued answers: ``Tri``, ``tri_any``, ``tri_all``, ``first_unknown``, ``reason``,
  ``summarize``;
- ``per_resource``: a helper's answer kept per resource, for helpers many rules call.

Everything here is cheap to import (no networkx, no readers): a one-file scan loads it.
"""

from __future__ import annotations

from iacgate.graph.graph import Direction, Edge
from iacgate.model.edges import EdgeType
from iacgate.model.memo import per_resource
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import (
    UNKNOWN,
    Unknown,
    could_equal,
    display,
    equals,
    is_unknown,
    known_prefix,
    known_suffix,
    matches_pattern,
    pattern_could_match,
)
from iacgate.model.values import Value
from iacgate.rules.context import Context
from iacgate.rules.dsl import Rule, rule
from iacgate.rules.metadata import RuleMeta, Severity
from iacgate.rules.tri import Tri, first_unknown, reason, summarize, tri_all, tri_any
from iacgate.rules.verdicts import Status, Verdict, Verdicts, fail, ok, unknown

__all__ = [
    "UNKNOWN",
    "AttrPath",
    "Context",
    "Direction",
    "Edge",
    "EdgeType",
    "Resource",
    "Rule",
    "RuleMeta",
    "Severity",
    "Status",
    "Tri",
    "Unknown",
    "Value",
    "Verdict",
    "Verdicts",
    "could_equal",
    "display",
    "equals",
    "fail",
    "first_unknown",
    "is_unknown",
    "known_prefix",
    "known_suffix",
    "matches_pattern",
    "ok",
    "pattern_could_match",
    "per_resource",
    "reason",
    "rule",
    "summarize",
    "tri_all",
    "tri_any",
    "unknown",
]
