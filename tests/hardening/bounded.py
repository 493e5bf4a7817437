"""Whole-process runs of iacgate under the hardening suite's limits (1.5 GB of address space,
60 s of CPU): a run that needs more dies, and the test fails."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 1536 * 1024 * 1024
CPU_LIMIT = 60


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run(
    cwd: Path,
    *args: str,
    module: str = "iacgate",
    env: Mapping[str, str] | None = None,
    prefix: tuple[str, ...] = (),
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -P -m iacgate ARGS`` in ``cwd`` (``prefix``: a command to run it under)."""
    return subprocess.run(
        [*prefix, sys.executable, "-P", "-m", module, *args],
        cwd=cwd,
        env=dict(env if env is not None else os.environ, NO_COLOR="1"),
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        timeout=timeout,
        check=False,
    )


def scan(cwd: Path, *args: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """A JSON scan of ``cwd`` (or of ARGS): the exit code and the report."""
    done = run(cwd, "scan", "--no-config", "--format", "json", *(args or (".",)), **kwargs)
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-3000:])
    return done.returncode, json.loads(done.stdout)


def found(report: Mapping[str, Any], name: str) -> dict[str, str]:
    """file -> message of the report's findings named ``name`` (one per file)."""
    return {f["file"]: f.get("message", "") for f in report["findings"] if f["name"] == name}


def codes(report: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {(f["file"], f["code"]) for f in report["findings"]}


def skipped(report: Mapping[str, Any]) -> dict[str, str]:
    return {s["file"]: s["reason"] for s in report["skipped"]}
