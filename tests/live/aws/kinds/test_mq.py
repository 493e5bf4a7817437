"""Amazon MQ brokers, live: what the collector reads from a real moto server, and what the MQ
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
    """A public broker with every default; a private one with logs and minor upgrades."""
    mq = c("mq")
    common = {
        "EngineType": "ACTIVEMQ",
        "EngineVersion": "5.17.6",
        "HostInstanceType": "mq.t3.micro",
        "Users": [{"Username": "admin", "Password": "a-long-password-1"}],
    }
    public = mq.create_broker(
        BrokerName="every-mq-public",
        DeploymentMode="SINGLE_INSTANCE",
        PubliclyAccessible=True,
        AutoMinorVersionUpgrade=False,
        **common,
    )["BrokerId"]
    private = mq.create_broker(
        BrokerName="every-mq-private",
        DeploymentMode="ACTIVE_STANDBY_MULTI_AZ",
        PubliclyAccessible=False,
        AutoMinorVersionUpgrade=True,
        Logs={"Audit": True, "General": True},
        **common,
    )["BrokerId"]
    return {"mq_public": public, "mq_private": private}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.mq.broker",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_brokers_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    public, private = by[made["mq_public"]], by[made["mq_private"]]
    assert public["publicly_accessible"] is True and public["audit_log"] is False
    assert public["auto_minor_version_upgrade"] is False and public["engine_type"] == "ACTIVEMQ"
    assert private["audit_log"] is True and private["general_log"] is True
    assert private["deployment_mode"] == "ACTIVE_STANDBY_MULTI_AZ"


def test_the_mq_rules_judge_the_live_brokers(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert live_verdicts(snapshot, "AWS-MQ-") == {
        ("AWS-MQ-001", made["mq_public"]),
        ("AWS-MQ-002", made["mq_public"]),
        ("AWS-MQ-003", made["mq_public"]),
    }
