"""CloudFront distributions: what the default certificate means, and CloudFormation's
distribution without a ViewerCertificate."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION
from iacgate.model.aws.kinds.cloudfront import DISTRIBUTION
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, fill, reorder_list

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


def _finish(d: Draft) -> None:
    certificate = d.attrs.get("viewer_certificate")
    if isinstance(certificate, dict) and certificate.get("cloudfront_default_certificate") is True:
        # The *.cloudfront.net certificate: SNI/VIP and the protocol floor do not apply.
        certificate["ssl_support_method"] = None
        certificate["minimum_protocol_version"] = "TLSv1"
    reorder_list(d, ("origins",), lambda item: str(item.get("id")))


CODE = (KindCode(DISTRIBUTION, read={CLOUDFORMATION: _cloudformation}, finish=_finish),)
