"""Property-based tests: random and mutated input never raises past the source boundary."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacgate.api import build_graph
from iacgate.engine import evaluate
from iacgate.pipeline import load_bytes, load_text
from iacgate.rules.packs import load_rules
from iacgate.sources.diagnostics import DiagnosticKind

from ..conftest import EXAMPLES

RULES = load_rules()
SEEDS = [p.read_text() for p in sorted(EXAMPLES.rglob("*")) if p.suffix in (".yaml", ".json")]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(result_text: str | bytes, name: str) -> None:
    result = (
        load_bytes(result_text, name)
        if isinstance(result_text, bytes)
        else load_text(result_text, name)
    )
    for diagnostic in result.diagnostics:
        assert diagnostic.file == name
        assert diagnostic.kind in (
            DiagnosticKind.PARSE_ERROR,
            DiagnosticKind.SKIPPED,
            DiagnosticKind.NOT_SCANNED,
        )
        assert diagnostic.message
    # Whatever parsed must also survive graph building and every rule.
    graph = build_graph([result])
    evaluation = evaluate(RULES, graph)
    assert not [f for f in evaluation.findings if f.code == "CORE-002"], "a rule crashed"


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    _check(data, "random.yaml")


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("{}[]:-,&*!|>'\"#\n\t ?%@`abk01.")), max_size=400))
def test_yaml_punctuation_soup(text: str) -> None:
    _check(text, "soup.yaml")


@FUZZ
@given(
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.sampled_from(["", " ", "\n", ":", "- ", "{", "]", "&a", "*a", "\t", "!!binary "]),
        ),
        max_size=6,
    ),
)
def test_mutated_manifests(seed: str, edits: list[tuple[int, str]]) -> None:
    text = seed
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + 1 :]
    _check(text, "mutated.yaml")


@FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "apiVersion",
                        "kind",
                        "metadata",
                        "spec",
                        "template",
                        "containers",
                        "securityContext",
                        "name",
                        "labels",
                        "selector",
                        "rules",
                        "subjects",
                        "roleRef",
                        "env",
                        "ports",
                        "volumes",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=30,
    ),
    st.sampled_from(
        [
            "Pod",
            "Deployment",
            "CronJob",
            "ClusterRoleBinding",
            "Role",
            "Service",
            "NetworkPolicy",
            "Ingress",
            "List",
        ]
    ),
)
def test_structurally_wrong_objects_reach_the_rules_safely(body: object, kind: str) -> None:
    import json

    document = {
        "apiVersion": "apps/v1" if kind == "Deployment" else "v1",
        "kind": kind,
        "metadata": {"name": "x"},
    }
    if isinstance(body, dict):
        document.update({k: v for k, v in body.items() if k not in ("apiVersion", "kind")})
    _check(json.dumps(document), "shape.json")
