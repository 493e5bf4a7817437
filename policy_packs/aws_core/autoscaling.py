"""EC2 Auto Scaling: launch configurations (IMDSv2, public addresses, encrypted volumes) and
groups (launch templates, zones, load balancer health checks)."""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Status,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import CIS, FSBP, chosen_by_aws, is_set, reason
from ._launch import hop_limit_verdict, imdsv2_verdict, mapping_verdicts

LAUNCH_CONFIGURATION = "aws.autoscaling.launch_configuration"
GROUP = "aws.autoscaling.group"


@rule(
    code="AWS-AUTOSCALING-001",
    name="launch-configuration-imdsv2-not-required",
    kind=LAUNCH_CONFIGURATION,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.6"], FSBP: ["AutoScaling.3"]},
    tags=["compute", "imds"],
)
def launch_configuration_imdsv2_not_required(config: Resource, ctx: Context) -> Verdict:
    """A launch configuration does not require IMDSv2 session tokens.

    What it checks
        ``metadata_options.http_tokens`` must be ``required`` (or the metadata endpoint
        turned off). Left unset, the AMI's and the account's defaults decide: that fails too.
    Why it matters
        Every instance the Auto Scaling group launches answers IMDSv1, so a server-side request
        forgery in any of them hands out the instance role's credentials.
    How to fix
        Require tokens (better: move to a launch template, AWS-AUTOSCALING-005).

        Terraform:

        ```hcl
        resource "aws_launch_configuration" "app" {
          image_id      = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          metadata_options {
            http_tokens = "required"
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            MetadataOptions:
              HttpTokens: required
        ```
    """
    return imdsv2_verdict(
        config.get("metadata_options"), ("metadata_options",), "the launch configuration"
    )


@rule(
    code="AWS-AUTOSCALING-002",
    name="launch-configuration-assigns-public-ip",
    kind=LAUNCH_CONFIGURATION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["AutoScaling.5"]},
    tags=["compute", "public-exposure"],
)
def launch_configuration_assigns_public_ip(config: Resource, ctx: Context) -> Verdict:
    """A launch configuration gives its instances public IP addresses.

    What it checks
        ``associate_public_ip_address`` must not be true. Unset, the subnet's setting applies:
        that is judged with the subnet, not here.
    Why it matters
        A public address puts every instance the group launches on the internet, with its
        security groups as the only barrier.
    How to fix
        Do not ask for public addresses; reach the instances through a load balancer.

        Terraform:

        ```hcl
        resource "aws_launch_configuration" "app" {
          image_id                    = "ami-0abcdef1234567890"
          instance_type               = "t3.micro"
          associate_public_ip_address = false
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            AssociatePublicIpAddress: false
        ```
    """
    public = config.get("associate_public_ip_address")
    path = "associate_public_ip_address"
    if public is True:
        return fail("instances are given public IP addresses", path)
    if is_unknown(public) and not chosen_by_aws(public):
        return unknown(reason(public, "associate_public_ip_address"), path)
    return ok()


@rule(
    code="AWS-AUTOSCALING-003",
    name="launch-configuration-volume-unencrypted",
    kind=LAUNCH_CONFIGURATION,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.2.1"]},
    tags=["compute", "ebs", "encryption-at-rest", "graph"],
)
def launch_configuration_volume_unencrypted(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """A launch configuration's EBS volume is not encrypted.

    What it checks
        The root volume and every EBS block device must set ``encrypted``, unless the scanned
        code turns on EBS encryption by default. Left unset, encryption is up to the account
        default and the AMI's snapshots: that fails too.
    Why it matters
        Every instance the group launches writes its disks, and their snapshots, in clear.
    How to fix
        Ask for encryption on every volume (or turn on EBS encryption by default).

        Terraform:

        ```hcl
        resource "aws_launch_configuration" "app" {
          image_id      = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          root_block_device {
            encrypted = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            BlockDeviceMappings:
              - DeviceName: /dev/xvda
                Ebs:
                  Encrypted: true
        ```
    """
    verdicts = mapping_verdicts(
        config.get("block_device_mappings"), ("block_device_mappings",), ctx
    )
    failing = [v for v in verdicts if v.status is not Status.PASS]
    yield from failing or [ok()]


@rule(
    code="AWS-AUTOSCALING-004",
    name="launch-configuration-metadata-hop-limit-above-one",
    kind=LAUNCH_CONFIGURATION,
    severity=Severity.LOW,
    frameworks={FSBP: ["AutoScaling.4"]},
    tags=["compute", "imds"],
)
def launch_configuration_metadata_hop_limit_above_one(config: Resource, ctx: Context) -> Verdict:
    """A launch configuration lets metadata answers travel more than one network hop.

    What it checks
        ``metadata_options.http_put_response_hop_limit`` must not exceed 1 (unset: the AMI's
        default, not judged).
    Why it matters
        With a hop limit above 1, containers and forwarding processes on the instances can
        obtain IMDSv2 tokens and read the instance role's credentials.
    How to fix
        Set the hop limit to 1.

        Terraform:

        ```hcl
        resource "aws_launch_configuration" "app" {
          image_id      = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          metadata_options {
            http_tokens                 = "required"
            http_put_response_hop_limit = 1
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            MetadataOptions:
              HttpTokens: required
              HttpPutResponseHopLimit: 1
        ```
    """
    return hop_limit_verdict(
        config.get("metadata_options"), ("metadata_options",), "the launch configuration"
    )


@rule(
    code="AWS-AUTOSCALING-005",
    name="autoscaling-group-uses-launch-configuration",
    kind=GROUP,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["AutoScaling.9"]},
    tags=["compute"],
)
def autoscaling_group_uses_launch_configuration(group: Resource, ctx: Context) -> Verdict:
    """An Auto Scaling group launches from a launch configuration instead of a launch template.

    What it checks
        ``launch_configuration_name`` must be unset: the group launches from a launch template
        (its own or its mixed instances policy's).
    Why it matters
        Launch configurations are deprecated: they get no new instance types or features
        (among them newer IMDS and network settings), cannot be versioned, and AWS no longer
        lets new accounts create them.
    How to fix
        Launch from a launch template.

        Terraform:

        ```hcl
        resource "aws_autoscaling_group" "app" {
          min_size            = 1
          max_size            = 3
          vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
          launch_template {
            id      = aws_launch_template.app.id
            version = "$Latest"
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            MinSize: "1"
            MaxSize: "3"
            LaunchTemplate:
              LaunchTemplateId: !Ref Template
              Version: !GetAtt Template.LatestVersionNumber
        ```
    """
    used = is_set(group, ("launch_configuration_name",), ctx)
    if used is True:
        return fail("the group launches from a launch configuration", "launch_configuration_name")
    if is_unknown(used):
        return unknown(reason(used, "the launch configuration"), "launch_configuration_name")
    return ok()


@rule(
    code="AWS-AUTOSCALING-006",
    name="autoscaling-group-single-availability-zone",
    kind=GROUP,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["AutoScaling.2"]},
    tags=["compute", "resilience", "graph"],
)
def autoscaling_group_single_availability_zone(group: Resource, ctx: Context) -> Verdict:
    """An Auto Scaling group launches into one Availability Zone only.

    What it checks
        The group's zones (``availability_zones``, or the zones of its subnets when it names
        subnets) must be at least two. One subnet is one zone; the zones of several subnets
        are read from the scanned subnets, and are unknown when a subnet is not scanned.
    Why it matters
        When the zone fails, every instance of the group fails with it and the group cannot
        replace them elsewhere.
    How to fix
        Give the group subnets (or zones) in at least two Availability Zones.

        Terraform:

        ```hcl
        resource "aws_autoscaling_group" "app" {
          min_size            = 2
          max_size            = 4
          vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            MinSize: "2"
            MaxSize: "4"
            VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
        ```
    """
    zones = group.get("availability_zones")
    if isinstance(zones, list) and zones and not any(is_unknown(z) for z in zones):
        if len(set(zones)) >= 2:
            return ok()
        return fail("the group launches into a single Availability Zone", "availability_zones")
    subnets = group.get("subnet_ids")
    if is_unknown(subnets):
        # Known only after apply (a plan): the subnets the code names decide, when scanned.
        found = ctx.related(group, "aws.ec2.subnet", EdgeType.IN_SUBNET, "out")
        known = {s.get("availability_zone") for s in found}
        if found and all(isinstance(z, str) for z in known):
            if len(known) >= 2:
                return ok()
            return fail(f"every subnet of the group is in {next(iter(known))}", "subnet_ids")
        return unknown(reason(subnets, "the subnets"), "subnet_ids")
    if isinstance(subnets, list) and len(subnets) == 1:
        return fail("the group launches into a single subnet, hence a single zone", "subnet_ids")
    if isinstance(subnets, list) and subnets:
        found = ctx.related(group, "aws.ec2.subnet", EdgeType.IN_SUBNET, "out")
        known = {s.get("availability_zone") for s in found}
        if len(known) >= 2 and not any(is_unknown(z) or z is None for z in known):
            return ok()
        if len(found) == len(set(subnets)) and len(known) == 1:
            only = next(iter(known))
            if isinstance(only, str):
                return fail(f"every subnet of the group is in {only}", "subnet_ids")
        return unknown("the zones of the group's subnets are not known", "subnet_ids")
    if is_unknown(zones):
        return unknown(reason(zones, "the zones"), "availability_zones")
    return fail("the group names no subnet and at most one zone", "availability_zones")


@rule(
    code="AWS-AUTOSCALING-007",
    name="autoscaling-group-without-elb-health-check",
    kind=GROUP,
    severity=Severity.LOW,
    frameworks={FSBP: ["AutoScaling.1"]},
    tags=["compute", "resilience"],
)
def autoscaling_group_without_elb_health_check(group: Resource, ctx: Context) -> Verdict:
    """An Auto Scaling group behind a load balancer ignores the load balancer's health checks.

    What it checks
        A group with load balancers or target groups (its own, or attached apart) must use
        ``health_check_type`` ``ELB``. Groups with no load balancer are not judged.
    Why it matters
        With EC2 checks only, an instance whose application stopped answering stays in service
        while the load balancer drops it: the group never replaces it and capacity silently
        shrinks.
    How to fix
        Use the load balancer's health checks.

        Terraform:

        ```hcl
        resource "aws_autoscaling_group" "app" {
          min_size          = 2
          max_size          = 4
          target_group_arns = [aws_lb_target_group.app.arn]
          health_check_type = "ELB"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            MinSize: "2"
            MaxSize: "4"
            TargetGroupARNs: [!Ref AppTargets]
            HealthCheckType: ELB
        ```
    """
    balancers = group.get("load_balancer_names")
    targets = group.get("target_group_arns")
    for value, what in ((balancers, "the load balancers"), (targets, "the target groups")):
        if is_unknown(value):
            return unknown(reason(value, what), "health_check_type")
    if not balancers and not targets:
        return ok()
    check = group.get("health_check_type")
    if is_unknown(check):
        return unknown(reason(check, "health_check_type"), "health_check_type")
    if check == "EC2":
        return fail(
            "the group serves a load balancer but checks instance health with EC2 status only",
            "health_check_type",
        )
    return ok()
