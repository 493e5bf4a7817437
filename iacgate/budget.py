"""Time budgets: one deadline for the whole scan, and one budget per rule evaluation.

**The scan's deadline** (:func:`scan_deadline`, default 5 minutes) bounds everything a scan
does that can take long: reading files, rendering kustomizations, evaluating Terraform roots.
Each stage asks :func:`deadline` how much time is left instead of keeping its own clock, so
five Terraform roots or fifty kustomizations share one limit; what the deadline cuts off is
reported as not judged. The deadline is a point on ``time.monotonic()``, the same clock in the
worker processes a scan forks, which inherit it (or receive it as an argument).

**The rule budget** (:class:`Budget`): a periodic ``SIGALRM`` tick checks how long the
current (rule, resource) evaluation has run and raises ``RuleTimeout`` inside it once the
budget is spent. Per evaluation the cost is one clock read, not a syscall. Signals only reach
the main thread: elsewhere (a library caller's worker thread) the budget is not enforced. A rule
stuck inside one long C call (a pathological regular expression) is interrupted when that call
returns.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType, TracebackType

DEFAULT_SCAN_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Deadline:
    """A point in time (``time.monotonic()``) after which a scan stops starting new work."""

    at: float = math.inf
    seconds: float | None = None  # the limit it was made from, for messages

    @classmethod
    def after(cls, seconds: float | None) -> Deadline:
        if seconds is None or seconds <= 0:
            return cls()
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def reason(self) -> str:
        """Why something was not judged once the deadline has passed."""
        limit = f" of {self.seconds:g} s" if self.seconds is not None else ""
        return f"the scan's time limit{limit} was reached (--time-limit, time-limit:)"


_current = Deadline()


def deadline() -> Deadline:
    """The deadline of the scan in progress (none: a deadline that never passes)."""
    return _current


@contextlib.contextmanager
def scan_deadline(seconds: float | None) -> Iterator[Deadline]:
    """Run a scan under a deadline ``seconds`` from now. Nested scans (a merge-base scan
    inside a gated run) share the earlier of the two deadlines: one limit for the run."""
    global _current
    previous = _current
    made = Deadline.after(seconds)
    _current = made if made.at < previous.at else previous
    try:
        yield _current
    finally:
        _current = previous


class RuleTimeout(BaseException):
    """Raised inside a rule that overran its budget. A BaseException, so that a rule's own
    ``except Exception`` cannot swallow it."""


class Budget:
    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._started = 0.0
        self._active = False
        self._enabled = False
        self._previous: object = None

    def __enter__(self) -> Budget:
        if (
            self.seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        ):
            tick = min(0.25, self.seconds / 4)
            self._previous = signal.signal(signal.SIGALRM, self._on_tick)
            signal.setitimer(signal.ITIMER_REAL, tick, tick)
            self._enabled = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._enabled:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]  # what signal() gave back
            self._enabled = False

    def start(self) -> None:
        self._started = time.monotonic()
        self._active = True

    def stop(self) -> None:
        self._active = False

    def _on_tick(self, signum: int, frame: FrameType | None) -> None:
        if self._active and self.seconds and time.monotonic() - self._started > self.seconds:
            raise RuleTimeout
