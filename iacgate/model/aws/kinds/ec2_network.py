"""EC2 networking that decides reachability from the internet: internet gateways, route tables
(routes and subnet associations folded in) and network ACLs (entries and subnet associations
folded in)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    INT,
    OBJECT,
    OPT_INT,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

INTERNET_GATEWAY = AwsKind(
    name="aws.ec2.internet_gateway",
    description="An internet gateway and the VPC it is attached to",
    physical_id="internet_gateway_id",
    identifiers=("internet_gateway_id", "arn"),
    terraform=Writers(
        types=("aws_internet_gateway",),
        folds=(
            Fold(
                "aws_internet_gateway_attachment",
                "internet_gateway_id",
                ("internet_gateway_id",),
                "vpc_id",
                "vpc_id",
            ),
        ),
    ),
    cloudformation=Writers(
        types=("AWS::EC2::InternetGateway",),
        folds=(
            Fold(
                "AWS::EC2::VPCGatewayAttachment",
                "InternetGatewayId",
                ("internet_gateway_id",),
                "vpc_id",
                "VpcId",
            ),
        ),
    ),
    fields=(
        Field(
            "internet_gateway_id",
            STR,
            description="igw-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="InternetGatewayId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "vpc_id",
            OPT_STR,
            description="The VPC it is attached to (null: detached, it carries no traffic).",
            terraform="vpc_id",
            api="Attachments.0.VpcId",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(Edge("vpc_id", EdgeType.ATTACHED_TO, ("aws.ec2.vpc",)),),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeInternetGateways", paginated=True, items="InternetGateways"),),
        id_field="InternetGatewayId",
        arn="arn:{partition}:ec2:{region}:{account}:internet-gateway/{id}",
    ),
)


_ROUTE_FIELDS = (
    Field(
        "destination_cidr_block",
        OPT_STR,
        terraform="cidr_block",
        api="DestinationCidrBlock",
    ),
    Field(
        "destination_ipv6_cidr_block",
        OPT_STR,
        terraform="ipv6_cidr_block",
        api="DestinationIpv6CidrBlock",
    ),
    Field(
        "destination_prefix_list_id",
        OPT_STR,
        terraform="destination_prefix_list_id",
        api="DestinationPrefixListId",
    ),
    Field(
        "gateway_id",
        OPT_STR,
        description="An internet gateway (igw-...), a virtual private gateway or a VPC endpoint.",
        terraform="gateway_id",
        api="GatewayId",
    ),
    Field("nat_gateway_id", OPT_STR, terraform="nat_gateway_id", api="NatGatewayId"),
    Field(
        "egress_only_gateway_id",
        OPT_STR,
        terraform="egress_only_gateway_id",
        api="EgressOnlyInternetGatewayId",
    ),
    Field("transit_gateway_id", OPT_STR, terraform="transit_gateway_id", api="TransitGatewayId"),
    Field(
        "vpc_peering_connection_id",
        OPT_STR,
        terraform="vpc_peering_connection_id",
        api="VpcPeeringConnectionId",
    ),
    Field(
        "network_interface_id",
        OPT_STR,
        terraform="network_interface_id",
        api="NetworkInterfaceId",
    ),
)

ROUTE_TABLE = AwsKind(
    name="aws.ec2.route_table",
    description="A VPC route table with its routes and the subnets associated with it",
    physical_id="route_table_id",
    identifiers=("route_table_id", "arn"),
    terraform=Writers(
        types=("aws_route_table", "aws_default_route_table"),
        folds=("aws_route", "aws_route_table_association", "aws_main_route_table_association"),
    ),
    cloudformation=Writers(
        types=("AWS::EC2::RouteTable",),
        folds=("AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation"),
    ),
    note=(
        "Routes (inline route blocks, aws_route, AWS::EC2::Route) in one list; the local route "
        "every table has is left out (it never leaves the VPC). Subnet associations "
        "(aws_route_table_association, AWS::EC2::SubnetRouteTableAssociation) fold into "
        "subnet_ids; main says the table is its VPC's main route table, the one every subnet "
        "without an association uses."
    ),
    fields=(
        Field(
            "route_table_id",
            STR,
            description="rtb-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="RouteTableId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "vpc_id",
            STR,
            terraform="vpc_id",
            cloudformation="VpcId",
            default=REQUIRED,
            api="VpcId",
        ),
        Field(
            "routes",
            items(OBJECT),
            [],
            description="Every route but the local one, sorted by destination.",
            key=("destination_cidr_block", "destination_ipv6_cidr_block"),
            key_nullable=True,
            fields=_ROUTE_FIELDS,
            terraform="route",
            api="Routes",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            description="The subnets explicitly associated with the table, sorted.",
        ),
        Field(
            "main",
            BOOL,
            False,
            description=(
                "The VPC's main route table (Terraform aws_default_route_table or "
                "aws_main_route_table_association)."
            ),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(
        Edge("vpc_id", EdgeType.IN_VPC, ("aws.ec2.vpc",)),
        Edge("subnet_ids.*", EdgeType.ATTACHED_TO, ("aws.ec2.subnet",)),
        Edge("routes.*.gateway_id", EdgeType.ROUTES_TO, ("aws.ec2.internet_gateway",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeRouteTables", paginated=True, items="RouteTables"),),
        id_field="RouteTableId",
        arn="arn:{partition}:ec2:{region}:{account}:route-table/{id}",
    ),
)


NACL_ENTRY = (
    Field("rule_number", INT, description="Evaluated in ascending order; the first match decides."),
    Field(
        "protocol",
        STR,
        description=(
            "As security group rules name it: 'tcp', 'udp', 'icmp', '-1' (every protocol), "
            "other protocols by number."
        ),
    ),
    Field("action", enum("allow", "deny")),
    Field("cidr_block", OPT_STR),
    Field("ipv6_cidr_block", OPT_STR),
    Field("from_port", OPT_INT, description="null when the protocol has no ports ('-1', ICMP)."),
    Field("to_port", OPT_INT),
)

NETWORK_ACL = AwsKind(
    name="aws.ec2.network_acl",
    description="A network ACL with its entries and the subnets associated with it",
    physical_id="network_acl_id",
    identifiers=("network_acl_id", "arn"),
    terraform=Writers(
        types=("aws_network_acl", "aws_default_network_acl"),
        folds=("aws_network_acl_rule", "aws_network_acl_association"),
    ),
    cloudformation=Writers(
        types=("AWS::EC2::NetworkAcl",),
        folds=("AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation"),
    ),
    note=(
        "Entries of both directions (inline blocks, aws_network_acl_rule, "
        "AWS::EC2::NetworkAclEntry) sorted by rule number; the final deny-all entry (rule "
        "32767) every ACL has is left out. A subnet without an association uses its VPC's "
        "default ACL, which AWS creates allowing all traffic."
    ),
    fields=(
        Field(
            "network_acl_id",
            STR,
            description="acl-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="NetworkAclId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "vpc_id",
            STR,
            description="Terraform aws_default_network_acl does not name it (UNKNOWN there).",
            terraform="vpc_id",
            cloudformation="VpcId",
            default=REQUIRED,
            api="VpcId",
        ),
        Field(
            "is_default",
            BOOL,
            False,
            description="The VPC's default ACL (Terraform aws_default_network_acl).",
            api="IsDefault",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            description="The subnets associated with the ACL, sorted.",
            terraform="subnet_ids",
        ),
        Field(
            "ingress",
            items(OBJECT),
            [],
            key=("rule_number",),
            fields=NACL_ENTRY,
        ),
        Field(
            "egress",
            items(OBJECT),
            [],
            key=("rule_number",),
            fields=NACL_ENTRY,
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="Tags"),
    ),
    edges=(
        Edge("vpc_id", EdgeType.IN_VPC, ("aws.ec2.vpc",)),
        Edge("subnet_ids.*", EdgeType.ATTACHED_TO, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="ec2",
        calls=(call("ec2", "DescribeNetworkAcls", paginated=True, items="NetworkAcls"),),
        id_field="NetworkAclId",
        arn="arn:{partition}:ec2:{region}:{account}:network-acl/{id}",
    ),
)


KINDS = (INTERNET_GATEWAY, ROUTE_TABLE, NETWORK_ACL)
