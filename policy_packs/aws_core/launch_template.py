"""EC2 launch templates: IMDSv2, public addresses and encrypted volumes for every launch."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import CIS, FSBP, reason, summarize
from ._launch import hop_limit_verdict, imdsv2_verdict, mapping_verdicts

LAUNCH_TEMPLATE = "aws.ec2.launch_template"


@rule(
    code="AWS-EC2-020",
    name="launch-template-imdsv2-not-required",
    kind=LAUNCH_TEMPLATE,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.6"], FSBP: ["EC2.170"]},
    tags=["compute", "imds"],
)
def launch_template_imdsv2_not_required(template: Resource, ctx: Context) -> Verdict:
    """A launch template does not require IMDSv2 session tokens.

    What it checks
        ``metadata_options.http_tokens`` must be ``required`` (or the metadata endpoint
        turned off). Left unset, every instance launched from the template gets the AMI's and
        the account's defaults, which the code does not show: that fails too.
    Why it matters
        Auto Scaling groups, EKS node groups and Batch compute environments launch their
        instances from templates: one template that allows IMDSv1 hands the instance role's
        credentials to any server-side request forgery on every instance it launches.
    How to fix
        Require tokens in the template.

        Terraform:

        ```hcl
        resource "aws_launch_template" "app" {
          image_id = "ami-0abcdef1234567890"
          metadata_options {
            http_tokens                 = "required"
            http_put_response_hop_limit = 1
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              MetadataOptions:
                HttpTokens: required
        ```
    """
    return imdsv2_verdict(template.get("metadata_options"), ("metadata_options",), "the template")


@rule(
    code="AWS-EC2-021",
    name="launch-template-assigns-public-ip",
    kind=LAUNCH_TEMPLATE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EC2.25"]},
    tags=["compute", "public-exposure"],
)
def launch_template_assigns_public_ip(template: Resource, ctx: Context) -> Iterator[Verdict]:
    """A launch template gives the instances it launches a public IP address.

    What it checks
        No network interface of the template may set ``associate_public_ip_address`` to
        true. An interface that leaves it unset takes the subnet's setting: that is judged
        with the subnet, not here.
    Why it matters
        A public address puts every instance the template launches on the internet, where
        its security groups are the only barrier; instances behind a load balancer or a NAT
        gateway need none.
    How to fix
        Do not ask for a public address; reach the instances through a load balancer, a NAT
        gateway or Session Manager.

        Terraform:

        ```hcl
        resource "aws_launch_template" "app" {
          network_interfaces {
            associate_public_ip_address = false
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              NetworkInterfaces:
                - DeviceIndex: 0
                  AssociatePublicIpAddress: false
        ```
    """
    interfaces = template.get("network_interfaces")
    if is_unknown(interfaces):
        yield unknown(reason(interfaces, "the network interfaces"), "network_interfaces")
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, interface in enumerate(interfaces if isinstance(interfaces, list) else []):
        if not isinstance(interface, Mapping):
            continue
        public = interface.get("associate_public_ip_address")
        path = ("network_interfaces", index, "associate_public_ip_address")
        if public is True:
            fails.append(fail("a network interface is given a public IP address", path))
        elif is_unknown(public) and not public.reason.startswith("not set:"):
            unknowns.append(unknown(reason(public, "associate_public_ip_address"), path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-EC2-022",
    name="launch-template-volume-unencrypted",
    kind=LAUNCH_TEMPLATE,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.2.1"], FSBP: ["EC2.3"]},
    tags=["compute", "ebs", "encryption-at-rest", "graph"],
)
def launch_template_volume_unencrypted(template: Resource, ctx: Context) -> Iterator[Verdict]:
    """A launch template's EBS volume is not encrypted.

    What it checks
        Every block device mapping with an EBS volume must set ``encrypted``, unless the
        scanned code turns on EBS encryption by default. Left unset, encryption is up to the
        account default and the AMI's snapshots: that fails too.
    Why it matters
        Every instance launched from the template writes its disks, and their snapshots, in
        clear.
    How to fix
        Ask for encryption on every EBS mapping (or turn on EBS encryption by default).

        Terraform:

        ```hcl
        resource "aws_launch_template" "app" {
          block_device_mappings {
            device_name = "/dev/xvda"
            ebs {
              encrypted = true
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              BlockDeviceMappings:
                - DeviceName: /dev/xvda
                  Ebs:
                    Encrypted: true
        ```
    """
    verdicts = list(
        mapping_verdicts(template.get("block_device_mappings"), ("block_device_mappings",), ctx)
    )
    failing = [v for v in verdicts if v.status.value != "pass"]
    yield from failing or [ok()]


@rule(
    code="AWS-EC2-023",
    name="launch-template-metadata-hop-limit-above-one",
    kind=LAUNCH_TEMPLATE,
    severity=Severity.LOW,
    tags=["compute", "imds"],
)
def launch_template_metadata_hop_limit_above_one(template: Resource, ctx: Context) -> Verdict:
    """A launch template lets instance metadata answers travel more than one network hop.

    What it checks
        ``metadata_options.http_put_response_hop_limit`` must not exceed 1. Unset, the AMI's
        default applies (1, or 2 for AMIs made for containers): not judged.
    Why it matters
        With a hop limit above 1, the IMDSv2 token answer reaches containers and forwarding
        processes on the instance, which can then read the instance role's credentials.
    How to fix
        Set the hop limit to 1 (containers that need the instance role should get their own
        role instead: ECS task roles, EKS Pod Identity).

        Terraform:

        ```hcl
        resource "aws_launch_template" "app" {
          metadata_options {
            http_tokens                 = "required"
            http_put_response_hop_limit = 1
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              MetadataOptions:
                HttpTokens: required
                HttpPutResponseHopLimit: 1
        ```
    """
    return hop_limit_verdict(
        template.get("metadata_options"), ("metadata_options",), "the template"
    )
