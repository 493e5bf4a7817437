"""ACM certificates: the type code says by what it writes (a certificate body is imported, a
certificate authority makes it private); the API's key algorithm spelling; what imported and
private certificates do not have."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.acm import CERTIFICATE
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, is_unset


def _type(d: Draft, v: Any, body: Any, authority: Any, at: tuple[str, ...]) -> None:
    if not is_unset(body):
        d.put("type", "IMPORTED", v, ("certificate_body",))
        if is_unset(v.raw("key_algorithm")):
            # The key is the imported certificate's own: the certificate text says it.
            d.put("key_algorithm", Unknown("not set: the imported certificate's key"), v)
    elif is_unknown(authority) and not is_unset(authority):
        d.put("type", Unknown("the certificate authority is not known"), v, at)
    elif not is_unset(authority):
        d.put("type", "PRIVATE", v, at)
    else:
        d.put("type", "AMAZON_ISSUED", v, ())


def _terraform(d: Draft, v: Any) -> None:
    _type(
        d,
        v,
        v.raw("certificate_body"),
        v.raw("certificate_authority_arn"),
        ("certificate_authority_arn",),
    )


def _cloudformation(d: Draft, v: Any) -> None:
    _type(d, v, None, v.raw("CertificateAuthorityArn"), ("CertificateAuthorityArn",))


def _api(d: Draft, v: Any) -> None:
    algorithm = d.attrs.get("key_algorithm")
    if isinstance(algorithm, str) and algorithm.startswith(("RSA-", "EC-")):
        # DescribeCertificate says RSA-2048 and EC-prime256v1 for RequestCertificate's
        # RSA_2048 and EC_prime256v1.
        d.attrs["key_algorithm"] = algorithm.replace("-", "_", 1)


def _finish(d: Draft) -> None:
    authority = d.attrs.get("certificate_authority_arn")
    if d.attrs.get("type") == "IMPORTED" or (authority is not None and not is_unknown(authority)):
        d.attrs["validation_method"] = None  # nothing for ACM to validate


CODE = (
    KindCode(
        CERTIFICATE,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        finish=_finish,
    ),
)
