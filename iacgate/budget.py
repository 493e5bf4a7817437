"""A time budget per rule evaluation, so a looping rule cannot hang the scan.

A periodic ``SIGALRM`` tick checks how long the current (rule, resource) evaluation has run and
raises ``RuleTimeout`` inside it once the budget is spent. Per evaluation the cost is one clock
read, not a syscall. Signals only reach the main thread: elsewhere (a library caller's worker
thread) the budget is not enforced. A rule stuck inside one long C call (a pathological regular
expression) is interrupted when that call returns.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType


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
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
            self._enabled = False

    def start(self) -> None:
        self._started = time.monotonic()
        self._active = True

    def stop(self) -> None:
        self._active = False

    def _on_tick(self, signum: int, frame: FrameType | None) -> None:
        if self._active and self.seconds and time.monotonic() - self._started > self.seconds:
            raise RuleTimeout
