"""Systems Manager, live: parameters (never their values) and the account's documents with
their sharing, read from a real moto server and judged by the SSM rules."""

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
    """A password stored as a plain String, a SecureString, and a public document."""
    ssm = c("ssm")
    ssm.put_parameter(Name="/every/db_password", Value="Hunter2-ssm", Type="String")
    ssm.put_parameter(Name="/every/api-token", Value="Hunter2-ssm", Type="SecureString")
    content = {
        "schemaVersion": "2.2",
        "description": "every",
        "mainSteps": [
            {"action": "aws:runShellScript", "name": "s", "inputs": {"runCommand": ["true"]}}
        ],
    }
    ssm.create_document(
        Name="every-document",
        Content=json.dumps(content),
        DocumentType="Command",
        DocumentFormat="JSON",
    )
    ssm.modify_document_permission(
        Name="every-document", PermissionType="Share", AccountIdsToAdd=["all"]
    )
    return {"ssm_document": "every-document"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.ssm.parameter", "aws.ssm.document")))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_ssm_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    _made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    plain = by[("aws.ssm.parameter", "/every/db_password")]
    assert plain["type"] == "String" and plain["key_id"] is None
    assert plain["arn"] == "arn:aws:ssm:us-east-1:123456789012:parameter/every/db_password"
    assert by[("aws.ssm.parameter", "/every/api-token")]["type"] == "SecureString"
    assert by[("aws.ssm.document", "every-document")]["shared_with"] == ["all"]
    assert "Hunter2-ssm" not in json.dumps([dict(r.attributes) for r in snapshot.resources])


def test_the_ssm_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-SSM-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-SSM-001", "db_password"),
        ("AWS-SSM-002", "every-document"),
    }
