"""EMR: clusters, security configurations and the per-region block public access setting."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    API,
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
)
from iacgate.model.edges import EdgeType

_CLUSTER = "DescribeCluster:Cluster"

CLUSTER = AwsKind(
    name="aws.emr.cluster",
    description="An EMR cluster",
    physical_id="cluster_id",
    identifiers=("cluster_id", "arn"),
    terraform=Writers(types=("aws_emr_cluster",)),
    cloudformation=Writers(types=("AWS::EMR::Cluster",)),
    fields=(
        Field(
            "cluster_id",
            OPT_STR,
            description="j-... (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="Id",
            default=ASSIGNED,
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api=f"{_CLUSTER}.ClusterArn",
            default=ASSIGNED,
        ),
        Field(
            "name", OPT_STR, terraform="name", cloudformation="Name", api="Name", default=REQUIRED
        ),
        Field(
            "release_label",
            OPT_STR,
            terraform="release_label",
            cloudformation="ReleaseLabel",
            api=f"{_CLUSTER}.ReleaseLabel",
        ),
        Field(
            "security_configuration",
            OPT_STR,
            description="The security configuration's name; null: none (no encryption).",
            terraform="security_configuration",
            cloudformation="SecurityConfiguration",
            api=f"{_CLUSTER}.SecurityConfiguration",
        ),
        Field(
            "log_uri",
            OPT_STR,
            description="Where EMR archives the cluster's logs in S3; null: nowhere.",
            terraform="log_uri",
            cloudformation="LogUri",
            api=f"{_CLUSTER}.LogUri",
        ),
        Field(
            "termination_protection",
            BOOL,
            False,
            terraform="termination_protection",
            cloudformation="Instances.TerminationProtected",
            api=f"{_CLUSTER}.TerminationProtected",
        ),
        Field(
            "kerberos_realm",
            OPT_STR,
            description="The Kerberos realm of a kerberized cluster; null: no Kerberos.",
            terraform="kerberos_attributes.0.realm",
            cloudformation="KerberosAttributes.Realm",
            api=f"{_CLUSTER}.KerberosAttributes.Realm",
        ),
        Field(
            "subnet_id",
            OPT_STR,
            terraform="ec2_attributes.0.subnet_id",
            cloudformation="Instances.Ec2SubnetId",
            api=f"{_CLUSTER}.Ec2InstanceAttributes.Ec2SubnetId",
        ),
        Field(
            "service_role",
            OPT_STR,
            terraform="service_role",
            cloudformation="ServiceRole",
            api=f"{_CLUSTER}.ServiceRole",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api=f"{_CLUSTER}.Tags"),
    ),
    edges=(
        Edge(
            "security_configuration",
            EdgeType.REFERENCES,
            ("aws.emr.security_configuration",),
        ),
        Edge("subnet_id", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("service_role", EdgeType.USES_ROLE, ("aws.iam.role",)),
    ),
    collector=Collector(
        service="emr",
        calls=(
            call("emr", "ListClusters", paginated=True, prefix="elasticmapreduce"),
            call("emr", "DescribeCluster", prefix="elasticmapreduce"),
        ),
        id_field="Id",
        arn="arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{id}",
        note="clusters that are starting, running or waiting",
    ),
)


SECURITY_CONFIGURATION = AwsKind(
    name="aws.emr.security_configuration",
    description="An EMR security configuration (its JSON document read into settings)",
    physical_id="name",
    identifiers=("name",),
    terraform=Writers(types=("aws_emr_security_configuration",)),
    cloudformation=Writers(types=("AWS::EMR::SecurityConfiguration",)),
    fields=(
        Field(
            "name",
            OPT_STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            api="Name",
            default=Chosen("AWS generates the name (name_prefix)"),
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            default=ASSIGNED,
        ),
        Field(
            "at_rest_encryption_enabled",
            BOOL,
            False,
            description="EncryptionConfiguration.EnableAtRestEncryption.",
        ),
        Field(
            "in_transit_encryption_enabled",
            BOOL,
            False,
            description="EncryptionConfiguration.EnableInTransitEncryption.",
        ),
        Field(
            "s3_encryption_mode",
            OPT_STR,
            description="EMRFS S3 encryption (SSE-S3, SSE-KMS, CSE-KMS, CSE-Custom); null: none.",
        ),
        Field(
            "local_disk_encryption",
            BOOL,
            False,
            description="A local disk encryption configuration is present (instance store).",
        ),
        Field(
            "ebs_encryption_enabled",
            BOOL,
            False,
            description="LocalDiskEncryptionConfiguration.EnableEbsEncryption (EBS volumes).",
        ),
        Field(
            "kerberos_enabled",
            BOOL,
            False,
            description="AuthenticationConfiguration.KerberosConfiguration is present.",
        ),
    ),
    collector=Collector(
        service="emr",
        calls=(
            call(
                "emr",
                "ListSecurityConfigurations",
                paginated=True,
                prefix="elasticmapreduce",
                items="SecurityConfigurations",
            ),
            call(
                "emr",
                "DescribeSecurityConfiguration",
                prefix="elasticmapreduce",
                params=(("Name", "Name"),),
            ),
        ),
        id_field="Name",
        arn="arn:{partition}:elasticmapreduce:{region}:{account}:security-configuration/{id}",
    ),
)


BLOCK_PUBLIC_ACCESS = AwsKind(
    name="aws.emr.block_public_access_configuration",
    description="EMR block public access (per region)",
    physical_id="region",
    terraform=Writers(types=("aws_emr_block_public_access_configuration",)),
    note="The per-region EMR block public access setting; CloudFormation has no type for it.",
    fields=(
        Field(
            "region",
            STR,
            description=(
                "The region (physical id). Terraform does not name it (the provider's region "
                "is implied): UNKNOWN there."
            ),
            terraform="region",
            default=Chosen("the provider's region"),
            api="Region",
        ),
        Field(
            "block_public_security_group_rules",
            BOOL,
            True,
            description=(
                "Clusters may not launch with security groups open to the world. On by "
                "default in every region since 2019."
            ),
            terraform="block_public_security_group_rules",
            api=(
                "GetBlockPublicAccessConfiguration:BlockPublicAccessConfiguration."
                "BlockPublicSecurityGroupRules"
            ),
            defaults={API: True},
        ),
    ),
    collector=Collector(
        service="emr",
        calls=(call("emr", "GetBlockPublicAccessConfiguration", prefix="elasticmapreduce"),),
        id_field="Region",
        arn="emr-block-public-access/{region}",
        address="emr-block-public-access/{region}",
    ),
)


KINDS = (CLUSTER, SECURITY_CONFIGURATION, BLOCK_PUBLIC_ACCESS)
