"""Kinesis data streams and Firehose delivery streams: encryption at rest, retention."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, is_unknown, ok, rule, unknown

from ._aws import FSBP, reason
from ._checks import at_least, setting

STREAM = "aws.kinesis.stream"
DELIVERY_STREAM = "aws.firehose.delivery_stream"


@rule(
    code="AWS-KINESIS-001",
    name="kinesis-stream-unencrypted",
    kind=STREAM,
    severity=Severity.HIGH,
    frameworks={FSBP: ["Kinesis.1"]},
    tags=["kinesis", "encryption-at-rest"],
)
def kinesis_stream_unencrypted(stream: Resource, ctx: Context) -> Verdicts:
    """A Kinesis data stream stores records unencrypted.

    What it checks
        ``encryption_type`` must be ``KMS`` (``NONE`` by default).
    Why it matters
        Records sit in clear on the service's storage for the whole retention period.
    How to fix
        Encrypt the stream with a KMS key.

        Terraform:

        ```hcl
        resource "aws_kinesis_stream" "events" {
          name        = "events"
          shard_count = 1
          encryption_type = "KMS"
          kms_key_id      = "alias/aws/kinesis"
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::Kinesis::Stream
          Properties:
            ShardCount: 1
            StreamEncryption:
              EncryptionType: KMS
              KeyId: alias/aws/kinesis
        ```
    """
    return setting(stream, "encryption_type", "KMS", "the stream is not encrypted (NONE)")


@rule(
    code="AWS-KINESIS-002",
    name="kinesis-stream-retention-too-short",
    kind=STREAM,
    severity=Severity.LOW,
    frameworks={FSBP: ["Kinesis.3"]},
    tags=["kinesis", "backup"],
)
def kinesis_stream_retention_too_short(stream: Resource, ctx: Context) -> Verdicts:
    """A Kinesis data stream keeps records for less than seven days.

    What it checks
        ``retention_period`` must be at least 168 hours (the default is 24).
    Why it matters
        A consumer that fails for longer than the retention loses records for good.
    How to fix
        Keep records for at least a week.

        Terraform:

        ```hcl
        resource "aws_kinesis_stream" "events" {
          name        = "events"
          shard_count = 1
          retention_period = 168
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::Kinesis::Stream
          Properties:
            ShardCount: 1
            RetentionPeriodHours: 168
        ```
    """
    return at_least(
        stream, "retention_period", 168, "records are kept {value} hour(s), less than 168"
    )


@rule(
    code="AWS-FIREHOSE-001",
    name="firehose-delivery-stream-unencrypted",
    kind=DELIVERY_STREAM,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DataFirehose.1"]},
    tags=["firehose", "encryption-at-rest"],
)
def firehose_delivery_stream_unencrypted(stream: Resource, ctx: Context) -> Verdicts:
    """A direct-put Firehose delivery stream buffers records unencrypted.

    What it checks
        A ``DirectPut`` delivery stream's ``sse_enabled`` must be true (off unless asked for). A
        stream that reads a Kinesis stream or MSK takes its encryption from the source: it
        passes (AWS-KINESIS-001 judges the source).
    Why it matters
        Records wait in Firehose's buffers, in clear, until they are delivered.
    How to fix
        Enable server-side encryption.

        Terraform:

        ```hcl
        resource "aws_kinesis_firehose_delivery_stream" "events" {
          name        = "events"
          destination = "extended_s3"
          extended_s3_configuration {
            role_arn   = "arn:aws:iam::123456789012:role/firehose"
            bucket_arn = "arn:aws:s3:::events-archive"
          }
          server_side_encryption {
            enabled  = true
            key_type = "AWS_OWNED_CMK"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::KinesisFirehose::DeliveryStream
          Properties:
            DeliveryStreamType: DirectPut
            ExtendedS3DestinationConfiguration:
              RoleARN: arn:aws:iam::123456789012:role/firehose
              BucketARN: arn:aws:s3:::events-archive
            DeliveryStreamEncryptionConfigurationInput:
              KeyType: AWS_OWNED_CMK
        ```
    """
    kind = stream.get("delivery_stream_type")
    if is_unknown(kind):
        return unknown(reason(kind, "delivery_stream_type"), "delivery_stream_type")
    if kind != "DirectPut":
        return ok()  # encrypted, or not, by its source
    return setting(stream, "sse_enabled", True, "server-side encryption is off")
