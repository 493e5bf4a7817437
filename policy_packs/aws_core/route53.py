"""Route 53: public hosted zones that log their queries and sign their answers."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, is_set, reason

HOSTED_ZONE = "aws.route53.hosted_zone"


def _public(zone: Resource) -> Verdict | None:
    """None for a public zone; else the verdict (a private zone passes)."""
    private = zone.get("private")
    if is_unknown(private):
        return unknown(reason(private, "whether the zone is private"), "vpcs")
    return ok() if private is True else None


@rule(
    code="AWS-ROUTE53-001",
    name="route53-public-zone-query-logging-disabled",
    kind=HOSTED_ZONE,
    severity=Severity.LOW,
    frameworks={FSBP: ["Route53.2"]},
    tags=["route53", "logging"],
)
def route53_public_zone_query_logging_disabled(zone: Resource, ctx: Context) -> Verdict:
    """A public Route 53 hosted zone does not log the DNS queries it answers.

    What it checks
        A public zone must have a query logging configuration (``query_log_group``).
        Private zones log through Resolver query logging and are not judged.
    Why it matters
        Query logs show who resolves which names: reconnaissance of the domain, traffic to
        subdomains that should not exist any more (takeover candidates), and the timeline of
        an incident.
    How to fix
        Log the zone's queries to a log group in us-east-1.

        Terraform:

        ```hcl
        resource "aws_route53_query_log" "public" {
          zone_id                  = aws_route53_zone.public.zone_id
          cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn
        }
        ```

        CloudFormation:

        ```yaml
        Public:
          Type: AWS::Route53::HostedZone
          Properties:
            Name: example.com
            QueryLoggingConfig:
              CloudWatchLogsLogGroupArn: !GetAtt DnsLogs.Arn
        ```
    """
    verdict = _public(zone)
    if verdict is not None:
        return verdict
    group = is_set(zone, ("query_log_group",), ctx)
    if is_unknown(group):
        return unknown(reason(group, "the query log group"), "query_log_group")
    if group is False:
        return fail("the public zone logs no DNS queries", "query_log_group")
    return ok()


@rule(
    code="AWS-ROUTE53-002",
    name="route53-public-zone-dnssec-disabled",
    kind=HOSTED_ZONE,
    severity=Severity.LOW,
    tags=["route53", "integrity"],
)
def route53_public_zone_dnssec_disabled(zone: Resource, ctx: Context) -> Verdict:
    """A public Route 53 hosted zone does not sign its answers with DNSSEC.

    What it checks
        A public zone must have DNSSEC signing on (``dnssec_signing``: an
        ``aws_route53_hosted_zone_dnssec`` or ``AWS::Route53::DNSSEC`` resource for it).
    Why it matters
        Without signatures, validating resolvers cannot tell a forged answer from the real
        one: cache poisoning and on-path spoofing send users and mail to the attacker.
    How to fix
        Create a key-signing key (an asymmetric KMS key in us-east-1), turn signing on and
        publish the DS record in the parent zone.

        Terraform:

        ```hcl
        resource "aws_route53_hosted_zone_dnssec" "public" {
          hosted_zone_id = aws_route53_key_signing_key.public.hosted_zone_id
        }
        ```

        CloudFormation:

        ```yaml
        PublicDnssec:
          Type: AWS::Route53::DNSSEC
          Properties:
            HostedZoneId: !Ref Public
        ```
    """
    verdict = _public(zone)
    if verdict is not None:
        return verdict
    signing = zone.get("dnssec_signing")
    if is_unknown(signing):
        return unknown(reason(signing, "the DNSSEC signing status"), "dnssec_signing")
    if signing is not True:
        return fail("the public zone's answers are not signed (DNSSEC)", "dnssec_signing")
    return ok()
