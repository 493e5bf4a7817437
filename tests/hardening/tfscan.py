"""Whole-process scans for the Terraform hardening tests: from any working directory, with
extra environment, under the same address-space and CPU limits as the other hostile-file tests."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from .test_hostile_files import CPU_LIMIT, MEMORY_LIMIT


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_bounded(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``iacgate ARGS`` in ``cwd``; the process dies past 1.5 GB or 60 s of CPU."""
    return subprocess.run(
        [sys.executable, "-P", "-m", "iacgate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        preexec_fn=_limits,
        timeout=timeout,
        check=False,
    )


def scan_json(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """``iacgate scan --no-config --format json ARGS`` (exit 0 or 1 required) and its report."""
    result = run_bounded(
        cwd, "scan", "--no-config", "--format", "json", "--fail-on", "high", *args, env=env
    )
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-3000:])
    report: dict[str, Any] = json.loads(result.stdout)
    return result, report


def parse_errors(report: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for finding in report["findings"]:
        if finding["name"] == "parse-error":
            out.setdefault(finding["file"], []).append(finding["message"])
    return out


def addresses(report: dict[str, Any]) -> set[str]:
    return {f["address"] for f in report["findings"] if f.get("address")}
