"""CloudFront: a web ACL in front of the distribution, its certificate, its S3 origins' access
control and its default root object."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, is_set, reason, summarize

DISTRIBUTION = "aws.cloudfront.distribution"


@rule(
    code="AWS-CLOUDFRONT-005",
    name="cloudfront-without-default-root-object",
    kind=DISTRIBUTION,
    severity=Severity.LOW,
    frameworks={FSBP: ["CloudFront.1"]},
    tags=["cloudfront", "public-exposure"],
)
def cloudfront_without_default_root_object(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution has no default root object.

    What it checks
        ``default_root_object`` must name an object (``index.html``).
    Why it matters
        A request for the distribution's root (``https://d123.cloudfront.net/``) is passed
        to the origin as it is: an S3 origin that allows listing answers with the listing of
        the bucket, and a custom origin answers whatever its root serves.
    How to fix
        Name the object served for the root URL.

        Terraform:

        ```hcl
        resource "aws_cloudfront_distribution" "site" {
          default_root_object = "index.html"
        }
        ```

        CloudFormation:

        ```yaml
        DistributionConfig:
          DefaultRootObject: index.html
        ```
    """
    answer = is_set(distribution, ("default_root_object",), ctx)
    if is_unknown(answer):
        return unknown(reason(answer, "the default root object"), "default_root_object")
    if answer is False:
        return fail("no default root object", "default_root_object")
    return ok()


@rule(
    code="AWS-CLOUDFRONT-006",
    name="cloudfront-without-waf",
    kind=DISTRIBUTION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CloudFront.6"]},
    tags=["cloudfront", "waf", "public-exposure"],
)
def cloudfront_without_waf(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution has no AWS WAF web ACL.

    What it checks
        ``web_acl_id`` must name a web ACL (a WAFv2 web ACL's ARN, or a WAF Classic web
        ACL's id). A reference to a web ACL known only after apply is set.
    Why it matters
        The distribution is the public entrance of the application: without a web ACL,
        injection payloads, known bad inputs, bots and request floods reach the origin
        unfiltered, and nothing rate-limits an abusive client.
    How to fix
        Associate a web ACL of scope ``CLOUDFRONT`` (created in us-east-1).

        Terraform:

        ```hcl
        resource "aws_cloudfront_distribution" "site" {
          web_acl_id = aws_wafv2_web_acl.edge.arn
        }
        ```

        CloudFormation:

        ```yaml
        DistributionConfig:
          WebACLId: !GetAtt EdgeAcl.Arn
        ```
    """
    answer = is_set(distribution, ("web_acl_id",), ctx)
    if is_unknown(answer):
        return unknown(reason(answer, "the web ACL"), "web_acl_id")
    if answer is False:
        return fail("no web ACL filters the distribution's requests", "web_acl_id")
    return ok()


@rule(
    code="AWS-CLOUDFRONT-007",
    name="cloudfront-default-certificate",
    kind=DISTRIBUTION,
    severity=Severity.LOW,
    frameworks={FSBP: ["CloudFront.7"]},
    tags=["cloudfront", "encryption-in-transit"],
)
def cloudfront_default_certificate(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution serves HTTPS with the shared ``*.cloudfront.net`` certificate.

    What it checks
        ``viewer_certificate.cloudfront_default_certificate`` must be false: the distribution
        serves its own (ACM or IAM) certificate for its own domain names.
    Why it matters
        With the shared certificate, viewers reach the application under a
        ``*.cloudfront.net`` name, whose certificate proves nothing about its owner; the
        minimum TLS version cannot be raised above TLSv1 for it (AWS-CLOUDFRONT-002), and
        links to the random name cannot be moved when the distribution changes.
    How to fix
        Serve a certificate for the distribution's aliases.

        Terraform:

        ```hcl
        viewer_certificate {
          acm_certificate_arn      = aws_acm_certificate.site.arn
          ssl_support_method       = "sni-only"
          minimum_protocol_version = "TLSv1.2_2021"
        }
        ```

        CloudFormation:

        ```yaml
        ViewerCertificate:
          AcmCertificateArn: !Ref Certificate
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
        ```
    """
    path = ("viewer_certificate", "cloudfront_default_certificate")
    default = distribution.get(path)
    if is_unknown(default):
        return unknown(reason(default, "the certificate"), path)
    if default is True:
        return fail("the distribution serves the shared *.cloudfront.net certificate", path)
    return ok()


@rule(
    code="AWS-CLOUDFRONT-008",
    name="cloudfront-dedicated-ip-ssl",
    kind=DISTRIBUTION,
    severity=Severity.LOW,
    frameworks={FSBP: ["CloudFront.8"]},
    tags=["cloudfront", "encryption-in-transit"],
)
def cloudfront_dedicated_ip_ssl(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution serves its certificate from dedicated IP addresses.

    What it checks
        ``viewer_certificate.ssl_support_method`` must not be ``vip`` (``sni-only`` or
        ``static-ip`` for the legacy clients that lack SNI).
    Why it matters
        Dedicated-IP SSL exists for clients that do not send SNI, which are also the clients
        without modern TLS; it costs a monthly fee per distribution, and AWS recommends SNI
        for every current browser and client.
    How to fix
        Serve the certificate with SNI.

        Terraform:

        ```hcl
        viewer_certificate {
          acm_certificate_arn = aws_acm_certificate.site.arn
          ssl_support_method  = "sni-only"
        }
        ```

        CloudFormation:

        ```yaml
        ViewerCertificate:
          AcmCertificateArn: !Ref Certificate
          SslSupportMethod: sni-only
        ```
    """
    path = ("viewer_certificate", "ssl_support_method")
    method = distribution.get(path)
    if is_unknown(method):
        return unknown(reason(method, "the SSL support method"), path)
    if method == "vip":
        return fail("the certificate is served from dedicated IP addresses (vip)", path)
    return ok()


def _s3_origin(origin: Mapping[str, Any]) -> Any:
    """True for an S3 REST origin (a bucket endpoint reached without a custom origin
    configuration); a website endpoint is a custom origin and has no access control."""
    custom = origin.get("custom_origin")
    if is_unknown(custom):
        return custom
    if custom is not None:
        return False
    domain = origin.get("domain_name")
    if is_unknown(domain):
        return domain
    if not isinstance(domain, str) or "s3-website" in domain:
        return False
    return ".s3." in domain or ".s3-" in domain


@rule(
    code="AWS-CLOUDFRONT-009",
    name="cloudfront-s3-origin-without-origin-access-control",
    kind=DISTRIBUTION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CloudFront.13"]},
    tags=["cloudfront", "s3", "public-exposure"],
)
def cloudfront_s3_origin_without_oac(distribution: Resource, ctx: Context) -> Iterator[Verdict]:
    """A CloudFront distribution reads an S3 origin without origin access control.

    What it checks
        Every S3 (REST endpoint) origin must name an origin access control
        (``origin_access_control_id``). An origin access identity (the legacy mechanism)
        does not count: it cannot sign requests to buckets encrypted with KMS, to buckets of
        the newer regions, or writes.
    Why it matters
        Without origin access control the bucket must be readable by anyone for the
        distribution to serve it, and visitors can read the bucket directly, around the
        distribution's WAF, geo restriction, signed URLs and logging.
    How to fix
        Create an origin access control and name it on the origin; allow the
        ``cloudfront.amazonaws.com`` service principal (with ``AWS:SourceArn`` the
        distribution) in the bucket policy.

        Terraform:

        ```hcl
        origin {
          domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
          origin_id                = "site"
          origin_access_control_id = aws_cloudfront_origin_access_control.site.id
        }
        ```

        CloudFormation:

        ```yaml
        Origins:
          - Id: site
            DomainName: !GetAtt Site.RegionalDomainName
            OriginAccessControlId: !GetAtt SiteOac.Id
            S3OriginConfig:
              OriginAccessIdentity: ""
        ```
    """
    origins = distribution.get("origins")
    if is_unknown(origins):
        yield unknown(reason(origins, "the origins"), "origins")
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, origin in enumerate(origins if isinstance(origins, list) else []):
        if not isinstance(origin, Mapping):
            continue
        path = ("origins", index)
        s3 = _s3_origin(origin)
        if is_unknown(s3):
            unknowns.append(unknown(reason(s3, "the origin's kind"), path))
            continue
        if s3 is not True:
            continue
        answer = is_set(distribution, (*path, "origin_access_control_id"), ctx)
        label = origin.get("id")
        label = repr(label) if isinstance(label, str) else f"#{index}"
        if is_unknown(answer):
            unknowns.append(unknown(reason(answer, "the origin access control"), (*path, "id")))
        elif answer is False:
            fails.append(fail(f"S3 origin {label} has no origin access control", (*path, "id")))
    yield from summarize(fails, unknowns)
