"""Secrets Manager: secrets, their rotation and resource policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    OPT_INT,
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

SECRET = AwsKind(
    name="aws.secretsmanager.secret",
    description="A Secrets Manager secret with its rotation",
    physical_id="arn",
    terraform=Writers(
        types=("aws_secretsmanager_secret",),
        folds=("aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_policy"),
    ),
    cloudformation=Writers(
        types=("AWS::SecretsManager::Secret",),
        folds=("AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::ResourcePolicy"),
    ),
    note=(
        "A secret; aws_secretsmanager_secret_rotation / AWS::SecretsManager::RotationSchedule "
        "and the resource policy fold in. Secret values are never read."
    ),
    fields=(
        Field("arn", STR, description="Physical id."),
        Field("name", STR),
        Field("description", OPT_STR),
        Field("kms_key_id", OPT_STR, description="null = aws/secretsmanager."),
        Field("rotation_enabled", BOOL, False),
        Field("rotation_lambda_arn", OPT_STR),
        Field(
            "rotation_rules",
            OPT_OBJECT,
            fields=(
                Field("automatically_after_days", OPT_INT),
                Field("duration", OPT_STR),
                Field("schedule_expression", OPT_STR),
            ),
        ),
        Field("policy", OPT_POLICY),
        Field("tags", TAGS),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("rotation_lambda_arn", EdgeType.REFERENCES, ("aws.lambda.function",)),
    ),
    collector=Collector(
        service="secretsmanager",
        calls=(
            call("secretsmanager", "ListSecrets", paginated=True),
            call("secretsmanager", "GetResourcePolicy", gone=("ResourceNotFoundException",)),
        ),
        id_field="ARN",
        arn="{id}",
        note="metadata and resource policy only: secret values are never requested",
    ),
)


KINDS = (SECRET,)
