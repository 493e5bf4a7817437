"""Role trust across accounts: another account's principals assume the role only with an
external id or MFA."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import Document, reason, statements, summarize

_ACCOUNT = re.compile(r"^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):")
_GUARDS = frozenset({"sts:externalid", "aws:multifactorauthpresent", "aws:multifactorauthage"})


def _guarded(condition: Any) -> Any:
    if condition is None:
        return False
    if is_unknown(condition):
        return condition
    if not isinstance(condition, Mapping):
        return False
    for tests in condition.values():
        if isinstance(tests, Mapping) and any(str(k).lower() in _GUARDS for k in tests):
            return True
    return False


def _own_account(role: Resource) -> str | None:
    arn = role.get("arn")
    found = _ACCOUNT.match(arn) if isinstance(arn, str) else None
    return found.group(1) if found else None


@rule(
    code="AWS-IAM-014",
    name="iam-role-cross-account-trust-without-external-id-or-mfa",
    kind="aws.iam.role",
    severity=Severity.MEDIUM,
    tags=["iam", "trust", "confused-deputy"],
)
def role_cross_account_trust_unguarded(role: Resource, ctx: Context) -> list[Verdict]:
    """A role trusts another account's principals without an external id or MFA.

    What it checks
        Allow statements of ``assume_role_policy`` (``AssumeRolePolicyDocument``) for
        ``sts:AssumeRole`` whose AWS principal names an account (``123456789012``, its root, a
        role or user ARN) other than the role's own (when the role's ARN is known; otherwise
        every account principal counts) must carry an ``sts:ExternalId`` or
        ``aws:MultiFactorAuthPresent`` condition. ``*`` is AWS-IAM-005's.
    Why it matters
        A vendor account trusted without an external id can be made to act for any of its
        customers (the confused deputy); a human account trusted without MFA lets any stolen
        access key of that account assume the role.
    How to fix
        Require the external id the third party gives you, or MFA for people.

        Terraform:

        ```hcl
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Action    = "sts:AssumeRole"
            Principal = { AWS = "arn:aws:iam::111122223333:root" }
            Condition = { StringEquals = { "sts:ExternalId" = var.vendor_external_id } }
          }]
        })
        ```

        CloudFormation:

        ```yaml
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: sts:AssumeRole
              Principal: { AWS: arn:aws:iam::111122223333:root }
              Condition:
                Bool: { aws:MultiFactorAuthPresent: "true" }
        ```
    """
    trust = role.get("assume_role_policy")
    if is_unknown(trust):
        return [unknown(reason(trust, "the trust policy"), "assume_role_policy")]
    own = _own_account(role)
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for statement in statements(Document(("assume_role_policy",), "trust policy", trust)):
        body = statement.body
        principal = body.get("Principal")
        effect = body.get("Effect")
        if (effect != "Allow" and not is_unknown(effect)) or not isinstance(principal, Mapping):
            continue
        accounts: set[str] = set()
        pending = None
        values = principal.get("AWS")
        for value in values if isinstance(values, list) else [values]:
            if is_unknown(value):
                pending = value if pending is None else pending
                continue
            found = _ACCOUNT.match(value) if isinstance(value, str) else None
            if found and found.group(1) != own:
                accounts.add(found.group(1))
        if not accounts:
            if pending is not None and _guarded(body.get("Condition")) is False:
                unknowns.append(unknown(reason(pending, statement.where()), statement.path))
            continue
        guarded = _guarded(body.get("Condition"))
        if is_unknown(guarded):
            unknowns.append(unknown(reason(guarded, statement.where()), statement.path))
        elif guarded is False and is_unknown(effect):
            # An unguarded account principal: whether it is allowed or denied decides.
            unknowns.append(unknown(reason(effect, statement.where()), statement.path))
        elif guarded is False:
            fails.append(
                fail(
                    f"account(s) {', '.join(sorted(accounts))} may assume the role without an "
                    f"external id or MFA ({statement.where()})",
                    statement.path,
                )
            )
    return summarize(fails, unknowns) if fails or unknowns else [ok()]
