"""EKS: clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
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
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="DescribeCluster:cluster.arn",
        ),
        Field(
            "role_arn",
            STR,
            terraform="role_arn",
            cloudformation="RoleArn",
            default=REQUIRED,
            api="DescribeCluster:cluster.roleArn",
        ),
        Field(
            "version",
            STR,
            description=(
                "Unset: chosen by AWS (the newest version EKS offers); UNKNOWN in code until apply."
            ),
            terraform="version",
            cloudformation="Version",
            default=Chosen("the latest Kubernetes version EKS offers"),
            api="DescribeCluster:cluster.version",
        ),
        Field(
            "enabled_log_types",
            STRINGS,
            [],
            description="Control plane log types, sorted.",
            terraform="enabled_cluster_log_types",
        ),
        Field(
            "endpoint_public_access",
            BOOL,
            True,
            terraform="vpc_config.0.endpoint_public_access",
            cloudformation="ResourcesVpcConfig.EndpointPublicAccess",
            api="DescribeCluster:cluster.resourcesVpcConfig.endpointPublicAccess",
        ),
        Field(
            "endpoint_private_access",
            BOOL,
            False,
            terraform="vpc_config.0.endpoint_private_access",
            cloudformation="ResourcesVpcConfig.EndpointPrivateAccess",
            api="DescribeCluster:cluster.resourcesVpcConfig.endpointPrivateAccess",
        ),
        Field(
            "public_access_cidrs",
            STRINGS,
            ["0.0.0.0/0"],
            terraform="vpc_config.0.public_access_cidrs",
            cloudformation="ResourcesVpcConfig.PublicAccessCidrs",
            api="DescribeCluster:cluster.resourcesVpcConfig.publicAccessCidrs",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            terraform="vpc_config.0.subnet_ids",
            cloudformation="ResourcesVpcConfig.SubnetIds",
            default=[],
            api="DescribeCluster:cluster.resourcesVpcConfig.subnetIds",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            terraform="vpc_config.0.security_group_ids",
            cloudformation="ResourcesVpcConfig.SecurityGroupIds",
            default=[],
            api="DescribeCluster:cluster.resourcesVpcConfig.securityGroupIds",
        ),
        Field(
            "encryption_config",
            items(OBJECT),
            [],
            fields=(
                Field(
                    "resources",
                    STRINGS,
                    terraform="resources",
                    cloudformation="Resources",
                    api="resources",
                ),
                Field(
                    "key_arn",
                    STR,
                    terraform="provider.0.key_arn",
                    cloudformation="Provider.KeyArn",
                    api="provider.keyArn",
                ),
            ),
            terraform="encryption_config",
            cloudformation="EncryptionConfig",
            api="DescribeCluster:cluster.encryptionConfig",
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="Tags",
            api="DescribeCluster:cluster.tags",
        ),
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
