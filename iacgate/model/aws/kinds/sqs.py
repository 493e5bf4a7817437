"""SQS: queues, their queue policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    INT,
    OPT_OBJECT,
    OPT_POLICY,
    OPT_STR,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

QUEUE = AwsKind(
    name="aws.sqs.queue",
    description="An SQS queue with its queue policy",
    physical_id="url",
    terraform=Writers(types=("aws_sqs_queue",), folds=("aws_sqs_queue_policy",)),
    cloudformation=Writers(types=("AWS::SQS::Queue",), folds=("AWS::SQS::QueuePolicy",)),
    identifiers=("arn", "url"),
    fields=(
        Field(
            "url", STR, description="The queue URL (physical id: Terraform id, CloudFormation Ref)."
        ),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("name", STR),
        Field("fifo_queue", BOOL, False),
        Field("content_based_deduplication", BOOL, False),
        Field("kms_master_key_id", OPT_STR),
        Field("kms_data_key_reuse_period_seconds", INT, 300),
        Field(
            "sqs_managed_sse_enabled",
            BOOL,
            True,
            description="Default true (SSE-SQS) unless a KMS key is set.",
        ),
        Field("visibility_timeout_seconds", INT, 30),
        Field("message_retention_seconds", INT, 345600),
        Field("delay_seconds", INT, 0),
        Field("max_message_size", INT, 262144),
        Field("receive_wait_time_seconds", INT, 0),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The queue policy (aws_sqs_queue_policy, AWS::SQS::QueuePolicy folded in); null "
                "when none."
            ),
        ),
        Field("redrive_policy", OPT_OBJECT),
        Field("tags", TAGS),
    ),
    edges=(Edge("kms_master_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="sqs",
        calls=(
            call("sqs", "ListQueues", paginated=True),
            call(
                "sqs",
                "GetQueueAttributes",
                gone=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
            ),
            call(
                "sqs",
                "ListQueueTags",
                gone=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
            ),
        ),
        id_field="QueueUrl",
        arn="arn:{partition}:sqs:{region}:{account}:{id}",
    ),
)


KINDS = (QUEUE,)
