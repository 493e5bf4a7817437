"""One infrastructure, every source: the same canonical attributes for every covered kind.

Known-after-apply values are the only allowed difference, and they are UNKNOWN, not missing:
two values agree when they are equal or when either is UNKNOWN; mappings must have the same
keys; unordered lists (already sorted canonically) are compared as multisets in which an
UNKNOWN matches any one element.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from iacgate.model import kinds
from iacgate.model.unknown import Unknown
from tests.normalize.schema_check import schema_errors
from tests.normalize.sources import (
    BASELINE,
    INEXPRESSIBLE_ATTRIBUTES,
    SOURCES,
    Source,
    by_terraform_address,
)

# Kinds the fixture cannot show: rules whose group is declared elsewhere (the fixture declares
# every group it uses).
NOT_IN_FIXTURE = {"aws.ec2.security_group_rule"}
AWS_KINDS = sorted(k for k, spec in kinds.KINDS.items() if spec.provider == "aws")


def differences(a: Any, b: Any, path: tuple[Any, ...] = ()) -> list[str]:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        if set(a) != set(b):
            out.append(f"{path}: keys {sorted(set(a) ^ set(b))} on one side only")
        for key in set(a) & set(b):
            out.extend(differences(a[key], b[key], (*path, key)))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items vs {len(b)}"]
        if not any(isinstance(x, Unknown) for x in (*a, *b)):
            positional = [d for x, y in zip(a, b, strict=True) if (d := differences(x, y))]
            if not positional:
                return []
        # Multiset match: each item of a needs a partner in b that does not differ.
        left = list(b)
        for item in a:
            partner = next(
                (j for j, other in enumerate(left) if not differences(item, other)), None
            )
            if partner is None:
                return [f"{path}: {item!r} has no counterpart in {b!r}"]
            left.pop(partner)
        return []
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def _baseline() -> Source:
    return next(s for s in SOURCES if s.name == BASELINE)


@pytest.mark.parametrize("source", [s for s in SOURCES if s.name != BASELINE], ids=lambda s: s.name)
@pytest.mark.parametrize("kind", [k for k in AWS_KINDS if k not in NOT_IN_FIXTURE])
def test_every_source_yields_the_same_canonical_attributes(source: Source, kind: str) -> None:
    if source.name in kinds.INEXPRESSIBLE.get(kind, ()):
        pytest.skip(f"{source.name} cannot express {kind}")
    expected = {a: r for a, r in by_terraform_address(_baseline()).items() if r.kind == kind}
    found = {a: r for a, r in by_terraform_address(source).items() if r.kind == kind}
    if not expected:  # a kind added since: its declared cases cover it (test_declared_...)
        pytest.skip(f"the fixture has no {kind}")
    assert set(found) == set(expected)
    for address, resource in expected.items():
        left, right = dict(resource.attributes), dict(found[address].attributes)
        for name, where, attribute in INEXPRESSIBLE_ATTRIBUTES:
            if name == source.name and where == address:
                left.pop(attribute, None)
                right.pop(attribute, None)
        problems = differences(left, right)
        assert not problems, f"{address}: {problems}"
        if source.applied:
            assert found[address].physical_id == resource.physical_id


def test_applied_sources_know_every_physical_id() -> None:
    for source in SOURCES:
        if not source.applied:
            continue
        missing = [
            r.address
            for r in source.load().resources
            # A per-region setting: Terraform names no region (the provider's is implied).
            if r.physical_id is None and r.kind != "aws.ec2.ebs_encryption_by_default"
        ]
        assert not missing, f"{source.name}: {missing}"


def test_code_sources_leave_unknown_only_what_apply_decides() -> None:
    """In code and plans, unknowns say why; the baseline state knows almost everything."""
    for source in SOURCES:
        reasons: Counter[str] = Counter()
        for resource in source.load().resources:
            stack: list[Any] = [dict(resource.attributes)]
            while stack:
                item = stack.pop()
                if isinstance(item, Unknown):
                    reasons[item.reason] += 1
                elif isinstance(item, dict):
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
        assert all(reason for reason in reasons), source.name
        if source.applied:
            # moto leaves the default security group of a cluster out of its answer, and the
            # EBS default-encryption setting names no region.
            assert set(reasons) <= {
                "not set: the VPC's default security group",
                "not set: the provider's region",
            }, (source.name, reasons)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_every_normalized_resource_matches_its_kind_schema(source: Source) -> None:
    # Types without a canonical kind (CloudFormation's raw ``cfn.*`` kinds) have no schema.
    assert not schema_errors(r for r in source.load().resources if r.kind in kinds.KINDS)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_every_resource_points_at_a_tf_line(source: Source) -> None:
    loaded = source.load()
    for resource in loaded.resources:
        block = loaded.spans[resource.key][()]
        # Terraform sources point at .tf lines, CloudFormation at its template.
        assert block.file.endswith((".tf", "template.yaml")), (source.name, resource.address)
        assert block.start_line >= 1
