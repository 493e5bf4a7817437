"""ElastiCache replication groups and clusters, live: what the collector reads from a real
moto server, and what the ElastiCache rules make of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session
from .verdicts import live_verdicts


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A replication group with every default; a hardened one; a Memcached cluster."""
    elasticache = c("elasticache")
    elasticache.create_replication_group(
        ReplicationGroupId="every-ec-plain",
        ReplicationGroupDescription="plain",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=1,
    )
    elasticache.create_replication_group(
        ReplicationGroupId="every-ec-hard",
        ReplicationGroupDescription="hard",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=2,
        AutomaticFailoverEnabled=True,
        MultiAZEnabled=True,
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        AuthToken="a-long-enough-auth-token-1234",
        SnapshotRetentionLimit=7,
    )
    elasticache.create_cache_cluster(
        CacheClusterId="every-ec-memcached",
        Engine="memcached",
        CacheNodeType="cache.t3.micro",
        NumCacheNodes=1,
    )
    return {
        "ec_plain": "every-ec-plain",
        "ec_hard": "every-ec-hard",
        "ec_memcached": "every-ec-memcached",
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(
            (
                "aws.elasticache.replication_group",
                "aws.elasticache.cluster",
            )
        )
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_replication_groups_and_clusters_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain, hard = by[made["ec_plain"]], by[made["ec_hard"]]
    assert plain["at_rest_encryption_enabled"] is False and plain["auth_token_enabled"] is False
    assert plain["automatic_failover_enabled"] is False and plain["snapshot_retention_limit"] == 0
    assert hard["at_rest_encryption_enabled"] is True and hard["transit_encryption_enabled"]
    assert hard["auth_token_enabled"] is True and hard["automatic_failover_enabled"] is True
    assert hard["multi_az_enabled"] is True and hard["snapshot_retention_limit"] == 7
    memcached = by[made["ec_memcached"]]
    assert memcached["engine"] == "memcached" and memcached["subnet_group_name"] == "default"


def test_the_elasticache_rules_judge_the_live_groups(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    verdicts = live_verdicts(snapshot, "AWS-ELASTICACHE-")
    assert {c for c, name in verdicts if name == made["ec_plain"]} == {
        "AWS-ELASTICACHE-001",
        "AWS-ELASTICACHE-002",
        "AWS-ELASTICACHE-003",
        "AWS-ELASTICACHE-004",
        "AWS-ELASTICACHE-005",
    }
    assert {c for c, name in verdicts if name in (made["ec_hard"], made["ec_memcached"])} == set()
