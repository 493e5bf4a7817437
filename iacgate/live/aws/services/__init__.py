"""Fetch functions: how the collector reads the kinds whose declared calls alone cannot say it.

Each takes an ``api.Api`` (bound to the kind and a region) and returns native records. Detail
calls fan out over the service and region's thread pool through ``Api.each``. A kind that is
not listed in :data:`FETCH` is read by ``generic.fetch`` from its declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacgate.live.aws.services import apps, data, ec2, iam, s3
from iacgate.model.aws.kinds import (
    apigateway,
    cloudfront,
    cloudtrail,
    dynamodb,
    ecr,
    eks,
    elbv2,
    kms,
    lambda_,
    logs,
    secretsmanager,
    sns,
    sqs,
)
from iacgate.model.aws.kinds import ec2 as ec2_kinds
from iacgate.model.aws.kinds import iam as iam_kinds
from iacgate.model.aws.kinds import s3 as s3_kinds

Fetch = Callable[[Any], list[Any]]

# By kind: what the reading of each needs beyond its calls (a bucket's details asked in its
# own region, AWS managed keys left out, tags asked 20 resources at a time, ...).
FETCH: dict[str, Fetch] = {
    s3_kinds.BUCKET.name: s3.buckets,
    s3_kinds.ACCOUNT_PUBLIC_ACCESS_BLOCK.name: s3.account_public_access_block,
    ec2_kinds.INSTANCE.name: ec2.instances,
    ec2_kinds.EBS_ENCRYPTION_BY_DEFAULT.name: ec2.ebs_encryption_by_default,
    ec2_kinds.VPC.name: ec2.vpcs,
    iam_kinds.ROLE.name: iam.roles,
    iam_kinds.USER.name: iam.users,
    iam_kinds.GROUP.name: iam.groups,
    iam_kinds.MANAGED_POLICY.name: iam.policies,
    iam_kinds.ACCESS_KEY.name: iam.access_keys,
    iam_kinds.INSTANCE_PROFILE.name: iam.instance_profiles,
    kms.KEY.name: data.keys,
    cloudtrail.TRAIL.name: apps.trails,
    lambda_.FUNCTION.name: apps.functions,
    dynamodb.TABLE.name: data.tables,
    sqs.QUEUE.name: apps.queues,
    sns.TOPIC.name: apps.topics,
    eks.CLUSTER.name: apps.clusters,
    elbv2.LOAD_BALANCER.name: apps.load_balancers,
    elbv2.LISTENER.name: apps.listeners,
    ecr.REPOSITORY.name: apps.repositories,
    secretsmanager.SECRET.name: data.secrets,
    logs.LOG_GROUP.name: apps.log_groups,
    apigateway.STAGE.name: apps.stages,
    cloudfront.DISTRIBUTION.name: apps.distributions,
}
