"""EC2 launch templates: what an instance launched from one gets (its default version's data)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    CLOUDFORMATION,
    NAMED_BY_AWS,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_BOOL,
    OPT_INT,
    OPT_STR,
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

_DATA = "DescribeLaunchTemplateVersions:LaunchTemplateData"
_ENCRYPTION = Chosen("the account's EBS encryption-by-default setting and the AMI's snapshots")
_IMDS = Chosen("the AMI's and the account's IMDS defaults")

LAUNCH_TEMPLATE = AwsKind(
    name="aws.ec2.launch_template",
    description="An EC2 launch template (the data of its default version)",
    physical_id="launch_template_id",
    identifiers=("launch_template_id", "name"),
    terraform=Writers(types=("aws_launch_template",)),
    cloudformation=Writers(types=("AWS::EC2::LaunchTemplate",)),
    note=(
        "The settings are those of the template's default version (the one an instance or an "
        "Auto Scaling group launches unless it names another). Settings the template leaves "
        "out are decided at launch (the AMI, the subnet, the account), as for an instance."
    ),
    fields=(
        Field(
            "launch_template_id",
            OPT_STR,
            description="lt-... (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="LaunchTemplateId",
            default=ASSIGNED,
        ),
        Field(
            "arn",
            OPT_STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "name",
            OPT_STR,
            terraform="name",
            cloudformation="LaunchTemplateName",
            api="LaunchTemplateName",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "image_id",
            OPT_STR,
            description="The AMI; null = named at launch.",
            terraform="image_id",
            cloudformation="LaunchTemplateData.ImageId",
            api=f"{_DATA}.ImageId",
        ),
        Field(
            "instance_type",
            OPT_STR,
            terraform="instance_type",
            cloudformation="LaunchTemplateData.InstanceType",
            api=f"{_DATA}.InstanceType",
        ),
        Field(
            "key_name",
            OPT_STR,
            terraform="key_name",
            cloudformation="LaunchTemplateData.KeyName",
            api=f"{_DATA}.KeyName",
        ),
        Field(
            "user_data",
            OPT_STR,
            description="The user data as written (base64); null when none.",
            terraform="user_data",
            cloudformation="LaunchTemplateData.UserData",
            api=f"{_DATA}.UserData",
        ),
        Field(
            "iam_instance_profile",
            OPT_STR,
            description="The instance profile, by name or ARN as written; null when none.",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            [],
            description="VPC security group ids of the launch (not of its network interfaces).",
            terraform="vpc_security_group_ids",
            cloudformation="LaunchTemplateData.SecurityGroupIds",
            api=f"{_DATA}.SecurityGroupIds",
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
                        "defaults; 'required' means IMDSv2 only); UNKNOWN in code."
                    ),
                    terraform="http_tokens",
                    cloudformation="HttpTokens",
                    default=_IMDS,
                    api="HttpTokens",
                ),
                Field(
                    "http_put_response_hop_limit",
                    OPT_INT,
                    description="Unset: chosen at launch (AMI/account defaults); UNKNOWN in code.",
                    terraform="http_put_response_hop_limit",
                    cloudformation="HttpPutResponseHopLimit",
                    default=_IMDS,
                    api="HttpPutResponseHopLimit",
                ),
            ),
            terraform="metadata_options",
            cloudformation="LaunchTemplateData.MetadataOptions",
            api=f"{_DATA}.MetadataOptions",
        ),
        Field(
            "network_interfaces",
            items(OBJECT),
            [],
            description="Network interfaces the launch creates, in the order written.",
            ordered=True,
            key=("device_index",),
            fields=(
                Field(
                    "device_index",
                    OPT_INT,
                    terraform="device_index",
                    cloudformation="DeviceIndex",
                    api="DeviceIndex",
                ),
                Field(
                    "associate_public_ip_address",
                    OPT_BOOL,
                    description=(
                        "Unset: chosen at launch (the subnet's map_public_ip_on_launch); "
                        "UNKNOWN in code, null in a live collection."
                    ),
                    terraform="associate_public_ip_address",
                    cloudformation="AssociatePublicIpAddress",
                    default=Chosen("the subnet's map_public_ip_on_launch"),
                    api="AssociatePublicIpAddress",
                ),
                Field(
                    "subnet_id",
                    OPT_STR,
                    terraform="subnet_id",
                    cloudformation="SubnetId",
                    api="SubnetId",
                ),
                Field(
                    "security_group_ids",
                    STRINGS,
                    [],
                    terraform="security_groups",
                    cloudformation="Groups",
                    api="Groups",
                ),
            ),
            terraform="network_interfaces",
            cloudformation="LaunchTemplateData.NetworkInterfaces",
            api=f"{_DATA}.NetworkInterfaces",
        ),
        Field(
            "block_device_mappings",
            items(OBJECT),
            [],
            description="Block devices of the launch; ebs null for instance-store/no-device.",
            key=("device_name",),
            fields=(
                Field(
                    "device_name",
                    OPT_STR,
                    terraform="device_name",
                    cloudformation="DeviceName",
                    api="DeviceName",
                ),
                Field(
                    "ebs",
                    OBJECT,
                    absent=None,
                    fields=(
                        Field(
                            "encrypted",
                            OPT_BOOL,
                            description=(
                                "Unset: chosen by AWS (EBS encryption by default and the "
                                "snapshot); UNKNOWN in code, null in a live collection."
                            ),
                            terraform="encrypted",
                            cloudformation="Encrypted",
                            default=_ENCRYPTION,
                            api="Encrypted",
                        ),
                        Field(
                            "kms_key_id",
                            OPT_STR,
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
                            "volume_size",
                            OPT_INT,
                            terraform="volume_size",
                            cloudformation="VolumeSize",
                            api="VolumeSize",
                        ),
                    ),
                    terraform="ebs",
                    cloudformation="Ebs",
                    api="Ebs",
                ),
            ),
            terraform="block_device_mappings",
            cloudformation="LaunchTemplateData.BlockDeviceMappings",
            api=f"{_DATA}.BlockDeviceMappings",
        ),
        Field("tags", TAGS, terraform="tags", api="Tags"),
    ),
    edges=(
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge(
            "network_interfaces.*.security_group_ids.*",
            EdgeType.USES_SECURITY_GROUP,
            ("aws.ec2.security_group",),
        ),
        Edge("network_interfaces.*.subnet_id", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("iam_instance_profile", EdgeType.USES_INSTANCE_PROFILE, ("aws.iam.instance_profile",)),
        Edge("block_device_mappings.*.ebs.kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(
            call("ec2", "DescribeLaunchTemplates", paginated=True),
            call(
                "ec2",
                "DescribeLaunchTemplateVersions",
                paginated=True,
                gone=("InvalidLaunchTemplateId.NotFound",),
            ),
        ),
        id_field="LaunchTemplateId",
        arn="arn:{partition}:ec2:{region}:{account}:launch-template/{id}",
        note="the default version of each template is described",
    ),
)


KINDS = (LAUNCH_TEMPLATE,)
