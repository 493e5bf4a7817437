"""Equivalence cases derived from the kind declarations (``model/aws/kinds``): for every kind,
one record per source with a value at each field's path for that source, normalized; every
attribute both sources write must come out the same.

The hand-written equivalence tests (``test_equivalence*.py``) go deeper (folded split types,
references, unknowns); these cover every declared kind and field, new ones included, with no
case to add.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from iacgate.live.aws.records import NativeRecord
from iacgate.model.aws.declaration import (
    API,
    CLOUDFORMATION,
    OPT_POLICY,
    POLICY,
    TAGS,
    TERRAFORM,
    AwsKind,
    Field,
)
from iacgate.model.aws.kinds import KINDS
from iacgate.model.unknown import is_unknown
from iacgate.normalize import aws_api, cloudformation, terraform
from iacgate.normalize.framework import split_path
from iacgate.sources.cloudformation.records import CloudFormationResource

from .records import record

DOCUMENT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
OTHERS = (CLOUDFORMATION, API)
# What a field's sample value alone cannot say: a value that turns the record into another
# shape is left out (``leave``), and a value that must accompany the samples is added (``add``).
LEAVE = {
    # A CloudFormation DB instance naming its cluster is an Aurora member (Terraform's
    # members are aws_rds_cluster_instance): the member's storage is the cluster's.
    ("aws.rds.db_instance", CLOUDFORMATION): {"db_cluster_identifier"},
}
ADD = {
    # The API keeps the logging settings of a distribution whose logging is off.
    ("aws.cloudfront.distribution", API): {
        "GetDistribution:Distribution.DistributionConfig.Logging.Enabled": True
    },
}


def _both(field: Field, other: str) -> bool:
    return field.terraform is not None and field.path(other) is not None


def _sample(field: Field, source: str, other: str) -> Any:
    """A value of ``field`` as ``source`` writes it: not the default, so that reading it is
    what is compared."""
    schema = field.schema
    kind = schema.get("type")
    if schema == TAGS:
        if source == TERRAFORM:
            return {"team": "a"}
        return [{"Key": "team", "Value": "a"}]
    if schema in (POLICY, OPT_POLICY):
        return DOCUMENT if source == CLOUDFORMATION else json.dumps(DOCUMENT)
    if field.fields:
        if "additionalProperties" in schema:
            return None  # a map of objects by key: its sources' shapes differ (the kind's code)
        made: dict[str, Any] = {}
        for sub in field.fields:
            if _both(sub, other):
                _put(made, sub.path(source), _sample(sub, source, other), source)
        if kind == "array" or kind == ["array", "null"]:
            return [made]
        return [made] if source == TERRAFORM else made  # a Terraform block is a list of one
    if kind == "boolean":
        return field.default is not True
    if kind in ("integer", ["integer", "null"]):
        return 42
    if kind == "array":
        return ["a-1", "b-2"]
    if kind in ("object", ["object", "null"]):
        return {"k": "v"}
    values = schema.get("enum")
    if values:
        return next(v for v in values if v != field.default)
    return f"{field.name}-1"


def _put(node: dict[str, Any], path: str | None, value: Any, source: str) -> None:
    """``value`` at the dotted ``path`` (an ``Answer:`` prefix is the API's detail answer;
    ``*`` spreads a list over items)."""
    assert path is not None
    parts = split_path(path)
    if parts and isinstance(parts[0], str) and ":" in parts[0]:
        answer, _, first = parts[0].partition(":")
        node = node.setdefault("$details", {})
        parts = (answer, *split_path(first), *parts[1:])
    _set(node, parts, value)


def _set(node: Any, parts: tuple[Any, ...], value: Any) -> None:
    head, rest = parts[0], parts[1:]
    if head == "*":
        assert isinstance(node, list) and not node
        for item in value:
            child: dict[str, Any] = {}
            _set(child, rest, item) if rest else None
            node.append(child if rest else item)
        return
    if isinstance(head, int):
        while len(node) <= head:
            node.append({})
        if not rest:
            node[head] = value
            return
        _set(node[head], rest, value)
        return
    if not rest:
        node[head] = value
        return
    nxt = rest[0]
    child = node.setdefault(head, [] if isinstance(nxt, int) or nxt == "*" else {})
    _set(child, rest, value)


def _records(kind: AwsKind, other: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values of a Terraform record and of ``other``'s, field by field."""
    tf: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    leave = LEAVE.get((kind.name, other), set())
    for field in kind.fields:
        if not _both(field, other) or field.name in leave:
            continue
        left, right = _sample(field, TERRAFORM, other), _sample(field, other, other)
        if left is None or right is None:
            continue
        _put(tf, field.terraform, left, TERRAFORM)
        _put(theirs, field.path(other), right, other)
    for path, value in ADD.get((kind.name, other), {}).items():
        _put(theirs, path, value, other)
    return tf, theirs


def _normalized(kind: AwsKind, source: str, values: dict[str, Any]) -> Mapping[str, Any]:
    if source == TERRAFORM:
        made = record(_primary(kind, terraform.NORMALIZER.index.primary), "case", values)
        found = terraform.to_resources([made], scope="case", source="terraform").resources
    elif source == CLOUDFORMATION:
        made_cfn = CloudFormationResource(
            address="Case",
            logical_id="Case",
            type=_primary(kind, cloudformation.NORMALIZER.index.primary),
            properties=values,
            template="case.yaml",
            file="case.yaml",
        )
        found = cloudformation.to_resources([made_cfn]).resources
    else:
        assert kind.collector is not None
        details = values.pop("$details", {})
        item = {kind.collector.id_field: "case-id", **values}
        native = NativeRecord(kind.name, "123456789012", "us-east-1", "aws", item, details)
        found = tuple(aws_api.to_resources(native, "case"))
    (resource,) = [r for r in found if r.kind == kind.name]
    return resource.attributes


def _primary(kind: AwsKind, primary: Mapping[str, Any]) -> str:
    """The kind's first resource type that is not folded into another kind."""
    types = kind.terraform.types + kind.cloudformation.types
    return next((t for t in types if t in primary), "")


def cases() -> Iterator[Any]:
    for kind in KINDS:
        for other in OTHERS:
            if not _primary(kind, terraform.NORMALIZER.index.primary):
                continue  # made by folding only (a bucket policy node, a group's lone rule)
            if other == CLOUDFORMATION and not _primary(
                kind, cloudformation.NORMALIZER.index.primary
            ):
                continue
            if other == API and kind.collector is None:
                continue
            if any(_both(f, other) for f in kind.fields):
                yield pytest.param(kind, other, id=f"{kind.name}-{other}")


@pytest.mark.parametrize(("kind", "other"), list(cases()))
def test_both_sources_read_each_declared_field_the_same(kind: AwsKind, other: str) -> None:
    tf_values, other_values = _records(kind, other)
    left = _normalized(kind, TERRAFORM, tf_values)
    right = _normalized(kind, other, other_values)
    compared = [f.name for f in kind.fields if _both(f, other)]
    differing = {
        name: (left.get(name), right.get(name))
        for name in compared
        if not is_unknown(left.get(name)) and left.get(name) != right.get(name)
    }
    assert differing == {}


def test_every_kind_with_two_sources_has_a_case() -> None:
    covered = {param.values[0].name for param in cases()}
    primary = terraform.NORMALIZER.index.primary
    written_twice = {
        k.name for k in KINDS if _primary(k, primary) and (k.cloudformation.types or k.collector)
    }
    assert written_twice - covered == set()
