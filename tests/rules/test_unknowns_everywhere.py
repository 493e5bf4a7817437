"""No rule crashes on unknown values, wherever they sit.

Real code leaves any attribute unknown (a variable, a data source, a value known after apply),
and a rule that asks an unknown for its truth value crashes into an internal error, which fails
the gate (terraform-aws-eks did, with two unknown CIDRs in one rule). Every AWS rule runs here on
resources of its kinds whose attributes, shaped by the kind's schema, are unknown at every level
and every leaf — plain unknowns and partly known strings alike — and must answer, not crash.
"""

from __future__ import annotations

from typing import Any

import pytest

from iacgate.engine import evaluate
from iacgate.findings import INTERNAL_ERROR
from iacgate.graph.graph import ResourceGraph
from iacgate.model.kinds import KINDS, kind_schema
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, concat
from iacgate.rules.packs import load_rules

AWS_RULES = [r for r in load_rules() if all(k.startswith("aws.") for k in r.meta.kinds)]
AWS_KINDS = sorted(k for k in KINDS if k.startswith("aws."))


def _shaped(schema: dict[str, Any], defs: dict[str, Any], leaf: Any, depth: int = 0) -> Any:
    """A value of the schema's shape with ``leaf`` at every scalar (one item per list)."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return _shaped(schema[key][0], defs, leaf, depth)
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if depth > 6:
        return leaf
    if "object" in kinds and "properties" in schema:
        return {k: _shaped(v, defs, leaf, depth + 1) for k, v in schema["properties"].items()}
    if "object" in kinds:
        return {"key": leaf}
    if "array" in kinds:
        return [_shaped(schema.get("items", {}), defs, leaf, depth + 1), leaf]
    return leaf


def _variants(kind: str) -> list[dict[str, Any]]:
    schema = kind_schema(kind)
    defs = schema.get("$defs", {})
    names = list(schema.get("properties", {}))
    hole = Unknown("probe: known after apply")
    partial = concat(["arn:", Unknown("probe: partition"), ":x/", Unknown("probe: name")])
    everything = {name: Unknown(f"probe: {name}") for name in names}
    return [
        everything,
        _shaped(schema, defs, hole),
        _shaped(schema, defs, partial),
    ]


@pytest.mark.parametrize("kind", AWS_KINDS)
def test_every_rule_answers_on_unknowns_at_every_level(kind: str) -> None:
    rules = [r for r in AWS_RULES if kind in r.meta.kinds]
    if not rules:
        pytest.skip(f"no rule judges {kind}")
    graph = ResourceGraph()
    for index, attributes in enumerate(_variants(kind)):
        graph.add(Resource(kind, f"probe{index}", "probe", attributes, "terraform", file="main.tf"))
    result = evaluate(rules, graph, rule_budget=None)
    crashes = [f.message for f in result.findings if f.code == INTERNAL_ERROR[0]]
    assert crashes == []
