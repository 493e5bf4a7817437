"""DocumentDB clusters, live. moto implements no docdb engine (its RDS backend refuses
``Engine="docdb"``), so the DocumentDB API's answer is served here: a recorded
DescribeDBClusters response, in the API's shape, returned by a botocore before-call hook on
the collector's own session (the way botocore's Stubber answers); every other call still goes
to the moto server. There is no ``build``: the collector-wide tests cannot make a cluster."""

from __future__ import annotations

from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import ACCOUNT, REGION, session
from .verdicts import live_verdicts


def _cluster(name: str, engine: str, **settings: Any) -> dict[str, Any]:
    return {
        "DBClusterIdentifier": name,
        "DBClusterArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{name}",
        "Engine": engine,
        "EngineVersion": "5.0.0",
        "Status": "available",
        "MasterUsername": "docdbadmin",
        "DBClusterParameterGroup": "default.docdb5.0",
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0a1b2c3d", "Status": "active"}],
        "BackupRetentionPeriod": 1,
        "StorageEncrypted": False,
        "DeletionProtection": False,
        **settings,
    }


# What the DocumentDB API answers: it lists every engine's clusters (an Aurora one here).
RECORDED = {
    "DBClusters": [
        _cluster("every-docdb-plain", "docdb"),
        _cluster(
            "every-docdb-hard",
            "docdb",
            StorageEncrypted=True,
            KmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            DeletionProtection=True,
            BackupRetentionPeriod=7,
            EnabledCloudwatchLogsExports=["audit", "profiler"],
        ),
        _cluster("every-aurora", "aurora-postgresql"),
    ],
    "ResponseMetadata": {"HTTPStatusCode": 200},
}


def _answer(model: Any, **kwargs: Any) -> Any:
    from botocore.awsrequest import AWSResponse

    if model.service_model.service_name == "docdb" and model.name == "DescribeDBClusters":
        return AWSResponse("https://rds.amazonaws.com/", 200, {}, None), RECORDED
    return None


@pytest.fixture(scope="module")
def collected(moto: str) -> Snapshot:
    recorded = session()
    recorded.events.register("before-call", _answer)
    options = CollectOptions(kinds=select(("aws.docdb.db_cluster",)))
    return collect_aws(Target(regions=(REGION,), endpoint_url=moto), options, session=recorded)


def test_only_docdb_clusters_are_collected(collected: Snapshot) -> None:
    assert collected.coverage.gaps == ()
    assert schema_errors(collected.resources) == []
    by = {r.physical_id: r.attributes for r in collected.resources}
    assert set(by) == {"every-docdb-plain", "every-docdb-hard"}
    plain, hard = by["every-docdb-plain"], by["every-docdb-hard"]
    assert plain["storage_encrypted"] is False and plain["backup_retention_period"] == 1
    assert plain["vpc_security_group_ids"] == ["sg-0a1b2c3d"]
    assert plain["db_cluster_parameter_group_name"] == "default.docdb5.0"
    assert "master_password" not in plain  # never read back
    assert hard["storage_encrypted"] is True and hard["deletion_protection"] is True
    assert hard["enabled_cloudwatch_logs_exports"] == ["audit", "profiler"]


def test_the_docdb_rules_judge_the_live_clusters(collected: Snapshot) -> None:
    assert live_verdicts(collected, "AWS-DOCDB-") == {
        (f"AWS-DOCDB-00{n}", "every-docdb-plain") for n in range(1, 5)
    }
