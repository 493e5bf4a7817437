"""Secrets Manager: secrets, their rotation and resource policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
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
    Fold,
    Writers,
)
from iacgate.model.edges import EdgeType

SECRET = AwsKind(
    name="aws.secretsmanager.secret",
    description="A Secrets Manager secret with its rotation",
    physical_id="arn",
    note=(
        "A secret; aws_secretsmanager_secret_rotation / AWS::SecretsManager::RotationSchedule "
        "and the resource policy fold in. Secret values are never read."
    ),
    terraform=Writers(
        types=("aws_secretsmanager_secret",),
        folds=(
            "aws_secretsmanager_secret_rotation",
            Fold(
                "aws_secretsmanager_secret_policy",
                "secret_arn",
                ("arn", "name"),
                "policy",
                "policy",
            ),
        ),
    ),
    cloudformation=Writers(
        types=("AWS::SecretsManager::Secret",),
        folds=(
            "AWS::SecretsManager::RotationSchedule",
            Fold(
                "AWS::SecretsManager::ResourcePolicy",
                "SecretId",
                ("arn", "name"),
                "policy",
                "ResourcePolicy",
            ),
        ),
    ),
    fields=(
        Field("arn", STR, description="Physical id.", terraform="id", default=ASSIGNED, api="ARN"),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="Name",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "description",
            OPT_STR,
            terraform="description",
            cloudformation="Description",
            api="Description",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="null = aws/secretsmanager.",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field("rotation_enabled", BOOL, False, api="RotationEnabled"),
        Field("rotation_lambda_arn", OPT_STR, api="RotationLambdaARN"),
        Field(
            "rotation_rules",
            OPT_OBJECT,
            fields=(
                Field(
                    "automatically_after_days",
                    OPT_INT,
                    terraform="automatically_after_days",
                    cloudformation="AutomaticallyAfterDays",
                    api="AutomaticallyAfterDays",
                ),
                Field(
                    "duration",
                    OPT_STR,
                    terraform="duration",
                    cloudformation="Duration",
                    api="Duration",
                ),
                Field(
                    "schedule_expression",
                    OPT_STR,
                    terraform="schedule_expression",
                    cloudformation="ScheduleExpression",
                    api="ScheduleExpression",
                ),
            ),
            absent=None,
            api="RotationRules",
        ),
        Field("policy", OPT_POLICY, api="GetResourcePolicy:ResourcePolicy"),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
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
