"""Elastic Load Balancing v2: load balancers and listeners."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    INT,
    OBJECT,
    OPT_INT,
    OPT_OBJECT,
    OPT_STR,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
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
        Field("arn", STR, description="Physical id."),
        Field("name", STR),
        Field("load_balancer_type", enum("application", "network", "gateway"), "application"),
        Field("scheme", enum("internet-facing", "internal"), "internet-facing"),
        Field("subnets", STRINGS),
        Field("security_groups", STRINGS, []),
        Field(
            "drop_invalid_header_fields",
            BOOL,
            False,
            description="Application load balancers only (false otherwise).",
        ),
        Field("deletion_protection_enabled", BOOL, False),
        Field("idle_timeout", INT, 60),
        Field("ip_address_type", STR, "ipv4"),
        Field(
            "desync_mitigation_mode",
            OPT_STR,
            description="Default defensive (application load balancers; null otherwise).",
        ),
        Field(
            "access_logs",
            OBJECT,
            fields=(
                Field("enabled", BOOL, False),
                Field("bucket", OPT_STR),
                Field("prefix", OPT_STR),
            ),
        ),
        Field("tags", TAGS),
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
        Field("arn", STR, description="Physical id."),
        Field("load_balancer_arn", STR),
        Field("port", OPT_INT),
        Field("protocol", STR),
        Field(
            "ssl_policy",
            OPT_STR,
            description="HTTPS/TLS only; unset: ELBSecurityPolicy-2016-08 (UNKNOWN in code).",
        ),
        Field("certificate_arn", OPT_STR),
        Field(
            "default_actions",
            items(OBJECT),
            fields=(
                Field("type", STR),
                Field("target_group_arn", OPT_STR),
                Field(
                    "redirect",
                    OPT_OBJECT,
                    fields=(
                        Field("protocol", STR, "#{protocol}"),
                        Field("port", STR, "#{port}"),
                        Field("host", STR, "#{host}"),
                        Field("path", STR, "/#{path}"),
                        Field("query", STR, "#{query}"),
                        Field("status_code", OPT_STR),
                    ),
                ),
            ),
        ),
        Field("tags", TAGS),
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
