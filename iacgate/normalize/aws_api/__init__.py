"""Native AWS API records into canonical resources: the live half of the AWS model.

The live collector (``iacgate.live.aws``) reads; this package maps what it read, kind by kind,
to the same canonical attributes the Terraform and CloudFormation mappings produce
(``docs/model.md``). No boto3 here: records are plain JSON, so recorded responses normalize
the same way as a live collection.
"""

from __future__ import annotations

from collections.abc import Callable

from iacgate.live.aws.records import NativeRecord
from iacgate.model import aws
from iacgate.model.resource import Resource
from iacgate.normalize.aws_api import ec2, iam, s3, services
from iacgate.normalize.aws_api.core import SOURCE, Mapped

__all__ = ["NORMALIZERS", "SOURCE", "to_resources"]

Normalizer = Callable[[NativeRecord], list[Mapped]]

# By the record's kind (the kind whose calls read it): a visible literal registry.
NORMALIZERS: dict[str, Normalizer] = {
    "aws.s3.bucket": s3.bucket,
    "aws.s3.account_public_access_block": s3.account_public_access_block,
    "aws.ec2.security_group": ec2.security_group,
    "aws.ec2.instance": ec2.instance,
    "aws.ec2.volume": ec2.volume,
    "aws.ec2.ebs_encryption_by_default": ec2.ebs_encryption_by_default,
    "aws.ec2.vpc": ec2.vpc,
    "aws.ec2.subnet": ec2.subnet,
    "aws.ec2.flow_log": ec2.flow_log,
    "aws.iam.role": iam.role,
    "aws.iam.user": iam.user,
    "aws.iam.group": iam.group,
    "aws.iam.policy": iam.managed_policy,
    "aws.iam.access_key": iam.access_key,
    "aws.iam.instance_profile": iam.instance_profile,
    "aws.rds.db_instance": services.db_instance,
    "aws.rds.db_cluster": services.db_cluster,
    "aws.kms.key": services.kms_key,
    "aws.cloudtrail.trail": services.trail,
    "aws.lambda.function": services.function,
    "aws.dynamodb.table": services.table,
    "aws.sqs.queue": services.queue,
    "aws.sns.topic": services.topic,
    "aws.eks.cluster": services.cluster,
    "aws.elbv2.load_balancer": services.load_balancer,
    "aws.elbv2.listener": services.listener,
    "aws.ecr.repository": services.repository,
    "aws.secretsmanager.secret": services.secret,
    "aws.logs.log_group": services.log_group,
    "aws.apigateway.stage": services.stage,
    "aws.cloudfront.distribution": services.distribution,
}


def to_resources(record: NativeRecord, scope: str) -> list[Resource]:
    """The canonical resources of one record (a bucket gives its policy node as well)."""
    out = []
    for mapped in NORMALIZERS[record.kind](record):
        origin = {"region": record.region, **mapped.origin}
        out.append(
            Resource(
                kind=mapped.kind,
                address=mapped.address,
                scope=scope,
                attributes=mapped.attributes,
                source=SOURCE,
                physical_id=aws.physical_id(mapped.kind, mapped.attributes),
                origin=origin,
            )
        )
    return out
