"""EKS: clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    OBJECT,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    items,
)
from iacgate.model.edges import EdgeType

CLUSTER = AwsKind(
    name="aws.eks.cluster",
    description="An EKS cluster",
    physical_id="name",
    terraform=Writers(types=("aws_eks_cluster",)),
    cloudformation=Writers(types=("AWS::EKS::Cluster",)),
    fields=(
        Field("name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("role_arn", STR),
        Field(
            "version",
            STR,
            description=(
                "Unset: chosen by AWS (the newest version EKS offers); UNKNOWN in code until apply."
            ),
        ),
        Field("enabled_log_types", STRINGS, [], description="Control plane log types, sorted."),
        Field("endpoint_public_access", BOOL, True),
        Field("endpoint_private_access", BOOL, False),
        Field("public_access_cidrs", STRINGS, ["0.0.0.0/0"]),
        Field("subnet_ids", STRINGS),
        Field("security_group_ids", STRINGS),
        Field(
            "encryption_config",
            items(OBJECT),
            [],
            fields=(
                Field("resources", STRINGS),
                Field("key_arn", STR),
            ),
        ),
        Field("tags", TAGS),
    ),
    edges=(
        Edge("role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("encryption_config.*.key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="eks",
        calls=(
            call("eks", "ListClusters", paginated=True),
            call("eks", "DescribeCluster", gone=("ResourceNotFoundException",)),
        ),
        id_field="name",
        arn="arn:{partition}:eks:{region}:{account}:cluster/{id}",
    ),
)


KINDS = (CLUSTER,)
