"""Edge: load balancer listeners and attributes, CloudFront distributions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, chosen_by_aws, reason, summarize, tri_any

LISTENER = "aws.elbv2.listener"
LOAD_BALANCER = "aws.elbv2.load_balancer"
DISTRIBUTION = "aws.cloudfront.distribution"


def _redirects_everything(listener: Resource) -> Any:
    """Some default action of the listener redirects every request to HTTPS."""
    actions = listener.get("default_actions")
    if not isinstance(actions, list):
        return actions if is_unknown(actions) else False
    return tri_any(_redirects_to_https(a) for a in actions if isinstance(a, Mapping))


def _redirects_to_https(action: Mapping[str, Any]) -> Any:
    kind = action.get("type")
    if is_unknown(kind):
        return kind
    if kind != "redirect":
        return False
    redirect = action.get("redirect")
    if is_unknown(redirect):
        return redirect
    protocol = redirect.get("protocol") if isinstance(redirect, Mapping) else None
    if is_unknown(protocol):
        return protocol
    return protocol == "HTTPS"


@rule(
    code="AWS-ELB-001",
    name="alb-http-listener-without-https-redirect",
    kind=LISTENER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.1"]},
    tags=["elb", "encryption-in-transit"],
)
def http_listener_without_redirect(listener: Resource, ctx: Context) -> Verdict:
    """A load balancer listener serves plain HTTP instead of redirecting to HTTPS.

    What it checks
        A listener with protocol ``HTTP`` must have a default action that redirects to
        ``HTTPS`` (other actions, such as forwarding to a target group or a fixed response,
        serve the request in clear).
    Why it matters
        Requests, cookies and credentials cross the internet in clear text, and can be read
        or altered by anyone on the path; users who type the bare domain never get HTTPS.
    How to fix
        Redirect HTTP to HTTPS and serve the application from an HTTPS listener.

        Terraform:

        ```hcl
        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.web.arn
          port              = 80
          protocol          = "HTTP"
          default_action {
            type = "redirect"
            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        HttpListener:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Web
            Port: 80
            Protocol: HTTP
            DefaultActions:
              - Type: redirect
                RedirectConfig:
                  Protocol: HTTPS
                  Port: "443"
                  StatusCode: HTTP_301
        ```
    """
    protocol = listener.get("protocol")
    if is_unknown(protocol) and _redirects_everything(listener) is True:
        return ok()  # whatever the protocol, the listener only redirects to HTTPS
    if is_unknown(protocol):
        return unknown(reason(protocol, "the listener protocol"), "protocol")
    if protocol != "HTTP":
        return ok()
    actions = listener.get("default_actions")
    if is_unknown(actions):
        return unknown(reason(actions, "the default actions"), "default_actions")
    pending: Verdict | None = None
    for index, action in enumerate(actions if isinstance(actions, list) else []):
        if not isinstance(action, Mapping):
            continue
        answer = _redirects_to_https(action)
        if answer is True:
            return ok()
        if is_unknown(answer) and pending is None:
            pending = unknown(reason(answer, "the default action"), ("default_actions", index))
    if pending is not None:
        return pending
    return fail("the HTTP listener serves requests instead of redirecting to HTTPS", "protocol")


DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
# Predefined policies that only negotiate TLS 1.2 or newer (the FIPS and post-quantum
# variants keep these fragments in their names).
MODERN_POLICY_FRAGMENTS = ("TLS-1-2", "TLS13-1-2", "TLS13-1-3", "FS-1-2")


def _modern(policy: str) -> bool:
    return any(fragment in policy for fragment in MODERN_POLICY_FRAGMENTS)


@rule(
    code="AWS-ELB-002",
    name="elb-listener-outdated-tls-policy",
    kind=LISTENER,
    severity=Severity.MEDIUM,
    tags=["elb", "encryption-in-transit"],
)
def listener_outdated_tls_policy(listener: Resource, ctx: Context) -> Verdict:
    """An HTTPS or TLS listener still accepts TLS 1.0 or 1.1.

    What it checks
        The ``ssl_policy`` of ``HTTPS`` and ``TLS`` listeners must be a predefined policy
        that negotiates TLS 1.2 or newer only (``ELBSecurityPolicy-TLS13-1-2-2021-06`` and
        the other ``TLS-1-2``/``TLS13``/``FS-1-2`` policies). Unset, AWS applies
        ``ELBSecurityPolicy-2016-08``, which accepts TLS 1.0.
    Why it matters
        TLS 1.0 and 1.1 are deprecated (RFC 8996) and lack modern cipher suites; clients that
        can be downgraded to them lose the confidentiality HTTPS promises.
    How to fix
        Use a TLS 1.2+ policy.

        Terraform:

        ```hcl
        resource "aws_lb_listener" "https" {
          load_balancer_arn = aws_lb.web.arn
          port              = 443
          protocol          = "HTTPS"
          ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
          certificate_arn   = aws_acm_certificate.web.arn
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.web.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        HttpsListener:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Web
            Port: 443
            Protocol: HTTPS
            SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
            Certificates: [{CertificateArn: !Ref Certificate}]
            DefaultActions: [{Type: forward, TargetGroupArn: !Ref Targets}]
        ```
    """
    protocol = listener.get("protocol")
    if is_unknown(protocol):
        # A modern policy passes whatever the protocol; anything else depends on it.
        known = listener.get("ssl_policy")
        if isinstance(known, str) and _modern(known):
            return ok()
        return unknown(reason(protocol, "the listener protocol"), "protocol")
    if protocol not in ("HTTPS", "TLS"):
        return ok()
    policy = listener.get("ssl_policy")
    if chosen_by_aws(policy) or policy is None:
        return fail(f"no ssl_policy: AWS applies {DEFAULT_SSL_POLICY}, which accepts TLS 1.0")
    if is_unknown(policy):
        return unknown(reason(policy, "the SSL policy"), "ssl_policy")
    if isinstance(policy, str) and _modern(policy):
        return ok()
    return fail(f"{policy} accepts TLS versions older than 1.2", "ssl_policy")


def _application(lb: Resource) -> Any:
    kind = lb.get("load_balancer_type")
    if is_unknown(kind):
        return kind
    return kind == "application"


@rule(
    code="AWS-ELB-003",
    name="alb-access-logs-disabled",
    kind=LOAD_BALANCER,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.5"]},
    tags=["elb", "logging"],
)
def alb_access_logs_disabled(lb: Resource, ctx: Context) -> Verdict:
    """An application load balancer writes no access logs.

    What it checks
        ``access_logs.enabled`` of application load balancers must be true.
    Why it matters
        Access logs record every request with its client address, path, status and TLS
        details: the evidence for investigating attacks on the application, which the
        application's own logs often miss (rejected or malformed requests).
    How to fix
        Write access logs to an S3 bucket whose policy lets the regional ELB account write.

        Terraform:

        ```hcl
        resource "aws_lb" "web" {
          name               = "web"
          load_balancer_type = "application"
          subnets            = aws_subnet.public[*].id
          access_logs {
            bucket  = aws_s3_bucket.lb_logs.id
            enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Web:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties:
            Subnets: [!Ref PublicA, !Ref PublicB]
            LoadBalancerAttributes:
              - Key: access_logs.s3.enabled
                Value: "true"
              - Key: access_logs.s3.bucket
                Value: !Ref LbLogs
        ```
    """
    if lb.get(("access_logs", "enabled")) is True:
        return ok()  # logging on: the load balancer's type does not matter
    application = _application(lb)
    if is_unknown(application):
        return unknown(reason(application, "the load balancer type"), "load_balancer_type")
    if application is not True:
        return ok()
    enabled = lb.get(("access_logs", "enabled"))
    if is_unknown(enabled):
        return unknown(reason(enabled, "access logging"), ("access_logs", "enabled"))
    return ok() if enabled is True else fail("access logs are off", ("access_logs", "enabled"))


@rule(
    code="AWS-ELB-004",
    name="alb-invalid-headers-not-dropped",
    kind=LOAD_BALANCER,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.4"]},
    tags=["elb", "http-desync"],
)
def alb_invalid_headers_not_dropped(lb: Resource, ctx: Context) -> Verdict:
    """An application load balancer forwards HTTP headers that are not valid.

    What it checks
        ``drop_invalid_header_fields`` of application load balancers must be true (it is
        off by default).
    Why it matters
        Malformed headers are how request smuggling and HTTP desync attacks slip requests
        past the load balancer to targets that parse them differently.
    How to fix
        Drop invalid header fields.

        Terraform:

        ```hcl
        resource "aws_lb" "web" {
          name                       = "web"
          load_balancer_type         = "application"
          subnets                    = aws_subnet.public[*].id
          drop_invalid_header_fields = true
        }
        ```

        CloudFormation:

        ```yaml
        Web:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties:
            Subnets: [!Ref PublicA, !Ref PublicB]
            LoadBalancerAttributes:
              - Key: routing.http.drop_invalid_header_fields.enabled
                Value: "true"
        ```
    """
    if lb.get("drop_invalid_header_fields") is True:
        return ok()  # dropped: the load balancer's type does not matter
    application = _application(lb)
    if is_unknown(application):
        return unknown(reason(application, "the load balancer type"), "load_balancer_type")
    if application is not True:
        return ok()
    value = lb.get("drop_invalid_header_fields")
    if is_unknown(value):
        return unknown(reason(value, "drop_invalid_header_fields"), "drop_invalid_header_fields")
    if value is True:
        return ok()
    return fail("invalid header fields are forwarded", "drop_invalid_header_fields")


def _behaviors(distribution: Resource) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield ("default_cache_behavior",), distribution.get("default_cache_behavior")
    ordered = distribution.get("ordered_cache_behaviors")
    if is_unknown(ordered):
        yield ("ordered_cache_behaviors",), ordered
    elif isinstance(ordered, list):
        for index, behavior in enumerate(ordered):
            yield ("ordered_cache_behaviors", index), behavior


@rule(
    code="AWS-CLOUDFRONT-001",
    name="cloudfront-viewer-http-allowed",
    kind=DISTRIBUTION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CloudFront.3"]},
    tags=["cloudfront", "encryption-in-transit"],
)
def viewer_http_allowed(distribution: Resource, ctx: Context) -> Iterator[Verdict]:
    """A CloudFront cache behavior serves viewers over plain HTTP.

    What it checks
        ``viewer_protocol_policy`` of the default and every ordered cache behavior must be
        ``redirect-to-https`` or ``https-only`` (not ``allow-all``).
    Why it matters
        With ``allow-all``, pages, cookies and tokens travel in clear between viewers and the
        edge, where any network on the path can read or rewrite them.
    How to fix
        Redirect viewers to HTTPS.

        Terraform:

        ```hcl
        default_cache_behavior {
          target_origin_id       = "site"
          viewer_protocol_policy = "redirect-to-https"
          allowed_methods        = ["GET", "HEAD"]
          cached_methods         = ["GET", "HEAD"]
          cache_policy_id        = data.aws_cloudfront_cache_policy.optimized.id
        }
        ```

        CloudFormation:

        ```yaml
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, behavior in _behaviors(distribution):
        if is_unknown(behavior):
            unknowns.append(unknown(reason(behavior, "a cache behavior"), path))
            continue
        if not isinstance(behavior, Mapping):
            continue
        policy = behavior.get("viewer_protocol_policy")
        where = (*path, "viewer_protocol_policy")
        if is_unknown(policy):
            unknowns.append(unknown(reason(policy, "the viewer protocol policy"), where))
        elif policy == "allow-all":
            fails.append(fail("viewers may use plain HTTP (allow-all)", where))
    yield from summarize(fails, unknowns)


MODERN_VIEWER_TLS = ("TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.3_2025")


@rule(
    code="AWS-CLOUDFRONT-002",
    name="cloudfront-outdated-viewer-tls",
    kind=DISTRIBUTION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CloudFront.15"]},
    tags=["cloudfront", "encryption-in-transit"],
)
def outdated_viewer_tls(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution with its own certificate accepts TLS older than 1.2.

    What it checks
        With a custom certificate (ACM or IAM), ``minimum_protocol_version`` must be a
        ``TLSv1.2_*`` or newer policy (``TLSv1.2_2021`` is recommended). Distributions on the
        default ``*.cloudfront.net`` certificate cannot choose and are not judged here.
    Why it matters
        ``SSLv3``, ``TLSv1``, ``TLSv1_2016`` and ``TLSv1.1_2016`` keep deprecated protocols
        and weak ciphers available to anyone who can downgrade a viewer's connection.
    How to fix
        Raise the minimum protocol version.

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
    default = distribution.get(("viewer_certificate", "cloudfront_default_certificate"))
    if is_unknown(default):
        # A modern minimum passes with either certificate.
        if (
            distribution.get(("viewer_certificate", "minimum_protocol_version"))
            in MODERN_VIEWER_TLS
        ):
            return ok()
        return unknown(reason(default, "the certificate"), "viewer_certificate")
    if default is True:
        return ok()
    version = distribution.get(("viewer_certificate", "minimum_protocol_version"))
    path = ("viewer_certificate", "minimum_protocol_version")
    if is_unknown(version):
        return unknown(reason(version, "minimum_protocol_version"), path)
    if version in MODERN_VIEWER_TLS:
        return ok()
    return fail(f"viewers may connect with {version}, older than TLS 1.2", path)


@rule(
    code="AWS-CLOUDFRONT-003",
    name="cloudfront-origin-http",
    kind=DISTRIBUTION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CloudFront.9", "CloudFront.10"]},
    tags=["cloudfront", "encryption-in-transit"],
)
def origin_http(distribution: Resource, ctx: Context) -> Iterator[Verdict]:
    """A CloudFront distribution talks to a custom origin over HTTP or with SSLv3.

    What it checks
        For every custom origin: ``origin_protocol_policy`` must not be ``http-only`` (nor
        ``match-viewer`` while a cache behavior allows HTTP viewers), and, unless the origin
        is reached over HTTP only (then the protocols are never used), ``origin_ssl_protocols``
        must not include ``SSLv3`` (CloudFormation's default list does).
    Why it matters
        HTTPS at the edge means little if CloudFront forwards the request in clear across the
        internet to the origin: the second half of the path is readable and writable by
        anyone on it.
    How to fix
        Use HTTPS to the origin with TLS 1.2.

        Terraform:

        ```hcl
        origin {
          domain_name = "api.example.com"
          origin_id   = "api"
          custom_origin_config {
            http_port              = 80
            https_port             = 443
            origin_protocol_policy = "https-only"
            origin_ssl_protocols   = ["TLSv1.2"]
          }
        }
        ```

        CloudFormation:

        ```yaml
        Origins:
          - Id: api
            DomainName: api.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        ```
    """
    origins = distribution.get("origins")
    if is_unknown(origins):
        yield unknown(reason(origins, "the origins"), "origins")
        return
    viewer_http = any(
        isinstance(b, Mapping) and b.get("viewer_protocol_policy") == "allow-all"
        for _, b in _behaviors(distribution)
    )
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, origin in enumerate(origins if isinstance(origins, list) else []):
        custom = origin.get("custom_origin") if isinstance(origin, Mapping) else None
        if custom is None:
            continue
        path = ("origins", index, "custom_origin")
        if is_unknown(custom):
            unknowns.append(unknown(reason(custom, "a custom origin"), path))
            continue
        label = origin.get("id")
        label = repr(label) if isinstance(label, str) else f"#{index}"
        policy = custom.get("origin_protocol_policy")
        if is_unknown(policy):
            unknowns.append(
                unknown(reason(policy, "the origin protocol"), (*path, "origin_protocol_policy"))
            )
        elif policy == "http-only" or (policy == "match-viewer" and viewer_http):
            fails.append(
                fail(
                    f"origin {label} is reached over HTTP ({policy})",
                    (*path, "origin_protocol_policy"),
                )
            )
        protocols = custom.get("origin_ssl_protocols")
        if policy != "http-only" and isinstance(protocols, list) and "SSLv3" in protocols:
            fails.append(fail(f"origin {label} allows SSLv3", (*path, "origin_ssl_protocols")))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-CLOUDFRONT-004",
    name="cloudfront-logging-disabled",
    kind=DISTRIBUTION,
    severity=Severity.LOW,
    frameworks={FSBP: ["CloudFront.5"]},
    tags=["cloudfront", "logging"],
)
def cloudfront_logging_disabled(distribution: Resource, ctx: Context) -> Verdict:
    """A CloudFront distribution writes no standard (access) logs.

    What it checks
        ``logging`` must name a bucket (standard logging v1; v2 log deliveries configured
        elsewhere are not in the canonical model).
    Why it matters
        Edge logs record every viewer request, including the ones the origin never sees
        because they were answered from the cache or blocked: the record of scraping,
        credential stuffing and data exposure through the CDN.
    How to fix
        Turn on standard logging to a log bucket.

        Terraform:

        ```hcl
        logging_config {
          bucket = aws_s3_bucket.cdn_logs.bucket_domain_name
          prefix = "site/"
        }
        ```

        CloudFormation:

        ```yaml
        Logging:
          Bucket: !GetAtt CdnLogs.DomainName
          Prefix: site/
        ```
    """
    logging = distribution.get("logging")
    if is_unknown(logging):
        return unknown(reason(logging, "the logging configuration"), "logging")
    if logging is None:
        return fail("standard logging is off", "logging")
    return ok()
