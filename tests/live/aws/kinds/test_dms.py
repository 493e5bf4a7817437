"""DMS replication instances and endpoints, live: what the collector reads from a real moto
server, and what the DMS rules make of it."""

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
    """A public single-zone instance with every default; a private Multi-AZ one; an endpoint
    without TLS and one that verifies the server."""
    dms = c("dms")
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="every-dms-public",
        ReplicationInstanceClass="dms.t3.micro",
        AutoMinorVersionUpgrade=False,
    )
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="every-dms-private",
        ReplicationInstanceClass="dms.t3.micro",
        PubliclyAccessible=False,
        MultiAZ=True,
        AutoMinorVersionUpgrade=True,
    )
    endpoint = {"EndpointType": "source", "EngineName": "postgres", "ServerName": "db.example"}
    dms.create_endpoint(
        EndpointIdentifier="every-dms-plain", Port=5432, DatabaseName="app", **endpoint
    )
    dms.create_endpoint(
        EndpointIdentifier="every-dms-tls",
        SslMode="verify-full",
        Port=5432,
        DatabaseName="app",
        **endpoint,
    )
    return {
        "dms_public": "every-dms-public",
        "dms_private": "every-dms-private",
        "dms_plain": "every-dms-plain",
        "dms_tls": "every-dms-tls",
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(
            (
                "aws.dms.replication_instance",
                "aws.dms.endpoint",
            )
        )
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_instances_and_endpoints_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    public, private = by[made["dms_public"]], by[made["dms_private"]]
    assert public["publicly_accessible"] is True and public["multi_az"] is False
    assert private["publicly_accessible"] is False and private["multi_az"] is True
    plain, tls = by[made["dms_plain"]], by[made["dms_tls"]]
    assert plain["endpoint_type"] == "source" and plain["ssl_mode"] == "none"
    assert tls["ssl_mode"] == "verify-full" and tls["engine_name"] == "postgres"


def test_the_dms_rules_judge_the_live_resources(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _, snapshot = collected
    found = live_verdicts(snapshot, "AWS-DMS-")
    assert {code for code, _ in found} == {"AWS-DMS-001", "AWS-DMS-002", "AWS-DMS-003"}
    assert len(found) == 3  # the public instance twice, the plaintext endpoint once
