"""Drift values: changes, items and the report, shared by every provider."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from iacgate.driftcheck.paths import DriftPath, format_drift_path
from iacgate.live.coverage import Coverage
from iacgate.model.findings import digest
from iacgate.model.paths import AttrPath
from iacgate.rules.metadata import Severity


class _Absent:
    """The declared or live side has no value at a path (shown as ``null`` in JSON)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT = _Absent()


class DriftStatus(StrEnum):
    MISSING = "missing"  # declared, not in the live scope
    CHANGED = "changed"  # declared and live, with differences (or a rule that now fails)
    UNMANAGED = "unmanaged"  # live, declared nowhere in the inputs


def item_fingerprint(status: str, kind: str, account: str, address: str) -> str:
    return digest(status, kind, account, address)


STATUS_ORDER = {DriftStatus.MISSING: 0, DriftStatus.CHANGED: 1, DriftStatus.UNMANAGED: 2}


@dataclass(frozen=True, slots=True)
class Change:
    """One attribute that differs. Values are already redacted where sensitive."""

    path: DriftPath
    declared: Any  # ABSENT when the declaration does not set it
    live: Any  # ABSENT when the live object lacks it
    sensitive: bool = False
    line: int = 0  # where the declared value was written, when known
    declared_path: AttrPath | None = None  # positional path in the declared resource

    @property
    def display_path(self) -> str:
        return format_drift_path(self.path)


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule verdict that fails on the live side and did not fail on the declared side."""

    code: str
    name: str
    severity: Severity
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class SuppressedHit:
    """A flipped verdict that an exception of the gate configuration accepts."""

    hit: RuleHit
    owner: str
    reason: str
    expires: str  # ISO date
    ticket: str | None = None


@dataclass(frozen=True, slots=True)
class DriftItem:
    status: DriftStatus
    kind: str
    address: str
    physical_id: str | None
    changes: tuple[Change, ...] = ()
    findings: tuple[RuleHit, ...] = ()
    file: str | None = None  # the declaring file (missing and changed items)
    line: int = 0
    suppressed: tuple[SuppressedHit, ...] = ()  # flips accepted by an exception
    account: str | None = None  # AWS: the account it is (or should be) in

    @property
    def security(self) -> bool:
        """Security drift: the change made at least one rule verdict go from pass to fail."""
        return bool(self.findings)

    @property
    def fingerprint(self) -> str:
        """Status, kind, account and address -- never a line or a value: the same drift found
        by two runs (or two shards of one run) has one fingerprint."""
        return item_fingerprint(self.status.value, self.kind, self.account or "", self.address)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({hit.code for hit in self.findings}))

    @property
    def severity(self) -> Severity | None:
        return max((hit.severity for hit in self.findings), default=None)

    def rank(self) -> tuple[int, int, int, str, str, str]:
        """Security drift first (most severe first), then missing, changed, unmanaged."""
        severity = self.severity
        return (
            0 if self.security else 1,
            -(int(severity) if severity is not None else -1),
            STATUS_ORDER[self.status],
            self.kind,
            self.address,
            self.account or "",
        )


@dataclass(frozen=True, slots=True)
class Unverified:
    """A declared resource drift could not check: its kind or place was not (fully) read."""

    kind: str
    address: str
    reason: str
    file: str | None = None
    line: int = 0
    where: str | None = None  # the part of the scope that was not read (a region, an account)
    account: str | None = None  # AWS: the account it is in, when known


@dataclass(frozen=True, slots=True)
class KindCount:
    """Per kind: how much of the live scope the inputs declare (the IaC coverage figure)."""

    kind: str
    declared: int = 0
    live: int = 0
    managed: int = 0  # live and declared
    unmanaged: int = 0

    @property
    def iac_coverage(self) -> float | None:
        total = self.managed + self.unmanaged
        return None if total == 0 else round(self.managed / total, 4)


@dataclass(frozen=True, slots=True)
class DriftReport:
    provider: str
    scope: str
    collected_at: str
    items: tuple[DriftItem, ...]  # ranked
    coverage: Coverage
    unverified: tuple[Unverified, ...] = ()
    declared: int = 0  # declared resources considered
    live: int = 0  # live resources read
    in_sync: int = 0  # declared resources found live without any difference
    by_kind: tuple[KindCount, ...] = ()
    inputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # The run, so that reports compare over time: the live scope and the declared checkout
    # (docs/json-output.md), and the wall time from the command's start to the report.
    target: Mapping[str, Any] = field(default_factory=dict)
    duration_seconds: float = 0.0

    def count(self, status: DriftStatus) -> int:
        return sum(1 for item in self.items if item.status is status)

    @property
    def security(self) -> int:
        return sum(1 for item in self.items if item.security)

    @property
    def drifted(self) -> bool:
        """A declared resource is missing or changed (the exit-1 condition)."""
        return any(item.status is not DriftStatus.UNMANAGED for item in self.items)

    @property
    def incomplete(self) -> bool:
        return bool(self.unverified or self.coverage.gaps or self.coverage.unread)
