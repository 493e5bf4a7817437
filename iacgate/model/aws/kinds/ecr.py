"""ECR: repositories, their repository policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_POLICY,
    OPT_STR,
    REQUIRED,
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

REPOSITORY = AwsKind(
    name="aws.ecr.repository",
    description="An ECR repository with its repository policy",
    physical_id="name",
    cloudformation=Writers(types=("AWS::ECR::Repository",)),
    terraform=Writers(
        types=("aws_ecr_repository",),
        folds=(Fold("aws_ecr_repository_policy", "repository", ("name",), "policy", "policy"),),
    ),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="RepositoryName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="repositoryName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="repositoryArn",
        ),
        Field(
            "image_tag_mutability",
            STR,
            "MUTABLE",
            terraform="image_tag_mutability",
            cloudformation="ImageTagMutability",
            api="imageTagMutability",
        ),
        Field(
            "scan_on_push",
            BOOL,
            False,
            terraform="image_scanning_configuration.0.scan_on_push",
            cloudformation="ImageScanningConfiguration.ScanOnPush",
            api="imageScanningConfiguration.scanOnPush",
        ),
        Field(
            "encryption",
            OBJECT,
            fields=(
                Field(
                    "encryption_type",
                    STR,
                    "AES256",
                    terraform="encryption_type",
                    cloudformation="EncryptionType",
                    api="encryptionType",
                ),
                Field(
                    "kms_key", OPT_STR, terraform="kms_key", cloudformation="KmsKey", api="kmsKey"
                ),
            ),
            terraform="encryption_configuration",
            cloudformation="EncryptionConfiguration",
            api="encryptionConfiguration",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The repository policy (aws_ecr_repository_policy, RepositoryPolicyText); null "
                "when none."
            ),
            cloudformation="RepositoryPolicyText",
            api="GetRepositoryPolicy:policyText",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTagsForResource:"),
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
