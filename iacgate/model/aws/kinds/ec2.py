"""EC2: security groups and rules, instances, volumes, EBS default encryption, VPCs, subnets,
flow logs."""

from __future__ import annotations

from iacgate.model.aws import RULE_KEY
from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    API,
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_INT,
    OPT_OBJECT,
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
    items,
    ref,
)
from iacgate.model.edges import EdgeType

SECURITY_GROUP = AwsKind(
    name="aws.ec2.security_group",
    description="A VPC security group with all its rules",
    physical_id="group_id",
    terraform=Writers(
        types=("aws_security_group", "aws_default_security_group"),
        folds=(
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        ),
    ),
    cloudformation=Writers(
        types=("AWS::EC2::SecurityGroup",),
        folds=("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"),
    ),
    identifiers=("group_id", "arn"),
    note=(
        "A VPC security group with every rule folded in: inline ingress/egress, "
        "aws_security_group_rule, aws_vpc_security_group_ingress_rule/egress_rule "
        "(CloudFormation: SecurityGroupIngress/Egress properties and "
        "AWS::EC2::SecurityGroupIngress/Egress resources)."
    ),
    fields=(
        Field(
            "group_id",
            STR,
            description="sg-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="GroupId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="GroupName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="GroupName",
        ),
        Field(
            "description",
            STR,
            "Managed by Terraform",
            description=(
                "Terraform's default is 'Managed by Terraform'; CloudFormation requires one."
            ),
            terraform="description",
            cloudformation="GroupDescription",
            defaults={CLOUDFORMATION: None, API: None},
            api="Description",
        ),
        Field(
            "vpc_id",
            STR,
            description=(
                "Unset: chosen by AWS (the region's default VPC); UNKNOWN in code until apply."
            ),
            terraform="vpc_id",
            cloudformation="VpcId",
            default=Chosen("the region's default VPC"),
            api="VpcId",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
        Field(
            "ingress",
            items(ref("sgRule")),
            [],
            key=RULE_KEY,
            key_nullable=True,
        ),
        Field(
            "egress",
            items(ref("sgRule")),
            description=(
                "Terraform removes AWS's default allow-all egress rule from groups it creates, "
                "so a Terraform group without egress has []. CloudFormation keeps the default "
                "rule (protocol -1 to 0.0.0.0/0) when SecurityGroupEgress is omitted: the "
                "CloudFormation normalizer must add it."
            ),
            key=RULE_KEY,
            key_nullable=True,
        ),
    ),
    edges=(
        Edge("vpc_id", EdgeType.IN_VPC, ("aws.ec2.vpc",)),
        Edge("ingress.*.referenced_group_id", EdgeType.REFERENCES, ("aws.ec2.security_group",)),
        Edge("egress.*.referenced_group_id", EdgeType.REFERENCES, ("aws.ec2.security_group",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeSecurityGroups", paginated=True, items="SecurityGroups"),),
        id_field="GroupId",
        arn="arn:{partition}:ec2:{region}:{account}:security-group/{id}",
    ),
)


SECURITY_GROUP_RULE = AwsKind(
    name="aws.ec2.security_group_rule",
    description="Rules of a security group declared elsewhere",
    physical_id="rule_id",
    terraform=Writers(
        types=(
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        )
    ),
    cloudformation=Writers(
        types=("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")
    ),
    note=(
        "Rules whose security group is not part of the input (the group is a variable, a data "
        "source or in another root). Same ingress/egress shape as aws.ec2.security_group, so "
        "iacgate.model.aws.sg_rules() reads both kinds. Live collectors never produce this kind "
        "(they fold every rule into its group)."
    ),
    fields=(
        Field("rule_id", STR, description="sgr-... (physical id) when known."),
        Field("group_id", STR, description="The group the rules belong to (declared elsewhere)."),
        Field("tags", TAGS),
        Field("ingress", items(ref("sgRule"))),
        Field("egress", items(ref("sgRule"))),
    ),
    edges=(
        Edge("group_id", EdgeType.ATTACHED_TO, ("aws.ec2.security_group",)),
        Edge("group_id", EdgeType.ATTACHED_TO, ("aws.ec2.vpc",)),
        Edge("ingress.*.referenced_group_id", EdgeType.REFERENCES, ("aws.ec2.security_group",)),
        Edge("egress.*.referenced_group_id", EdgeType.REFERENCES, ("aws.ec2.security_group",)),
    ),
)


INSTANCE = AwsKind(
    name="aws.ec2.instance",
    description="An EC2 instance",
    physical_id="instance_id",
    terraform=Writers(types=("aws_instance",)),
    cloudformation=Writers(types=("AWS::EC2::Instance",)),
    note=(
        "An EC2 instance. user_data is read from code only: plans and state keep its hash, and "
        "the API answers it through a call per instance."
    ),
    fields=(
        Field(
            "instance_id",
            STR,
            description="i-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="InstanceId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "user_data",
            OPT_STR,
            description=(
                "The user data as written (text or base64; user_data_base64 when that is the "
                "one written); UNKNOWN in a plan or state (a hash), not collected live."
            ),
            required=False,
            terraform="user_data",
            cloudformation="UserData",
        ),
        Field(
            "image_id",
            STR,
            description="The AMI (Terraform ami, CloudFormation/API ImageId).",
            terraform="ami",
            cloudformation="ImageId",
            default=Chosen("the launch template's AMI"),
            api="ImageId",
        ),
        Field(
            "instance_type",
            STR,
            terraform="instance_type",
            cloudformation="InstanceType",
            default=Chosen("the launch template's instance type"),
            defaults={CLOUDFORMATION: "m1.small"},
            api="InstanceType",
        ),
        Field(
            "subnet_id",
            STR,
            description="Unset: chosen by AWS (a default subnet); UNKNOWN in code until apply.",
            terraform="subnet_id",
            default=Chosen("a default subnet of the default VPC"),
            api="SubnetId",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            description=(
                "VPC security group ids, sorted. Unset: the VPC's default group (UNKNOWN in code)."
            ),
            defaults={API: []},
            api="SecurityGroups.*.GroupId",
        ),
        Field(
            "iam_instance_profile",
            OPT_STR,
            description="The instance profile name (an ARN is reduced to its name).",
            terraform="iam_instance_profile",
            cloudformation="IamInstanceProfile",
            api="IamInstanceProfile.Arn",
        ),
        Field(
            "associate_public_ip_address",
            BOOL,
            description=(
                "Unset: chosen by AWS (the subnet's map_public_ip_on_launch); UNKNOWN in code "
                "until apply."
            ),
            terraform="associate_public_ip_address",
            default=Chosen("the subnet's map_public_ip_on_launch"),
        ),
        Field(
            "monitoring",
            BOOL,
            False,
            description="Detailed monitoring.",
            terraform="monitoring",
            cloudformation="Monitoring",
        ),
        Field(
            "ebs_optimized",
            BOOL,
            description="Unset: chosen by AWS (the instance type); UNKNOWN in code until apply.",
            terraform="ebs_optimized",
            cloudformation="EbsOptimized",
            default=Chosen("the instance type's default"),
            api="EbsOptimized",
        ),
        Field("key_name", OPT_STR, terraform="key_name", cloudformation="KeyName", api="KeyName"),
        Field(
            "launch_template",
            OPT_OBJECT,
            description=(
                "The launch template the instance is launched from (null: none); the settings "
                "the instance leaves unset are the template's. The API answers the effective "
                "settings themselves."
            ),
            absent=None,
            fields=(
                Field("id", OPT_STR, terraform="id", cloudformation="LaunchTemplateId"),
                Field("name", OPT_STR, terraform="name", cloudformation="LaunchTemplateName"),
                Field(
                    "version",
                    STR,
                    "$Default",
                    terraform="version",
                    cloudformation="Version",
                ),
            ),
            terraform="launch_template",
            cloudformation="LaunchTemplate",
        ),
        Field(
            "metadata_options",
            OBJECT,
            fields=(
                Field(
                    "http_endpoint",
                    STR,
                    "enabled",
                    terraform="http_endpoint",
                    cloudformation="HttpEndpoint",
                    api="HttpEndpoint",
                ),
                Field(
                    "http_tokens",
                    STR,
                    description=(
                        "Unset: chosen by AWS (the AMI's ImdsSupport and the account's IMDS "
                        "defaults; 'required' means IMDSv2 only); UNKNOWN in code until apply."
                    ),
                    terraform="http_tokens",
                    cloudformation="HttpTokens",
                    default=Chosen("the AMI's and the account's IMDS defaults"),
                    api="HttpTokens",
                ),
                Field(
                    "http_put_response_hop_limit",
                    INT,
                    description=(
                        "Unset: chosen by AWS (AMI/account defaults); UNKNOWN in code until apply."
                    ),
                    terraform="http_put_response_hop_limit",
                    cloudformation="HttpPutResponseHopLimit",
                    default=Chosen("the AMI's and the account's IMDS defaults"),
                    api="HttpPutResponseHopLimit",
                ),
                Field(
                    "instance_metadata_tags",
                    STR,
                    "disabled",
                    terraform="instance_metadata_tags",
                    cloudformation="InstanceMetadataTags",
                    api="InstanceMetadataTags",
                ),
            ),
            terraform="metadata_options",
            cloudformation="MetadataOptions",
            api="MetadataOptions",
        ),
        Field(
            "root_block_device",
            OBJECT,
            fields=(
                Field(
                    "encrypted",
                    BOOL,
                    description=(
                        "Unset: chosen by AWS (EBS encryption by default and the AMI's "
                        "snapshot); UNKNOWN in code until apply."
                    ),
                    terraform="encrypted",
                    cloudformation="Ebs.Encrypted",
                    default=Chosen(
                        "the account's EBS encryption-by-default setting and the AMI's snapshots"
                    ),
                ),
                Field("kms_key_id", OPT_STR, terraform="kms_key_id", cloudformation="Ebs.KmsKeyId"),
                Field(
                    "volume_size",
                    INT,
                    description=(
                        "Unset: chosen by AWS (the AMI's root snapshot); UNKNOWN in code until "
                        "apply."
                    ),
                    terraform="volume_size",
                    cloudformation="Ebs.VolumeSize",
                    default=Chosen("the AMI's root snapshot size"),
                ),
                Field(
                    "volume_type",
                    STR,
                    description="Unset: chosen by AWS (the AMI); UNKNOWN in code until apply.",
                    terraform="volume_type",
                    cloudformation="Ebs.VolumeType",
                    default=Chosen("the AMI's root volume type"),
                ),
                Field(
                    "delete_on_termination",
                    BOOL,
                    True,
                    terraform="delete_on_termination",
                    cloudformation="Ebs.DeleteOnTermination",
                ),
            ),
            terraform="root_block_device",
        ),
        Field(
            "ebs_block_devices",
            items(OBJECT),
            [],
            description="Additional EBS volumes attached at launch, sorted by device name.",
            key=("device_name",),
            fields=(
                Field("device_name", OPT_STR, terraform="device_name", cloudformation="DeviceName"),
                Field(
                    "encrypted",
                    BOOL,
                    description=(
                        "Unset: chosen by AWS (EBS encryption by default and the snapshot); "
                        "UNKNOWN in code until apply."
                    ),
                    terraform="encrypted",
                    cloudformation="Ebs.Encrypted",
                    default=Chosen(
                        "the account's EBS encryption-by-default setting and the AMI's snapshots"
                    ),
                ),
                Field("kms_key_id", OPT_STR, terraform="kms_key_id", cloudformation="Ebs.KmsKeyId"),
                Field(
                    "snapshot_id", OPT_STR, terraform="snapshot_id", cloudformation="Ebs.SnapshotId"
                ),
                Field(
                    "volume_size",
                    INT,
                    description="Unset: chosen by AWS (the snapshot); UNKNOWN in code until apply.",
                    terraform="volume_size",
                    cloudformation="Ebs.VolumeSize",
                    default=Chosen("the snapshot's size"),
                ),
                Field(
                    "volume_type",
                    STR,
                    "gp2",
                    terraform="volume_type",
                    cloudformation="Ebs.VolumeType",
                ),
                Field(
                    "delete_on_termination",
                    BOOL,
                    True,
                    terraform="delete_on_termination",
                    cloudformation="Ebs.DeleteOnTermination",
                ),
            ),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("subnet_id", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("iam_instance_profile", EdgeType.USES_INSTANCE_PROFILE, ("aws.iam.instance_profile",)),
        Edge("launch_template.id", EdgeType.LAUNCHED_FROM, ("aws.ec2.launch_template",)),
        Edge("launch_template.name", EdgeType.LAUNCHED_FROM, ("aws.ec2.launch_template",)),
        Edge("root_block_device.kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("ebs_block_devices.*.kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(
            call("ec2", "DescribeInstances", paginated=True),
            call("ec2", "DescribeVolumes", paginated=True),
        ),
        id_field="InstanceId",
        arn="arn:{partition}:ec2:{region}:{account}:instance/{id}",
        note="attached volumes are described for the root and EBS block devices",
    ),
)


VOLUME = AwsKind(
    name="aws.ec2.volume",
    description="An EBS volume",
    physical_id="volume_id",
    terraform=Writers(types=("aws_ebs_volume",)),
    cloudformation=Writers(types=("AWS::EC2::Volume",)),
    fields=(
        Field(
            "volume_id",
            STR,
            description="vol-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="VolumeId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "availability_zone",
            STR,
            terraform="availability_zone",
            cloudformation="AvailabilityZone",
            default=REQUIRED,
            api="AvailabilityZone",
        ),
        Field(
            "size",
            INT,
            description="Unset: chosen by AWS (the snapshot); UNKNOWN in code until apply.",
            terraform="size",
            cloudformation="Size",
            default=Chosen("the snapshot's size"),
            api="Size",
        ),
        Field(
            "volume_type",
            STR,
            "gp2",
            terraform="type",
            cloudformation="VolumeType",
            api="VolumeType",
        ),
        Field(
            "encrypted",
            BOOL,
            description=(
                "Unset: chosen by AWS (the account's EBS encryption-by-default setting); UNKNOWN "
                "in code until apply."
            ),
            terraform="encrypted",
            cloudformation="Encrypted",
            default=Chosen("the account's EBS encryption-by-default setting"),
            api="Encrypted",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description=(
                "null when not encrypted; UNKNOWN when encrypted with the account's default key "
                "in code."
            ),
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api="KmsKeyId",
        ),
        Field(
            "snapshot_id",
            OPT_STR,
            terraform="snapshot_id",
            cloudformation="SnapshotId",
            api="SnapshotId",
        ),
        Field(
            "iops",
            OPT_INT,
            description="Unset: the volume type's baseline (UNKNOWN in code).",
            terraform="iops",
            cloudformation="Iops",
            default=Chosen("the volume type's baseline"),
            api="Iops",
        ),
        Field(
            "multi_attach_enabled",
            BOOL,
            False,
            terraform="multi_attach_enabled",
            cloudformation="MultiAttachEnabled",
            api="MultiAttachEnabled",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeVolumes", paginated=True, items="Volumes"),),
        id_field="VolumeId",
        arn="arn:{partition}:ec2:{region}:{account}:volume/{id}",
    ),
)


EBS_ENCRYPTION_BY_DEFAULT = AwsKind(
    name="aws.ec2.ebs_encryption_by_default",
    description="EBS encryption by default (per region)",
    physical_id="region",
    terraform=Writers(types=("aws_ebs_encryption_by_default",), folds=("aws_ebs_default_kms_key",)),
    note="The per-region EBS encryption-by-default setting.",
    fields=(
        Field(
            "region",
            STR,
            description=(
                "The region (physical id). Terraform code and state do not name it (the "
                "provider's region is implied): UNKNOWN there; drift matches this per-account, "
                "per-region singleton by account and region."
            ),
            terraform="region",
            default=Chosen("the provider's region"),
            api="Region",
        ),
        Field(
            "enabled",
            BOOL,
            True,
            description=(
                "Terraform's default is true (the resource exists to turn it on); AWS's own "
                "default is false."
            ),
            terraform="enabled",
            api="GetEbsEncryptionByDefault:EbsEncryptionByDefault",
            defaults={API: False},
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The default EBS key (aws_ebs_default_kms_key folded in); null = aws/ebs.",
            api="GetEbsDefaultKmsKeyId:KmsKeyId",
        ),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="ec2",
        calls=(
            call("ec2", "GetEbsEncryptionByDefault"),
            call("ec2", "GetEbsDefaultKmsKeyId"),
        ),
        id_field="Region",
        arn="ebs-encryption-by-default/{region}",
        address="ebs-encryption-by-default/{region}",
    ),
)


VPC = AwsKind(
    name="aws.ec2.vpc",
    description="A VPC",
    physical_id="vpc_id",
    terraform=Writers(types=("aws_vpc", "aws_default_vpc")),
    cloudformation=Writers(types=("AWS::EC2::VPC",)),
    identifiers=("vpc_id", "arn"),
    fields=(
        Field(
            "vpc_id",
            STR,
            description="vpc-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="VpcId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "cidr_block",
            STR,
            terraform="cidr_block",
            cloudformation="CidrBlock",
            default=Chosen("allocated from an IPAM pool"),
            api="CidrBlock",
        ),
        Field(
            "instance_tenancy",
            STR,
            "default",
            terraform="instance_tenancy",
            cloudformation="InstanceTenancy",
            api="InstanceTenancy",
        ),
        Field(
            "enable_dns_support",
            BOOL,
            True,
            terraform="enable_dns_support",
            cloudformation="EnableDnsSupport",
            api="enableDnsSupport:EnableDnsSupport.Value",
        ),
        Field(
            "enable_dns_hostnames",
            BOOL,
            False,
            description="Default false (true for the default VPC).",
            terraform="enable_dns_hostnames",
            cloudformation="EnableDnsHostnames",
            api="enableDnsHostnames:EnableDnsHostnames.Value",
        ),
        Field(
            "is_default",
            BOOL,
            False,
            description="The region's default VPC (Terraform aws_default_vpc).",
            api="IsDefault",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    collector=Collector(
        service="ec2",
        calls=(
            call("ec2", "DescribeVpcs", paginated=True),
            call("ec2", "DescribeVpcAttribute"),
        ),
        id_field="VpcId",
        arn="arn:{partition}:ec2:{region}:{account}:vpc/{id}",
    ),
)


SUBNET = AwsKind(
    name="aws.ec2.subnet",
    description="A VPC subnet",
    physical_id="subnet_id",
    terraform=Writers(types=("aws_subnet", "aws_default_subnet")),
    cloudformation=Writers(types=("AWS::EC2::Subnet",)),
    identifiers=("subnet_id", "arn"),
    fields=(
        Field(
            "subnet_id",
            STR,
            description="subnet-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="SubnetId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="SubnetArn",
        ),
        Field(
            "vpc_id",
            STR,
            terraform="vpc_id",
            cloudformation="VpcId",
            default=Chosen("the default VPC"),
            defaults={CLOUDFORMATION: REQUIRED},
            api="VpcId",
        ),
        Field(
            "cidr_block",
            STR,
            terraform="cidr_block",
            cloudformation="CidrBlock",
            default=Chosen("the default subnet's range"),
            defaults={CLOUDFORMATION: Chosen("allocated from an IPAM pool")},
            api="CidrBlock",
        ),
        Field(
            "availability_zone",
            STR,
            terraform="availability_zone",
            cloudformation="AvailabilityZone",
            default=Chosen("AWS picks a zone"),
            api="AvailabilityZone",
        ),
        Field(
            "map_public_ip_on_launch",
            BOOL,
            False,
            description="Default false (true for default subnets).",
            terraform="map_public_ip_on_launch",
            cloudformation="MapPublicIpOnLaunch",
            api="MapPublicIpOnLaunch",
        ),
        Field("default_for_az", BOOL, False, api="DefaultForAz"),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(Edge("vpc_id", EdgeType.IN_VPC, ("aws.ec2.vpc",)),),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeSubnets", paginated=True, items="Subnets"),),
        id_field="SubnetId",
        arn="arn:{partition}:ec2:{region}:{account}:subnet/{id}",
    ),
)


FLOW_LOG = AwsKind(
    name="aws.ec2.flow_log",
    description="A VPC/subnet/ENI flow log",
    physical_id="flow_log_id",
    terraform=Writers(types=("aws_flow_log",)),
    cloudformation=Writers(types=("AWS::EC2::FlowLog",)),
    fields=(
        Field(
            "flow_log_id",
            STR,
            description="fl-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="FlowLogId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "resource_id",
            STR,
            description="The VPC, subnet, ENI or transit gateway id.",
            cloudformation="ResourceId",
            default=REQUIRED,
            api="ResourceId",
        ),
        Field(
            "resource_type",
            enum("VPC", "Subnet", "NetworkInterface", "TransitGateway", "TransitGatewayAttachment"),
            cloudformation="ResourceType",
            default=REQUIRED,
        ),
        Field(
            "traffic_type",
            STR,
            "ALL",
            terraform="traffic_type",
            cloudformation="TrafficType",
            api="TrafficType",
        ),
        Field(
            "log_destination_type",
            STR,
            "cloud-watch-logs",
            terraform="log_destination_type",
            cloudformation="LogDestinationType",
            api="LogDestinationType",
        ),
        Field(
            "log_destination",
            OPT_STR,
            description="The destination ARN (a log group given by name is UNKNOWN in code).",
            terraform="log_destination",
            cloudformation="LogDestination",
            api="LogDestination",
        ),
        Field(
            "deliver_logs_permission_arn",
            OPT_STR,
            description="The IAM role (Terraform iam_role_arn).",
            terraform="iam_role_arn",
            cloudformation="DeliverLogsPermissionArn",
            api="DeliverLogsPermissionArn",
        ),
        Field(
            "max_aggregation_interval",
            INT,
            600,
            terraform="max_aggregation_interval",
            cloudformation="MaxAggregationInterval",
            api="MaxAggregationInterval",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(
        Edge("resource_id", EdgeType.MONITORS, ("aws.ec2.vpc", "aws.ec2.subnet")),
        Edge("log_destination", EdgeType.LOGS_TO, ("aws.logs.log_group", "aws.s3.bucket")),
        Edge("deliver_logs_permission_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeFlowLogs", paginated=True, items="FlowLogs"),),
        id_field="FlowLogId",
        arn="arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}",
    ),
)


KINDS = (
    SECURITY_GROUP,
    SECURITY_GROUP_RULE,
    INSTANCE,
    VOLUME,
    EBS_ENCRYPTION_BY_DEFAULT,
    VPC,
    SUBNET,
    FLOW_LOG,
)
