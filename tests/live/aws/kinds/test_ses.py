"""SES, live: identities and their sending authorization policies read from a real moto
server (SES v2), judged by the SES rules."""

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
    """A domain identity any principal may send from."""
    ses = c("sesv2")
    ses.create_email_identity(EmailIdentity="every.example.com")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ses:SendEmail", "Resource": "*"}
        ],
    }
    ses.create_email_identity_policy(
        EmailIdentity="every.example.com", PolicyName="open", Policy=json.dumps(policy)
    )
    return {"ses_identity": "every.example.com"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("email_identity",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_ses_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    _made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    identity = by[("aws.ses.email_identity", "every.example.com")]
    assert [p["name"] for p in identity["policies"]] == ["open"]
    assert identity["policies"][0]["policy"]["Statement"][0]["Action"] == ["ses:SendEmail"]


def test_the_ses_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-SES-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {("AWS-SES-001", "every.example.com")}
