"""Glue, live: the catalog's encryption settings and security configurations read from a real
moto server, and what the Glue rules make of them."""

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

from ..motoserver import ACCOUNT, REGION, client, session


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """The catalog's metadata encrypted with a key of the account (passwords not), and one
    security configuration encrypting only what jobs write to S3."""
    glue = c("glue")
    key = c("kms").create_key(Description="glue")["KeyMetadata"]["Arn"]
    glue.put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
            "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": False},
        }
    )
    glue.create_security_configuration(
        Name="every-glue-config",
        EncryptionConfiguration={
            "S3Encryption": [{"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": key}],
            "CloudWatchEncryption": {"CloudWatchEncryptionMode": "DISABLED"},
            "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "DISABLED"},
        },
    )
    return {"glue_key": key, "glue_config": "every-glue-config"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    kinds = select(("aws.glue.data_catalog_encryption_settings", "security_configuration"))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, CollectOptions(kinds=kinds), session=session())


def test_the_catalog_and_security_configurations_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {(r.kind, r.physical_id): r.attributes for r in snapshot.resources}
    catalog = by[("aws.glue.data_catalog_encryption_settings", ACCOUNT)]
    assert catalog["encryption_mode"] == "SSE-KMS" and catalog["sse_kms_key_id"] == made["glue_key"]
    assert catalog["return_connection_password_encrypted"] is False
    assert catalog["arn"] == f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog"
    config = by[("aws.glue.security_configuration", made["glue_config"])]
    assert (
        config["s3_encryption_mode"] == "SSE-KMS" and config["s3_kms_key_arn"] == made["glue_key"]
    )
    assert config["cloudwatch_encryption_mode"] == "DISABLED"
    assert config["job_bookmarks_encryption_mode"] == "DISABLED"


def test_the_glue_rules_judge_the_live_settings(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-GLUE-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-GLUE-002", "arn:aws:glue:us-east-1:123456789012:catalog"),
        ("AWS-GLUE-004", made["glue_config"]),
        ("AWS-GLUE-005", made["glue_config"]),
    }
