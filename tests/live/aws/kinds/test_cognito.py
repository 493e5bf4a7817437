"""Cognito, live: user pools read from a real moto server, judged by the Cognito rules."""

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
    """A pool without MFA or threat protection, with a short password policy."""
    pool = c("cognito-idp").create_user_pool(
        PoolName="every-pool",
        MfaConfiguration="OFF",
        Policies={"PasswordPolicy": {"MinimumLength": 6, "RequireSymbols": False}},
    )
    return {"user_pool": pool["UserPool"]["Id"]}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("user_pool",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_cognito_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    pool = by[("aws.cognito.user_pool", made["user_pool"])]
    assert pool["name"] == "every-pool" and pool["mfa_configuration"] == "OFF"
    assert pool["password_minimum_length"] == 6 and pool["password_require_symbols"] is False
    assert pool["advanced_security_mode"] == "OFF" and pool["deletion_protection"] == "INACTIVE"


def test_the_cognito_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-COGNITO-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-COGNITO-001", made["user_pool"]),
        ("AWS-COGNITO-002", made["user_pool"]),
        ("AWS-COGNITO-003", made["user_pool"]),
        ("AWS-COGNITO-004", made["user_pool"]),
    }
