"""Shared test helpers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "docs" / "examples"
CORPUS = REPO.parent / "shared" / "corpus"


def run_cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a whole process, the way users and CI do (``-P``: the working directory
    is not put on sys.path, so a scanned tree cannot shadow the package)."""
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-P", "-m", "iacgate", *args],
        cwd=cwd or REPO,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The pre-commit hook's parse cache (and any other per-user cache) writes under a
    directory of the test session, never the user's: tests run the hook in this process and in
    child processes, which inherit the environment."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


@pytest.fixture
def repo() -> Path:
    return REPO


# What differs between two runs over the same inputs: when the report was written and how long
# the run took (docs/json-output.md). Everything else must be identical.
RUN_FIELDS = ("generated_at", "duration_seconds")


def same_inputs_view(text: str) -> dict[str, Any]:
    """A JSON report without the fields that only say when and how fast it was made."""
    document = json.loads(text)
    for name in RUN_FIELDS:
        assert name in document, f"report lacks {name}"
        del document[name]
    return document  # type: ignore[no-any-return]
