"""EMR, live: clusters, security configurations and block public access read from a real moto
server, and what the EMR rules make of them."""

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

from ..motoserver import REGION, client, record_emr_security_configurations, session

STRICT = {
    "EncryptionConfiguration": {
        "EnableAtRestEncryption": True,
        "EnableInTransitEncryption": True,
        "AtRestEncryptionConfiguration": {
            "S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"},
            "LocalDiskEncryptionConfiguration": {
                "EncryptionKeyProviderType": "AwsKms",
                "AwsKmsKey": "arn:aws:kms:us-east-1:123456789012:key/abcd",
                "EnableEbsEncryption": True,
            },
        },
    },
    "AuthenticationConfiguration": {
        "KerberosConfiguration": {
            "Provider": "ClusterDedicatedKdc",
            "ClusterDedicatedKdcConfiguration": {"TicketLifetimeInHours": 24},
        }
    },
}
LOOSE = {
    "EncryptionConfiguration": {
        "EnableAtRestEncryption": True,
        "EnableInTransitEncryption": False,
        "AtRestEncryptionConfiguration": {
            "S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}
        },
    }
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A strict and a loose security configuration, a bare cluster and a kerberized one that
    logs."""
    emr = c("emr")
    emr.create_security_configuration(
        Name="every-emr-strict", SecurityConfiguration=json.dumps(STRICT)
    )
    emr.create_security_configuration(
        Name="every-emr-loose", SecurityConfiguration=json.dumps(LOOSE)
    )
    # moto lists no security configurations: the listing is answered from this record.
    record_emr_security_configurations(
        emr.meta.endpoint_url, ["every-emr-strict", "every-emr-loose"]
    )
    instances = {
        "MasterInstanceType": "m5.xlarge",
        "InstanceCount": 1,
        "KeepJobFlowAliveWhenNoSteps": True,
    }
    bare = emr.run_job_flow(
        Name="every-emr-bare",
        ReleaseLabel="emr-7.2.0",
        Instances=instances,
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        Tags=[{"Key": "team", "Value": "a"}],
    )["JobFlowId"]
    kerberized = emr.run_job_flow(
        Name="every-emr-kerberized",
        ReleaseLabel="emr-7.2.0",
        Instances=instances,
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        LogUri="s3://every-bucket/emr/",
        SecurityConfiguration="every-emr-strict",
        KerberosAttributes={"Realm": "EC2.INTERNAL", "KdcAdminPassword": "not-a-real-one"},
    )["JobFlowId"]
    # moto keeps block public access on whatever is put (AWS's default in every region).
    return {"emr_bare": bare, "emr_kerberized": kerberized}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(
            (
                "aws.emr.cluster",
                "aws.emr.security_configuration",
                "aws.emr.block_public_access_configuration",
            )
        )
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_emr_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    bare, kerberized = by[made["emr_bare"]], by[made["emr_kerberized"]]
    assert bare["security_configuration"] is None and bare["kerberos_realm"] is None
    assert bare["log_uri"] is None and bare["tags"] == {"team": "a"}
    assert kerberized["security_configuration"] == "every-emr-strict"
    assert kerberized["kerberos_realm"] == "EC2.INTERNAL"
    assert kerberized["log_uri"] == "s3://every-bucket/emr/"
    strict, loose = by["every-emr-strict"], by["every-emr-loose"]
    assert strict["at_rest_encryption_enabled"] and strict["in_transit_encryption_enabled"]
    assert strict["ebs_encryption_enabled"] and strict["kerberos_enabled"]
    assert loose["s3_encryption_mode"] == "SSE-S3" and loose["local_disk_encryption"] is False
    assert by[REGION]["block_public_security_group_rules"] is True


def test_the_emr_rules_judge_the_live_resources(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-EMR-")]
    report = posture(snapshot, rules)
    verdicts = {(f.code, f.address.rsplit("/", 1)[-1]): f.status for f in report.findings}
    assert verdicts == {
        ("AWS-EMR-001", made["emr_bare"]): FindingStatus.FAIL,
        ("AWS-EMR-002", made["emr_bare"]): FindingStatus.FAIL,
        ("AWS-EMR-003", made["emr_bare"]): FindingStatus.FAIL,
        ("AWS-EMR-008", made["emr_bare"]): FindingStatus.FAIL,
        ("AWS-EMR-008", made["emr_kerberized"]): FindingStatus.FAIL,
        ("AWS-EMR-005", "every-emr-loose"): FindingStatus.FAIL,
        ("AWS-EMR-006", "every-emr-loose"): FindingStatus.FAIL,
    }
