"""Every other canonical AWS kind from CloudFormation: RDS, KMS, CloudTrail, Lambda, DynamoDB,
SQS, SNS, EKS, ELBv2, ECR, Secrets Manager, CloudWatch Logs, API Gateway, CloudFront.

Each mapping is a table of (canonical name, property, default); the default is what AWS (or
CloudFormation, where its resource schema declares one) applies when the property is absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.cloudformation.core import (
    DEPLOYED,
    Chosen,
    Draft,
    View,
    convert,
    copy_fields,
    or_default,
    reorder_list,
    str_list,
)

_NAME = Chosen("CloudFormation generates the name")


def _base(kind: str, v: View, *idents: str) -> Draft:
    d = Draft(kind, v, {})
    for ident in idents:
        d.put(ident, DEPLOYED)
    return d


# -- RDS -------------------------------------------------------------------------------------


# -- KMS -------------------------------------------------------------------------------------


# -- CloudTrail ------------------------------------------------------------------------------


# -- Lambda ----------------------------------------------------------------------------------


# -- DynamoDB --------------------------------------------------------------------------------


# -- SQS / SNS -------------------------------------------------------------------------------


# -- EKS -------------------------------------------------------------------------------------


# -- ELBv2 -----------------------------------------------------------------------------------


# -- ECR -------------------------------------------------------------------------------------


# -- Secrets Manager -------------------------------------------------------------------------


# -- CloudWatch Logs -------------------------------------------------------------------------


# -- API Gateway -----------------------------------------------------------------------------


# -- CloudFront ------------------------------------------------------------------------------

_CONFIG = ("DistributionConfig",)


def distribution(v: View) -> Draft:
    d = _base("aws.cloudfront.distribution", v, "id", "arn")
    config = v.block(*_CONFIG)
    if is_unknown(config):
        for name in (
            "enabled",
            "aliases",
            "logging",
            "viewer_certificate",
            "origins",
            "default_cache_behavior",
        ):
            d.put(name, config, v, _CONFIG)
        d.put("tags", v.tags(), v, ("Tags",))
        return d
    config = config or {}
    copy_fields(
        d,
        v,
        (
            ("enabled", "Enabled", Chosen("required by AWS", bool)),
            ("aliases", "Aliases", []),
            ("default_root_object", "DefaultRootObject", None),
            ("price_class", "PriceClass", "PriceClass_All"),
            ("http_version", "HttpVersion", "http1.1"),
            ("is_ipv6_enabled", "IPV6Enabled", False),
            ("web_acl_id", "WebACLId", None),
        ),
        at=_CONFIG,
    )
    logging = config.get("Logging")
    if logging is None or is_unknown(logging):
        d.put("logging", logging, v, (*_CONFIG, "Logging"))
    else:
        d.put("logging", {}, v, (*_CONFIG, "Logging"))
        copy_fields(
            d,
            v,
            (
                ("bucket", "Bucket", None),
                ("prefix", "Prefix", ""),
                ("include_cookies", "IncludeCookies", False),
            ),
            at=(*_CONFIG, "Logging"),
            into=("logging",),
        )
    certificate = config.get("ViewerCertificate")
    cert_at: AttrPath = (*_CONFIG, "ViewerCertificate")
    if is_unknown(certificate):
        d.put("viewer_certificate", certificate, v, cert_at)
    else:
        # Without a ViewerCertificate, CloudFront serves its own *.cloudfront.net certificate.
        certificate = certificate or {"CloudFrontDefaultCertificate": True}
        d.put("viewer_certificate", {}, v, cert_at)
        copy_fields(
            d,
            v,
            (
                ("cloudfront_default_certificate", "CloudFrontDefaultCertificate", False),
                ("acm_certificate_arn", "AcmCertificateArn", None),
                ("iam_certificate_id", "IamCertificateId", None),
                ("minimum_protocol_version", "MinimumProtocolVersion", "TLSv1"),
                ("ssl_support_method", "SslSupportMethod", None),
            ),
            at=cert_at,
            into=("viewer_certificate",),
            values=certificate if isinstance(certificate, Mapping) else {},
        )
        viewer = d.attrs["viewer_certificate"]
        if viewer.get("cloudfront_default_certificate") is True:
            # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
            viewer["ssl_support_method"] = None
            viewer["minimum_protocol_version"] = "TLSv1"
    origins = v.items(*_CONFIG, "Origins")
    if is_unknown(origins):
        d.put("origins", origins, v, (*_CONFIG, "Origins"))
    else:
        d.put("origins", [])
        for index, block in enumerate(origins):
            if isinstance(block, Mapping):
                d.attrs["origins"].append(_origin(block))
                d.locate(("origins", index), v, (*_CONFIG, "Origins", index))
    behavior = config.get("DefaultCacheBehavior")
    behavior_at: AttrPath = (*_CONFIG, "DefaultCacheBehavior")
    if is_unknown(behavior):
        d.put("default_cache_behavior", behavior, v, behavior_at)
    else:
        behavior = behavior if isinstance(behavior, Mapping) else {}
        d.put("default_cache_behavior", _behavior(behavior), v, behavior_at)
        d.locate(
            ("default_cache_behavior", "viewer_protocol_policy"),
            v,
            (*behavior_at, "ViewerProtocolPolicy"),
        )
    ordered = v.items(*_CONFIG, "CacheBehaviors")
    if is_unknown(ordered):
        d.put("ordered_cache_behaviors", ordered, v, (*_CONFIG, "CacheBehaviors"))
    else:
        d.put("ordered_cache_behaviors", [])
        for index, block in enumerate(ordered):
            if not isinstance(block, Mapping):
                continue
            item = _behavior(block)
            item["path_pattern"] = block.get("PathPattern")
            d.attrs["ordered_cache_behaviors"].append(item)
            d.locate(("ordered_cache_behaviors", index), v, (*_CONFIG, "CacheBehaviors", index))
    geo_at: AttrPath = (*_CONFIG, "Restrictions", "GeoRestriction")
    geo = v.block(*geo_at)
    if is_unknown(geo):
        d.put("geo_restriction", geo, v, geo_at)
    else:
        geo = geo or {}
        d.put(
            "geo_restriction",
            {
                "restriction_type": convert(geo.get("RestrictionType"), "none"),
                "locations": str_list(geo.get("Locations")),
            },
            v,
            geo_at,
        )
    d.put("tags", v.tags(), v, ("Tags",))
    return d


def _origin(block: Mapping[str, Any]) -> dict[str, Any]:
    s3 = block.get("S3OriginConfig")
    custom = block.get("CustomOriginConfig")
    out: dict[str, Any] = {
        "id": block.get("Id"),
        "domain_name": block.get("DomainName"),
        "origin_access_control_id": or_default(block.get("OriginAccessControlId"), None),
        "origin_access_identity": or_default(s3.get("OriginAccessIdentity"), None)
        if isinstance(s3, Mapping)
        else None,
        "custom_origin": None,
    }
    if isinstance(custom, Mapping):
        out["custom_origin"] = {
            "origin_protocol_policy": custom.get("OriginProtocolPolicy"),
            "origin_ssl_protocols": convert(custom.get("OriginSSLProtocols"), ["TLSv1", "SSLv3"]),
            "http_port": convert(custom.get("HTTPPort"), 80),
            "https_port": convert(custom.get("HTTPSPort"), 443),
        }
    elif is_unknown(custom):
        out["custom_origin"] = custom
    return out


def _behavior(block: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "target_origin_id": block.get("TargetOriginId"),
        "viewer_protocol_policy": block.get("ViewerProtocolPolicy"),
        "allowed_methods": convert(block.get("AllowedMethods"), ["GET", "HEAD"]),
        "field_level_encryption_id": or_default(block.get("FieldLevelEncryptionId"), None),
    }


def _sort_origins(d: Draft) -> None:
    reorder_list(d, ("origins",), lambda item: str(item.get("id")))


PRIMARY = {
    "AWS::CloudFront::Distribution": distribution,
}
FOLDERS: dict[str, Any] = {}
FINALIZERS = {
    "aws.cloudfront.distribution": _sort_origins,
}
