"""Step Functions, live: state machines read from a real moto server, judged by the Step
Functions rules."""

from __future__ import annotations

import json
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
    """A state machine traced with X-Ray, without execution logging."""
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    arn = c("stepfunctions").create_state_machine(
        name="every-state-machine",
        definition=json.dumps(definition),
        roleArn=ROLE,
        tracingConfiguration={"enabled": True},
    )["stateMachineArn"]
    return {"state_machine": arn}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("state_machine",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_stepfunctions_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    machine = by[("aws.stepfunctions.state_machine", made["state_machine"])]
    assert machine["name"] == "every-state-machine" and machine["type"] == "STANDARD"
    assert machine["role_arn"] == ROLE and machine["tracing_enabled"] is True
    assert machine["logging_level"] == "OFF" and machine["log_destination"] is None


def test_the_stepfunctions_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-STEPFUNCTIONS-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {("AWS-STEPFUNCTIONS-001", made["state_machine"])}
