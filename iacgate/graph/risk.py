"""Risk: a 0-100 score on every failing finding, from severity, exposure and blast radius.

``score = round(100 * S * (0.4 + 0.3 * E + 0.3 * B))`` where ``S`` is the rule's severity as a
factor (:data:`SEVERITY`), ``E`` how the internet reaches the resource
(``reachability.exposure``: 1 reachable, 0.5 reachable where the nodes are, 0 not found) and
``B`` what the resource's identity can do (``identity.power``: 1 administrator of the account
or cluster, down to 0 for no identity). A finding keeps 40% of its severity whatever the graph
says (a critical misconfiguration is still worth fixing on an isolated resource), and exposure
and blast radius can each add 30%. docs/risk.md has worked examples.

The graph analyses are computed once per scan (memoized on the graph), so scoring is linear in
the graph and in the findings. Code and live state get the same scores: only canonical
resources and their edges are read.
"""

from __future__ import annotations

from iacgate.graph.graph import ResourceGraph
from iacgate.graph.identity import power
from iacgate.graph.reachability import exposure
from iacgate.model.risk import Risk, describe_path
from iacgate.model.severity import Severity

SEVERITY: dict[Severity, float] = {
    Severity.CRITICAL: 1.0,
    Severity.HIGH: 0.75,
    Severity.MEDIUM: 0.5,
    Severity.LOW: 0.25,
    Severity.INFO: 0.1,
}
BASE, EXPOSURE_WEIGHT, BLAST_WEIGHT = 0.4, 0.3, 0.3
MAX_REASONS = 4  # per factor: the strongest; the JSON path keeps every hop


def formula(severity: float, exposed: float, blast: float) -> int:
    return round(100 * severity * (BASE + EXPOSURE_WEIGHT * exposed + BLAST_WEIGHT * blast))


def risk_of(graph: ResourceGraph, key: str, severity: Severity, code: str) -> Risk | None:
    """The risk of a finding of rule ``code`` with ``severity`` on the resource ``key``."""
    resource = graph.get(key)
    if resource is None:
        return None
    s = SEVERITY.get(severity, 0.1)
    reached = exposure(graph).get(key)
    blast = power(graph, resource)
    e = reached.level if reached is not None else 0.0
    reasons = [f"severity {severity.label} ({code}): {s:g}"]
    if reached is not None:
        reasons.append(f"exposure {e:g}: {describe_path(reached.hops)}")
    else:
        reasons.append("exposure 0: no path from the internet found in the graph")
    if blast.items:
        reasons.append(f"blast radius {blast.factor:g}: " + "; ".join(blast.reasons[:MAX_REASONS]))
    else:
        reasons.append("blast radius 0: no identity with permissions found")
    return Risk(
        score=formula(s, e, blast.factor),
        severity=s,
        exposure=e,
        blast_radius=blast.factor,
        reasons=tuple(reasons),
        path=reached.hops if reached is not None else (),
    )
