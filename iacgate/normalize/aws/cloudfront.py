"""CloudFront distributions: what the default certificate means, CloudFormation's
distribution without a ViewerCertificate, and the API's logging settings kept while logging is
off."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION
from iacgate.model.aws.kinds.cloudfront import DISTRIBUTION
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, fill, reorder_list, to_bool

_CERTIFICATE = DISTRIBUTION.field("viewer_certificate")
_CONFIG = ("DistributionConfig",)


def _cloudformation(d: Draft, v: Any) -> None:
    if v.raw(*_CONFIG, "ViewerCertificate") is None and isinstance(v.raw(*_CONFIG), dict):
        # Without a ViewerCertificate, CloudFront serves its own *.cloudfront.net certificate.
        default = {"CloudFrontDefaultCertificate": True}
        fill(
            d,
            v,
            _CERTIFICATE.fields,
            at=(*_CONFIG, "ViewerCertificate"),
            into=("viewer_certificate",),
            values=default,
        )


def _api(d: Draft, v: Any) -> None:
    enabled = v.value_at(
        ("GetDistribution:Distribution", "DistributionConfig", "Logging", "Enabled"), (), None
    )
    if not is_unknown(enabled) and to_bool(enabled) is not True:
        d.put("logging", None, v)


def _finish(d: Draft) -> None:
    certificate = d.attrs.get("viewer_certificate")
    if isinstance(certificate, dict) and certificate.get("cloudfront_default_certificate") is True:
        # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
        certificate["ssl_support_method"] = None
        certificate["minimum_protocol_version"] = "TLSv1"
    reorder_list(d, ("origins",), lambda item: str(item.get("id")))


CODE = (KindCode(DISTRIBUTION, read={CLOUDFORMATION: _cloudformation, API: _api}, finish=_finish),)
