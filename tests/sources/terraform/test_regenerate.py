"""The committed plan/state fixtures are what the real terraform produces today.

Where ``terraform`` and the provider mirror exist, the configuration is planned again against a
fresh moto server and the canonical resources of the new plan must equal those of the committed
plan. Applying takes about two minutes: set ``IACGATE_TF_APPLY=1`` to also apply and compare the
new state with the committed one (ids AWS assigns differ per run and are aligned first).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import pytest

from iacgate.model.resource import Resource
from iacgate.normalize.terraform import to_resources
from iacgate.sources.terraform.plan import read_document
from tests.normalize.sources import FIXTURE
from tests.normalize.test_equivalence import differences
from tests.sources.terraform.tfharness import run_terraform, toolchain

TOOLS = toolchain()
pytestmark = pytest.mark.skipif(TOOLS is None, reason="terraform or its AWS provider mirror absent")
_ID_KEY = re.compile(r"(^|_)(id|ids|arn|url|name)$|^(arn|url)$")


def _canonical(document: Mapping[str, Any]) -> dict[str, Resource]:
    records = read_document(document).records
    resources = to_resources(records, scope="x", source="terraform-plan").resources
    return {r.address: r for r in resources}


def _committed(name: str) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads((FIXTURE / name).read_text())
    return data


def _align(old: Any, new: Any, key: str, tokens: dict[str, str]) -> None:
    """Pair the ids AWS assigned in two runs, found at the same place of the same resource."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for k in old.keys() & new.keys():
            _align(old[k], new[k], str(k), tokens)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for a, b in zip(old, new, strict=True):
            _align(a, b, key, tokens)
    elif isinstance(old, str) and isinstance(new, str) and old != new and _ID_KEY.search(key):
        tokens[old] = new


def _substitute(value: Any, pattern: re.Pattern[str] | None, tokens: dict[str, str]) -> Any:
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(lambda m: tokens[m.group(0)], value)
    if isinstance(value, Mapping):
        return {k: _substitute(v, pattern, tokens) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, pattern, tokens) for v in value]
    return value


def _compare(old: dict[str, Resource], new: dict[str, Resource]) -> list[str]:
    assert set(old) == set(new)
    tokens: dict[str, str] = {}
    for address, resource in old.items():
        _align(dict(resource.attributes), dict(new[address].attributes), "", tokens)
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))
        if tokens
        else None
    )
    problems: list[str] = []
    for address, resource in old.items():
        before = _substitute(dict(resource.attributes), pattern, tokens)
        problems.extend(
            f"{address}: {p}" for p in differences(before, dict(new[address].attributes))
        )
    return problems


def test_a_new_plan_equals_the_committed_plan() -> None:
    assert TOOLS is not None
    run = run_terraform("aws_all", TOOLS, apply=os.environ.get("IACGATE_TF_APPLY") == "1")
    assert not _compare(_canonical(_committed("plan.json")), _canonical(run.plan))
    if run.state is not None:
        assert not _compare(_canonical(_committed("state.json")), _canonical(run.state))
        assert run.raw_state is not None
        assert not _compare(_canonical(_committed("terraform.tfstate")), _canonical(run.raw_state))
