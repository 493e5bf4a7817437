"""EC2 Auto Scaling: launch configurations and Auto Scaling groups."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    CLOUDFORMATION,
    INT,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_BOOL,
    OPT_INT,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
    STRINGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

_IMDS = Chosen("the AMI's and the account's IMDS defaults")

LAUNCH_CONFIGURATION = AwsKind(
    name="aws.autoscaling.launch_configuration",
    description="An Auto Scaling launch configuration",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_launch_configuration",)),
    cloudformation=Writers(types=("AWS::AutoScaling::LaunchConfiguration",)),
    fields=(
        Field(
            "name",
            OPT_STR,
            description="Physical id.",
            terraform="name",
            cloudformation="LaunchConfigurationName",
            api="LaunchConfigurationName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="LaunchConfigurationARN",
            default=ASSIGNED,
        ),
        Field(
            "image_id",
            OPT_STR,
            terraform="image_id",
            cloudformation="ImageId",
            api="ImageId",
            default=REQUIRED,
        ),
        Field(
            "instance_type",
            OPT_STR,
            terraform="instance_type",
            cloudformation="InstanceType",
            api="InstanceType",
            default=REQUIRED,
        ),
        Field("key_name", OPT_STR, terraform="key_name", cloudformation="KeyName", api="KeyName"),
        Field(
            "user_data",
            OPT_STR,
            description="The user data as written; null when none.",
            terraform="user_data",
            cloudformation="UserData",
            api="UserData",
        ),
        Field(
            "iam_instance_profile",
            OPT_STR,
            description="The instance profile, by name or ARN as written.",
            terraform="iam_instance_profile",
            cloudformation="IamInstanceProfile",
            api="IamInstanceProfile",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            [],
            terraform="security_groups",
            cloudformation="SecurityGroups",
            api="SecurityGroups",
        ),
        Field(
            "associate_public_ip_address",
            OPT_BOOL,
            description=(
                "Unset: chosen at launch (the subnet's map_public_ip_on_launch); UNKNOWN in "
                "code, null in a live collection."
            ),
            terraform="associate_public_ip_address",
            cloudformation="AssociatePublicIpAddress",
            api="AssociatePublicIpAddress",
            default=Chosen("the subnet's map_public_ip_on_launch"),
        ),
        Field(
            "metadata_options",
            OBJECT,
            fields=(
                Field(
                    "http_endpoint",
                    OPT_STR,
                    "enabled",
                    terraform="http_endpoint",
                    cloudformation="HttpEndpoint",
                    api="HttpEndpoint",
                ),
                Field(
                    "http_tokens",
                    OPT_STR,
                    description=(
                        "Unset: chosen at launch (the AMI's ImdsSupport and the account's IMDS "
                        "defaults); UNKNOWN in code, null in a live collection."
                    ),
                    terraform="http_tokens",
                    cloudformation="HttpTokens",
                    api="HttpTokens",
                    default=_IMDS,
                ),
                Field(
                    "http_put_response_hop_limit",
                    OPT_INT,
                    description="Unset: chosen at launch (AMI/account defaults).",
                    terraform="http_put_response_hop_limit",
                    cloudformation="HttpPutResponseHopLimit",
                    api="HttpPutResponseHopLimit",
                    default=_IMDS,
                ),
            ),
            terraform="metadata_options",
            cloudformation="MetadataOptions",
            api="MetadataOptions",
        ),
        Field(
            "block_device_mappings",
            items(OBJECT),
            [],
            description=(
                "Block devices of the launch, as a launch template's; Terraform's "
                "root_block_device is the mapping whose device_name is null (the AMI's root "
                "device)."
            ),
            key=("device_name",),
            key_nullable=True,
            fields=(
                Field("device_name", OPT_STR, cloudformation="DeviceName", api="DeviceName"),
                Field(
                    "ebs",
                    OPT_OBJECT,
                    absent=None,
                    fields=(
                        Field(
                            "encrypted",
                            OPT_BOOL,
                            description=(
                                "Unset: chosen by AWS (EBS encryption by default and the "
                                "snapshot); UNKNOWN in code, null in a live collection."
                            ),
                            cloudformation="Encrypted",
                            api="Encrypted",
                            default=Chosen(
                                "the account's EBS encryption-by-default setting and the "
                                "AMI's snapshots"
                            ),
                        ),
                        Field(
                            "snapshot_id",
                            OPT_STR,
                            cloudformation="SnapshotId",
                            api="SnapshotId",
                        ),
                        Field(
                            "volume_size",
                            OPT_INT,
                            cloudformation="VolumeSize",
                            api="VolumeSize",
                        ),
                    ),
                    cloudformation="Ebs",
                    api="Ebs",
                ),
            ),
            cloudformation="BlockDeviceMappings",
            api="BlockDeviceMappings",
        ),
    ),
    edges=(
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("iam_instance_profile", EdgeType.USES_INSTANCE_PROFILE, ("aws.iam.instance_profile",)),
    ),
    collector=Collector(
        service="autoscaling",
        calls=(
            call(
                "autoscaling",
                "DescribeLaunchConfigurations",
                paginated=True,
                items="LaunchConfigurations",
            ),
        ),
        id_field="LaunchConfigurationName",
        arn="arn:{partition}:autoscaling:{region}:{account}:launchConfiguration:*:"
        "launchConfigurationName/{id}",
    ),
)


GROUP = AwsKind(
    name="aws.autoscaling.group",
    description="An EC2 Auto Scaling group",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_autoscaling_group",), folds=("aws_autoscaling_attachment",)),
    cloudformation=Writers(types=("AWS::AutoScaling::AutoScalingGroup",)),
    note=(
        "Load balancers and target groups attached apart (aws_autoscaling_attachment) are "
        "folded in. The launch template is the group's own or its mixed instances policy's."
    ),
    fields=(
        Field(
            "name",
            OPT_STR,
            description="Physical id.",
            terraform="name",
            cloudformation="AutoScalingGroupName",
            api="AutoScalingGroupName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api="AutoScalingGroupARN",
            default=ASSIGNED,
        ),
        Field(
            "launch_configuration_name",
            OPT_STR,
            description="The launch configuration the group launches from; null: none.",
            terraform="launch_configuration",
            cloudformation="LaunchConfigurationName",
            api="LaunchConfigurationName",
        ),
        Field(
            "launch_template",
            OPT_OBJECT,
            description=(
                "The launch template (its own, or its mixed instances policy's); null: none."
            ),
            absent=None,
            fields=(
                Field("id", OPT_STR),
                Field("name", OPT_STR),
                Field("version", OPT_STR, "$Default"),
            ),
        ),
        Field(
            "availability_zones",
            STRINGS,
            description=(
                "Zones, sorted. Unset with subnets: the subnets' zones (UNKNOWN in code until "
                "apply)."
            ),
            terraform="availability_zones",
            cloudformation="AvailabilityZones",
            api="AvailabilityZones",
            default=Chosen("the zones of the group's subnets"),
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            description="VPC subnets (Terraform vpc_zone_identifier).",
            terraform="vpc_zone_identifier",
            cloudformation="VPCZoneIdentifier",
        ),
        Field(
            "health_check_type",
            enum("EC2", "ELB", "VPC_LATTICE", "EBS"),
            "EC2",
            terraform="health_check_type",
            cloudformation="HealthCheckType",
            api="HealthCheckType",
        ),
        Field(
            "load_balancer_names",
            STRINGS,
            [],
            description="Classic load balancers.",
            terraform="load_balancers",
            cloudformation="LoadBalancerNames",
            api="LoadBalancerNames",
        ),
        Field(
            "target_group_arns",
            STRINGS,
            [],
            terraform="target_group_arns",
            cloudformation="TargetGroupARNs",
            api="TargetGroupARNs",
        ),
        Field(
            "min_size",
            INT,
            terraform="min_size",
            cloudformation="MinSize",
            api="MinSize",
            default=REQUIRED,
        ),
        Field(
            "max_size",
            INT,
            terraform="max_size",
            cloudformation="MaxSize",
            api="MaxSize",
            default=REQUIRED,
        ),
    ),
    edges=(
        Edge(
            "launch_configuration_name",
            EdgeType.LAUNCHED_FROM,
            ("aws.autoscaling.launch_configuration",),
        ),
        Edge("launch_template.id", EdgeType.LAUNCHED_FROM, ("aws.ec2.launch_template",)),
        Edge("launch_template.name", EdgeType.LAUNCHED_FROM, ("aws.ec2.launch_template",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="autoscaling",
        calls=(
            call(
                "autoscaling",
                "DescribeAutoScalingGroups",
                paginated=True,
                items="AutoScalingGroups",
            ),
        ),
        id_field="AutoScalingGroupName",
        arn="arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:"
        "autoScalingGroupName/{id}",
    ),
)


KINDS = (LAUNCH_CONFIGURATION, GROUP)
