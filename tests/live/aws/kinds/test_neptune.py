"""Neptune DB clusters, live: what the collector reads from a real moto server (only the
Neptune engine's clusters), and what the Neptune rules make of it."""

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
    """A Neptune cluster with every default; a hardened one (but for IAM authentication: moto
    refuses it, taking every cluster for a Multi-AZ RDS one)."""
    neptune = c("neptune")
    neptune.create_db_cluster(DBClusterIdentifier="every-neptune-plain", Engine="neptune")
    neptune.create_db_cluster(
        DBClusterIdentifier="every-neptune-hard",
        Engine="neptune",
        StorageEncrypted=True,
        DeletionProtection=True,
        BackupRetentionPeriod=7,
        EnableCloudwatchLogsExports=["audit"],
        CopyTagsToSnapshot=True,
    )
    return {"neptune_plain": "every-neptune-plain", "neptune_hard": "every-neptune-hard"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.neptune.db_cluster",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_only_neptune_clusters_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain, hard = by[made["neptune_plain"]], by[made["neptune_hard"]]
    assert plain["storage_encrypted"] is False and plain["deletion_protection"] is False
    assert plain["enabled_cloudwatch_logs_exports"] == [] and plain["backup_retention_period"] == 1
    assert hard["storage_encrypted"] is True and hard["deletion_protection"] is True
    assert hard["enabled_cloudwatch_logs_exports"] == ["audit"]
    assert hard["backup_retention_period"] == 7 and hard["copy_tags_to_snapshot"] is True


def test_the_neptune_rules_judge_the_live_clusters(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    verdicts = live_verdicts(snapshot, "AWS-NEPTUNE-")
    assert {c for c, name in verdicts if name == made["neptune_hard"]} == {"AWS-NEPTUNE-005"}
    assert {c for c, name in verdicts if name == made["neptune_plain"]} == {
        f"AWS-NEPTUNE-00{n}" for n in range(1, 6)
    }
