"""SSM parameters: the ARN of a hierarchical name. SSM documents: Terraform writes the accounts
a document is shared with as one comma-separated string inside a map
(``permissions = {type = "Share", account_ids = "all"}``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import TERRAFORM
from iacgate.model.aws.kinds.ssm import DOCUMENT, PARAMETER
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, str_list


def _terraform(d: Draft, v: Any) -> None:
    permissions = v.raw("permissions")
    if permissions is None or permissions == {}:
        return
    if is_unknown(permissions):
        d.put("shared_with", permissions, v, ("permissions",))
        return
    if not isinstance(permissions, Mapping):
        return
    kind, accounts = permissions.get("type"), permissions.get("account_ids")
    for part in (kind, accounts):
        if isinstance(part, Unknown):
            why = Unknown(f"document permissions: {part.reason}")
            d.put("shared_with", why, v, ("permissions",))
            return
    if kind != "Share" or not isinstance(accounts, str):
        return
    shared = [a.strip() for a in accounts.split(",") if a.strip()]
    d.put("shared_with", str_list(shared), v, ("permissions", "account_ids"))


def _parameter_arn(d: Draft) -> None:
    # A hierarchical name keeps its leading slash in the name, not in the ARN
    # (``parameter/app/db``): the ARN made from the name when an answer gives none.
    arn = d.attrs.get("arn")
    if isinstance(arn, str) and ":parameter//" in arn:
        d.attrs["arn"] = arn.replace(":parameter//", ":parameter/")


CODE = (
    KindCode(DOCUMENT, read={TERRAFORM: _terraform}),
    KindCode(PARAMETER, finish=_parameter_arn),
)
