"""SNS: topics, their topic policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    POLICY,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
)
from iacgate.model.edges import EdgeType

TOPIC = AwsKind(
    name="aws.sns.topic",
    description="An SNS topic with its topic policy",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(
        types=("aws_sns_topic",),
        folds=(Fold("aws_sns_topic_policy", "arn", ("arn",), "policy", "policy"),),
    ),
    cloudformation=Writers(
        types=("AWS::SNS::Topic",),
        folds=(Fold("AWS::SNS::TopicPolicy", "Topics", ("arn",), "policy", "PolicyDocument"),),
    ),
    fields=(
        Field(
            "arn",
            STR,
            description="The topic ARN (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="TopicArn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="TopicName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "kms_master_key_id",
            OPT_STR,
            terraform="kms_master_key_id",
            cloudformation="KmsMasterKeyId",
            api="GetTopicAttributes:Attributes.KmsMasterKeyId",
        ),
        Field(
            "fifo_topic",
            BOOL,
            False,
            terraform="fifo_topic",
            cloudformation="FifoTopic",
            api="GetTopicAttributes:Attributes.FifoTopic",
        ),
        Field(
            "content_based_deduplication",
            BOOL,
            False,
            terraform="content_based_deduplication",
            cloudformation="ContentBasedDeduplication",
            api="GetTopicAttributes:Attributes.ContentBasedDeduplication",
        ),
        Field(
            "policy",
            POLICY,
            description=(
                "The topic policy (aws_sns_topic_policy, AWS::SNS::TopicPolicy folded in). "
                "Unset: the default policy (owner account only; UNKNOWN in code)."
            ),
            terraform="policy",
            default=Chosen("the default topic policy (the owner account)"),
            api="GetTopicAttributes:Attributes.Policy",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTagsForResource:"),
    ),
    edges=(Edge("kms_master_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="sns",
        calls=(
            call("sns", "ListTopics", paginated=True),
            call("sns", "GetTopicAttributes", gone=("NotFound", "NotFoundException")),
            call("sns", "ListTagsForResource", gone=("ResourceNotFound",)),
        ),
        id_field="TopicArn",
        arn="{id}",
    ),
)


SUBSCRIPTION = AwsKind(
    name="aws.sns.subscription",
    description="A subscription to an SNS topic",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(types=("aws_sns_topic_subscription",)),
    cloudformation=Writers(types=("AWS::SNS::Subscription",)),
    fields=(
        Field(
            "arn",
            STR,
            description="The subscription ARN (physical id); assigned by AWS.",
            terraform="id",
            default=ASSIGNED,
            api="SubscriptionArn",
        ),
        Field(
            "topic_arn",
            STR,
            terraform="topic_arn",
            cloudformation="TopicArn",
            default=REQUIRED,
            api="TopicArn",
        ),
        Field(
            "protocol",
            STR,
            terraform="protocol",
            cloudformation="Protocol",
            default=REQUIRED,
            api="Protocol",
        ),
        Field(
            "endpoint",
            OPT_STR,
            terraform="endpoint",
            cloudformation="Endpoint",
            api="Endpoint",
        ),
    ),
    edges=(Edge("topic_arn", EdgeType.ATTACHED_TO, ("aws.sns.topic",)),),
    collector=Collector(
        service="sns",
        calls=(call("sns", "ListSubscriptions", paginated=True, items="Subscriptions"),),
        id_field="SubscriptionArn",
        arn="{id}",
    ),
)


KINDS = (TOPIC, SUBSCRIPTION)
