"""Trends across the history: findings per run, new and fixed, mean times to detect and remediate.

Runs are compared within a stream (the same target over time), by fingerprint: rule, resource
identity and attribute path, never a line. A failing finding (status ``fail`` or ``error``,
suppressed or not) is *open* from the run that first reports it until the first later run that
judges it again and does not report it: that run *fixed* it. A run judges a finding when it
read the finding's file (no parse error, not skipped) and ran its rule; a finding that merely
went unreported because its file no longer parsed stays open. A finding that comes back after
a fix opens a new episode.

What the history can tell, and what it cannot (docs/reporting.md):

- **Time to detect** of an episode = its first-seen run's time minus the time of the last
  earlier run that judged the finding absent. The misconfiguration appeared somewhere in that
  interval, so this is an *upper bound*, and detection latency is bounded by the run interval.
  Episodes seen in a stream's first run (or with no earlier run that judged them) have no
  known start and are left out of MTTD.
- **Time to remediate** of an episode = the fixing run's time minus its first-seen run's time:
  from detection to the first run that saw the fix (again an upper bound, by at most one run
  interval). Episodes still open at the stream's last run are not in MTTR; their mean age is
  reported beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from iacgate.posture.compliance import framework_ratios
from iacgate.posture.history import Issue, ScanRun
from iacgate.rules.metadata import Severity


@dataclass(frozen=True, slots=True)
class Point:
    """One run of a stream."""

    file: str
    generated_at: dt.datetime
    open_by_severity: Mapping[Severity, int]  # unsuppressed failing findings
    unknown: int
    suppressed: int
    new: int | None  # first seen in this run; None for the stream's first run
    fixed: int | None  # judged gone in this run; None for the stream's first run
    unverified: int  # open findings this run could not judge (file unread, rule not run)
    duration_seconds: float | None
    compliance: Mapping[str, float | None]  # framework -> passing share of judged checks

    @property
    def open(self) -> int:
        return sum(self.open_by_severity.values())


@dataclass(frozen=True, slots=True)
class Episode:
    """A failing finding from its first-seen run to its fix (or the stream's last run)."""

    issue: Issue
    first_seen: dt.datetime
    appeared_after: dt.datetime | None  # last earlier run that judged it absent
    fixed_at: dt.datetime | None  # first later run that judged it absent
    observed_until: dt.datetime  # the stream's last run

    @property
    def detection_seconds(self) -> float | None:
        if self.appeared_after is None:
            return None
        return (self.first_seen - self.appeared_after).total_seconds()

    @property
    def remediation_seconds(self) -> float | None:
        if self.fixed_at is None:
            return None
        return (self.fixed_at - self.first_seen).total_seconds()

    @property
    def open_seconds(self) -> float | None:
        """Age at the stream's last run, while still open."""
        if self.fixed_at is not None:
            return None
        return (self.observed_until - self.first_seen).total_seconds()


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class Timing:
    mttd_seconds: float | None
    detected: int  # episodes with a known start: the MTTD sample
    mttr_seconds: float | None
    remediated: int  # closed episodes: the MTTR sample
    open: int
    mean_open_age_seconds: float | None

    @classmethod
    def of(cls, episodes: Iterable[Episode]) -> Timing:
        detect: list[float] = []
        repair: list[float] = []
        ages: list[float] = []
        for episode in episodes:
            for value, into in (
                (episode.detection_seconds, detect),
                (episode.remediation_seconds, repair),
                (episode.open_seconds, ages),
            ):
                if value is not None:
                    into.append(value)
        return cls(_mean(detect), len(detect), _mean(repair), len(repair), len(ages), _mean(ages))


@dataclass(frozen=True, slots=True)
class StreamTrend:
    stream: str
    label: str
    points: tuple[Point, ...]
    episodes: tuple[Episode, ...]

    @property
    def timing(self) -> Timing:
        return Timing.of(self.episodes)

    def timing_by_severity(self) -> dict[Severity, Timing]:
        severities = sorted({e.issue.severity for e in self.episodes}, reverse=True)
        return {s: Timing.of(e for e in self.episodes if e.issue.severity is s) for s in severities}


@dataclass(slots=True)
class _Open:
    issue: Issue
    first_seen: dt.datetime
    appeared_after: dt.datetime | None


def trend(runs: Sequence[ScanRun]) -> StreamTrend:
    """Points and episodes of one stream; ``runs`` in time order."""
    if not runs:
        raise ValueError("a trend needs at least one run")
    opened: dict[str, _Open] = {}
    closed: list[tuple[_Open, dt.datetime]] = []
    points: list[Point] = []
    for index, run in enumerate(runs):
        now = run.generated_at
        new = 0
        for fingerprint, issue in run.issues.items():
            if fingerprint in opened:
                continue
            # The finding appeared after the last earlier run that judged it and did not
            # report it (usually the previous run; further back when that one could not judge).
            after = next(
                (runs[j].generated_at for j in range(index - 1, -1, -1) if runs[j].judges(issue)),
                None,
            )
            opened[fingerprint] = _Open(issue, now, after)
            new += 1
        fixed = unverified = 0
        for fingerprint in [f for f in opened if f not in run.issues]:
            if run.judges(opened[fingerprint].issue):
                closed.append((opened.pop(fingerprint), now))
                fixed += 1
            else:
                unverified += 1
        first = index == 0
        points.append(
            Point(
                file=run.file,
                generated_at=now,
                open_by_severity=dict(run.open_by_severity),
                unknown=run.unknown,
                suppressed=run.suppressed,
                new=None if first else new,
                fixed=None if first else fixed,
                unverified=unverified,
                duration_seconds=run.duration_seconds,
                compliance=framework_ratios(run),
            )
        )
    until = runs[-1].generated_at
    episodes = [
        Episode(o.issue, o.first_seen, o.appeared_after, fixed_at, until) for o, fixed_at in closed
    ]
    episodes += [
        Episode(o.issue, o.first_seen, o.appeared_after, None, until) for o in opened.values()
    ]
    episodes.sort(key=lambda e: (e.first_seen, e.issue.fingerprint))
    return StreamTrend(runs[-1].stream, runs[-1].label, tuple(points), tuple(episodes))
