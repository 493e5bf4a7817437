"""The library front door: ``iacgate.scan`` and friends, and the scripts of docs/library.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import iacgate
from iacgate.cli import main
from iacgate.errors import ConfigError, IacgateError, UsageError

from .conftest import EXAMPLES, REPO

LIBRARY_DOC = REPO / "docs" / "library.md"


def doc_script(name: str) -> str:
    """The fenced Python block of docs/library.md that starts with ``# file: NAME``."""
    blocks = re.findall(r"```python\n(.*?)```", LIBRARY_DOC.read_text("utf-8"), re.S)
    found = [b for b in blocks if b.startswith(f"# file: {name}\n")]
    assert len(found) == 1, f"docs/library.md: no single script {name}"
    return found[0]


def run_script(
    source: str, tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-P", str(script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **env},
        timeout=120,
    )


def test_the_gate_script_fails_an_insecure_tree_and_passes_a_secure_one(tmp_path: Path) -> None:
    source = doc_script("gate.py")
    insecure = run_script(source, tmp_path, str(EXAMPLES / "kubernetes" / "insecure"))
    assert insecure.returncode == 1, insecure.stderr
    assert re.search(r"web\.yaml:\d+: K8S-\d{3} \[high\] fail: ", insecure.stdout)
    assert insecure.stdout.rstrip().endswith("gate failed")
    secure = run_script(source, tmp_path, str(EXAMPLES / "kubernetes" / "secure"))
    assert secure.returncode == 0, secure.stdout + secure.stderr
    assert secure.stdout.rstrip().endswith("gate passed")


def test_scan_agrees_with_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    target = str(EXAMPLES / "kubernetes" / "insecure")
    result = iacgate.scan([target], use_config=False)
    assert main(["scan", "--no-config", "--format", "json", target]) == 1
    cli = json.loads(capsys.readouterr().out)
    mine = json.loads(result.to_json())
    assert not result.passed and mine["summary"] == cli["summary"]
    assert [f["fingerprint"] for f in mine["findings"]] == [
        f["fingerprint"] for f in cli["findings"]
    ]
    first = result.findings[0]
    assert (first.code, first.file, first.start_line > 0, first.message != "") == (
        cli["findings"][0]["code"],
        cli["findings"][0]["file"],
        True,
        True,
    )


def test_fail_on_none_passes_and_a_bad_threshold_is_refused() -> None:
    target = str(EXAMPLES / "kubernetes" / "insecure")
    assert iacgate.scan([target], use_config=False, fail_on="none").passed
    with pytest.raises(ValueError):
        iacgate.scan([target], fail_on="severe")


def test_a_missing_configuration_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        iacgate.scan([str(EXAMPLES)], config=tmp_path / "nope.yaml")
    assert isinstance(caught.value, IacgateError) and caught.value.exit_code == 2


def test_drift_needs_exactly_one_live_side() -> None:
    with pytest.raises(UsageError):
        iacgate.drift([str(EXAMPLES / "kubernetes")])


def test_the_one_liner_of_the_issue(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "pod.yaml").write_bytes(
        (EXAMPLES / "kubernetes" / "insecure" / "web.yaml").read_bytes()
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import iacgate; r = iacgate.scan(['k8s']); print(r.passed, len(r.findings))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    passed, count = done.stdout.split()
    assert passed == "False" and int(count) > 0


def test_unknown_names_are_still_attribute_errors() -> None:
    with pytest.raises(AttributeError):
        _ = iacgate.no_such_function  # type: ignore[attr-defined]


def test_the_front_door_loads_on_first_use() -> None:
    probe = (
        "import sys, iacgate\n"
        "print('iacgate.library' in sys.modules)\n"
        "iacgate.scan\n"
        "print('iacgate.library' in sys.modules, 'iacgate.gate.run' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[:2] == ["False", "True False"]


def test_drift_is_the_function_whatever_was_imported_before() -> None:
    """The drift package is ``iacgate.driftcheck``: importing its modules sets no attribute
    ``drift`` on the package root, which stays the library's function (a package named
    ``iacgate.drift`` would replace it on import)."""
    probe = (
        "import inspect, sys\n"
        "import iacgate.driftcheck.engine, iacgate.driftcheck.orchestrate\n"
        "import iacgate\n"
        "from iacgate import drift\n"
        "import iacgate.library\n"
        "print(drift is iacgate.drift is iacgate.library.drift, inspect.isfunction(drift))\n"
        "print(list(inspect.signature(iacgate.drift).parameters)[:3])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines() == ["True True", "['declared', 'live', 'snapshot']"]
