"""Transfer Family, live: servers read from a real moto server, judged by the Transfer rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session

ROLE = "arn:aws:iam::123456789012:role/every-apps-role"


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """An FTP server in a VPC, logging nothing."""
    server = c("transfer").create_server(
        Protocols=["FTP"],
        EndpointType="VPC",
        IdentityProviderType="SERVICE_MANAGED",
        EndpointDetails={"VpcId": "vpc-12345678", "SubnetIds": ["subnet-12345678"]},
        Tags=[{"Key": "Name", "Value": "every-server"}],
    )
    return {"transfer_server": server["ServerId"]}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.transfer.server",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_transfer_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    server = by[("aws.transfer.server", made["transfer_server"])]
    assert server["protocols"] == ["FTP"] and server["endpoint_type"] == "VPC"
    assert server["logging_role"] is None and server["structured_log_destinations"] == []


def test_the_transfer_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-TRANSFER-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-TRANSFER-001", made["transfer_server"]),
        ("AWS-TRANSFER-003", made["transfer_server"]),
    }
