"""Findings: what a scan reports, with a line-independent fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from iacgate.rules.metadata import Severity


class FindingStatus(StrEnum):
    FAIL = "fail"  # a rule failed
    UNKNOWN = "unknown"  # a rule could not decide (an UNKNOWN input)
    ERROR = "error"  # the scanner could not judge: parse-error, internal-error


# Reserved codes for what the scanner itself reports; rule codes never use the CORE prefix.
PARSE_ERROR = ("CORE-001", "parse-error")
INTERNAL_ERROR = ("CORE-002", "internal-error")
# A part of a live scope nothing could be read from (an AWS account whose role could not be
# assumed): nothing in it was judged.
SCOPE_NOT_READ = ("CORE-020", "live-scope-not-read")


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
        # Live findings have no file: their scope (the account) orders them instead.
        return (self.file or self.scope, self.start_line, self.code, self.address, self.path)

    @property
    def account(self) -> str | None:
        """The AWS account of a live AWS finding (its scope ``aws:<account>``)."""
        if self.source != "live-aws" or not self.scope.startswith("aws:"):
            return None
        account = self.scope.removeprefix("aws:")
        return account if len(account) == 12 and account.isdigit() else None


def fingerprint(code: str, scope: str, address: str, path: str) -> str:
    """Rule + resource identity + attribute path; never a line number, so baselines survive
    edits above the finding."""
    digest = hashlib.sha256("\x1f".join((code, scope, address, path)).encode("utf-8"))
    return digest.hexdigest()[:32]
