"""Helpers of the rules that judge one setting of a resource: a value that must (not) be one of
some values, a KMS key that must be named. Unknown values give UNKNOWN with their reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacgate.rules import Context, Resource, Verdict, fail, is_unknown, ok, unknown

from ._aws import reason, refers


def setting(resource: Resource, path: str, bad: Callable[[Any], bool], message: str) -> Verdict:
    """FAIL with ``message`` when the attribute at ``path`` is ``bad``; UNKNOWN when unknown."""
    value = resource.get(path)
    if is_unknown(value):
        return unknown(reason(value, path), path)
    return fail(message, path) if bad(value) else ok()


def names_customer_key(resource: Resource, path: str, ctx: Context, message: str) -> Verdict:
    """The attribute at ``path`` must name a KMS key that is not an AWS managed one
    (``alias/aws/...``): FAIL when it names none; a reference to a key passes even before the
    key's ARN is known."""
    value = resource.get(path)
    if value is None or value == "":
        return fail(message, path)
    if isinstance(value, str) and "alias/aws/" in value:
        return fail(f"{message} (it names an AWS managed key)", path)
    if is_unknown(value) and not refers(resource, (path,), ctx):
        return unknown(reason(value, "the KMS key"), path)
    return ok()
