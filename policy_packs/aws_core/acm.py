"""Certificate Manager: transparency logging, key strength, renewable validation, wildcard
names."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, reason

CERTIFICATE = "aws.acm.certificate"
WEAK_KEYS = frozenset({"RSA_1024"})


@rule(
    code="AWS-ACM-001",
    name="acm-certificate-transparency-logging-disabled",
    kind=CERTIFICATE,
    severity=Severity.LOW,
    tags=["acm", "encryption-in-transit"],
)
def acm_certificate_transparency_logging_disabled(cert: Resource, ctx: Context) -> Verdict:
    """An ACM certificate opts out of certificate transparency logging.

    What it checks
        ``transparency_logging`` must be ``ENABLED`` (the default).
    Why it matters
        Browsers distrust publicly trusted certificates that are not in public transparency
        logs, and the logs are how a domain owner notices a certificate issued for their
        names by mistake or by an attacker. Opting out is only meant for private names.
    How to fix
        Leave transparency logging on.

        Terraform:

        ```hcl
        resource "aws_acm_certificate" "site" {
          domain_name       = "www.example.com"
          validation_method = "DNS"
          options {
            certificate_transparency_logging_preference = "ENABLED"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Site:
          Type: AWS::CertificateManager::Certificate
          Properties:
            DomainName: www.example.com
            ValidationMethod: DNS
            CertificateTransparencyLoggingPreference: ENABLED
        ```
    """
    value = cert.get("transparency_logging")
    if is_unknown(value):
        return unknown(reason(value, "transparency logging"), "transparency_logging")
    if value == "DISABLED":
        return fail("certificate transparency logging is off", "transparency_logging")
    return ok()


@rule(
    code="AWS-ACM-002",
    name="acm-certificate-weak-rsa-key",
    kind=CERTIFICATE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ACM.2"]},
    tags=["acm", "encryption-in-transit"],
)
def acm_certificate_weak_rsa_key(cert: Resource, ctx: Context) -> Verdict:
    """An ACM certificate has an RSA key shorter than 2,048 bits.

    What it checks
        ``key_algorithm`` must not be ``RSA_1024`` (RSA 2048 and longer, and the elliptic
        curve algorithms, pass). An imported certificate whose key the code does not state
        is unknown.
    Why it matters
        1,024-bit RSA keys are within reach of well-funded attackers and are rejected by
        current browsers and by NIST guidance: the TLS sessions they protect may be
        impersonated.
    How to fix
        Request (or import) a certificate with an RSA 2048 or ECDSA key.

        Terraform:

        ```hcl
        resource "aws_acm_certificate" "site" {
          domain_name       = "www.example.com"
          validation_method = "DNS"
          key_algorithm     = "EC_prime256v1"
        }
        ```

        CloudFormation:

        ```yaml
        Properties:
          DomainName: www.example.com
          ValidationMethod: DNS
          KeyAlgorithm: EC_prime256v1
        ```
    """
    value = cert.get("key_algorithm")
    if is_unknown(value):
        return unknown(reason(value, "the key algorithm"), "key_algorithm")
    if value in WEAK_KEYS:
        return fail(f"the certificate's key is {value}", "key_algorithm")
    return ok()


@rule(
    code="AWS-ACM-003",
    name="acm-certificate-email-validation",
    kind=CERTIFICATE,
    severity=Severity.LOW,
    tags=["acm", "availability"],
)
def acm_certificate_email_validation(cert: Resource, ctx: Context) -> Verdict:
    """An ACM certificate is validated by email.

    What it checks
        ``validation_method`` of a certificate ACM issues must be ``DNS``; ``EMAIL`` (the
        API's default) fails. Imported and private certificates are not validated by ACM.
    Why it matters
        ACM renews a DNS-validated certificate on its own while the validation record stays
        in place. An email-validated one waits at every renewal for someone to click a link
        sent to the domain's administrative addresses: when nobody does, the certificate
        expires and the site goes down; and whoever reads those mailboxes can approve
        certificates for the domain.
    How to fix
        Validate with DNS and keep the validation records.

        Terraform:

        ```hcl
        resource "aws_acm_certificate" "site" {
          domain_name       = "www.example.com"
          validation_method = "DNS"
        }
        ```

        CloudFormation:

        ```yaml
        Properties:
          DomainName: www.example.com
          ValidationMethod: DNS
          DomainValidationOptions:
            - DomainName: www.example.com
              HostedZoneId: !Ref Zone
        ```
    """
    value = cert.get("validation_method")
    if is_unknown(value):
        return unknown(reason(value, "the validation method"), "validation_method")
    if value == "EMAIL":
        return fail("renewals wait for an email approval", "validation_method")
    return ok()


@rule(
    code="AWS-ACM-004",
    name="acm-wildcard-certificate",
    kind=CERTIFICATE,
    severity=Severity.LOW,
    tags=["acm", "least-privilege"],
)
def acm_wildcard_certificate(cert: Resource, ctx: Context) -> Verdict:
    """An ACM certificate covers every name of a domain (a wildcard name).

    What it checks
        Neither ``domain_name`` nor ``subject_alternative_names`` may start with ``*.``.
    Why it matters
        Any service that holds the certificate can impersonate every host of the domain:
        one compromised or misconfigured endpoint (a forgotten test host, a third-party
        integration) serves traffic for all of them, and revoking the certificate breaks
        every host at once.
    How to fix
        Request certificates for the names each service serves.

        Terraform:

        ```hcl
        resource "aws_acm_certificate" "site" {
          domain_name               = "www.example.com"
          subject_alternative_names = ["example.com"]
          validation_method         = "DNS"
        }
        ```

        CloudFormation:

        ```yaml
        Properties:
          DomainName: www.example.com
          SubjectAlternativeNames: [example.com]
          ValidationMethod: DNS
        ```
    """
    name = cert.get("domain_name")
    names = cert.get("subject_alternative_names")
    if isinstance(name, str) and name.startswith("*."):
        return fail(f"the certificate covers {name}", "domain_name")
    for index, other in enumerate(names if isinstance(names, list) else []):
        if isinstance(other, str) and other.startswith("*."):
            return fail(f"the certificate covers {other}", ("subject_alternative_names", index))
    for path, value in (("domain_name", name), ("subject_alternative_names", names)):
        if is_unknown(value):
            return unknown(reason(value, "a name of the certificate"), path)
    if isinstance(names, list) and any(is_unknown(n) for n in names):
        return unknown("a name of the certificate is not known", "subject_alternative_names")
    return ok()
