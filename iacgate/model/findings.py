"""Findings: what a scan reports, with a line-independent fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from iacgate.model.risk import Risk
from iacgate.model.severity import Severity


class FindingStatus(StrEnum):
    FAIL = "fail"  # a rule failed
    UNKNOWN = "unknown"  # a rule could not decide (an UNKNOWN input)
    ERROR = "error"  # the scanner could not judge: parse-error, internal-error


# Reserved codes for what the scanner itself reports; rule codes never use the CORE prefix.
PARSE_ERROR = ("CORE-001", "parse-error")
INTERNAL_ERROR = ("CORE-002", "internal-error")
NOT_SCANNED = ("CORE-003", "file-not-scanned")
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
    # Failing findings of a judged graph carry their risk (graph/risk.py); None otherwise.
    risk: Risk | None = None
    # Where the judged value was written besides the finding's own line, as (file, line):
    # a ``.tfvars`` line, a variable default, a local, a module argument. Not in the fingerprint.
    origins: tuple[tuple[str, int], ...] = ()

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


def identity_scope(kind: str, scope: str) -> str:
    """The part of a resource's scope that belongs to its identity.

    - Kubernetes objects are identified by ``group/Kind/namespace/name`` (their address) alone,
      as the API server identifies them: moving or renaming the file that declares one keeps
      its findings' fingerprints, and a live object's findings match the manifest's.
    - Terraform resources by their root module directory and address: a file moved within its
      root keeps its fingerprints (the address does not name the file); a root moved elsewhere
      does not (``--diff-base`` follows such renames, see ``gate/renames.py``).
    - CloudFormation resources by the template (and stack name) and logical id: logical ids
      repeat across templates, so the template is part of the identity.
    - Live AWS resources by account and ARN; parse errors and the gate's notices by their file.
    """
    return "" if kind.startswith("k8s.") else scope


def digest(*parts: str) -> str:
    """The one hash behind every fingerprint (findings, drift items): 32 hex digits of the
    SHA-256 of the parts."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def fingerprint(code: str, scope: str, address: str, path: str, kind: str = "") -> str:
    """Rule + resource identity + attribute path; never a line number, so baselines survive
    edits above the finding. The one fingerprint of every finding: files, live and drift."""
    return digest(code, identity_scope(kind, scope), address, path)


def legacy_fingerprint(code: str, scope: str, address: str, path: str) -> str:
    """The fingerprint of iacgate's first baselines (version 1): the whole scope, so a
    Kubernetes finding's file was part of it. Read only to keep old baselines matching."""
    return digest(code, scope, address, path)


def finding_fingerprint(finding: Finding, scope: str | None = None) -> str:
    """``finding``'s fingerprint recomputed from its fields, optionally in another scope (a
    renamed file or directory)."""
    return fingerprint(
        finding.code,
        finding.scope if scope is None else scope,
        finding.address,
        finding.path,
        finding.kind,
    )
