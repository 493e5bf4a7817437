"""Property-based tests for every other reader: Terraform HCL, plan and state JSON, the gate's
configuration files and live snapshots. Random and mutated input never raises past the reader:
it becomes a parse-error finding, a diagnostic or the reader's own documented error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacgate import api
from iacgate.gate.config import load_config
from iacgate.gate.errors import ConfigError
from iacgate.live.errors import SnapshotError
from iacgate.live.snapshot import loads as load_snapshot
from iacgate.rules.packs import load_rules

from ..conftest import FIXTURES

RULES = load_rules()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AWS_ALL = FIXTURES / "terraform" / "aws_all"
HCL_SEED = (AWS_ALL / "s3.tf").read_text()
PLAN_SEED = json.loads((AWS_ALL / "plan.json").read_text())
HCL_PUNCTUATION = [*list('{}[]()"=:,.$%~<>!?*/+-#\\\n\t abcrsuv01'), "${", "%{", "<<EOF\n", "EOF\n"]


def _no_crash(report: api.ScanReport) -> None:
    crashed = [f for f in report.findings if f.code == "CORE-002"]
    assert not crashed, crashed[0].message
    for finding in report.findings:
        if finding.name == "parse-error":
            assert finding.file and finding.message


def _scan_text(name: str, text: str) -> api.ScanReport:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        return api.scan([str(root)], rules=RULES, root=root, jobs=1)


@FUZZ
@given(st.lists(st.sampled_from(HCL_PUNCTUATION), max_size=120))
def test_hcl_punctuation_soup(pieces: list[str]) -> None:
    _no_crash(_scan_text("main.tf", "".join(pieces)))


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.sampled_from(['"', "{", "}", "[", "]", "${", "\n", "=", "count = 3\n", "for_each"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_mutated_terraform_configuration(edits: list[tuple[int, str]]) -> None:
    text = HCL_SEED
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at:]
    _no_crash(_scan_text("main.tf", text))


def _mutate(value: object, path: list[int], replacement: object) -> object:
    """Replace the node reached by walking ``path`` (indexes taken modulo each size)."""
    if not path:
        return replacement
    if isinstance(value, dict) and value:
        keys = sorted(value)
        key = keys[path[0] % len(keys)]
        return {**value, key: _mutate(value[key], path[1:], replacement)}
    if isinstance(value, list) and value:
        index = path[0] % len(value)
        copy = list(value)
        copy[index] = _mutate(value[index], path[1:], replacement)
        return copy
    return replacement


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=7), JSON_VALUES)
def test_mutated_plan_json(path: list[int], replacement: object) -> None:
    document = _mutate(PLAN_SEED, path, replacement)
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.json"
        plan.write_text(json.dumps(document))
        _no_crash(api.scan_plan(str(plan), folder, rules=RULES, root=Path(folder)))


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_as_plan(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.json"
        plan.write_bytes(data)
        report = api.scan_plan(str(plan), folder, rules=RULES, root=Path(folder))
        _no_crash(report)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=200),
        JSON_VALUES.map(json.dumps),
        st.dictionaries(
            st.sampled_from(
                [
                    "fail-on",
                    "rules",
                    "packs",
                    "paths",
                    "severity",
                    "unknown",
                    "exceptions",
                    "environments",
                    "baseline",
                    "exceptions-max-days",
                ]
            ),
            JSON_VALUES,
            max_size=4,
        ).map(json.dumps),
    )
)
def test_configuration_files(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".iacgate.yaml"
        path.write_text(text)
        try:
            load_config(path)
        except ConfigError as error:
            assert ".iacgate.yaml" in str(error)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=200),
        JSON_VALUES.map(json.dumps),
        st.fixed_dictionaries(
            {"version": JSON_VALUES, "provider": JSON_VALUES, "resources": JSON_VALUES}
        ).map(json.dumps),
    )
)
def test_snapshots(text: str) -> None:
    try:
        load_snapshot(text, "fuzz.json")
    except SnapshotError as error:
        assert "fuzz.json" in str(error)
