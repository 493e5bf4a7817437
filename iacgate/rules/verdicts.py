"""Verdicts: what a rule answers for one resource."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from iacgate.model.paths import AttrPath, parse_path


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One answer. ``path`` names the attribute the answer is about, so the finding points at
    the line that set it (``()`` means the resource as a whole). ``at``: the key of another
    resource whose attribute at ``path`` decided the answer (the launch template an instance
    takes its settings from): the finding, still about the judged resource, points there."""

    status: Status
    message: str = ""
    path: AttrPath = ()
    at: str | None = None


# A rule may answer once, or once per offending element (one verdict per container, say).
Verdicts: TypeAlias = Verdict | Iterable[Verdict]


def _path(path: str | AttrPath) -> AttrPath:
    return parse_path(path) if isinstance(path, str) else tuple(path)


def ok(message: str = "") -> Verdict:
    return Verdict(Status.PASS, message)


def fail(message: str, path: str | AttrPath = (), *, at: str | None = None) -> Verdict:
    return Verdict(Status.FAIL, message, _path(path), at)


def unknown(reason: str, path: str | AttrPath = (), *, at: str | None = None) -> Verdict:
    return Verdict(Status.UNKNOWN, reason, _path(path), at)
