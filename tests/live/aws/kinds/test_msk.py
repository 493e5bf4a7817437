"""MSK clusters, live: what the collector reads from a real moto server, and what the MSK
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
    """A cluster with plaintext clients and no authentication; a hardened one."""
    kafka = c("kafka")
    brokers = {"InstanceType": "kafka.m5.large", "ClientSubnets": ["subnet-1", "subnet-2"]}
    plain = kafka.create_cluster(
        ClusterName="every-msk-plain",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo=brokers,
        EncryptionInfo={
            "EncryptionInTransit": {"ClientBroker": "TLS_PLAINTEXT", "InCluster": True}
        },
    )["ClusterArn"]
    hard = kafka.create_cluster(
        ClusterName="every-msk-hard",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo=brokers,
        ClientAuthentication={"Sasl": {"Iam": {"Enabled": True}}},
        EncryptionInfo={"EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True}},
        LoggingInfo={"BrokerLogs": {"CloudWatchLogs": {"Enabled": True, "LogGroup": "msk"}}},
        EnhancedMonitoring="PER_BROKER",
        Tags={"team": "a"},
    )["ClusterArn"]
    return {"msk_plain": plain, "msk_hard": hard}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.msk.cluster",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_msk_clusters_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    """moto's CreateCluster keeps the name, brokers and transit encryption only: client
    authentication and logging are dropped, so both clusters read as unauthenticated."""
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain = by[made["msk_plain"]]
    assert plain["cluster_name"] == "every-msk-plain"
    assert plain["in_cluster_encryption"] is True
    assert plain["public_access_type"] == "DISABLED"
    assert plain["unauthenticated_access"] is True


def test_the_msk_rules_judge_the_live_clusters(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    verdicts = live_verdicts(snapshot, "AWS-MSK-")
    assert ("AWS-MSK-003", made["msk_plain"].rsplit("/", 1)[-1]) in verdicts
    assert not {c for c, _ in verdicts} & {"AWS-MSK-002", "AWS-MSK-004"}
