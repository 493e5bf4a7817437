"""Cutting an organization's accounts x regions into shards: every account and region read
once, global kinds once per account, never more shards than asked (a GitHub matrix holds 256)."""

from __future__ import annotations

from collections import Counter

import pytest

from iacgate.live.aws.shards import MATRIX_LIMIT, Shard, github_matrix, plan

REGIONS = ("eu-west-1", "us-east-1", "ap-southeast-2")


def accounts(count: int) -> list[str]:
    return [str(100000000000 + n) for n in range(count)]


def covered(shards: list[Shard]) -> Counter[tuple[str, str]]:
    return Counter((a, r) for s in shards for a in s.accounts for r in s.regions)


def global_readers(shards: list[Shard]) -> Counter[str]:
    return Counter(a for s in shards if s.globals for a in s.accounts)


@pytest.mark.parametrize(
    ("count", "regions", "limit", "shards", "per_shard"),
    [
        (20, 3, MATRIX_LIMIT, 60, (1, 1)),  # one per account and region
        (20, 3, 30, 20, (1, 3)),  # one per account, all its regions
        (100, 3, 256, 200, (1, 2)),  # two region groups per account (3 regions: 2 + 1)
        (500, 3, 50, 50, (10, 3)),  # 500 accounts sharded 50 ways: ten accounts each
        (7, 1, 3, 3, (3, 1)),  # uneven groups: 3, 2, 2
    ],
)
def test_every_account_and_region_once(
    count: int, regions: int, limit: int, shards: int, per_shard: tuple[int, int]
) -> None:
    names = accounts(count)
    found = plan(names, REGIONS[:regions], limit)
    assert len(found) == shards <= limit
    assert covered(found) == Counter((a, r) for a in names for r in REGIONS[:regions])
    assert global_readers(found) == Counter(names)  # global kinds: once per account
    assert max(len(s.accounts) for s in found) == per_shard[0]
    assert max(len(s.regions) for s in found) == per_shard[1]
    assert len({s.name for s in found}) == len(found)


def test_global_kinds_go_with_the_first_region() -> None:
    found = plan(accounts(1), REGIONS)
    assert [(s.regions, s.globals) for s in found] == [
        (("eu-west-1",), True),
        (("us-east-1",), False),
        (("ap-southeast-2",), False),
    ]


def test_all_regions_shard_by_account() -> None:
    found = plan(accounts(5), ("all",), 2)
    assert [(len(s.accounts), s.regions, s.globals) for s in found] == [
        (3, ("all",), True),
        (2, ("all",), True),
    ]


def test_matrix() -> None:
    matrix = github_matrix(plan(["111111111111", "222222222222"], ("eu-west-1",), 1))
    assert matrix == {
        "include": [
            {
                "shard": "001",
                "accounts": "111111111111,222222222222",
                "regions": "eu-west-1",
                "global": True,
                "flags": "",
            }
        ]
    }
    assert github_matrix(plan(accounts(1), REGIONS[:2]))["include"][1]["flags"] == "--no-global"
    assert plan([], REGIONS) == [] and plan(accounts(1), []) == []
    with pytest.raises(ValueError):
        plan(accounts(1), REGIONS, 0)
