"""An instance placed by a network interface or a launch template: the subnet, public address
and groups are unknown (set elsewhere), never AWS's default-subnet behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate import api
from iacgate.model.unknown import is_unknown

TERRAFORM_ENI = """
resource "aws_network_interface" "eth0" {
  subnet_id = "subnet-0123456789abcdef0"
}

resource "aws_instance" "app" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  network_interface {
    network_interface_id = aws_network_interface.eth0.id
    device_index         = 0
  }
}
"""

TERRAFORM_TEMPLATE = """
resource "aws_instance" "app" {
  launch_template {
    id = "lt-0123456789abcdef0"
  }
}
"""

CLOUDFORMATION_ENI = """
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      NetworkInterfaces:
        - NetworkInterfaceId: eni-0123456789abcdef0
          DeviceIndex: "0"
"""

CLOUDFORMATION_TEMPLATE = """
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate:
        LaunchTemplateId: lt-0123456789abcdef0
        Version: "1"
"""

PLAIN = """
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
"""


def _instance(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    (instance,) = report.graph.resources("aws.ec2.instance")
    return instance


@pytest.mark.parametrize(
    ("name", "text", "decider"),
    [
        ("main.tf", TERRAFORM_ENI, "the attached network interface"),
        ("main.tf", TERRAFORM_TEMPLATE, "the launch template"),
        ("template.yaml", CLOUDFORMATION_ENI, "the attached network interface"),
        ("template.yaml", CLOUDFORMATION_TEMPLATE, "the launch template"),
    ],
)
def test_placement_set_elsewhere_is_unknown(
    tmp_path: Path, name: str, text: str, decider: str
) -> None:
    attributes = _instance(tmp_path, name, text).attributes
    for field in ("subnet_id", "associate_public_ip_address", "security_group_ids"):
        value = attributes[field]
        assert is_unknown(value) and value.reason == f"set by {decider}", (field, value)


def test_no_placement_is_the_default_subnet(tmp_path: Path) -> None:
    attributes = _instance(tmp_path, "template.yaml", PLAIN).attributes
    assert attributes["subnet_id"].reason == "not set: a default subnet of the default VPC"
