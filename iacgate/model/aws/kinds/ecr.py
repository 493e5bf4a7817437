"""ECR: repositories, their repository policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    OBJECT,
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

REPOSITORY = AwsKind(
    name="aws.ecr.repository",
    description="An ECR repository with its repository policy",
    physical_id="name",
    terraform=Writers(types=("aws_ecr_repository",), folds=("aws_ecr_repository_policy",)),
    cloudformation=Writers(types=("AWS::ECR::Repository",)),
    fields=(
        Field("name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("image_tag_mutability", STR, "MUTABLE"),
        Field("scan_on_push", BOOL, False),
        Field(
            "encryption",
            OBJECT,
            fields=(
                Field("encryption_type", STR, "AES256"),
                Field("kms_key", OPT_STR),
            ),
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The repository policy (aws_ecr_repository_policy, RepositoryPolicyText); null "
                "when none."
            ),
        ),
        Field("tags", TAGS),
    ),
    edges=(Edge("encryption.kms_key", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="ecr",
        calls=(
            call("ecr", "DescribeRepositories", paginated=True),
            call(
                "ecr",
                "GetRepositoryPolicy",
                absent=("RepositoryPolicyNotFoundException",),
                gone=("RepositoryNotFoundException",),
            ),
            call("ecr", "ListTagsForResource", gone=("RepositoryNotFoundException",)),
        ),
        id_field="repositoryName",
        arn="arn:{partition}:ecr:{region}:{account}:repository/{id}",
    ),
)


KINDS = (REPOSITORY,)
