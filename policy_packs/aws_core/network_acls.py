"""Network ACLs: remote administration ports open to the world at the subnet boundary.

Entries are evaluated as AWS evaluates them (``iacgate.model.aws.acl``): by rule number, the
first entry that matches decides, so a deny of 22 at rule 50 closes what an allow-all at rule
100 opens.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.model.aws.acl import admits
from iacgate.rules import Context, Resource, Severity, Verdict, fail, ok, rule, unknown

from ._aws import CIS, FSBP

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}


@rule(
    code="AWS-EC2-024",
    name="network-acl-admin-ports-open-to-world",
    kind="aws.ec2.network_acl",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.1"], FSBP: ["EC2.21"]},
    tags=["network", "exposure"],
)
def acl_admin_ports_open(acl: Resource, ctx: Context) -> Iterator[Verdict]:
    """A network ACL lets SSH (22) or RDP (3389) in from the whole internet.

    What it checks
        The ACL's inbound entries, in rule-number order, for a packet from anywhere
        (``0.0.0.0/0`` or ``::/0``) to TCP port 22 or 3389: the first entry that matches
        decides. An allow-all entry (protocol ``-1``) counts; a deny placed before it closes
        the port. The VPC's default ACL, which AWS creates allowing everything, fails when the
        code adopts it without closing these ports (``aws_default_network_acl``).
    Why it matters
        The ACL is the subnet's boundary: when it admits administration ports from anywhere,
        the only thing left between the internet and every SSH or RDP server of the subnet is
        each instance's security group. CIS asks for both layers to be closed.
    How to fix
        Deny the ports before the broad allow, or allow only the ranges that administer.

        ```hcl
        resource "aws_network_acl_rule" "deny_ssh" {
          network_acl_id = aws_network_acl.public.id
          rule_number    = 50
          egress         = false
          protocol       = "tcp"
          rule_action    = "deny"
          cidr_block     = "0.0.0.0/0"
          from_port      = 22
          to_port        = 22
        }
        ```

        CloudFormation:

        ```yaml
        DenySsh:
          Type: AWS::EC2::NetworkAclEntry
          Properties:
            NetworkAclId: !Ref PublicAcl
            RuleNumber: 50
            Protocol: 6
            RuleAction: deny
            CidrBlock: 0.0.0.0/0
            PortRange: {From: 22, To: 22}
        ```
    """
    entries = acl.get("ingress")
    for port, service in ADMIN_PORTS.items():
        found = admits(entries, [("tcp", port, port)])
        path = ("ingress",) if found.index is None else ("ingress", found.index)
        if found.admitted is None:
            yield unknown(f"whether {service} ({port}) is let in is not known: {found.why}", path)
        elif found.admitted:
            yield fail(f"{service} ({port}) is let in from anywhere: {found.why}", path)
        else:
            yield ok()
