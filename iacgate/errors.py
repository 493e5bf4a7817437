"""The one exception hierarchy, and the exit codes it maps to (DESIGN.md section 5).

Every error iacgate raises on purpose derives from :class:`IacgateError`; ``cli.main`` turns
it into an exit code in one place (:func:`exit_code`). The tree::

    IacgateError                      exit 3 if it escapes: a reader or collector failed to
    |                                 catch its own error, which is a bug
    +-- UsageError                    exit 2: the command was asked what it cannot do (options
    |   |                             that exclude each other, a missing extra); shown with
    |   |                             the command's usage
    |   +-- OutputError               a report cannot be written where it was asked for
    |   +-- ParameterError            a malformed CloudFormation parameter (--cfn-param)
    |   +-- FocusError                ``graph --focus`` names no node
    +-- ConfigError                   exit 2: "configuration error": a configuration,
    |   |                             exceptions or baseline file, a git ref, an input
    |   +-- PackError                 a policy pack cannot be loaded
    |   +-- LiveError                 a live command cannot run (live/errors.py: its kinds)
    |   +-- MergeError                reports that cannot be merged
    |   +-- ActionError               the GitHub Action step cannot run as asked
    +-- SourceError                   a file cannot be read (readers turn it into a finding)
    +-- UnreadableFile (gate.files)   a gate input cannot be read (becomes a ConfigError)
    +-- Unusable (posture.history)    a report left out of the history (listed, not fatal)
    +-- CatalogueError (rules.frameworks) a bundled control catalogue is malformed (a bug)
    +-- ApiFailure (live.aws.api)     an AWS call failed for good (coverage, not a stop)
    +-- ApiError (live.k8s.connection) a Kubernetes request failed for good (coverage)

Exceptions that only carry control inside one reader (an HCL evaluation that gives up, a
budget exceeded, an intrinsic that cannot be resolved) are caught where they are raised and
stay outside the tree: they never reach a user.

A leaf module: it imports nothing of iacgate, so readers and collectors may raise these too.
The old homes (``iacgate.gate.errors``, ``iacgate.rules.packs``, ``iacgate.live.errors``, ...)
still export the names they always did.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_FAILED = 1  # the gate failed: findings at or above the threshold, or drift found
EXIT_USAGE = 2  # usage or configuration error
EXIT_INTERNAL = 3  # internal error: a bug, or the machine ran out of memory


class IacgateError(Exception):
    """Base of every error iacgate raises on purpose."""

    exit_code: ClassVar[int] = EXIT_INTERNAL


class UsageError(IacgateError):
    """The command was asked what it cannot do: options that exclude each other, an extra
    that is not installed (exit 2)."""

    exit_code: ClassVar[int] = EXIT_USAGE


class ConfigError(IacgateError):
    """A user-facing configuration problem: a bad config, exceptions or baseline file, an
    unusable git reference, an input that cannot be used (exit 2)."""

    exit_code: ClassVar[int] = EXIT_USAGE


class PackError(ConfigError):
    """A pack cannot be loaded: missing manifest, bad module, duplicate rule codes."""


class LiveError(ConfigError):
    """A live command cannot run: the CLI reports it and exits with the usage/config code."""


class MergeError(ConfigError):
    """Reports that cannot be merged: unreadable, not iacgate reports, of different types,
    providers or versions (a configuration error)."""


class OutputError(UsageError):
    """A report cannot be written where it was asked for (a usage error, exit 2)."""


class ActionError(ConfigError):
    """The GitHub Action step cannot run as asked (exit 2); the message becomes an error
    annotation."""


class SourceError(IacgateError):
    """A file could not be read; carries the 1-based line where it went wrong, if known."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def exit_code(error: BaseException) -> int:
    """The exit code of an error that stopped a command."""
    return error.exit_code if isinstance(error, IacgateError) else EXIT_INTERNAL
