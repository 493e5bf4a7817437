"""Read replicas and databases restored from a snapshot inherit their storage encryption:
unset, it is unknown (never AWS's unencrypted default); a replica names its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate import api
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown

TERRAFORM = """
resource "aws_db_instance" "replica" {
  instance_class      = "db.t4g.micro"
  replicate_source_db = "arn:aws:rds:us-east-1:123456789012:db:main"
}

resource "aws_db_instance" "restored" {
  instance_class      = "db.t4g.micro"
  snapshot_identifier = "main-final"
}

resource "aws_db_instance" "plain" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}

resource "aws_rds_cluster" "restoredcluster" {
  engine              = "aurora-postgresql"
  snapshot_identifier = "cluster-final"
}
"""

CLOUDFORMATION = """
Resources:
  Replica:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t4g.micro
      SourceDBInstanceIdentifier: arn:aws:rds:us-east-1:123456789012:db:main
  Restored:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t4g.micro
      DBSnapshotIdentifier: main-final
  Plain:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      AllocatedStorage: "20"
  RestoredCluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      SnapshotIdentifier: cluster-final
"""


def _databases(tmp_path: Path, name: str, text: str) -> dict[str, Resource]:
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    found = report.graph.resources("aws.rds.db_instance")
    found += report.graph.resources("aws.rds.db_cluster")
    return {r.address.rsplit(".", 1)[-1].lower(): r for r in found}


@pytest.mark.parametrize(("name", "text"), [("main.tf", TERRAFORM), ("t.yaml", CLOUDFORMATION)])
def test_inherited_storage_encryption(tmp_path: Path, name: str, text: str) -> None:
    dbs = _databases(tmp_path, name, text)
    replica = dbs["replica"].attributes
    assert replica["source_db_instance_identifier"] == "arn:aws:rds:us-east-1:123456789012:db:main"
    encrypted = replica["storage_encrypted"]
    assert (
        is_unknown(encrypted) and encrypted.reason == "not set: inherited from the source database"
    )
    assert is_unknown(replica["backup_retention_period"])
    assert replica["engine"].reason == "not set: inherited from the source database"
    for restored in (dbs["restored"], dbs["restoredcluster"]):
        encrypted = restored.attributes["storage_encrypted"]
        assert is_unknown(encrypted) and encrypted.reason == "not set: inherited from the snapshot"
    plain = dbs["plain"].attributes
    assert plain["storage_encrypted"] is False and plain["source_db_instance_identifier"] is None
    assert plain["backup_retention_period"] == 1


def test_live_replica_names_its_source() -> None:
    from iacgate.live.aws.records import NativeRecord
    from iacgate.normalize.aws_api import to_resources

    item = {
        "DBInstanceIdentifier": "replica",
        "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:replica",
        "Engine": "postgres",
        "StorageEncrypted": True,
        "ReadReplicaSourceDBInstanceIdentifier": "main",
    }
    record = NativeRecord("aws.rds.db_instance", "123456789012", "us-east-1", "aws", item)
    (replica,) = to_resources(record, "live")
    assert replica.attributes["source_db_instance_identifier"] == "main"
    item = {k: v for k, v in item.items() if k != "ReadReplicaSourceDBInstanceIdentifier"}
    record = NativeRecord("aws.rds.db_instance", "123456789012", "us-east-1", "aws", item)
    (plain,) = to_resources(record, "live")
    assert plain.attributes["source_db_instance_identifier"] is None
