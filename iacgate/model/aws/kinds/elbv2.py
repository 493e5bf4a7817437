"""Elastic Load Balancing v2: load balancers and listeners."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
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
)
from iacgate.model.edges import EdgeType

LOAD_BALANCER = AwsKind(
    name="aws.elbv2.load_balancer",
    description="An application/network/gateway load balancer",
    physical_id="arn",
    terraform=Writers(types=("aws_lb", "aws_alb")),
    cloudformation=Writers(types=("AWS::ElasticLoadBalancingV2::LoadBalancer",)),
    identifiers=("arn",),
    fields=(
        Field("arn", STR, description="Physical id.", terraform="id", default=ASSIGNED),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="Name",
            default=NAMED_BY_AWS,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
        ),
        Field(
            "load_balancer_type",
            enum("application", "network", "gateway"),
            "application",
            terraform="load_balancer_type",
            cloudformation="Type",
        ),
        Field(
            "scheme",
            enum("internet-facing", "internal"),
            "internet-facing",
            cloudformation="Scheme",
        ),
        Field("subnets", STRINGS, terraform="subnets", default=Chosen("the subnet mappings")),
        Field(
            "security_groups",
            STRINGS,
            [],
            terraform="security_groups",
            cloudformation="SecurityGroups",
        ),
        Field(
            "drop_invalid_header_fields",
            BOOL,
            False,
            description="Application load balancers only (false otherwise).",
            terraform="drop_invalid_header_fields",
        ),
        Field("deletion_protection_enabled", BOOL, False, terraform="enable_deletion_protection"),
        Field("idle_timeout", INT, 60, terraform="idle_timeout"),
        Field(
            "ip_address_type",
            STR,
            "ipv4",
            terraform="ip_address_type",
            cloudformation="IpAddressType",
        ),
        Field(
            "desync_mitigation_mode",
            OPT_STR,
            description="Default defensive (application load balancers; null otherwise).",
            terraform="desync_mitigation_mode",
            default="defensive",
        ),
        Field(
            "access_logs",
            OBJECT,
            fields=(
                Field("enabled", BOOL, False, terraform="enabled"),
                Field("bucket", OPT_STR, terraform="bucket"),
                Field("prefix", OPT_STR, terraform="prefix"),
            ),
            terraform="access_logs",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
    ),
    edges=(
        Edge("security_groups.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("subnets.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("access_logs.bucket", EdgeType.LOGS_TO, ("aws.s3.bucket",)),
    ),
    collector=Collector(
        service="elbv2",
        calls=(
            call("elbv2", "DescribeLoadBalancers", prefix="elasticloadbalancing", paginated=True),
            call(
                "elbv2",
                "DescribeLoadBalancerAttributes",
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
            ),
            call("elbv2", "DescribeTags", prefix="elasticloadbalancing"),
        ),
        id_field="LoadBalancerArn",
        arn="{id}",
    ),
)


LISTENER = AwsKind(
    name="aws.elbv2.listener",
    description="A load balancer listener",
    physical_id="arn",
    terraform=Writers(types=("aws_lb_listener", "aws_alb_listener")),
    cloudformation=Writers(types=("AWS::ElasticLoadBalancingV2::Listener",)),
    fields=(
        Field("arn", STR, description="Physical id.", terraform="id", default=ASSIGNED),
        Field(
            "load_balancer_arn",
            STR,
            terraform="load_balancer_arn",
            cloudformation="LoadBalancerArn",
            default=REQUIRED,
        ),
        Field(
            "port",
            OPT_INT,
            terraform="port",
            cloudformation="Port",
            default=Chosen("80/443 by protocol"),
        ),
        Field(
            "protocol",
            STR,
            terraform="protocol",
            cloudformation="Protocol",
            default=Chosen("HTTP for application, TCP for network load balancers"),
        ),
        Field(
            "ssl_policy",
            OPT_STR,
            description="HTTPS/TLS only; unset: ELBSecurityPolicy-2016-08 (UNKNOWN in code).",
            terraform="ssl_policy",
            cloudformation="SslPolicy",
            default=Chosen("ELBSecurityPolicy-2016-08 (the AWS default)"),
        ),
        Field(
            "certificate_arn",
            OPT_STR,
            terraform="certificate_arn",
            cloudformation="Certificates.0.CertificateArn",
        ),
        Field(
            "default_actions",
            items(OBJECT),
            fields=(
                Field("type", STR, terraform="type", cloudformation="Type"),
                Field(
                    "target_group_arn",
                    OPT_STR,
                    terraform="target_group_arn",
                    cloudformation="TargetGroupArn",
                ),
                Field(
                    "redirect",
                    OPT_OBJECT,
                    fields=(
                        Field(
                            "protocol",
                            STR,
                            "#{protocol}",
                            terraform="protocol",
                            cloudformation="Protocol",
                        ),
                        Field("port", STR, "#{port}", terraform="port", cloudformation="Port"),
                        Field("host", STR, "#{host}", terraform="host", cloudformation="Host"),
                        Field("path", STR, "/#{path}", terraform="path", cloudformation="Path"),
                        Field("query", STR, "#{query}", terraform="query", cloudformation="Query"),
                        Field(
                            "status_code",
                            OPT_STR,
                            terraform="status_code",
                            cloudformation="StatusCode",
                        ),
                    ),
                    terraform="redirect",
                    cloudformation="RedirectConfig",
                    absent=None,
                ),
            ),
            terraform="default_action",
            cloudformation="DefaultActions",
        ),
        Field("tags", TAGS, terraform="tags"),
    ),
    edges=(Edge("load_balancer_arn", EdgeType.ATTACHED_TO, ("aws.elbv2.load_balancer",)),),
    collector=Collector(
        service="elbv2",
        calls=(
            call("elbv2", "DescribeLoadBalancers", prefix="elasticloadbalancing", paginated=True),
            call(
                "elbv2",
                "DescribeListeners",
                prefix="elasticloadbalancing",
                paginated=True,
                gone=("LoadBalancerNotFound",),
            ),
            call("elbv2", "DescribeTags", prefix="elasticloadbalancing"),
        ),
        id_field="ListenerArn",
        arn="{id}",
    ),
)


KINDS = (LOAD_BALANCER, LISTENER)
