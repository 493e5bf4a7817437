"""CodeBuild, live: projects read from a real moto server (ListProjects, then BatchGetProjects),
with their environment variables and their types, judged by the CodeBuild rules."""

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
    """A privileged project with a password in a plaintext variable and a token read from
    Parameter Store."""
    c("codebuild").create_project(
        name="every-project",
        source={"type": "GITHUB", "location": "https://github.com/every/repo.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
            "privilegedMode": True,
            "environmentVariables": [
                {"name": "DB_PASSWORD", "value": "Hunter2-codebuild", "type": "PLAINTEXT"},
                {"name": "TOKEN", "value": "/ci/token", "type": "PARAMETER_STORE"},
            ],
        },
        serviceRole=ROLE,
    )
    return {"codebuild_project": "every-project"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.codebuild.project",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_codebuild_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    _made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    project = by[("aws.codebuild.project", "every-project")]
    assert project["privileged_mode"] is True and project["service_role"] == ROLE
    assert project["environment_variables"] == [
        {"name": "DB_PASSWORD", "type": "PLAINTEXT", "value": "Hunter2-codebuild"},
        {"name": "TOKEN", "type": "PARAMETER_STORE", "value": "/ci/token"},
    ]
    assert project["cloudwatch_logs_status"] == "ENABLED"
    assert project["source_location"] == "https://github.com/every/repo.git"


def test_the_codebuild_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    _made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-CODEBUILD-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-CODEBUILD-001", "every-project"),
        ("AWS-CODEBUILD-006", "every-project"),
    }
