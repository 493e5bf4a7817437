"""The top risks: the highest-ranked unsuppressed failing findings of the newest reports.

A finding's ``risk.score`` (0-100) ranks it when the report carries one; otherwise, and between
equal scores, severity, then rule code, then file decide (``Risk.rank``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from iacgate.posture.history import Risk, ScanRun

TOP = 10


@dataclass(frozen=True, slots=True)
class RankedRisk:
    risk: Risk
    where: str  # the stream (target) it was found in


def top_risks(runs: Iterable[ScanRun], limit: int = TOP) -> tuple[RankedRisk, ...]:
    candidates = [RankedRisk(risk, run.label) for run in runs for risk in run.top]
    return tuple(heapq.nsmallest(limit, candidates, key=lambda r: (r.risk.rank(), r.where)))
