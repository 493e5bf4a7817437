"""RDS: what a database inherits rather than states, which a table cannot say.

A read replica inherits its engine and its storage encryption from its source, a database
restored from a snapshot from the snapshot, an Aurora member its storage, engine and network
from its cluster; a serverless (v1) cluster is always encrypted. Code that leaves these unset
does not say what AWS will do: the values are Unknown, naming who decides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION, TERRAFORM, Chosen, Field
from iacgate.model.aws.kinds.rds import DB_CLUSTER, DB_INSTANCE
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, fill, reread

_SOURCE = "inherited from the source database"
_CLUSTER = Chosen("inherited from the DB cluster")
# Per source: the attribute naming a replica's source, a snapshot to restore, a cluster's
# replication source, a cluster's snapshot.
_INSTANCE_FROM = {
    TERRAFORM: ("replicate_source_db", "snapshot_identifier"),
    CLOUDFORMATION: ("SourceDBInstanceIdentifier", "DBSnapshotIdentifier"),
}
_CLUSTER_FROM = {
    TERRAFORM: ("replication_source_identifier", "snapshot_identifier"),
    CLOUDFORMATION: ("SourceDBClusterIdentifier", "SnapshotIdentifier"),
}
# What an Aurora member reads differently: the cluster decides, and Terraform names the
# cluster ``cluster_identifier``.
_MEMBER = (
    replace(DB_INSTANCE.field("engine"), default=_CLUSTER),
    replace(DB_INSTANCE.field("engine_version"), default=_CLUSTER),
    replace(DB_INSTANCE.field("storage_encrypted"), default=_CLUSTER),
    replace(DB_INSTANCE.field("kms_key_id"), default=_CLUSTER),
    replace(DB_INSTANCE.field("db_subnet_group_name"), default=_CLUSTER),
    replace(DB_INSTANCE.field("db_cluster_identifier"), terraform="cluster_identifier"),
)
# Not a member's own: its storage, backups and network are the cluster's.
_NOT_MEMBERS = (
    "allocated_storage",
    "storage_type",
    "multi_az",
    "backup_retention_period",
    "deletion_protection",
    "iam_database_authentication_enabled",
    "enabled_cloudwatch_logs_exports",
    "master_username",
    "vpc_security_group_ids",
)


def _set(v: Any, name: str) -> bool:
    return v.raw(name) not in (None, "")


def _instance(d: Draft, v: Any) -> None:
    if v.source == CLOUDFORMATION and v.opt("DBClusterIdentifier") is not None:
        _member(d, v)
        return
    source, snapshot = _INSTANCE_FROM[v.source]
    if _set(v, source):
        reread(d, v, DB_INSTANCE.field("engine"), Chosen(_SOURCE))
        backups = DB_INSTANCE.field("backup_retention_period")
        reread(d, v, backups, Chosen("a read replica's default"))
        reread(d, v, DB_INSTANCE.field("storage_encrypted"), Chosen(_SOURCE))
    elif _set(v, snapshot):
        reread(d, v, DB_INSTANCE.field("storage_encrypted"), Chosen("inherited from the snapshot"))
    _default_groups(d, v, DB_INSTANCE.field("vpc_security_group_ids"))


def _member(d: Draft, v: Any) -> None:
    """``aws_rds_cluster_instance``, or a DBInstance naming its DBClusterIdentifier."""
    fill(d, v, _MEMBER)
    for name in _NOT_MEMBERS:
        d.attrs.pop(name, None)
        d.spans.pop((name,), None)
    d.set(("source_db_instance_identifier",), None)


def _cluster(d: Draft, v: Any) -> None:
    encrypted = DB_CLUSTER.field("storage_encrypted")
    if v.opt(DB_CLUSTER.field("engine_mode").path(v.source)) == "serverless":
        reread(d, v, encrypted, True)  # serverless v1 clusters are always encrypted
    else:
        source, snapshot = _CLUSTER_FROM[v.source]
        if _set(v, source):
            reread(d, v, encrypted, Chosen(_SOURCE))
        elif _set(v, snapshot):
            reread(d, v, encrypted, Chosen("inherited from the snapshot"))
    _default_groups(d, v, DB_CLUSTER.field("vpc_security_group_ids"))


def _default_groups(d: Draft, v: Any, field: Field) -> None:
    """An empty list of security groups is no list: the VPC's default group applies."""
    if d.attrs.get(field.name) == []:
        d.put(field.name, Unknown("not set: the VPC's default security group"), v)


def _finish(d: Draft) -> None:
    encrypted = d.attrs.get("storage_encrypted")
    if d.attrs.get("kms_key_id") is None and (is_unknown(encrypted) or encrypted is True):
        d.attrs["kms_key_id"] = Unknown("not set: the account's default RDS key (aws/rds)")


CODE = (
    KindCode(
        DB_INSTANCE,
        read={TERRAFORM: _instance, CLOUDFORMATION: _instance},
        types={"aws_rds_cluster_instance": _member},
        finish=_finish,
    ),
    KindCode(DB_CLUSTER, read={TERRAFORM: _cluster, CLOUDFORMATION: _cluster}, finish=_finish),
)
