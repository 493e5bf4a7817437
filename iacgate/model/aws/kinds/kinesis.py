"""Kinesis Data Streams (streams) and Amazon Data Firehose (delivery streams)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_SUMMARY = "DescribeStreamSummary:StreamDescriptionSummary."
_DELIVERY = "DescribeDeliveryStream:DeliveryStreamDescription."

STREAM = AwsKind(
    name="aws.kinesis.stream",
    description="A Kinesis data stream",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_kinesis_stream",)),
    cloudformation=Writers(types=("AWS::Kinesis::Stream",)),
    fields=(
        Field(
            "name",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="StreamName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api=_SUMMARY + "StreamARN",
        ),
        Field(
            "encryption_type",
            enum("NONE", "KMS"),
            "NONE",
            description="Server-side encryption: NONE unless asked for.",
            terraform="encryption_type",
            cloudformation="StreamEncryption.EncryptionType",
            api=_SUMMARY + "EncryptionType",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The KMS key (alias/aws/kinesis is the AWS managed one).",
            terraform="kms_key_id",
            cloudformation="StreamEncryption.KeyId",
            api=_SUMMARY + "KeyId",
        ),
        Field(
            "retention_period",
            INT,
            24,
            description="Hours a record is kept; 24 by default.",
            terraform="retention_period",
            cloudformation="RetentionPeriodHours",
            api=_SUMMARY + "RetentionPeriodHours",
        ),
        Field("tags", TAGS, required=False, terraform="tags", cloudformation="Tags"),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="kinesis",
        calls=(
            call("kinesis", "ListStreams", paginated=True, items="StreamNames"),
            call(
                "kinesis",
                "DescribeStreamSummary",
                gone=("ResourceNotFoundException",),
                params=(("StreamName", "StreamName"),),
            ),
        ),
        id_field="StreamName",
        arn="arn:{partition}:kinesis:{region}:{account}:stream/{id}",
    ),
)


DELIVERY_STREAM = AwsKind(
    name="aws.firehose.delivery_stream",
    description="An Amazon Data Firehose delivery stream",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_kinesis_firehose_delivery_stream",)),
    cloudformation=Writers(types=("AWS::KinesisFirehose::DeliveryStream",)),
    fields=(
        Field(
            "name",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="name",
            cloudformation="DeliveryStreamName",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="DeliveryStreamName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api=_DELIVERY + "DeliveryStreamARN",
        ),
        Field(
            "delivery_stream_type",
            enum("DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"),
            "DirectPut",
            description="Where records come from (Terraform: the source block; the kind's code).",
            cloudformation="DeliveryStreamType",
            api=_DELIVERY + "DeliveryStreamType",
        ),
        Field(
            "sse_enabled",
            BOOL,
            False,
            description=(
                "Server-side encryption of a direct-put stream: off unless asked for "
                "(CloudFormation: the encryption input's presence; the API: its status)."
            ),
            terraform="server_side_encryption.0.enabled",
        ),
        Field(
            "sse_key_type",
            enum("AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"),
            "AWS_OWNED_CMK",
            terraform="server_side_encryption.0.key_type",
            cloudformation="DeliveryStreamEncryptionConfigurationInput.KeyType",
            api=_DELIVERY + "DeliveryStreamEncryptionConfiguration.KeyType",
        ),
        Field(
            "kms_key_arn",
            OPT_STR,
            terraform="server_side_encryption.0.key_arn",
            cloudformation="DeliveryStreamEncryptionConfigurationInput.KeyARN",
            api=_DELIVERY + "DeliveryStreamEncryptionConfiguration.KeyARN",
        ),
        Field(
            "source_stream_arn",
            OPT_STR,
            description="The Kinesis stream a KinesisStreamAsSource delivery stream reads.",
            terraform="kinesis_source_configuration.0.kinesis_stream_arn",
            cloudformation="KinesisStreamSourceConfiguration.KinesisStreamARN",
            api=_DELIVERY + "Source.KinesisStreamSourceDescription.KinesisStreamARN",
        ),
        Field("tags", TAGS, required=False, terraform="tags", cloudformation="Tags"),
    ),
    edges=(
        Edge("kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("source_stream_arn", EdgeType.REFERENCES, ("aws.kinesis.stream",)),
    ),
    collector=Collector(
        service="firehose",
        calls=(
            call("firehose", "ListDeliveryStreams", items="DeliveryStreamNames"),
            call(
                "firehose",
                "DescribeDeliveryStream",
                gone=("ResourceNotFoundException",),
                params=(("DeliveryStreamName", "DeliveryStreamName"),),
            ),
        ),
        id_field="DeliveryStreamName",
        arn="arn:{partition}:firehose:{region}:{account}:deliverystream/{id}",
    ),
)


KINDS = (STREAM, DELIVERY_STREAM)
