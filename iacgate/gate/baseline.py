"""Baselines: the fingerprints of accepted findings (rule + resource identity + attribute path,
never a line), so a later scan reports only what is new.

Matching is a multiset: a baseline entry absorbs one finding with its fingerprint, and a new
violation of the same rule on another resource has another fingerprint and is never absorbed.

Version 2 files hold ``findings.fingerprint`` values. Version 1 files (iacgate's first
baselines) hashed a Kubernetes finding's file into its fingerprint; their Kubernetes entries are
re-fingerprinted from the fields they record (code, kind, address, path) when read, and every
other entry kept, so old baselines keep matching.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacgate import __version__
from iacgate.findings import Finding, fingerprint
from iacgate.gate.errors import ConfigError
from iacgate.gate.report import FixedFinding
from iacgate.rules.metadata import Severity

BASELINE_VERSION = "2"
READ_VERSIONS = ("1", "2")
# A baseline names every accepted finding (~250 bytes each): 64 MB is a quarter million.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_FIELDS = ("fingerprint", "code", "name", "severity", "kind", "address", "file", "path")


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[FixedFinding, ...]
    file: str


def entry(finding: Finding) -> FixedFinding:
    return FixedFinding(
        code=finding.code,
        name=finding.name,
        severity=finding.severity,
        kind=finding.kind,
        address=finding.address,
        file=finding.file,
        path=finding.path,
        fingerprint=finding.fingerprint,
        message=finding.message,
    )


def render(findings: Iterable[Finding]) -> str:
    """The baseline file: sorted, line-free, stable under edits elsewhere in the files."""
    rows = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "code": f.code,
                "name": f.name,
                "severity": f.severity.label,
                "kind": f.kind,
                "address": f.address,
                "file": f.file,
                "path": f.path,
            }
            for f in findings
        ),
        key=lambda r: (r["file"], r["code"], r["address"], r["path"], r["fingerprint"]),
    )
    document = {"version": BASELINE_VERSION, "tool": f"iacgate {__version__}", "findings": rows}
    return json.dumps(document, indent=2) + "\n"


def load(path: Path) -> Baseline:
    from iacgate.gate.files import read_bounded

    display = path.as_posix()
    text = read_bounded(path, display, "baseline", MAX_BASELINE_BYTES)
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"{display}: baseline is not valid JSON: {exc}") from None
    version = data.get("version") if isinstance(data, dict) else None
    if version not in READ_VERSIONS:
        raise ConfigError(
            f"{display}: not an iacgate baseline (expected version {BASELINE_VERSION!r}; "
            f"create one with 'iacgate baseline create')"
        )
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise ConfigError(f"{display}: at findings: expected a list")
    entries = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in _FIELDS):
            raise ConfigError(
                f"{display}: at findings[{index}]: expected an object with string fields "
                f"{', '.join(_FIELDS)}"
            )
        try:
            severity = Severity.parse(row["severity"])
        except ValueError as exc:
            raise ConfigError(f"{display}: at findings[{index}].severity: {exc}") from None
        print_ = row["fingerprint"]
        if version == "1" and row["kind"].startswith("k8s."):
            print_ = fingerprint(row["code"], "", row["address"], row["path"], row["kind"])
        entries.append(
            FixedFinding(
                code=row["code"],
                name=row["name"],
                severity=severity,
                kind=row["kind"],
                address=row["address"],
                file=row["file"],
                path=row["path"],
                fingerprint=print_,
            )
        )
    return Baseline(tuple(entries), display)


def split(
    findings: Sequence[Finding], known: Sequence[FixedFinding]
) -> tuple[list[bool], list[FixedFinding]]:
    """For each finding, whether it is already known; and the known entries now gone.

    Each known entry absorbs at most one finding with its fingerprint."""
    remaining = Counter(e.fingerprint for e in known)
    existing = []
    for finding in findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            existing.append(True)
        else:
            existing.append(False)
    fixed = []
    for item in known:
        if remaining[item.fingerprint] > 0:
            remaining[item.fingerprint] -= 1
            fixed.append(item)
    return existing, fixed
