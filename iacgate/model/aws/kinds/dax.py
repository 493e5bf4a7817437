"""DynamoDB Accelerator (DAX): clusters."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
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
    enum,
)
from iacgate.model.edges import EdgeType

CLUSTER = AwsKind(
    name="aws.dax.cluster",
    description="A DynamoDB Accelerator (DAX) cluster",
    physical_id="cluster_name",
    identifiers=("cluster_name", "arn"),
    terraform=Writers(types=("aws_dax_cluster",)),
    cloudformation=Writers(types=("AWS::DAX::Cluster",)),
    fields=(
        Field(
            "cluster_name",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="cluster_name",
            cloudformation="ClusterName",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="ClusterName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="ClusterArn",
        ),
        Field(
            "sse_enabled",
            BOOL,
            False,
            description=(
                "Encryption at rest: off unless asked for. The API reports a status "
                "(the kind's code)."
            ),
            terraform="server_side_encryption.0.enabled",
            cloudformation="SSESpecification.SSEEnabled",
        ),
        Field(
            "cluster_endpoint_encryption_type",
            enum("NONE", "TLS"),
            "NONE",
            description="TLS on the cluster endpoint: NONE unless asked for.",
            terraform="cluster_endpoint_encryption_type",
            cloudformation="ClusterEndpointEncryptionType",
            api="ClusterEndpointEncryptionType",
        ),
        Field(
            "iam_role_arn",
            STR,
            REQUIRED,
            terraform="iam_role_arn",
            cloudformation="IAMRoleARN",
            api="IamRoleArn",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            Chosen("the VPC's default security group"),
            description="Sorted. Unset: the VPC's default group (UNKNOWN in code).",
            terraform="security_group_ids",
            cloudformation="SecurityGroupIds",
            api="SecurityGroups.*.SecurityGroupIdentifier",
        ),
        Field(
            "subnet_group_name",
            OPT_STR,
            terraform="subnet_group_name",
            cloudformation="SubnetGroupName",
            api="SubnetGroup",
        ),
        Field("tags", TAGS, required=False, terraform="tags"),
    ),
    edges=(
        Edge("iam_role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
    ),
    collector=Collector(
        service="dax",
        calls=(call("dax", "DescribeClusters", paginated=True, items="Clusters"),),
        id_field="ClusterName",
        arn="arn:{partition}:dax:{region}:{account}:cache/{id}",
    ),
)


KINDS = (CLUSTER,)
