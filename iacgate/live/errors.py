"""Errors of live collection that stop a command (partial failures are coverage, not errors)."""

from __future__ import annotations

from iacgate.errors import LiveError

__all__ = ["CollectionFailed", "LiveConfigError", "LiveError", "SnapshotError"]


class LiveConfigError(LiveError):
    """Bad connection settings: no kubeconfig, unknown context, unreadable credentials."""


class CollectionFailed(LiveError):
    """Not a single list call succeeded (unreachable server, rejected credentials).
    ``status`` is the coverage status of the first failure (a ``CoverageStatus`` value), when
    known."""

    def __init__(self, message: str, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class SnapshotError(LiveError):
    """A snapshot file is unreadable, malformed or of an unsupported version."""
