"""WAFv2: web ACLs (their logging configuration folded in) and their associations with the
resources they protect."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    INT,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
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

ACTIONS = ("allow", "block", "count", "captcha", "challenge", "none")

WEB_ACL = AwsKind(
    name="aws.wafv2.web_acl",
    description="A WAFv2 web ACL with its logging configuration",
    physical_id="arn",
    identifiers=("arn", "id"),
    terraform=Writers(
        types=("aws_wafv2_web_acl",),
        folds=(
            Fold(
                "aws_wafv2_web_acl_logging_configuration",
                "resource_arn",
                ("arn",),
                "log_destinations",
                "log_destination_configs",
            ),
        ),
    ),
    cloudformation=Writers(
        types=("AWS::WAFv2::WebACL",),
        folds=(
            Fold(
                "AWS::WAFv2::LoggingConfiguration",
                "ResourceArn",
                ("arn",),
                "log_destinations",
                "LogDestinationConfigs",
            ),
        ),
    ),
    fields=(
        Field(
            "arn",
            STR,
            description="Physical id; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="ARN",
        ),
        Field("id", STR, terraform="id", default=ASSIGNED, api="Id"),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={"cloudformation": NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "scope",
            enum("REGIONAL", "CLOUDFRONT"),
            REQUIRED,
            description="CLOUDFRONT web ACLs live in us-east-1 and protect distributions.",
            terraform="scope",
            cloudformation="Scope",
            api="Scope",
        ),
        Field(
            "default_action",
            enum("allow", "block"),
            REQUIRED,
            description="What happens to a request no rule decides (code reads the block set).",
        ),
        Field(
            "rules",
            items(OBJECT),
            [],
            description=(
                "By priority: each rule's name, priority and action (allow, block, count, "
                "captcha, challenge; none for a rule group that keeps its own actions)."
            ),
            key=("name",),
            fields=(
                Field("name", STR, REQUIRED, terraform="name", cloudformation="Name", api="Name"),
                Field(
                    "priority",
                    INT,
                    REQUIRED,
                    terraform="priority",
                    cloudformation="Priority",
                    api="Priority",
                ),
                Field(
                    "action",
                    enum(*ACTIONS),
                    REQUIRED,
                    description="Code reads the action or override_action block set.",
                ),
            ),
            terraform="rule",
            cloudformation="Rules",
            api="GetWebACL:WebACL.Rules",
        ),
        Field(
            "cloudwatch_metrics_enabled",
            BOOL,
            REQUIRED,
            terraform="visibility_config.0.cloudwatch_metrics_enabled",
            cloudformation="VisibilityConfig.CloudWatchMetricsEnabled",
            api="GetWebACL:WebACL.VisibilityConfig.CloudWatchMetricsEnabled",
        ),
        Field(
            "sampled_requests_enabled",
            BOOL,
            REQUIRED,
            terraform="visibility_config.0.sampled_requests_enabled",
            cloudformation="VisibilityConfig.SampledRequestsEnabled",
            api="GetWebACL:WebACL.VisibilityConfig.SampledRequestsEnabled",
        ),
        Field(
            "log_destinations",
            STRINGS,
            [],
            description=(
                "Where the web ACL logs its traffic (aws_wafv2_web_acl_logging_configuration, "
                "AWS::WAFv2::LoggingConfiguration, GetLoggingConfiguration); empty: no logs."
            ),
            api="GetLoggingConfiguration:LoggingConfiguration.LogDestinationConfigs",
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="Tags",
            api="ListTagsForResource:TagInfoForResource.TagList",
        ),
    ),
    edges=(
        Edge(
            "log_destinations.*",
            EdgeType.LOGS_TO,
            ("aws.logs.log_group", "aws.s3.bucket"),
        ),
    ),
    collector=Collector(
        service="wafv2",
        calls=(
            call("wafv2", "ListWebACLs"),
            call("wafv2", "GetWebACL", gone=("WAFNonexistentItemException",)),
            call(
                "wafv2",
                "GetLoggingConfiguration",
                absent=("WAFNonexistentItemException",),
            ),
            call("wafv2", "ListTagsForResource", gone=("WAFNonexistentItemException",)),
        ),
        id_field="ARN",
        arn="{id}",
        note="Regional web ACLs of each region; CLOUDFRONT ones from us-east-1",
    ),
)


WEB_ACL_ASSOCIATION = AwsKind(
    name="aws.wafv2.web_acl_association",
    description=(
        "A web ACL protecting a regional resource (an application load balancer, an API "
        "Gateway REST stage, ...)"
    ),
    physical_id="resource_arn",
    terraform=Writers(types=("aws_wafv2_web_acl_association",)),
    cloudformation=Writers(types=("AWS::WAFv2::WebACLAssociation",)),
    fields=(
        Field(
            "resource_arn",
            STR,
            REQUIRED,
            description="The protected resource (physical id: one web ACL per resource).",
            terraform="resource_arn",
            cloudformation="ResourceArn",
            api="ResourceArn",
        ),
        Field(
            "web_acl_arn",
            STR,
            REQUIRED,
            terraform="web_acl_arn",
            cloudformation="WebACLArn",
            api="GetWebACLForResource:WebACL.ARN",
        ),
    ),
    edges=(
        Edge("web_acl_arn", EdgeType.ATTACHED_TO, ("aws.wafv2.web_acl",)),
        Edge(
            "resource_arn",
            EdgeType.REFERENCES,
            ("aws.elbv2.load_balancer", "aws.apigateway.stage"),
        ),
    ),
    collector=Collector(
        service="wafv2",
        calls=(
            call("elbv2", "DescribeLoadBalancers", prefix="elasticloadbalancing", paginated=True),
            call("wafv2", "GetWebACLForResource", gone=("WAFNonexistentItemException",)),
        ),
        id_field="ResourceArn",
        arn="{id}",
        note=(
            "The web ACL of each application load balancer (GetWebACLForResource); REST API "
            "stages' associations are read from their web_acl_arn"
        ),
        address="{resource_arn}",
    ),
)


KINDS = (WEB_ACL, WEB_ACL_ASSOCIATION)
