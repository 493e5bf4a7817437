"""Elastic Load Balancing (classic): load balancers, with their listeners, policies (SSL
negotiation policies among them), attributes and access logs folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    MAP,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    TERRAFORM,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

_ATTRIBUTES = "DescribeLoadBalancerAttributes:LoadBalancerAttributes"

LOAD_BALANCER = AwsKind(
    name="aws.elb.load_balancer",
    description=(
        "A classic load balancer with its listeners, its policies (SSL negotiation policies "
        "among them), its attributes and its access logs"
    ),
    physical_id="name",
    identifiers=("name", "arn", "dns_name"),
    terraform=Writers(
        types=("aws_elb",),
        folds=(
            "aws_load_balancer_policy",
            "aws_load_balancer_listener_policy",
            "aws_lb_ssl_negotiation_policy",
        ),
    ),
    cloudformation=Writers(types=("AWS::ElasticLoadBalancing::LoadBalancer",)),
    fields=(
        Field(
            "name",
            STR,
            description="The load balancer's name (physical id).",
            terraform="id",
            cloudformation="LoadBalancerName",
            default=ASSIGNED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="LoadBalancerName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "dns_name",
            STR,
            terraform="dns_name",
            default=ASSIGNED,
            api="DNSName",
        ),
        Field(
            "scheme",
            enum("internet-facing", "internal"),
            "internet-facing",
            description="Terraform's internal = true is internal.",
            cloudformation="Scheme",
            api="Scheme",
        ),
        Field(
            "availability_zones",
            STRINGS,
            [],
            description="Zones named directly (EC2-Classic style); VPC ones name subnets.",
            terraform="availability_zones",
            cloudformation="AvailabilityZones",
            api="AvailabilityZones",
        ),
        Field(
            "subnets",
            STRINGS,
            [],
            terraform="subnets",
            cloudformation="Subnets",
            api="Subnets",
        ),
        Field(
            "security_groups",
            STRINGS,
            [],
            terraform="security_groups",
            cloudformation="SecurityGroups",
            api="SecurityGroups",
        ),
        Field(
            "cross_zone_load_balancing",
            BOOL,
            False,
            description=(
                "Off when the API or CloudFormation create the load balancer without saying; "
                "the Terraform provider (and the console) turn it on."
            ),
            terraform="cross_zone_load_balancing",
            cloudformation="CrossZone",
            defaults={TERRAFORM: True},
            api=f"{_ATTRIBUTES}.CrossZoneLoadBalancing.Enabled",
        ),
        Field(
            "connection_draining",
            BOOL,
            False,
            description="Off unless asked for (the console turns it on).",
            terraform="connection_draining",
            cloudformation="ConnectionDrainingPolicy.Enabled",
            api=f"{_ATTRIBUTES}.ConnectionDraining.Enabled",
        ),
        Field(
            "connection_draining_timeout",
            INT,
            300,
            terraform="connection_draining_timeout",
            cloudformation="ConnectionDrainingPolicy.Timeout",
            api=f"{_ATTRIBUTES}.ConnectionDraining.Timeout",
        ),
        Field(
            "idle_timeout",
            INT,
            60,
            terraform="idle_timeout",
            cloudformation="ConnectionSettings.IdleTimeout",
            api=f"{_ATTRIBUTES}.ConnectionSettings.IdleTimeout",
        ),
        Field(
            "desync_mitigation_mode",
            enum("monitor", "defensive", "strictest"),
            "defensive",
            description=(
                "CloudFormation has no property for it (AWS's default, defensive, applies); the "
                "API reports it among the additional attributes."
            ),
            terraform="desync_mitigation_mode",
        ),
        Field(
            "access_logs",
            OPT_OBJECT,
            description="null when access logging is off.",
            fields=(
                Field(
                    "bucket",
                    OPT_STR,
                    terraform="bucket",
                    cloudformation="S3BucketName",
                    api="S3BucketName",
                ),
                Field(
                    "prefix",
                    OPT_STR,
                    terraform="bucket_prefix",
                    cloudformation="S3BucketPrefix",
                    api="S3BucketPrefix",
                ),
                Field(
                    "interval",
                    INT,
                    60,
                    terraform="interval",
                    cloudformation="EmitInterval",
                    api="EmitInterval",
                ),
            ),
            terraform="access_logs",
            cloudformation="AccessLoggingPolicy",
            absent=None,
            api=f"{_ATTRIBUTES}.AccessLog",
        ),
        Field(
            "listeners",
            items(OBJECT),
            description=(
                "Sorted by load balancer port. Protocols upper case (HTTP, HTTPS, TCP, SSL). "
                "policy_names: the policies in force on the listener (aws_lb_ssl_negotiation_"
                "policy and aws_load_balancer_listener_policy fold in; CloudFormation's "
                "Policies name their LoadBalancerPorts)."
            ),
            key=("lb_port",),
            fields=(
                Field(
                    "lb_port",
                    INT,
                    REQUIRED,
                    terraform="lb_port",
                    cloudformation="LoadBalancerPort",
                    api="Listener.LoadBalancerPort",
                ),
                Field(
                    "lb_protocol",
                    STR,
                    REQUIRED,
                    terraform="lb_protocol",
                    cloudformation="Protocol",
                    api="Listener.Protocol",
                ),
                Field(
                    "instance_port",
                    INT,
                    REQUIRED,
                    terraform="instance_port",
                    cloudformation="InstancePort",
                    api="Listener.InstancePort",
                ),
                Field(
                    "instance_protocol",
                    STR,
                    REQUIRED,
                    terraform="instance_protocol",
                    cloudformation="InstanceProtocol",
                    api="Listener.InstanceProtocol",
                ),
                Field(
                    "ssl_certificate_id",
                    OPT_STR,
                    terraform="ssl_certificate_id",
                    cloudformation="SSLCertificateId",
                    api="Listener.SSLCertificateId",
                ),
                Field(
                    "policy_names",
                    STRINGS,
                    [],
                    cloudformation="PolicyNames",
                    api="PolicyNames",
                ),
            ),
            terraform="listener",
            cloudformation="Listeners",
            api="ListenerDescriptions",
        ),
        Field(
            "policies",
            MAP,
            {},
            description=(
                "By policy name: its type (SSLNegotiationPolicyType, ...) and its attributes "
                "(name -> value; an SSL negotiation policy's Reference-Security-Policy names "
                "the predefined policy it copies, Protocol-*/cipher names are true or false)."
                " aws_load_balancer_policy and aws_lb_ssl_negotiation_policy fold in; "
                "CloudFormation's Policies; DescribeLoadBalancerPolicies."
            ),
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="Tags",
            api="DescribeTags:",
        ),
    ),
    edges=(
        Edge("security_groups.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("subnets.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("access_logs.bucket", EdgeType.LOGS_TO, ("aws.s3.bucket",)),
        Edge("listeners.*.ssl_certificate_id", EdgeType.REFERENCES, ("aws.acm.certificate",)),
    ),
    collector=Collector(
        service="elb",
        calls=(
            call(
                "elb",
                "DescribeLoadBalancers",
                prefix="elasticloadbalancing",
                paginated=True,
                items="LoadBalancerDescriptions",
            ),
            call(
                "elb",
                "DescribeLoadBalancerAttributes",
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
                params=(("LoadBalancerName", "LoadBalancerName"),),
            ),
            call(
                "elb",
                "DescribeLoadBalancerPolicies",
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
                params=(("LoadBalancerName", "LoadBalancerName"),),
            ),
            call(
                "elb",
                "DescribeTags",
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
            ),
        ),
        id_field="LoadBalancerName",
        arn="arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{id}",
    ),
)


KINDS = (LOAD_BALANCER,)
