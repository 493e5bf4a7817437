"""Rule verdicts with their exact attribute paths, for comparing the two sides of drift.

The engine turns verdicts into findings with display paths; drift needs the paths as tuples
(to name list items by key on both sides), so it asks the rules itself. A rule that crashes is
noted and leaves no verdict: drift never invents a flip from a crash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iacgate.graph.graph import ResourceGraph
from iacgate.model.paths import AttrPath
from iacgate.rules.context import Context
from iacgate.rules.dsl import Rule
from iacgate.rules.verdicts import Status, Verdict


@dataclass(frozen=True, slots=True)
class Failure:
    rule: Rule
    path: AttrPath
    message: str


@dataclass(frozen=True, slots=True)
class Verdicts:
    failures: dict[str, list[Failure]]  # by resource key
    crashes: tuple[str, ...]  # "rule K8S-001 crashed on <address>: <error>"


def _as_list(answer: object) -> list[Verdict]:
    if isinstance(answer, Verdict):
        return [answer]
    if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        raise TypeError(f"rule returned {type(answer).__name__}, expected Verdict(s)")
    items = list(answer)
    if not all(isinstance(item, Verdict) for item in items):
        raise TypeError("rule returned something that is not a Verdict")
    return items


def failing(rules: Sequence[Rule], graph: ResourceGraph) -> Verdicts:
    context = Context(graph)
    failures: dict[str, list[Failure]] = defaultdict(list)
    crashes: list[str] = []
    for rule in rules:
        for resource in graph.resources(rule.meta.kinds):
            try:
                verdicts = _as_list(rule.check(resource, context))
            except Exception as exc:  # a broken rule must not stop drift detection
                crashes.append(
                    f"rule {rule.meta.code} crashed on {resource.address}: "
                    f"{type(exc).__name__}: {exc}"
                )
                continue
            for verdict in verdicts:
                if verdict.status is Status.FAIL:
                    failures[resource.key].append(Failure(rule, verdict.path, verdict.message))
    return Verdicts(dict(failures), tuple(crashes))
