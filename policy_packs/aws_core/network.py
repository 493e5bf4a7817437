"""Network: security groups open to the internet, default groups, flow logs, public IPs.

Security group rules are atomic (one protocol, one port range, one peer; docs/model.md) and
live on ``aws.ec2.security_group`` or, when the group is declared elsewhere, on
``aws.ec2.security_group_rule``; every rule here reads both. A rule open to every port is
reported once, by AWS-EC2-004, not again by each port rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import (
    CIS,
    FSBP,
    chosen_by_aws,
    describe_rule,
    describe_span,
    exposures,
    opened,
    reason,
    summarize,
    tri_any,
)

GROUP_KINDS = ("aws.ec2.security_group", "aws.ec2.security_group_rule")

REMOTE_ADMIN = {22: "SSH"}
RDP = {3389: "RDP"}
DATABASE_PORTS = {
    1433: "SQL Server",
    1434: "SQL Server browser",
    1521: "Oracle",
    2483: "Oracle",
    2484: "Oracle",
    3306: "MySQL/MariaDB/Aurora",
    5432: "PostgreSQL",
    5439: "Redshift",
    6379: "Redis",
    7000: "Cassandra",
    7001: "Cassandra",
    8020: "HDFS",
    9042: "Cassandra",
    9200: "Elasticsearch/OpenSearch",
    9300: "Elasticsearch/OpenSearch",
    11211: "Memcached",
    27017: "MongoDB",
    27018: "MongoDB",
    50000: "DB2",
}
# The other ports of Security Hub's high-risk list (EC2.19), besides SSH, RDP and databases.
HIGH_RISK_PORTS = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    25: "SMTP",
    110: "POP3",
    135: "MS RPC",
    143: "IMAP",
    445: "SMB",
    3000: "development servers",
    4333: "mSQL",
    5000: "development servers",
    5500: "VNC",
    5601: "Kibana",
    5900: "VNC",
    8080: "HTTP proxies and admin consoles",
    8088: "Hadoop and admin consoles",
    8888: "notebooks and admin consoles",
}


def _open_ports(resource: Resource, ports: Mapping[int, str]) -> Iterator[Verdict]:
    """One failure per ingress rule that opens one of ``ports`` to the internet (rules open to
    every port are AWS-EC2-004's)."""
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    found, pending = exposures(resource)
    if pending is not None:
        unknowns.append(unknown(reason(pending, "the ingress rules"), "ingress"))
    for item in found:
        if item.everything is True:
            continue
        hits = [f"{port} ({ports[port]})" for port in opened(item.span, ports)]
        if hits and isinstance(item.peer, str):
            fails.append(fail(f"ingress from {item.peer} to {', '.join(hits)}", item.ref.path))
        elif hits:
            why = reason(item.peer, f"the source of a rule to {hits[0]}")
            unknowns.append(unknown(why, item.ref.path))
        elif is_unknown(item.span) and isinstance(item.peer, str):
            why = reason(item.span, f"the ports of a rule from {item.peer}")
            unknowns.append(unknown(why, item.ref.path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-EC2-001",
    name="security-group-ssh-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.2", "5.3"], FSBP: ["EC2.19"]},
    tags=["network", "exposure"],
)
def ssh_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits SSH (port 22) from the whole internet.

    What it checks
        Ingress rules whose source admits the whole internet and whose protocol and port
        range (TCP or UDP) include port 22. Rules open to every port are AWS-EC2-004's.
        The whole internet is any prefix-0 range, in any spelling (``0.0.0.0/0``,
        ``10.0.0.0/0``, ``::/0``, ``0::0/0``), or the ranges of several rules that together
        cover every internet address on the port (``0.0.0.0/1`` and ``128.0.0.0/1``).
    Why it matters
        Internet-facing SSH is brute-forced around the clock and exposes every SSH server
        vulnerability to the world; one leaked key or weak password is a shell.
    How to fix
        Reach instances through Systems Manager Session Manager (no inbound port at all), or
        open 22 to a VPN or bastion range only.

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "ssh" {
          security_group_id = aws_security_group.app.id
          ip_protocol       = "tcp"
          from_port         = 22
          to_port           = 22
          cidr_ipv4         = "10.20.0.0/16" # the VPN or bastion range
        }
        ```

        CloudFormation:

        ```yaml
        SshIngress:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref AppSecurityGroup
            IpProtocol: tcp
            FromPort: 22
            ToPort: 22
            CidrIp: 10.20.0.0/16  # the VPN or bastion range
        ```
    """
    yield from _open_ports(group, REMOTE_ADMIN)


@rule(
    code="AWS-EC2-002",
    name="security-group-rdp-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.2", "5.3"], FSBP: ["EC2.19"]},
    tags=["network", "exposure"],
)
def rdp_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits RDP (port 3389) from the whole internet.

    What it checks
        Ingress rules whose source admits the whole internet (any prefix-0 range, or ranges
        that together cover every internet address, as for AWS-EC2-001) and whose protocol
        and port range (TCP or UDP) include port 3389. Rules open to every port are
        AWS-EC2-004's.
    Why it matters
        Internet-facing RDP is scanned and brute-forced within minutes of going up, and has a
        long history of pre-authentication vulnerabilities (BlueKeep).
    How to fix
        Reach instances through Systems Manager Session Manager or Fleet Manager, or open 3389
        to a VPN or bastion range only.

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "rdp" {
          security_group_id = aws_security_group.windows.id
          ip_protocol       = "tcp"
          from_port         = 3389
          to_port           = 3389
          cidr_ipv4         = "10.20.0.0/16"
        }
        ```

        CloudFormation:

        ```yaml
        RdpIngress:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref WindowsSecurityGroup
            IpProtocol: tcp
            FromPort: 3389
            ToPort: 3389
            CidrIp: 10.20.0.0/16
        ```
    """
    yield from _open_ports(group, RDP)


@rule(
    code="AWS-EC2-003",
    name="security-group-database-port-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.HIGH,
    frameworks={FSBP: ["EC2.19"]},
    tags=["network", "exposure", "database"],
)
def database_port_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits a database port from the whole internet.

    What it checks
        Ingress rules from the whole internet (any prefix-0 range, or ranges that together
        cover every internet address, as for AWS-EC2-001) whose port range includes a
        database or cache port: SQL Server (1433, 1434), Oracle (1521, 2483, 2484), MySQL (3306),
        PostgreSQL (5432), Redshift (5439), Redis (6379), Cassandra (7000, 7001, 9042),
        HDFS (8020), Elasticsearch (9200, 9300), Memcached (11211), MongoDB (27017, 27018)
        and DB2 (50000).
    Why it matters
        A database listening to the internet is one weak or default password, or one
        unauthenticated Redis, MongoDB or Elasticsearch, away from a data breach; exposed
        databases are indexed by search engines for exactly that.
    How to fix
        Allow the database port only from the application's security group.

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
          security_group_id            = aws_security_group.db.id
          ip_protocol                  = "tcp"
          from_port                    = 5432
          to_port                      = 5432
          referenced_security_group_id = aws_security_group.app.id
        }
        ```

        CloudFormation:

        ```yaml
        DbFromApp:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref DbSecurityGroup
            IpProtocol: tcp
            FromPort: 5432
            ToPort: 5432
            SourceSecurityGroupId: !Ref AppSecurityGroup
        ```
    """
    yield from _open_ports(group, DATABASE_PORTS)


@rule(
    code="AWS-EC2-004",
    name="security-group-all-ports-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["5.2", "5.3"], FSBP: ["EC2.18", "EC2.19"]},
    tags=["network", "exposure"],
)
def all_ports_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits every port (or every protocol) from the whole internet.

    What it checks
        Ingress rules from the whole internet (any prefix-0 range, or ranges that together
        cover every internet address, as for AWS-EC2-001) with protocol ``-1`` (all traffic)
        or a TCP/UDP range of 0-65535.
    Why it matters
        Every service on the instance, including the ones nobody meant to publish (admin
        ports, metrics endpoints, databases), is reachable by anyone.
    How to fix
        Replace the rule with one rule per port the service needs, from the sources that need
        it (a load balancer's security group for web traffic).

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "https_from_lb" {
          security_group_id            = aws_security_group.app.id
          ip_protocol                  = "tcp"
          from_port                    = 443
          to_port                      = 443
          referenced_security_group_id = aws_security_group.lb.id
        }
        ```

        CloudFormation:

        ```yaml
        HttpsFromLb:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref AppSecurityGroup
            IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    found, pending = exposures(group)
    if pending is not None:
        unknowns.append(unknown(reason(pending, "the ingress rules"), "ingress"))
    for item in found:
        peer, everything = item.peer, item.everything
        if everything is True and isinstance(peer, str):
            what = describe_rule(item.ref.rule) if item.span is not None else "every port"
            if isinstance(item.span, tuple) and "(together" in peer:
                what = describe_span(item.ref.rule.get("protocol"), item.span)
            fails.append(fail(f"ingress from {peer} to {what}", item.ref.path))
        elif everything is True:
            unknowns.append(unknown(reason(peer, "the source of an all-ports rule"), item.ref.path))
        elif is_unknown(everything) and isinstance(peer, str):
            unknowns.append(unknown(reason(everything, f"a rule from {peer}"), item.ref.path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-EC2-005",
    name="security-group-high-risk-port-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EC2.19"]},
    tags=["network", "exposure"],
)
def high_risk_port_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits a high-risk service port from the whole internet.

    What it checks
        Ingress rules from the whole internet (any prefix-0 range, or ranges that together
        cover every internet address, as for AWS-EC2-001) whose range includes a port of
        Security Hub's high-risk list besides SSH, RDP and databases: FTP (20, 21), Telnet
        (23), SMTP (25), POP3 (110), MS RPC (135), IMAP (143), SMB (445), development servers
        (3000, 5000), mSQL (4333), VNC (5500, 5900), Kibana (5601), and the admin and proxy
        ports 8080, 8088 and 8888.
    Why it matters
        These services send credentials in clear text, have a history of remote exploits, or
        are consoles meant for operators only.
    How to fix
        Remove the rule, or allow the port only from the network that needs it.

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "smtp" {
          security_group_id = aws_security_group.mail.id
          ip_protocol       = "tcp"
          from_port         = 25
          to_port           = 25
          cidr_ipv4         = "10.0.0.0/8"
        }
        ```

        CloudFormation:

        ```yaml
        SmtpIngress:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref MailSecurityGroup
            IpProtocol: tcp
            FromPort: 25
            ToPort: 25
            CidrIp: 10.0.0.0/8
        ```
    """
    yield from _open_ports(group, HIGH_RISK_PORTS)


# Ports a service may open to the whole internet: web traffic (Security Hub's default
# authorized ports for EC2.18). Every other TCP/UDP port open to the world is a finding: of the
# named rules above when it is one of theirs, of AWS-EC2-015 otherwise.
AUTHORIZED_PORTS = frozenset({80, 443})
NAMED_PORTS = frozenset({*REMOTE_ADMIN, *RDP, *DATABASE_PORTS, *HIGH_RISK_PORTS, *AUTHORIZED_PORTS})


def _unnamed_ports(span: tuple[int, int]) -> int:
    """How many ports of a range no named list covers."""
    lo, hi = span
    return (hi - lo + 1) - sum(1 for port in NAMED_PORTS if lo <= port <= hi)


@rule(
    code="AWS-EC2-015",
    name="security-group-non-web-port-open-to-world",
    kind=GROUP_KINDS,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EC2.18"]},
    tags=["network", "exposure"],
)
def non_web_port_open_to_world(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A security group admits, from the whole internet, a port that is not a web port.

    What it checks
        Ingress rules whose source admits the whole internet and whose TCP or UDP port range
        holds a port other than 80 and 443 that no narrower rule names: SSH, RDP, database
        and high-risk ports are AWS-EC2-001/002/003/005's, every port AWS-EC2-004's. A source
        admits the whole internet when it is any prefix-0 range (``0.0.0.0/0``,
        ``10.0.0.0/0``, ``::/0`` ...) or when several rules' ranges together cover every
        internet address on the same ports (``0.0.0.0/1`` and ``128.0.0.0/1``). ICMP and
        other protocols without ports are not judged here.
    Why it matters
        Only web traffic is meant for everyone. Any other listener published to the internet
        (an application port, an admin API, a metrics or debug endpoint, a range of ports
        opened "for now") is scanned within minutes and exposed to every vulnerability and
        weak credential it has.
    How to fix
        Serve the internet through a load balancer on 80/443, and open other ports only to
        the networks or security groups that need them.

        Terraform:

        ```hcl
        resource "aws_vpc_security_group_ingress_rule" "api" {
          security_group_id            = aws_security_group.app.id
          ip_protocol                  = "tcp"
          from_port                    = 8443
          to_port                      = 8443
          referenced_security_group_id = aws_security_group.lb.id
        }
        ```

        CloudFormation:

        ```yaml
        ApiIngress:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref AppSecurityGroup
            IpProtocol: tcp
            FromPort: 8443
            ToPort: 8443
            SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    found, pending = exposures(group)
    if pending is not None:
        unknowns.append(unknown(reason(pending, "the ingress rules"), "ingress"))
    for item in found:
        if item.everything is True:
            continue
        protocol = item.ref.rule.get("protocol")
        if isinstance(item.span, tuple) and _unnamed_ports(item.span) > 0:
            what = describe_span(protocol, item.span)
            if isinstance(item.peer, str):
                fails.append(fail(f"ingress from {item.peer} to {what}", item.ref.path))
            else:
                unknowns.append(unknown(reason(item.peer, f"the source of {what}"), item.ref.path))
        elif is_unknown(item.span) and isinstance(item.peer, str):
            why = reason(item.span, f"the ports of a rule from {item.peer}")
            unknowns.append(unknown(why, item.ref.path))
    yield from summarize(fails, unknowns)


def _vpc_default_group(resource: Resource, ctx: Context) -> Any:
    """Whether rules of ``resource`` belong to a VPC's default security group."""
    if resource.kind == "aws.ec2.security_group":
        # AWS refuses to create a group named "default": only a VPC's own default group
        # (adopted by aws_default_security_group, or collected live) has that name, and both
        # always know it. A name that is not known is therefore never "default", and a group
        # the code creates (a CloudFormation AWS::EC2::SecurityGroup, a Terraform
        # aws_security_group) is never the default group, whatever name it asks for.
        name = resource.get("name")
        if not (isinstance(name, str) and name == "default"):
            return False
        created = resource.source == "cloudformation" or resource.origin.get(
            "terraform_type"
        ) not in (None, "aws_default_security_group")
        return not created
    # A standalone rule whose group reference is a VPC: the VPC's default security group
    # (Terraform ``aws_vpc.x.default_security_group_id``, CloudFormation ``!GetAtt
    # Vpc.DefaultSecurityGroup``).
    return bool(ctx.related(resource, "aws.ec2.vpc", EdgeType.ATTACHED_TO, "out"))


@rule(
    code="AWS-EC2-006",
    name="default-security-group-allows-traffic",
    kind=GROUP_KINDS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.4"], FSBP: ["EC2.2"]},
    tags=["network"],
)
def default_security_group_allows_traffic(group: Resource, ctx: Context) -> Iterator[Verdict]:
    """A VPC's default security group has rules that allow traffic.

    What it checks
        The default security group of a VPC (Terraform's ``aws_default_security_group``, a
        live group named ``default`` — not a group the code creates and names ``default``,
        which AWS refuses — or rules added to a VPC's default group by reference:
        ``aws_vpc.x.default_security_group_id``, ``!GetAtt Vpc.DefaultSecurityGroup``) must
        have no ingress and no egress rule.
    Why it matters
        Resources launched without a security group land in the default group. If it allows
        traffic, a forgotten ``vpc_security_group_ids`` silently opens that resource to
        whatever the default group allows, including every other member of the group.
    How to fix
        Adopt the default group and declare it empty, and give every resource its own group.
        CloudFormation cannot empty the default group: do not add rules to it, and remove its
        default rules once (a custom resource or ``aws ec2 revoke-security-group-ingress``).

        Terraform:

        ```hcl
        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
          # no ingress and no egress blocks: Terraform removes every rule
        }
        ```

        CloudFormation:

        ```yaml
        # Do not attach rules to !GetAtt Vpc.DefaultSecurityGroup; give resources their own:
        AppSecurityGroup:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: app
            VpcId: !Ref Vpc
        ```
    """
    default = _vpc_default_group(group, ctx)
    if is_unknown(default):
        yield unknown(reason(default, "the security group name"), "name")
        return
    if default is not True:
        yield ok()
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for side in ("ingress", "egress"):
        rules = group.get(side)
        if is_unknown(rules):
            unknowns.append(unknown(reason(rules, f"the {side} rules"), side))
        elif isinstance(rules, list):
            for index, item in enumerate(rules):
                if isinstance(item, Mapping):
                    fails.append(
                        fail(
                            f"the default security group allows {side} ({describe_rule(item)})",
                            (side, index),
                        )
                    )
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-EC2-007",
    name="vpc-flow-logs-disabled",
    kind="aws.ec2.vpc",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.7"], FSBP: ["EC2.6"]},
    tags=["network", "logging", "graph"],
)
def vpc_flow_logs_disabled(vpc: Resource, ctx: Context) -> Verdict:
    """A VPC has no flow log.

    What it checks
        Some flow log in the graph must monitor the VPC (a ``monitors`` edge from an
        ``aws.ec2.flow_log`` whose ``resource_id`` names the VPC). When a flow log's target
        cannot be resolved, the answer is unknown rather than a failure.
    Why it matters
        Flow logs are the only record of which addresses talked to which, on which ports:
        without them, scanning, exfiltration and lateral movement inside the VPC leave no
        trace.
    How to fix
        Add a flow log for the VPC (at least rejected traffic; all traffic for forensics).

        Terraform:

        ```hcl
        resource "aws_flow_log" "main" {
          vpc_id               = aws_vpc.main.id
          traffic_type         = "ALL"
          log_destination_type = "s3"
          log_destination      = aws_s3_bucket.flow_logs.arn
        }
        ```

        CloudFormation:

        ```yaml
        FlowLog:
          Type: AWS::EC2::FlowLog
          Properties:
            ResourceId: !Ref Vpc
            ResourceType: VPC
            TrafficType: ALL
            LogDestinationType: s3
            LogDestination: !GetAtt FlowLogBucket.Arn
        ```
    """
    if ctx.related(vpc, "aws.ec2.flow_log", EdgeType.MONITORS, "in"):
        return ok()
    # Only a flow log written beside the VPC (same template or Terraform root) can name it
    # while its id is unknown; elsewhere it would need the id, which the code does not know.
    for log in ctx.resources("aws.ec2.flow_log"):
        if log.scope != vpc.scope:
            continue
        target = log.get("resource_id")
        if is_unknown(target) and not ctx.related(log, edge=EdgeType.MONITORS, direction="out"):
            return unknown(f"flow log {log.address} monitors a resource that is not known")
    return fail("no flow log monitors this VPC")


@rule(
    code="AWS-EC2-008",
    name="subnet-assigns-public-ip",
    kind="aws.ec2.subnet",
    severity=Severity.LOW,
    frameworks={FSBP: ["EC2.15"]},
    tags=["network", "exposure"],
)
def subnet_assigns_public_ip(subnet: Resource, ctx: Context) -> Verdict:
    """A subnet gives every instance launched in it a public IPv4 address.

    What it checks
        ``map_public_ip_on_launch`` (``MapPublicIpOnLaunch``) must be false.
    Why it matters
        Every instance launched in the subnet becomes addressable from the internet unless its
        launch says otherwise; one permissive security group then exposes it. Public
        addresses should be a decision per resource (load balancers, NAT gateways), not a
        subnet default.
    How to fix
        Turn the setting off and give public endpoints their address explicitly (an Elastic IP
        or a load balancer).

        Terraform:

        ```hcl
        resource "aws_subnet" "public" {
          vpc_id                  = aws_vpc.main.id
          cidr_block              = "10.0.1.0/24"
          map_public_ip_on_launch = false
        }
        ```

        CloudFormation:

        ```yaml
        PublicSubnet:
          Type: AWS::EC2::Subnet
          Properties:
            VpcId: !Ref Vpc
            CidrBlock: 10.0.1.0/24
            MapPublicIpOnLaunch: false
        ```
    """
    value = subnet.get("map_public_ip_on_launch")
    if is_unknown(value):
        return unknown(reason(value, "map_public_ip_on_launch"), "map_public_ip_on_launch")
    if value is True:
        return fail("instances launched here get a public IP address", "map_public_ip_on_launch")
    return ok()


def instance_public_ip(instance: Resource, ctx: Context) -> Any:
    """Whether an instance gets a public IPv4 address: True, False, or the Unknown that hides
    it. Used by AWS-EC2-009 and by the internet-reachable graph rule."""
    value = instance.get("associate_public_ip_address")
    if value is True or value is False:
        return value
    if is_unknown(value) and not chosen_by_aws(value):
        return value
    subnets = ctx.related(instance, "aws.ec2.subnet", EdgeType.IN_SUBNET, "out")
    if not subnets:
        subnet = instance.get("subnet_id")
        if chosen_by_aws(value) and chosen_by_aws(subnet):
            # No subnet: the launch uses a default subnet of the default VPC, and default
            # subnets assign public addresses (MapPublicIpOnLaunch is true for them).
            return True
        if is_unknown(value):
            return value
        return False
    return tri_any(s.get("map_public_ip_on_launch") for s in subnets)


@rule(
    code="AWS-EC2-009",
    name="instance-has-public-ip",
    kind="aws.ec2.instance",
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EC2.9"]},
    tags=["compute", "exposure", "graph"],
)
def instance_has_public_ip(instance: Resource, ctx: Context) -> Verdict:
    """An instance gets a public IPv4 address, asked for or inherited from a public subnet.

    What it checks
        ``associate_public_ip_address`` must not be true; when the instance leaves it unset,
        the subnet it is launched in (an ``in-subnet`` edge) decides, and a subnet that
        assigns public IPs fails the instance too. An instance launched without any subnet
        lands in a default subnet of the default VPC, and default subnets assign public
        addresses.
    Why it matters
        A public address makes the instance reachable from the internet as far as its
        security groups allow: the usual path from a permissive rule to a compromised host.
        Serve traffic through a load balancer and reach instances through Session Manager.
    How to fix
        Launch the instance in a private subnet without a public address.

        Terraform:

        ```hcl
        resource "aws_instance" "app" {
          ami                         = "ami-0abcdef1234567890"
          instance_type               = "t3.micro"
          subnet_id                   = aws_subnet.private.id
          associate_public_ip_address = false
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            NetworkInterfaces:
              - DeviceIndex: "0"
                SubnetId: !Ref PrivateSubnet
                AssociatePublicIpAddress: false
        ```
    """
    public = instance_public_ip(instance, ctx)
    if public is True:
        explicit = instance.get("associate_public_ip_address") is True
        default = chosen_by_aws(instance.get("subnet_id"))
        why = (
            "it asks for one"
            if explicit
            else "it is launched in a default subnet, which assigns public addresses"
            if default
            else "its subnet assigns public addresses"
        )
        return fail(f"the instance gets a public IP address: {why}", "associate_public_ip_address")
    if is_unknown(public):
        return unknown(reason(public, "whether it gets a public IP"), "associate_public_ip_address")
    return ok()
