"""DAX clusters, live: what the collector reads from a real moto server, and what the DAX
rules make of it."""

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
    """A DAX cluster with every default; an encrypted one with a TLS endpoint."""
    dax = c("dax")
    role = "arn:aws:iam::123456789012:role/every-dax"
    dax.create_cluster(
        ClusterName="every-dax-plain", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=role
    )
    dax.create_cluster(
        ClusterName="every-dax-hard",
        NodeType="dax.t3.small",
        ReplicationFactor=3,
        IamRoleArn=role,
        SSESpecification={"Enabled": True},
        ClusterEndpointEncryptionType="TLS",
    )
    return {"dax_plain": "every-dax-plain", "dax_hard": "every-dax-hard"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.dax.cluster",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_dax_clusters_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain, hard = by[made["dax_plain"]], by[made["dax_hard"]]
    assert plain["sse_enabled"] is False and plain["cluster_endpoint_encryption_type"] == "NONE"
    assert hard["sse_enabled"] is True and hard["cluster_endpoint_encryption_type"] == "TLS"
    assert hard["iam_role_arn"].endswith(":role/every-dax")


def test_the_dax_rules_judge_the_live_clusters(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert live_verdicts(snapshot, "AWS-DAX-") == {
        ("AWS-DAX-001", made["dax_plain"]),
        ("AWS-DAX-002", made["dax_plain"]),
    }
