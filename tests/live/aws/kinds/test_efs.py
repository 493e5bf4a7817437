"""EFS file systems, live: what the collector reads from a real moto server, and what the EFS
rules make of it (the same verdicts as the code that would declare them)."""

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

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """An unencrypted file system, and one encrypted with a customer-managed key, with a file
    system policy and automatic backups."""
    efs = c("efs")
    key = c("kms").create_key(Description="efs")["KeyMetadata"]["Arn"]
    plain = efs.create_file_system(CreationToken="every-efs", Tags=[{"Key": "team", "Value": "a"}])[
        "FileSystemId"
    ]
    cmk = efs.create_file_system(
        CreationToken="every-efs-cmk", Encrypted=True, KmsKeyId=key, Backup=True
    )["FileSystemId"]
    efs.put_file_system_policy(FileSystemId=cmk, Policy=json.dumps(POLICY))
    return {"efs_plain": plain, "efs_cmk": cmk, "efs_key": key}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("file_system", "aws.kms.key")))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_file_systems_are_collected_with_their_policies(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {
        r.physical_id: r.attributes for r in snapshot.resources if r.kind == "aws.efs.file_system"
    }
    plain, cmk = by[made["efs_plain"]], by[made["efs_cmk"]]
    assert plain["encrypted"] is False and plain["kms_key_id"] is None
    assert plain["policy"] is None and plain["backup_policy_status"] == "DISABLED"
    assert plain["tags"] == {"team": "a"}
    assert plain["performance_mode"] == "generalPurpose"
    assert cmk["encrypted"] is True and cmk["kms_key_id"] == made["efs_key"]
    assert cmk["policy"]["Statement"][0]["Effect"] == "Deny"
    assert cmk["backup_policy_status"] == "ENABLED"


def test_the_efs_rules_judge_the_live_file_systems(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-EFS-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address.rsplit("/", 1)[-1]): f.status for f in report.findings}
    assert verdicts == {
        ("AWS-EFS-001", made["efs_plain"]): FindingStatus.FAIL,
        ("AWS-EFS-002", made["efs_plain"]): FindingStatus.FAIL,
    }
