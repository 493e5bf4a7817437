"""SQS: queues, their queue policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OPT_OBJECT,
    OPT_POLICY,
    OPT_STR,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
)
from iacgate.model.edges import EdgeType

QUEUE = AwsKind(
    name="aws.sqs.queue",
    description="An SQS queue with its queue policy",
    physical_id="url",
    identifiers=("arn", "url"),
    terraform=Writers(
        types=("aws_sqs_queue",),
        folds=(Fold("aws_sqs_queue_policy", "queue_url", ("url", "arn"), "policy", "policy"),),
    ),
    cloudformation=Writers(
        types=("AWS::SQS::Queue",),
        folds=(
            Fold("AWS::SQS::QueuePolicy", "Queues", ("url", "arn"), "policy", "PolicyDocument"),
        ),
    ),
    fields=(
        Field(
            "url",
            STR,
            description="The queue URL (physical id: Terraform id, CloudFormation Ref).",
            terraform="id",
            default=ASSIGNED,
            api="QueueUrl",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="GetQueueAttributes:Attributes.QueueArn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="QueueName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "fifo_queue",
            BOOL,
            False,
            terraform="fifo_queue",
            cloudformation="FifoQueue",
            api="GetQueueAttributes:Attributes.FifoQueue",
        ),
        Field(
            "content_based_deduplication",
            BOOL,
            False,
            terraform="content_based_deduplication",
            cloudformation="ContentBasedDeduplication",
            api="GetQueueAttributes:Attributes.ContentBasedDeduplication",
        ),
        Field(
            "kms_master_key_id",
            OPT_STR,
            terraform="kms_master_key_id",
            cloudformation="KmsMasterKeyId",
            api="GetQueueAttributes:Attributes.KmsMasterKeyId",
        ),
        Field(
            "kms_data_key_reuse_period_seconds",
            INT,
            300,
            terraform="kms_data_key_reuse_period_seconds",
            cloudformation="KmsDataKeyReusePeriodSeconds",
            api="GetQueueAttributes:Attributes.KmsDataKeyReusePeriodSeconds",
        ),
        Field(
            "sqs_managed_sse_enabled",
            BOOL,
            True,
            description="Default true (SSE-SQS) unless a KMS key is set.",
            terraform="sqs_managed_sse_enabled",
            cloudformation="SqsManagedSseEnabled",
            api="GetQueueAttributes:Attributes.SqsManagedSseEnabled",
        ),
        Field(
            "visibility_timeout_seconds",
            INT,
            30,
            terraform="visibility_timeout_seconds",
            cloudformation="VisibilityTimeout",
            api="GetQueueAttributes:Attributes.VisibilityTimeout",
        ),
        Field(
            "message_retention_seconds",
            INT,
            345600,
            terraform="message_retention_seconds",
            cloudformation="MessageRetentionPeriod",
            api="GetQueueAttributes:Attributes.MessageRetentionPeriod",
        ),
        Field(
            "delay_seconds",
            INT,
            0,
            terraform="delay_seconds",
            cloudformation="DelaySeconds",
            api="GetQueueAttributes:Attributes.DelaySeconds",
        ),
        Field(
            "max_message_size",
            INT,
            262144,
            terraform="max_message_size",
            cloudformation="MaximumMessageSize",
            api="GetQueueAttributes:Attributes.MaximumMessageSize",
        ),
        Field(
            "receive_wait_time_seconds",
            INT,
            0,
            terraform="receive_wait_time_seconds",
            cloudformation="ReceiveMessageWaitTimeSeconds",
            api="GetQueueAttributes:Attributes.ReceiveMessageWaitTimeSeconds",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The queue policy (aws_sqs_queue_policy, AWS::SQS::QueuePolicy folded in); null "
                "when none."
            ),
            terraform="policy",
            api="GetQueueAttributes:Attributes.Policy",
        ),
        Field(
            "redrive_policy",
            OPT_OBJECT,
            terraform="redrive_policy",
            cloudformation="RedrivePolicy",
            api="GetQueueAttributes:Attributes.RedrivePolicy",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListQueueTags:Tags"),
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
        address="{url}",
    ),
)


KINDS = (QUEUE,)
