"""Route 53 (global): hosted zones, their query logging configuration and DNSSEC signing
folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
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
)
from iacgate.model.edges import EdgeType

HOSTED_ZONE = AwsKind(
    name="aws.route53.hosted_zone",
    description="A hosted zone with its query logging configuration and DNSSEC signing",
    physical_id="zone_id",
    identifiers=("zone_id",),
    regional=False,
    terraform=Writers(
        types=("aws_route53_zone",),
        folds=(
            Fold(
                "aws_route53_query_log",
                "zone_id",
                ("zone_id",),
                "query_log_group",
                "cloudwatch_log_group_arn",
            ),
            "aws_route53_hosted_zone_dnssec",
        ),
    ),
    cloudformation=Writers(
        types=("AWS::Route53::HostedZone",),
        folds=("AWS::Route53::DNSSEC",),
    ),
    fields=(
        Field(
            "zone_id",
            STR,
            description="Z... (physical id; without the API's /hostedzone/ prefix).",
            terraform="zone_id",
            default=ASSIGNED,
            api="Id",
        ),
        Field(
            "name",
            STR,
            REQUIRED,
            description="Without the trailing dot.",
            terraform="name",
            cloudformation="Name",
            api="Name",
        ),
        Field(
            "vpcs",
            STRINGS,
            [],
            description="A private zone's VPCs (the API's VPCs of GetHostedZone).",
            terraform="vpc.*.vpc_id",
            cloudformation="VPCs.*.VPCId",
            api="GetHostedZone:VPCs.*.VPCId",
        ),
        Field(
            "private",
            BOOL,
            False,
            description="Private zones answer inside their VPCs only (code: a zone with VPCs).",
            api="Config.PrivateZone",
        ),
        Field(
            "query_log_group",
            OPT_STR,
            description=(
                "The log group receiving the zone's DNS queries (aws_route53_query_log, "
                "QueryLoggingConfig, ListQueryLoggingConfigs); null: no query logging."
            ),
            cloudformation="QueryLoggingConfig.CloudWatchLogsLogGroupArn",
            api="ListQueryLoggingConfigs:QueryLoggingConfigs.0.CloudWatchLogsLogGroupArn",
        ),
        Field(
            "dnssec_signing",
            BOOL,
            False,
            description=(
                "DNSSEC signing (aws_route53_hosted_zone_dnssec, AWS::Route53::DNSSEC, "
                "GetDNSSEC's ServeSignature SIGNING)."
            ),
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="HostedZoneTags",
            api="ListTagsForResource:ResourceTagSet.Tags",
        ),
    ),
    edges=(
        Edge("query_log_group", EdgeType.LOGS_TO, ("aws.logs.log_group",)),
        Edge("vpcs.*", EdgeType.IN_VPC, ("aws.ec2.vpc",)),
    ),
    collector=Collector(
        service="route53",
        calls=(
            call("route53", "ListHostedZones", paginated=True),
            call("route53", "GetHostedZone", gone=("NoSuchHostedZone",)),
            call("route53", "ListQueryLoggingConfigs", paginated=True),
            call("route53", "GetDNSSEC", gone=("NoSuchHostedZone",)),
            call("route53", "ListTagsForResource", gone=("NoSuchHostedZone",)),
        ),
        id_field="Id",
        arn="arn:{partition}:route53:::hostedzone/{id}",
        address="arn:aws:route53:::hostedzone/{zone_id}",
    ),
)


KINDS = (HOSTED_ZONE,)
