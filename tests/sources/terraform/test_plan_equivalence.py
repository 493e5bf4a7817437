"""The static evaluation agrees with a real ``terraform plan`` of the same configuration.

Every value the evaluator knows must equal the planned value; every value it leaves Unknown
must be one the plan also leaves unknown (``after_unknown``); the resource addresses (module
paths and instance keys included) must be the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform.reader import evaluate_directories

from ...conftest import FIXTURES

CONFIG = FIXTURES / "terraform" / "plan_equivalence"
MIRROR = Path("/opt/tf-plugins")


def _planned(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    stack = [plan["planned_values"]["root_module"]]
    while stack:
        module = stack.pop()
        for resource in module.get("resources", []):
            out[resource["address"]] = resource["values"]
        stack.extend(module.get("child_modules", []))
    return out


def _after_unknown(plan: dict[str, Any]) -> dict[str, Any]:
    return {c["address"]: c["change"]["after_unknown"] for c in plan["resource_changes"]}


def _compare(mine: Any, planned: Any, unknown: Any, path: str, problems: list[str]) -> int:
    """Check ``mine`` against the plan; returns how many Unknowns were met."""
    if isinstance(mine, Unknown):
        if unknown is not True:
            problems.append(f"{path}: Unknown ({mine.reason}) but the plan knows {planned!r}")
        return 1
    if mine in ({}, []) and planned is None:
        return 0  # the provider plans an empty map or list as null
    if isinstance(mine, dict):
        if not isinstance(planned, dict):
            problems.append(f"{path}: object vs {planned!r}")
            return 0
        unknown_map = unknown if isinstance(unknown, dict) else {}
        return sum(
            _compare(v, planned.get(k), unknown_map.get(k), f"{path}.{k}", problems)
            for k, v in mine.items()
        )
    if isinstance(mine, list):
        if not isinstance(planned, list) or len(planned) != len(mine):
            problems.append(f"{path}: {mine!r} vs {planned!r}")
            return 0
        total = 0
        # Sets (ingress blocks, cidr lists) may come back in another order: match greedily.
        remaining = list(range(len(planned)))
        for index, item in enumerate(mine):
            for candidate in remaining:
                trial: list[str] = []
                unknown_item = unknown[candidate] if isinstance(unknown, list) else None
                count = _compare(item, planned[candidate], unknown_item, "", trial)
                if not trial:
                    remaining.remove(candidate)
                    total += count
                    break
            else:
                problems.append(f"{path}[{index}]: {item!r} not in {planned!r}")
        return total
    if mine != planned or type(mine) is bool is not type(planned) is bool:
        problems.append(f"{path}: {mine!r} != planned {planned!r}")
    return 0


def _check(plan: dict[str, Any]) -> tuple[int, int]:
    read = evaluate_directories([CONFIG], CONFIG)
    assert not [d for d in read.diagnostics if d.kind == "parse-error"]
    every = [r for root in read.roots for r in root.records]
    # Provider blocks are records too (type provider.aws); a plan keeps them apart from its
    # resources, under configuration.provider_config.
    providers = {
        r.address.removeprefix("provider.") for r in every if r.type.startswith("provider.")
    }
    assert providers == set(plan["configuration"].get("provider_config", {}))
    records = {r.address: r for r in every if not r.type.startswith("provider.")}
    planned = _planned(plan)
    after_unknown = _after_unknown(plan)
    assert sorted(records) == sorted(planned)
    problems: list[str] = []
    unknowns = 0
    compared = 0
    for address, record in records.items():
        for name, mine in record.values.items():
            compared += 1
            unknowns += _compare(
                mine,
                planned[address].get(name),
                after_unknown[address].get(name),
                f"{address}.{name}",
                problems,
            )
    assert problems == []
    return compared, unknowns


def test_evaluation_matches_committed_plan() -> None:
    plan = json.loads((CONFIG / "expected_plan.json").read_text("utf-8"))
    compared, unknowns = _check(plan)
    assert compared >= 30
    # Only the ids of resources created in the same plan are unknown.
    assert unknowns == 2


@pytest.mark.skipif(
    shutil.which("terraform") is None or not MIRROR.is_dir(),
    reason="terraform or its provider mirror is not installed here",
)
def test_evaluation_matches_fresh_plan(tmp_path: Path) -> None:
    work = tmp_path / "config"
    shutil.copytree(CONFIG, work, ignore=shutil.ignore_patterns("expected_plan.json"))
    rc = tmp_path / "terraform.rc"
    rc.write_text(
        f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n'
        '    include = ["registry.terraform.io/*/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n'
    )
    env = dict(
        os.environ,
        TF_CLI_CONFIG_FILE=str(rc),
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        TF_DATA_DIR=str(tmp_path / "tfdata"),
    )

    def run(*args: str) -> str:
        done = subprocess.run(
            ["terraform", *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("init", "-input=false", "-no-color")
    run("plan", "-input=false", "-no-color", "-refresh=false", "-out=plan.bin")
    plan = json.loads(run("show", "-json", "plan.bin"))
    (work / "plan.bin").unlink()
    _check(plan)
    committed = json.loads((CONFIG / "expected_plan.json").read_text("utf-8"))
    assert _planned(plan) == _planned(committed)
