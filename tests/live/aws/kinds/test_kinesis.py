"""Kinesis streams and Firehose delivery streams, live: what the collector reads from a real
moto server, and what the Kinesis and Firehose rules make of it."""

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
    """An unencrypted stream and a KMS-encrypted one kept a week; a direct-put delivery stream
    without encryption and one with it."""
    kinesis = c("kinesis")
    kinesis.create_stream(StreamName="every-kinesis-plain", ShardCount=1)
    kinesis.create_stream(StreamName="every-kinesis-kms", ShardCount=1)
    kinesis.start_stream_encryption(
        StreamName="every-kinesis-kms", EncryptionType="KMS", KeyId="alias/aws/kinesis"
    )
    kinesis.increase_stream_retention_period(
        StreamName="every-kinesis-kms", RetentionPeriodHours=168
    )
    firehose = c("firehose")
    destination = {
        "RoleARN": "arn:aws:iam::123456789012:role/every-firehose",
        "BucketARN": "arn:aws:s3:::every-firehose",
    }
    firehose.create_delivery_stream(
        DeliveryStreamName="every-firehose-plain",
        DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration=destination,
    )
    firehose.create_delivery_stream(
        DeliveryStreamName="every-firehose-sse",
        DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration=destination,
    )
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName="every-firehose-sse",
        DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"},
    )
    return {
        "kinesis_plain": "every-kinesis-plain",
        "kinesis_kms": "every-kinesis-kms",
        "firehose_plain": "every-firehose-plain",
        "firehose_sse": "every-firehose-sse",
    }


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(
            (
                "aws.kinesis.stream",
                "aws.firehose.delivery_stream",
            )
        )
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_streams_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    plain, kms = by[made["kinesis_plain"]], by[made["kinesis_kms"]]
    assert plain["encryption_type"] == "NONE" and plain["retention_period"] == 24
    assert kms["encryption_type"] == "KMS" and kms["kms_key_id"] == "alias/aws/kinesis"
    assert kms["retention_period"] == 168
    assert by[made["firehose_plain"]]["sse_enabled"] is False
    sse = by[made["firehose_sse"]]
    assert sse["sse_enabled"] is True and sse["delivery_stream_type"] == "DirectPut"


def test_the_stream_rules_judge_the_live_streams(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    found = live_verdicts(snapshot, "AWS-KINESIS-") | live_verdicts(snapshot, "AWS-FIREHOSE-")
    assert found == {
        ("AWS-KINESIS-001", made["kinesis_plain"]),
        ("AWS-KINESIS-002", made["kinesis_plain"]),
        ("AWS-FIREHOSE-001", made["firehose_plain"]),
    }
