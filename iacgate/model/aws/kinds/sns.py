"""SNS: topics, their topic policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    OPT_STR,
    POLICY,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

TOPIC = AwsKind(
    name="aws.sns.topic",
    description="An SNS topic with its topic policy",
    physical_id="arn",
    terraform=Writers(types=("aws_sns_topic",), folds=("aws_sns_topic_policy",)),
    cloudformation=Writers(types=("AWS::SNS::Topic",), folds=("AWS::SNS::TopicPolicy",)),
    identifiers=("arn",),
    fields=(
        Field("arn", STR, description="The topic ARN (physical id)."),
        Field("name", STR),
        Field("kms_master_key_id", OPT_STR),
        Field("fifo_topic", BOOL, False),
        Field("content_based_deduplication", BOOL, False),
        Field(
            "policy",
            POLICY,
            description=(
                "The topic policy (aws_sns_topic_policy, AWS::SNS::TopicPolicy folded in). "
                "Unset: the default policy (owner account only; UNKNOWN in code)."
            ),
        ),
        Field("tags", TAGS),
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


KINDS = (TOPIC,)
