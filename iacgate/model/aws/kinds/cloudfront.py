"""CloudFront (global): distributions."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    OBJECT,
    OPT_OBJECT,
    OPT_STR,
    REQUIRED,
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
        Field("id", STR, description="Physical id.", terraform="id", default=ASSIGNED),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field(
            "enabled",
            BOOL,
            terraform="enabled",
            cloudformation="DistributionConfig.Enabled",
            default=REQUIRED,
        ),
        Field(
            "aliases", STRINGS, [], terraform="aliases", cloudformation="DistributionConfig.Aliases"
        ),
        Field(
            "default_root_object",
            OPT_STR,
            terraform="default_root_object",
            cloudformation="DistributionConfig.DefaultRootObject",
        ),
        Field(
            "price_class",
            STR,
            "PriceClass_All",
            terraform="price_class",
            cloudformation="DistributionConfig.PriceClass",
        ),
        Field(
            "http_version",
            STR,
            "http2",
            terraform="http_version",
            cloudformation="DistributionConfig.HttpVersion",
            defaults={CLOUDFORMATION: "http1.1"},
        ),
        Field(
            "is_ipv6_enabled",
            BOOL,
            False,
            terraform="is_ipv6_enabled",
            cloudformation="DistributionConfig.IPV6Enabled",
        ),
        Field(
            "web_acl_id",
            OPT_STR,
            terraform="web_acl_id",
            cloudformation="DistributionConfig.WebACLId",
        ),
        Field(
            "logging",
            OPT_OBJECT,
            fields=(
                Field("bucket", OPT_STR, terraform="bucket", cloudformation="Bucket"),
                Field("prefix", STR, "", terraform="prefix", cloudformation="Prefix"),
                Field(
                    "include_cookies",
                    BOOL,
                    False,
                    terraform="include_cookies",
                    cloudformation="IncludeCookies",
                ),
            ),
            terraform="logging_config",
            cloudformation="DistributionConfig.Logging",
            absent=None,
        ),
        Field(
            "viewer_certificate",
            OBJECT,
            fields=(
                Field(
                    "cloudfront_default_certificate",
                    BOOL,
                    False,
                    terraform="cloudfront_default_certificate",
                    cloudformation="CloudFrontDefaultCertificate",
                ),
                Field(
                    "acm_certificate_arn",
                    OPT_STR,
                    terraform="acm_certificate_arn",
                    cloudformation="AcmCertificateArn",
                ),
                Field(
                    "iam_certificate_id",
                    OPT_STR,
                    terraform="iam_certificate_id",
                    cloudformation="IamCertificateId",
                ),
                Field(
                    "minimum_protocol_version",
                    STR,
                    "TLSv1",
                    terraform="minimum_protocol_version",
                    cloudformation="MinimumProtocolVersion",
                ),
                Field(
                    "ssl_support_method",
                    OPT_STR,
                    terraform="ssl_support_method",
                    cloudformation="SslSupportMethod",
                ),
            ),
            terraform="viewer_certificate",
            cloudformation="DistributionConfig.ViewerCertificate",
        ),
        Field(
            "origins",
            items(OBJECT),
            description="Sorted by id.",
            key=("id",),
            fields=(
                Field("id", STR, terraform="origin_id", cloudformation="Id"),
                Field("domain_name", STR, terraform="domain_name", cloudformation="DomainName"),
                Field(
                    "origin_access_control_id",
                    OPT_STR,
                    terraform="origin_access_control_id",
                    cloudformation="OriginAccessControlId",
                ),
                Field(
                    "origin_access_identity",
                    OPT_STR,
                    terraform="s3_origin_config.0.origin_access_identity",
                    cloudformation="S3OriginConfig.OriginAccessIdentity",
                ),
                Field(
                    "custom_origin",
                    OPT_OBJECT,
                    fields=(
                        Field(
                            "origin_protocol_policy",
                            STR,
                            terraform="origin_protocol_policy",
                            cloudformation="OriginProtocolPolicy",
                        ),
                        Field(
                            "origin_ssl_protocols",
                            STRINGS,
                            terraform="origin_ssl_protocols",
                            cloudformation="OriginSSLProtocols",
                            default=[],
                            defaults={CLOUDFORMATION: ["TLSv1", "SSLv3"]},
                        ),
                        Field(
                            "http_port", INT, 80, terraform="http_port", cloudformation="HTTPPort"
                        ),
                        Field(
                            "https_port",
                            INT,
                            443,
                            terraform="https_port",
                            cloudformation="HTTPSPort",
                        ),
                    ),
                    terraform="custom_origin_config",
                    cloudformation="CustomOriginConfig",
                    absent=None,
                ),
            ),
            terraform="origin",
            cloudformation="DistributionConfig.Origins",
        ),
        Field(
            "default_cache_behavior",
            OBJECT,
            fields=(
                Field(
                    "target_origin_id",
                    STR,
                    terraform="target_origin_id",
                    cloudformation="TargetOriginId",
                ),
                Field(
                    "viewer_protocol_policy",
                    enum("allow-all", "https-only", "redirect-to-https"),
                    terraform="viewer_protocol_policy",
                    cloudformation="ViewerProtocolPolicy",
                ),
                Field(
                    "allowed_methods",
                    STRINGS,
                    terraform="allowed_methods",
                    cloudformation="AllowedMethods",
                    default=[],
                    defaults={CLOUDFORMATION: ["GET", "HEAD"]},
                ),
                Field(
                    "field_level_encryption_id",
                    OPT_STR,
                    terraform="field_level_encryption_id",
                    cloudformation="FieldLevelEncryptionId",
                ),
            ),
            terraform="default_cache_behavior",
            cloudformation="DistributionConfig.DefaultCacheBehavior",
        ),
        Field(
            "ordered_cache_behaviors",
            items(OBJECT),
            key=("path_pattern",),
            fields=(
                Field("path_pattern", STR, terraform="path_pattern", cloudformation="PathPattern"),
                Field(
                    "target_origin_id",
                    STR,
                    terraform="target_origin_id",
                    cloudformation="TargetOriginId",
                ),
                Field(
                    "viewer_protocol_policy",
                    STR,
                    terraform="viewer_protocol_policy",
                    cloudformation="ViewerProtocolPolicy",
                ),
                Field(
                    "allowed_methods",
                    STRINGS,
                    terraform="allowed_methods",
                    cloudformation="AllowedMethods",
                    default=[],
                    defaults={CLOUDFORMATION: ["GET", "HEAD"]},
                ),
                Field(
                    "field_level_encryption_id",
                    OPT_STR,
                    terraform="field_level_encryption_id",
                    cloudformation="FieldLevelEncryptionId",
                ),
            ),
            terraform="ordered_cache_behavior",
            cloudformation="DistributionConfig.CacheBehaviors",
        ),
        Field(
            "geo_restriction",
            OBJECT,
            fields=(
                Field(
                    "restriction_type",
                    STR,
                    "none",
                    terraform="restriction_type",
                    cloudformation="RestrictionType",
                ),
                Field(
                    "locations",
                    STRINGS,
                    terraform="locations",
                    cloudformation="Locations",
                    default=[],
                ),
            ),
            terraform="restrictions.0.geo_restriction",
            cloudformation="DistributionConfig.Restrictions.GeoRestriction",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags"),
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
