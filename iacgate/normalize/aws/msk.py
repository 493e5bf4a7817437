"""MSK: Terraform says mutual TLS by writing a ``tls`` block, CloudFormation by a
certificate authority list too; a cluster with no authentication method enabled admits
unauthenticated clients, whatever its ``unauthenticated`` flag says."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.msk import CLUSTER
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, is_unset

_METHODS = ("sasl_iam", "sasl_scram", "tls_authentication")


def _terraform(d: Draft, v: Any) -> None:
    blocks = v.raw("client_authentication")
    if not isinstance(blocks, list) or not blocks or not isinstance(blocks[0], Mapping):
        return
    tls = blocks[0].get("tls")
    where = ("client_authentication", 0, "tls")
    if is_unknown(tls) and not is_unset(tls):
        d.put("tls_authentication", tls, v, where)
    elif isinstance(tls, list) and tls:
        d.put("tls_authentication", True, v, where)


def _cloudformation(d: Draft, v: Any) -> None:
    authorities = v.raw("ClientAuthentication", "Tls", "CertificateAuthorityArnList")
    enabled = v.raw("ClientAuthentication", "Tls", "Enabled")
    if is_unset(enabled) and isinstance(authorities, list) and authorities:
        d.put("tls_authentication", True, v, ("ClientAuthentication", "Tls"))


def _finish(d: Draft) -> None:
    methods = [d.attrs.get(name) for name in _METHODS]
    if any(m is True for m in methods) or d.attrs.get("unauthenticated_access") is True:
        return
    pending: Unknown | None = next((m for m in methods if is_unknown(m)), None)
    d.attrs["unauthenticated_access"] = pending if pending is not None else True


CODE = (
    KindCode(
        CLUSTER,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation},
        finish=_finish,
    ),
)
