"""CloudFront (global): distributions."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    BOOL,
    INT,
    OBJECT,
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

DISTRIBUTION = AwsKind(
    name="aws.cloudfront.distribution",
    description="A CloudFront distribution",
    physical_id="id",
    terraform=Writers(types=("aws_cloudfront_distribution",)),
    cloudformation=Writers(types=("AWS::CloudFront::Distribution",)),
    regional=False,
    fields=(
        Field("id", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("enabled", BOOL),
        Field("aliases", STRINGS, []),
        Field("default_root_object", OPT_STR),
        Field("price_class", STR, "PriceClass_All"),
        Field("http_version", STR, "http2"),
        Field("is_ipv6_enabled", BOOL, False),
        Field("web_acl_id", OPT_STR),
        Field(
            "logging",
            OPT_OBJECT,
            fields=(
                Field("bucket", OPT_STR),
                Field("prefix", STR, ""),
                Field("include_cookies", BOOL, False),
            ),
        ),
        Field(
            "viewer_certificate",
            OBJECT,
            fields=(
                Field("cloudfront_default_certificate", BOOL, False),
                Field("acm_certificate_arn", OPT_STR),
                Field("iam_certificate_id", OPT_STR),
                Field("minimum_protocol_version", STR, "TLSv1"),
                Field("ssl_support_method", OPT_STR),
            ),
        ),
        Field(
            "origins",
            items(OBJECT),
            description="Sorted by id.",
            key=("id",),
            fields=(
                Field("id", STR),
                Field("domain_name", STR),
                Field("origin_access_control_id", OPT_STR),
                Field("origin_access_identity", OPT_STR),
                Field(
                    "custom_origin",
                    OPT_OBJECT,
                    fields=(
                        Field("origin_protocol_policy", STR),
                        Field("origin_ssl_protocols", STRINGS),
                        Field("http_port", INT, 80),
                        Field("https_port", INT, 443),
                    ),
                ),
            ),
        ),
        Field(
            "default_cache_behavior",
            OBJECT,
            fields=(
                Field("target_origin_id", STR),
                Field(
                    "viewer_protocol_policy", enum("allow-all", "https-only", "redirect-to-https")
                ),
                Field("allowed_methods", STRINGS),
                Field("field_level_encryption_id", OPT_STR),
            ),
        ),
        Field(
            "ordered_cache_behaviors",
            items(OBJECT),
            key=("path_pattern",),
            fields=(
                Field("path_pattern", STR),
                Field("target_origin_id", STR),
                Field("viewer_protocol_policy", STR),
                Field("allowed_methods", STRINGS),
                Field("field_level_encryption_id", OPT_STR),
            ),
        ),
        Field(
            "geo_restriction",
            OBJECT,
            fields=(
                Field("restriction_type", STR, "none"),
                Field("locations", STRINGS),
            ),
        ),
        Field("tags", TAGS),
    ),
    edges=(Edge("logging.bucket", EdgeType.LOGS_TO, ("aws.s3.bucket",)),),
    collector=Collector(
        service="cloudfront",
        calls=(
            call("cloudfront", "ListDistributions", paginated=True),
            call("cloudfront", "GetDistribution", gone=("NoSuchDistribution",)),
            call("cloudfront", "ListTagsForResource", gone=("NoSuchResource",)),
        ),
        id_field="Id",
        arn="arn:{partition}:cloudfront::{account}:distribution/{id}",
    ),
)


KINDS = (DISTRIBUTION,)
