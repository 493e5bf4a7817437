"""The normalizer never crashes: every value of the real fixture replaced, one at a time, by
an UNKNOWN or by a value of the wrong shape still normalizes (to UNKNOWN or a default)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest

from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown
from iacgate.normalize.terraform import to_resources
from iacgate.sources.terraform.plan import read_document
from iacgate.sources.terraform.records import TerraformResource
from tests.normalize.sources import FIXTURE

ODD_VALUES: tuple[Any, ...] = (
    Unknown("fuzz"),
    None,
    "",
    "text",
    7,
    True,
    [],
    [None],
    ["x", 1],
    {},
    {"unexpected": [1]},
    [{"a": Unknown("fuzz")}],
)


def _paths(value: Any, at: AttrPath = ()) -> Iterator[AttrPath]:
    if at:
        yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, (*at, index))


def _replace(value: Any, path: AttrPath, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        copy[head] = _replace(value.get(head), rest, new)
        return copy
    if isinstance(value, list) and isinstance(head, int) and head < len(value):
        copy_list = list(value)
        copy_list[head] = _replace(value[head], rest, new)
        return copy_list
    return value


def _records(name: str) -> tuple[TerraformResource, ...]:
    return read_document(json.loads((FIXTURE / name).read_text())).records


@pytest.mark.parametrize("name", ["plan.json", "state.json"])
def test_any_value_of_any_shape_normalizes_without_crashing(name: str) -> None:
    records = _records(name)
    by_address = {r.address: r for r in records}
    cases = 0
    for record in records:
        # The record with the owners it folds into (by reference, or by the fixture's naming:
        # aws_s3_bucket.data and aws_s3_bucket_versioning.data), so folding runs too.
        related = [by_address[r.target] for r in record.references if r.target in by_address]
        related += [r for r in records if r.name == record.name and r is not record]
        for path in _paths(dict(record.values)):
            for odd in ODD_VALUES if len(path) == 1 else ODD_VALUES[:4]:
                changed = dataclasses.replace(
                    record, values=_replace(dict(record.values), path, odd)
                )
                to_resources([changed, *related], scope="fuzz", source="terraform-plan")
                cases += 1
    assert cases > 1000
