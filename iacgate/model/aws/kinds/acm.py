"""Certificate Manager: certificates (issued by ACM, by a private CA, or imported)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Field,
    Writers,
    enum,
)

_DESCRIBED = "DescribeCertificate:Certificate"

CERTIFICATE = AwsKind(
    name="aws.acm.certificate",
    description="An ACM certificate: issued by ACM, by a private CA, or imported",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(types=("aws_acm_certificate",)),
    cloudformation=Writers(types=("AWS::CertificateManager::Certificate",)),
    fields=(
        Field(
            "arn",
            STR,
            description="Physical id; assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            default=ASSIGNED,
            api="CertificateArn",
        ),
        Field(
            "domain_name",
            STR,
            terraform="domain_name",
            cloudformation="DomainName",
            default=Chosen("the imported certificate's subject"),
            api=f"{_DESCRIBED}.DomainName",
        ),
        Field(
            "subject_alternative_names",
            STRINGS,
            [],
            description="Besides the domain name (which the API lists among them too).",
            terraform="subject_alternative_names",
            cloudformation="SubjectAlternativeNames",
            api=f"{_DESCRIBED}.SubjectAlternativeNames",
        ),
        Field(
            "type",
            enum("AMAZON_ISSUED", "PRIVATE", "IMPORTED"),
            REQUIRED,
            description=(
                "Code: IMPORTED with a certificate body, PRIVATE with a certificate authority, "
                "else AMAZON_ISSUED (CloudFormation cannot import)."
            ),
            api=f"{_DESCRIBED}.Type",
        ),
        Field(
            "validation_method",
            OPT_STR,
            "EMAIL",
            description=(
                "DNS or EMAIL for ACM-issued certificates (RequestCertificate's default is "
                "EMAIL); null for imported and private ones."
            ),
            terraform="validation_method",
            cloudformation="ValidationMethod",
            api=f"{_DESCRIBED}.DomainValidationOptions.0.ValidationMethod",
        ),
        Field(
            "key_algorithm",
            STR,
            "RSA_2048",
            description=(
                "As RequestCertificate spells it (RSA_2048, EC_prime256v1, ...); the API's "
                "RSA-2048 reads the same. An imported certificate's key is its own."
            ),
            terraform="key_algorithm",
            cloudformation="KeyAlgorithm",
            api=f"{_DESCRIBED}.KeyAlgorithm",
        ),
        Field(
            "transparency_logging",
            enum("ENABLED", "DISABLED"),
            "ENABLED",
            description="Certificate transparency logging (on unless opted out).",
            terraform="options.0.certificate_transparency_logging_preference",
            cloudformation="CertificateTransparencyLoggingPreference",
            api=f"{_DESCRIBED}.Options.CertificateTransparencyLoggingPreference",
        ),
        Field(
            "certificate_authority_arn",
            OPT_STR,
            description="The private CA of a private certificate.",
            terraform="certificate_authority_arn",
            cloudformation="CertificateAuthorityArn",
            api=f"{_DESCRIBED}.CertificateAuthorityArn",
        ),
        Field(
            "not_after",
            OPT_STR,
            description="Expiry (ISO 8601); known once issued or imported.",
            terraform="not_after",
            default=ASSIGNED,
            api=f"{_DESCRIBED}.NotAfter",
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="Tags",
            api="ListTagsForCertificate:Tags",
        ),
    ),
    collector=Collector(
        service="acm",
        calls=(
            call("acm", "ListCertificates", paginated=True),
            call("acm", "DescribeCertificate", gone=("ResourceNotFoundException",)),
            call("acm", "ListTagsForCertificate", gone=("ResourceNotFoundException",)),
        ),
        id_field="CertificateArn",
        arn="{id}",
    ),
)


KINDS = (CERTIFICATE,)
