"""SES identities: three Terraform types name the identity differently, and sending
authorization policies are a map keyed by name that two split types add to one by one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import aws
from iacgate.model.aws.declaration import API
from iacgate.model.aws.kinds.ses import EMAIL_IDENTITY
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft


def _named(attribute: str) -> Any:
    def read(d: Draft, v: Any) -> None:
        d.put("identity", v.raw(attribute), v, (attribute,))

    return read


def _policy_folder(owner: str, name: str) -> Any:
    def fold(v: Any, ctx: Context) -> None:
        draft = ctx.owner(v, (owner,), EMAIL_IDENTITY.name, ("identity",))
        if draft is None:
            ctx.unattached.append(v.address)
            return
        draft.fold(v, ("policies",))
        policies = draft.attrs["policies"]
        if is_unknown(policies):
            return
        policies.append({"name": v.raw(name), "policy": aws.parse_policy(v.raw("policy"))})
        draft.locate(("policies", len(policies) - 1, "policy"), v, ("policy",))

    return fold


def _api(d: Draft, v: Any) -> None:
    answer = v.answer("GetEmailIdentity")
    if is_unknown(answer):
        d.put("policies", answer, v)
        return
    found = (answer or {}).get("Policies") if isinstance(answer, Mapping) else None
    policies = [
        {"name": str(name), "policy": aws.parse_policy(text)}
        for name, text in sorted((found or {}).items())
    ]
    d.put("policies", policies, v)


def _finish(d: Draft) -> None:
    policies = d.attrs.get("policies")
    if isinstance(policies, list):
        # Keyed by name in AWS: one order whatever the source (an unknown name sorts last).
        order = sorted(
            range(len(policies)),
            key=lambda i: (is_unknown(policies[i]["name"]), str(policies[i]["name"])),
        )
        moved = {
            ("policies", old, *rest): ("policies", new, *rest)
            for new, old in enumerate(order)
            for rest in ((), ("policy",))
        }
        d.attrs["policies"] = [policies[i] for i in order]
        d.spans = {moved.get(path, path): span for path, span in d.spans.items()}


CODE = (
    KindCode(
        EMAIL_IDENTITY,
        read={API: _api},
        types={
            "aws_ses_domain_identity": _named("domain"),
            "aws_ses_email_identity": _named("email"),
        },
        folds={
            "aws_ses_identity_policy": _policy_folder("identity", "name"),
            "aws_sesv2_email_identity_policy": _policy_folder("email_identity", "policy_name"),
        },
        finish=_finish,
    ),
)
