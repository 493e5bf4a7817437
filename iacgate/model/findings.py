"""Findings: what a scan reports, with a line-independent fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from iacgate.model.severity import Severity


class FindingStatus(StrEnum):
    FAIL = "fail"  # a rule failed
    UNKNOWN = "unknown"  # a rule could not decide (an UNKNOWN input)
    ERROR = "error"  # the scanner could not judge: parse-error, internal-error


# Reserved codes for what the scanner itself reports; rule codes never use the CORE prefix.
PARSE_ERROR = ("CORE-001", "parse-error")
INTERNAL_ERROR = ("CORE-002", "internal-error")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    status: FindingStatus
    kind: str
    address: str
    file: str
    start_line: int
    end_line: int
    path: str
    message: str
    fingerprint: str
    scope: str = ""
    source: str = ""

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.start_line, self.code, self.address, self.path)


def fingerprint(code: str, scope: str, address: str, path: str) -> str:
    """Rule + resource identity + attribute path; never a line number, so baselines survive
    edits above the finding."""
    digest = hashlib.sha256("\x1f".join((code, scope, address, path)).encode("utf-8"))
    return digest.hexdigest()[:32]
