"""The rule DSL: the ``rule`` decorator, verdicts, metadata and pack loading.

Policy packs import from here::

    from iacgate.rules import Context, Severity, Verdict, fail, ok, rule, unknown
"""

from __future__ import annotations

from iacgate.rules.context import Context
from iacgate.rules.dsl import Rule, rule
from iacgate.rules.metadata import RuleMeta, Severity
from iacgate.rules.verdicts import Status, Verdict, Verdicts, fail, ok, unknown

__all__ = [
    "Context",
    "Rule",
    "RuleMeta",
    "Severity",
    "Status",
    "Verdict",
    "Verdicts",
    "fail",
    "ok",
    "rule",
    "unknown",
]
