"""EventBridge, live: event buses and their policies read from a real moto server, judged by
the EventBridge rules."""

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
    """A custom bus any account may put events on."""
    events = c("events")
    events.create_event_bus(Name="every-bus")
    events.put_permission(
        EventBusName="every-bus", Action="events:PutEvents", Principal="*", StatementId="all"
    )
    return {"event_bus": "every-bus"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("event_bus",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_events_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    _made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    bus = by[("aws.events.event_bus", "every-bus")]
    assert bus["arn"].endswith(":event-bus/every-bus")
    statement = bus["policy"]["Statement"][0]
    # moto keeps PutPermission's Principal "*" as the ARN below (AWS keeps "*").
    assert statement["Principal"] == {"AWS": ["arn:aws:iam::*:root"]}
    assert statement["Action"] == ["events:PutEvents"]
    assert by[("aws.events.event_bus", "default")]["policy"] is None


def test_the_events_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-EVENTS-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    # moto's form of the public principal (above) is not one AWS writes: the rule judges the
    # "*" AWS keeps, which the rule's fixtures cover; here it must not fail the default bus.
    assert ("AWS-EVENTS-001", "default") not in failed
