"""AWS Batch job definitions, live: read from a real moto server (each name's latest revision),
and what the Batch rules make of them."""

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

IMAGE = "public.ecr.aws/amazonlinux/amazonlinux:2023"
RESOURCES = [{"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "512"}]


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A privileged root job with a writable filesystem; a locked-down one whose first
    revision was privileged (the latest is judged)."""
    batch = c("batch")
    loose = batch.register_job_definition(
        jobDefinitionName="every-job-loose",
        type="container",
        containerProperties={
            "image": IMAGE,
            "privileged": True,
            "resourceRequirements": RESOURCES,
            "environment": [{"name": "MODE", "value": "debug"}],
        },
        tags={"team": "a"},
    )["jobDefinitionArn"]
    batch.register_job_definition(
        jobDefinitionName="every-job-tight",
        type="container",
        containerProperties={"image": IMAGE, "privileged": True, "resourceRequirements": RESOURCES},
    )
    tight = batch.register_job_definition(
        jobDefinitionName="every-job-tight",
        type="container",
        containerProperties={
            "image": IMAGE,
            "user": "1000",
            "readonlyRootFilesystem": True,
            "resourceRequirements": RESOURCES,
        },
    )["jobDefinitionArn"]
    return {"job_loose": loose, "job_tight": tight}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.batch.job_definition",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_job_definitions_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    assert set(by) == {made["job_loose"], made["job_tight"]}
    loose = by[made["job_loose"]]
    assert loose["container"]["privileged"] is True and loose["container"]["user"] is None
    assert loose["container"]["environment"] == [{"name": "MODE", "value": "debug"}]
    assert loose["tags"] == {"team": "a"}
    tight = by[made["job_tight"]]["container"]
    assert tight["privileged"] is False and tight["readonly_root_filesystem"] is True


def test_the_batch_rules_judge_the_live_jobs(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-BATCH-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address): f.status for f in report.findings}
    assert verdicts == {
        (f"AWS-BATCH-00{n}", made["job_loose"]): FindingStatus.FAIL for n in (1, 2, 3)
    }
