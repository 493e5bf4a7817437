"""Drift rate: of the resources the code declares, the share that is missing or changed live.

Security drift (a change that made a rule fail) is counted apart, as is what drift could not
verify (its kind or region was not read completely). Unmanaged resources (live, declared
nowhere) are not drift of a declared resource; they are reported beside the rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iacgate.posture.history import DriftRun


@dataclass(frozen=True, slots=True)
class DriftRate:
    scope: str
    provider: str
    declared: int
    in_sync: int
    missing: int
    changed: int
    unmanaged: int
    security: int
    unverified: int

    @property
    def drifted(self) -> int:
        return self.missing + self.changed

    @property
    def rate(self) -> float | None:
        return self.drifted / self.declared if self.declared else None

    @property
    def security_rate(self) -> float | None:
        return self.security / self.declared if self.declared else None


def drift_rates(runs: Sequence[DriftRun]) -> tuple[DriftRate, ...]:
    """From the latest drift report of each live scope."""
    return tuple(
        DriftRate(
            r.scope,
            r.provider,
            r.declared,
            r.in_sync,
            r.missing,
            r.changed,
            r.unmanaged,
            r.security,
            r.unverified,
        )
        for r in runs
    )


def total(rates: Sequence[DriftRate]) -> DriftRate:
    """Every scope added up (the estate's figure)."""
    return DriftRate(
        "all",
        "",
        sum(r.declared for r in rates),
        sum(r.in_sync for r in rates),
        sum(r.missing for r in rates),
        sum(r.changed for r in rates),
        sum(r.unmanaged for r in rates),
        sum(r.security for r in rates),
        sum(r.unverified for r in rates),
    )
