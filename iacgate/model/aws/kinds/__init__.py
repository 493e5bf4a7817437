"""Every canonical AWS kind, declared once (``model/aws/declaration.py``), one module per
service. The registry is this visible list: a new service is one more line here.
"""

from __future__ import annotations

from iacgate.model.aws.declaration import AwsKind
from iacgate.model.aws.kinds import (
    apigateway,
    cloudfront,
    cloudtrail,
    dynamodb,
    ec2,
    ecr,
    efs,
    eks,
    elbv2,
    iam,
    kms,
    lambda_,
    logs,
    rds,
    s3,
    secretsmanager,
    sns,
    sqs,
)

SERVICES = (
    s3,
    ec2,
    iam,
    rds,
    kms,
    cloudtrail,
    lambda_,
    dynamodb,
    sqs,
    sns,
    eks,
    elbv2,
    ecr,
    secretsmanager,
    logs,
    apigateway,
    cloudfront,
    efs,
)

KINDS: tuple[AwsKind, ...] = tuple(kind for service in SERVICES for kind in service.KINDS)
BY_NAME: dict[str, AwsKind] = {kind.name: kind for kind in KINDS}
