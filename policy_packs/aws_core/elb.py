"""Elastic Load Balancing: classic load balancers (listeners, SSL negotiation policies, access
logs, zones, draining, desync mitigation) and the application load balancers' deletion
protection and desync mitigation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason, summarize

CLASSIC = "aws.elb.load_balancer"
LOAD_BALANCER = "aws.elbv2.load_balancer"

SSL_NEGOTIATION = "SSLNegotiationPolicyType"
# What an HTTPS/SSL listener negotiates when no SSL negotiation policy is in force on it.
DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"
# Predefined classic policies that negotiate TLS 1.2 only.
TLS12_POLICIES = frozenset({"ELBSecurityPolicy-TLS-1-2-2017-01"})
# Predefined classic policies older than ELBSecurityPolicy-2016-08: they keep 3DES, RC4 or
# export-grade suites enabled.
WEAK_CIPHER_POLICIES = frozenset(
    {
        "ELBSecurityPolicy-2015-05",
        "ELBSecurityPolicy-2015-03",
        "ELBSecurityPolicy-2015-02",
        "ELBSecurityPolicy-2014-10",
        "ELBSecurityPolicy-2014-01",
        "ELBSecurityPolicy-2011-08",
        "ELBSample-ELBDefaultNegotiationPolicy",
        "ELBSample-OpenSSLDefaultNegotiationPolicy",
    }
)
OLD_PROTOCOLS = ("Protocol-SSLv2", "Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1")
# Cipher name fragments of broken or export-grade suites.
WEAK_CIPHER_FRAGMENTS = ("RC4", "DES-CBC", "NULL", "EXP-", "EXPORT", "MD5", "ADH", "AECDH")
REFERENCE = "Reference-Security-Policy"


def _listeners(lb: Resource) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    listeners = lb.get("listeners")
    if is_unknown(listeners):
        yield ("listeners",), listeners
        return
    for index, listener in enumerate(listeners if isinstance(listeners, list) else []):
        yield ("listeners", index), listener


def _tls_listeners(
    lb: Resource, unknowns: list[Verdict]
) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    """The HTTPS and SSL listeners; what cannot be told goes to ``unknowns``."""
    for path, listener in _listeners(lb):
        if is_unknown(listener):
            unknowns.append(unknown(reason(listener, "the listeners"), path))
            continue
        if not isinstance(listener, Mapping):
            continue
        protocol = listener.get("lb_protocol")
        if is_unknown(protocol):
            unknowns.append(unknown(reason(protocol, "the protocol"), (*path, "lb_protocol")))
        elif protocol in ("HTTPS", "SSL"):
            yield path, listener


def _negotiation(lb: Resource, listener: Mapping[str, Any]) -> Any:
    """The SSL negotiation in force on a listener: ``("reference", name)`` for a predefined
    policy, ``("custom", attributes)`` for a custom one, or the Unknown that hides it."""
    names = listener.get("policy_names")
    if is_unknown(names):
        return names
    policies = lb.get("policies")
    if is_unknown(policies):
        return policies
    policies = policies if isinstance(policies, Mapping) else {}
    for name in names if isinstance(names, list) else []:
        if is_unknown(name):
            return name
        policy = policies.get(name)
        if policy is None:
            if str(name).startswith(("ELBSecurityPolicy-", "ELBSample-")):
                return ("reference", name)
            continue  # not a policy of this load balancer that the sources describe
        if is_unknown(policy):
            return policy
        kind = policy.get("type") if isinstance(policy, Mapping) else None
        if is_unknown(kind):
            return kind
        if kind != SSL_NEGOTIATION:
            continue
        attributes = policy.get("attributes")
        if is_unknown(attributes):
            return attributes
        attributes = attributes if isinstance(attributes, Mapping) else {}
        reference = attributes.get(REFERENCE)
        if is_unknown(reference):
            return reference
        if isinstance(reference, str) and reference:
            return ("reference", reference)
        return ("custom", attributes)
    return ("reference", DEFAULT_POLICY)


def _enabled(attributes: Mapping[str, Any], names: Iterator[str]) -> list[str]:
    return [n for n in names if str(attributes.get(n, "")).lower() == "true"]


@rule(
    code="AWS-ELB-005",
    name="classic-elb-outdated-tls-policy",
    kind=CLASSIC,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.8"]},
    tags=["elb", "encryption-in-transit"],
)
def classic_elb_outdated_tls_policy(lb: Resource, ctx: Context) -> Iterator[Verdict]:
    """A classic load balancer's HTTPS/SSL listener negotiates protocols older than TLS 1.2.

    What it checks
        The SSL negotiation policy in force on every HTTPS and SSL listener: a predefined
        policy (``Reference-Security-Policy``) must be ``ELBSecurityPolicy-TLS-1-2-2017-01``;
        a custom policy must not enable ``Protocol-SSLv3``, ``Protocol-TLSv1`` or
        ``Protocol-TLSv1.1``. A listener without a policy negotiates with
        ``ELBSecurityPolicy-2016-08``, which keeps TLS 1.0 and 1.1.
    Why it matters
        SSLv3, TLS 1.0 and TLS 1.1 are deprecated (POODLE, BEAST, weak MACs): a client that
        can be downgraded exposes its session to anyone on the path, and compliance regimes
        (PCI DSS) forbid them.
    How to fix
        Put the TLS 1.2 predefined policy in force on the listener.

        Terraform:

        ```hcl
        resource "aws_load_balancer_policy" "tls12" {
          load_balancer_name = aws_elb.web.name
          policy_name        = "tls12"
          policy_type_name   = "SSLNegotiationPolicyType"
          policy_attribute {
            name  = "Reference-Security-Policy"
            value = "ELBSecurityPolicy-TLS-1-2-2017-01"
          }
        }

        resource "aws_load_balancer_listener_policy" "https" {
          load_balancer_name = aws_elb.web.name
          load_balancer_port = 443
          policy_names       = [aws_load_balancer_policy.tls12.policy_name]
        }
        ```

        CloudFormation:

        ```yaml
        Policies:
          - PolicyName: tls12
            PolicyType: SSLNegotiationPolicyType
            LoadBalancerPorts: ["443"]
            Attributes:
              - Name: Reference-Security-Policy
                Value: ELBSecurityPolicy-TLS-1-2-2017-01
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, listener in _tls_listeners(lb, unknowns):
        port = listener.get("lb_port")
        found = _negotiation(lb, listener)
        if is_unknown(found):
            unknowns.append(unknown(reason(found, "the SSL negotiation policy"), path))
            continue
        how, what = found
        if how == "reference" and what not in TLS12_POLICIES:
            fails.append(
                fail(f"the listener on port {port} negotiates with {what} (TLS < 1.2)", path)
            )
        elif how == "custom":
            old = _enabled(what, iter(OLD_PROTOCOLS))
            if old:
                names = ", ".join(p.removeprefix("Protocol-") for p in old)
                fails.append(fail(f"the listener on port {port} enables {names}", path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-ELB-006",
    name="classic-elb-weak-ciphers",
    kind=CLASSIC,
    severity=Severity.HIGH,
    tags=["elb", "encryption-in-transit"],
)
def classic_elb_weak_ciphers(lb: Resource, ctx: Context) -> Iterator[Verdict]:
    """A classic load balancer's HTTPS/SSL listener enables broken cipher suites.

    What it checks
        The SSL negotiation policy in force on every HTTPS and SSL listener must not enable
        RC4, DES or 3DES, NULL, export-grade, MD5 or anonymous suites (a custom policy's
        cipher attributes), nor copy a predefined policy older than
        ``ELBSecurityPolicy-2016-08`` (those keep such suites).
    Why it matters
        These suites can be broken or downgraded in practice (Sweet32, RC4 biases, FREAK,
        Logjam): whoever records the traffic can recover cookies and credentials.
    How to fix
        Use a predefined policy (``ELBSecurityPolicy-TLS-1-2-2017-01``) or remove the weak
        suites from the custom policy.

        Terraform:

        ```hcl
        resource "aws_lb_ssl_negotiation_policy" "web" {
          name          = "web-tls"
          load_balancer = aws_elb.web.id
          lb_port       = 443
          attribute {
            name  = "Reference-Security-Policy"
            value = "ELBSecurityPolicy-TLS-1-2-2017-01"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Policies:
          - PolicyName: web-tls
            PolicyType: SSLNegotiationPolicyType
            LoadBalancerPorts: ["443"]
            Attributes:
              - Name: Reference-Security-Policy
                Value: ELBSecurityPolicy-TLS-1-2-2017-01
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, listener in _tls_listeners(lb, unknowns):
        port = listener.get("lb_port")
        found = _negotiation(lb, listener)
        if is_unknown(found):
            unknowns.append(unknown(reason(found, "the SSL negotiation policy"), path))
            continue
        how, what = found
        if how == "reference" and what in WEAK_CIPHER_POLICIES:
            fails.append(
                fail(f"the listener on port {port} negotiates with {what} (weak ciphers)", path)
            )
        elif how == "custom":
            weak = sorted(
                name
                for name in _enabled(what, iter(what))
                if not name.startswith(("Protocol-", "Server-Defined"))
                and any(fragment in name.upper() for fragment in WEAK_CIPHER_FRAGMENTS)
            )
            if weak:
                fails.append(fail(f"the listener on port {port} enables {', '.join(weak)}", path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-ELB-007",
    name="classic-elb-listener-not-encrypted",
    kind=CLASSIC,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.3"]},
    tags=["elb", "encryption-in-transit"],
)
def classic_elb_listener_not_encrypted(lb: Resource, ctx: Context) -> Iterator[Verdict]:
    """A classic load balancer listens over plain HTTP or TCP.

    What it checks
        Every listener's protocol must be ``HTTPS`` or ``SSL`` (TLS termination at the load
        balancer). Classic load balancers cannot redirect HTTP to HTTPS: a plain HTTP
        listener serves the application in clear.
    Why it matters
        Requests, cookies and credentials cross the network in clear between clients and
        the load balancer, readable and alterable on the path.
    How to fix
        Terminate TLS on the listener (better: move to an application load balancer, which
        can redirect HTTP to HTTPS).

        Terraform:

        ```hcl
        listener {
          lb_port            = 443
          lb_protocol        = "https"
          instance_port      = 8080
          instance_protocol  = "http"
          ssl_certificate_id = aws_acm_certificate.web.arn
        }
        ```

        CloudFormation:

        ```yaml
        Listeners:
          - LoadBalancerPort: "443"
            Protocol: HTTPS
            InstancePort: "8080"
            InstanceProtocol: HTTP
            SSLCertificateId: !Ref Certificate
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, listener in _listeners(lb):
        if is_unknown(listener):
            unknowns.append(unknown(reason(listener, "the listeners"), path))
            continue
        if not isinstance(listener, Mapping):
            continue
        protocol = listener.get("lb_protocol")
        if is_unknown(protocol):
            unknowns.append(unknown(reason(protocol, "the protocol"), (*path, "lb_protocol")))
        elif protocol in ("HTTP", "TCP"):
            port = listener.get("lb_port")
            fails.append(fail(f"the listener on port {port} is plain {protocol}", path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-ELB-008",
    name="classic-elb-certificate-not-from-acm",
    kind=CLASSIC,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.2"]},
    tags=["elb", "encryption-in-transit"],
)
def classic_elb_certificate_not_from_acm(lb: Resource, ctx: Context) -> Iterator[Verdict]:
    """A classic load balancer's HTTPS/SSL listener serves an IAM server certificate.

    What it checks
        ``ssl_certificate_id`` of every HTTPS and SSL listener must be an ACM certificate (an
        ``arn:...:acm:`` ARN, or a reference to an ACM certificate), not an IAM server
        certificate.
    Why it matters
        IAM server certificates are uploaded by hand and expire silently; ACM renews the
        certificates it issues and tracks the expiry of imported ones, so a forgotten
        renewal does not take the site down or push users through certificate warnings.
    How to fix
        Issue (or import) the certificate in ACM and name it on the listener.

        Terraform:

        ```hcl
        listener {
          lb_port            = 443
          lb_protocol        = "https"
          instance_port      = 8080
          instance_protocol  = "http"
          ssl_certificate_id = aws_acm_certificate.web.arn
        }
        ```

        CloudFormation:

        ```yaml
        Listeners:
          - LoadBalancerPort: "443"
            Protocol: HTTPS
            InstancePort: "8080"
            SSLCertificateId: !Ref Certificate
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    certificates = ctx.reference_paths(lb, EdgeType.REFERENCES, "aws.acm.certificate")
    for path, listener in _tls_listeners(lb, unknowns):
        where = (*path, "ssl_certificate_id")
        if where in certificates:
            continue
        certificate = listener.get("ssl_certificate_id")
        if is_unknown(certificate):
            unknowns.append(unknown(reason(certificate, "the certificate"), where))
        elif isinstance(certificate, str) and ":acm:" not in certificate:
            port = listener.get("lb_port")
            fails.append(fail(f"the listener on port {port} serves an IAM certificate", where))
    yield from summarize(fails, unknowns)


def _flag(lb: Resource, name: str, what: str, message: str) -> Verdict:
    value = lb.get(name)
    if is_unknown(value):
        return unknown(reason(value, what), name)
    if value is not True:
        return fail(message, name)
    return ok()


@rule(
    code="AWS-ELB-009",
    name="classic-elb-access-logs-disabled",
    kind=CLASSIC,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.5"]},
    tags=["elb", "logging"],
)
def classic_elb_access_logs_disabled(lb: Resource, ctx: Context) -> Verdict:
    """A classic load balancer writes no access logs.

    What it checks
        ``access_logs`` must be configured and enabled (a bucket receives them).
    Why it matters
        Access logs record every request (client address, path, status, latency, TLS
        protocol and cipher): without them, an attack through the load balancer leaves no
        trace to investigate.
    How to fix
        Turn on access logging to a bucket that allows the ELB log delivery.

        Terraform:

        ```hcl
        resource "aws_elb" "web" {
          access_logs {
            bucket   = aws_s3_bucket.lb_logs.bucket
            interval = 60
          }
        }
        ```

        CloudFormation:

        ```yaml
        AccessLoggingPolicy:
          Enabled: true
          S3BucketName: !Ref LbLogs
          EmitInterval: 60
        ```
    """
    logs = lb.get("access_logs")
    if is_unknown(logs):
        return unknown(reason(logs, "the access logs"), "access_logs")
    if logs is None:
        return fail("access logging is off", "access_logs")
    return ok()


@rule(
    code="AWS-ELB-010",
    name="classic-elb-cross-zone-disabled",
    kind=CLASSIC,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.9"]},
    tags=["elb", "availability"],
)
def classic_elb_cross_zone_disabled(lb: Resource, ctx: Context) -> Verdict:
    """A classic load balancer balances only within each Availability Zone.

    What it checks
        ``cross_zone_load_balancing`` must be true. The API and CloudFormation leave it off
        unless asked (the Terraform provider and the console turn it on).
    Why it matters
        Without it, each zone's node sends its share of the traffic to that zone's instances
        only: losing instances in one zone overloads the rest of that zone while other
        zones idle, and an uneven fleet serves uneven load.
    How to fix
        Turn on cross-zone load balancing.

        Terraform:

        ```hcl
        resource "aws_elb" "web" {
          cross_zone_load_balancing = true
        }
        ```

        CloudFormation:

        ```yaml
        Web:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            CrossZone: true
        ```
    """
    return _flag(
        lb,
        "cross_zone_load_balancing",
        "cross-zone load balancing",
        "cross-zone load balancing is off",
    )


@rule(
    code="AWS-ELB-011",
    name="classic-elb-connection-draining-disabled",
    kind=CLASSIC,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.7"]},
    tags=["elb", "availability"],
)
def classic_elb_connection_draining_disabled(lb: Resource, ctx: Context) -> Verdict:
    """A classic load balancer cuts in-flight requests when an instance leaves it.

    What it checks
        ``connection_draining`` must be true (off unless asked, but in the console).
    Why it matters
        Without draining, deploying, scaling in or replacing an unhealthy instance drops
        the requests it is serving: users see errors on every deployment.
    How to fix
        Turn on connection draining.

        Terraform:

        ```hcl
        resource "aws_elb" "web" {
          connection_draining         = true
          connection_draining_timeout = 300
        }
        ```

        CloudFormation:

        ```yaml
        ConnectionDrainingPolicy:
          Enabled: true
          Timeout: 300
        ```
    """
    return _flag(lb, "connection_draining", "connection draining", "connection draining is off")


@rule(
    code="AWS-ELB-012",
    name="load-balancer-desync-mitigation-monitor",
    kind=(CLASSIC, LOAD_BALANCER),
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.12", "ELB.14"]},
    tags=["elb", "public-exposure"],
)
def load_balancer_desync_mitigation_monitor(lb: Resource, ctx: Context) -> Verdict:
    """A classic or application load balancer forwards ambiguous HTTP requests (desync
    mitigation mode ``monitor``).

    What it checks
        ``desync_mitigation_mode`` must be ``defensive`` (AWS's default) or ``strictest``.
        Network and gateway load balancers parse no HTTP and have no mode. CloudFormation
        cannot set a classic load balancer's mode: the default applies.
    Why it matters
        In ``monitor`` mode, requests whose framing the load balancer and its back ends may
        read differently are forwarded: HTTP request smuggling lets an attacker prepend
        their request to another user's, poison caches and bypass front-end controls.
    How to fix
        Keep the default mode or choose ``strictest``.

        Terraform:

        ```hcl
        resource "aws_lb" "web" {
          desync_mitigation_mode = "strictest"
        }

        resource "aws_elb" "legacy" {
          desync_mitigation_mode = "defensive"
        }
        ```

        CloudFormation (application load balancers):

        ```yaml
        LoadBalancerAttributes:
          - Key: routing.http.desync_mitigation_mode
            Value: strictest
        ```
    """
    mode = lb.get("desync_mitigation_mode")
    if is_unknown(mode):
        return unknown(reason(mode, "the desync mitigation mode"), "desync_mitigation_mode")
    if mode == "monitor":
        return fail("ambiguous requests are forwarded (monitor)", "desync_mitigation_mode")
    return ok()


@rule(
    code="AWS-ELB-013",
    name="classic-elb-single-availability-zone",
    kind=CLASSIC,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.10"]},
    tags=["elb", "availability"],
)
def classic_elb_single_availability_zone(lb: Resource, ctx: Context) -> Verdict:
    """A classic load balancer spans a single Availability Zone.

    What it checks
        The load balancer must name at least two subnets or Availability Zones.
    Why it matters
        With one zone, the failure of that zone (or of the load balancer's nodes in it)
        takes the whole application offline, whatever the instances behind it.
    How to fix
        Attach subnets in two or more zones.

        Terraform:

        ```hcl
        resource "aws_elb" "web" {
          subnets = [aws_subnet.a.id, aws_subnet.b.id]
        }
        ```

        CloudFormation:

        ```yaml
        Subnets: [!Ref SubnetA, !Ref SubnetB]
        ```
    """
    subnets, zones = lb.get("subnets"), lb.get("availability_zones")
    for name, value in (("subnets", subnets), ("availability_zones", zones)):
        if is_unknown(value):
            return unknown(reason(value, f"the {name.replace('_', ' ')}"), name)
    count = max(
        len(subnets) if isinstance(subnets, list) else 0,
        len(zones) if isinstance(zones, list) else 0,
    )
    if any(is_unknown(item) for item in [*(subnets or []), *(zones or [])]) and count < 2:
        return unknown("a subnet or zone is not known", "subnets")
    if count < 2:
        return fail(
            f"the load balancer spans {count} zone(s)",
            "subnets" if subnets else "availability_zones",
        )
    return ok()


@rule(
    code="AWS-ELB-014",
    name="alb-deletion-protection-disabled",
    kind=LOAD_BALANCER,
    severity=Severity.LOW,
    frameworks={FSBP: ["ELB.6"]},
    tags=["elb", "deletion-protection"],
)
def alb_deletion_protection_disabled(lb: Resource, ctx: Context) -> Verdict:
    """A load balancer (application, network or gateway) can be deleted without a guard.

    What it checks
        ``deletion_protection_enabled`` must be true.
    Why it matters
        A mistaken ``terraform destroy``, a stack deletion or a stray API call removes the
        load balancer and its DNS name at once: the application is offline until it is
        rebuilt and DNS catches up.
    How to fix
        Turn on deletion protection.

        Terraform:

        ```hcl
        resource "aws_lb" "web" {
          enable_deletion_protection = true
        }
        ```

        CloudFormation:

        ```yaml
        LoadBalancerAttributes:
          - Key: deletion_protection.enabled
            Value: "true"
        ```
    """
    return _flag(
        lb, "deletion_protection_enabled", "deletion protection", "deletion protection is off"
    )
