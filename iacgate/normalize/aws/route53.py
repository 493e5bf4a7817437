"""Route 53 hosted zones: the API's /hostedzone/ prefix and trailing dots; a zone with VPCs is
private; DNSSEC signing from its own resource (signing unless it says NOT_SIGNING) or the
API's ServeSignature."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API
from iacgate.model.aws.kinds.route53 import HOSTED_ZONE
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, is_unset


def _api(d: Draft, v: Any) -> None:
    zone = d.attrs.get("zone_id")
    if isinstance(zone, str):
        d.attrs["zone_id"] = zone.removeprefix("/hostedzone/")  # the collector strips it too
    status = v.value_at(("GetDNSSEC:Status", "ServeSignature"), (), None)
    d.put("dnssec_signing", status == "SIGNING", v, ("GetDNSSEC:Status",))


def _fold_dnssec(v: Any, ctx: Context) -> None:
    """``aws_route53_hosted_zone_dnssec`` / ``AWS::Route53::DNSSEC``: the zone is signed
    (Terraform's signing_status defaults to SIGNING)."""
    path = "hosted_zone_id" if v.source == "terraform" else "HostedZoneId"
    owner = ctx.owner(v, (path,), HOSTED_ZONE.name, ("zone_id",))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("dnssec_signing",))
    status = v.raw("signing_status") if v.source == "terraform" else None
    signing = status if is_unknown(status) else is_unset(status) or status == "SIGNING"
    owner.put("dnssec_signing", signing, v, ("signing_status",) if status else ())


def _finish(d: Draft) -> None:
    name = d.attrs.get("name")
    if isinstance(name, str):
        d.attrs["name"] = name.rstrip(".")
    vpcs = d.attrs.get("vpcs")
    if d.view.source != API:
        d.attrs["private"] = vpcs if is_unknown(vpcs) else bool(vpcs)


CODE = (
    KindCode(
        HOSTED_ZONE,
        read={API: _api},
        folds={
            "aws_route53_hosted_zone_dnssec": _fold_dnssec,
            "AWS::Route53::DNSSEC": _fold_dnssec,
        },
        finish=_finish,
    ),
)
