"""Fetch functions: how the collector reads the kinds whose declared calls alone cannot say it.

Each takes an ``api.Api`` (bound to the kind and a region) and returns native records. Detail
calls fan out over the service and region's thread pool through ``Api.each``. A kind that is
not listed in :data:`FETCH` is read by ``generic.fetch`` from its declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacgate.live.aws.services import (
    apps,
    compute,
    data,
    ec2,
    edge,
    governance,
    iam,
    integration,
    s3,
    stores,
)
from iacgate.model.aws.kinds import (
    acm,
    apigateway,
    athena,
    batch,
    cloudfront,
    cloudtrail,
    codebuild,
    cognito,
    config,
    docdb,
    dynamodb,
    ecr,
    ecs,
    eks,
    elb,
    elbv2,
    emr,
    events,
    glue,
    guardduty,
    kinesis,
    kms,
    lambda_,
    launch_template,
    logs,
    neptune,
    rds,
    route53,
    secretsmanager,
    securityhub,
    ses,
    sns,
    sqs,
    ssm,
    wafv2,
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
    eks.NODE_GROUP.name: apps.node_groups,
    eks.POD_IDENTITY_ASSOCIATION.name: apps.pod_identity_associations,
    elbv2.LOAD_BALANCER.name: apps.load_balancers,
    elbv2.LISTENER.name: apps.listeners,
    elbv2.TARGET_GROUP.name: apps.target_groups,
    ecr.REPOSITORY.name: apps.repositories,
    secretsmanager.SECRET.name: data.secrets,
    logs.LOG_GROUP.name: apps.log_groups,
    apigateway.STAGE.name: apps.stages,
    cloudfront.DISTRIBUTION.name: apps.distributions,
    kinesis.STREAM.name: stores.kinesis_streams,
    kinesis.DELIVERY_STREAM.name: stores.delivery_streams,
    neptune.DB_CLUSTER.name: stores.neptune_clusters,
    rds.DB_CLUSTER.name: stores.rds_clusters,
    docdb.DB_CLUSTER.name: stores.docdb_clusters,
    config.RECORDER.name: governance.config_recorders,
    iam_kinds.PASSWORD_POLICY.name: governance.password_policy,
    guardduty.DETECTOR.name: governance.detectors,
    securityhub.HUB.name: governance.hubs,
    securityhub.STANDARDS_SUBSCRIPTION.name: governance.standards,
    apigateway.METHOD.name: governance.api_methods,
    elb.LOAD_BALANCER.name: edge.classic_load_balancers,
    acm.CERTIFICATE.name: edge.certificates,
    wafv2.WEB_ACL.name: edge.web_acls,
    wafv2.WEB_ACL_ASSOCIATION.name: edge.web_acl_associations,
    route53.HOSTED_ZONE.name: edge.hosted_zones,
    glue.CATALOG_ENCRYPTION.name: integration.catalog_encryption,
    codebuild.PROJECT.name: integration.codebuild_projects,
    cognito.USER_POOL.name: integration.user_pools,
    ssm.DOCUMENT.name: integration.ssm_documents,
    athena.WORKGROUP.name: integration.athena_workgroups,
    events.EVENT_BUS.name: integration.event_buses,
    ses.EMAIL_IDENTITY.name: integration.email_identities,
    launch_template.LAUNCH_TEMPLATE.name: compute.launch_templates,
    ecs.CLUSTER.name: compute.clusters,
    ecs.TASK_DEFINITION.name: compute.task_definitions,
    ecs.SERVICE.name: compute.services,
    emr.CLUSTER.name: compute.emr_clusters,
    emr.BLOCK_PUBLIC_ACCESS.name: compute.emr_block_public_access,
    batch.JOB_DEFINITION.name: compute.job_definitions,
}
