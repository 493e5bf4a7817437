"""Checks the data store and stream rules share: a setting that must hold one value, a number
that must reach a minimum, a list that must hold an item, encryption with a key the account
manages. Each reads canonical attributes only and answers UNKNOWN only when the unknown value
decides."""

from __future__ import annotations

from typing import Any

from iacgate.rules import Context, EdgeType, Resource, Verdict, fail, is_unknown, ok, unknown

from ._aws import reason


def setting(resource: Resource, name: str, wanted: Any, message: str) -> Verdict:
    """``name`` must equal ``wanted``; a failure says ``message``."""
    value = resource.get(name)
    if is_unknown(value):
        return unknown(reason(value, name), name)
    return ok() if value == wanted else fail(message, name)


def not_setting(resource: Resource, name: str, unwanted: Any, message: str) -> Verdict:
    """``name`` must not equal ``unwanted``."""
    value = resource.get(name)
    if is_unknown(value):
        return unknown(reason(value, name), name)
    return fail(message, name) if value == unwanted else ok()


def at_least(resource: Resource, name: str, minimum: int, message: str) -> Verdict:
    """``name`` (a number) must be at least ``minimum``; the message gets the value."""
    value = resource.get(name)
    if is_unknown(value):
        return unknown(reason(value, name), name)
    if not isinstance(value, int) or value < minimum:
        return fail(message.format(value=value), name)
    return ok()


def lists(resource: Resource, name: str, item: str, message: str) -> Verdict:
    """The list ``name`` must hold ``item``."""
    value = resource.get(name)
    if is_unknown(value):
        return unknown(reason(value, name), name)
    if isinstance(value, list):
        if item in value:
            return ok()
        pending = next((v for v in value if is_unknown(v)), None)
        if pending is not None:
            return unknown(reason(pending, name), name)
    return fail(message, name)


def customer_key(resource: Resource, ctx: Context, name: str, managed_alias: str) -> Verdict:
    """Encrypted with a KMS key of the account's own (``name`` holds it): no key, or the
    ``managed_alias`` alias, is the AWS managed key; a key the scan does not hold cannot be told
    apart (unknown)."""
    if ctx.related(resource, "aws.kms.key", EdgeType.ENCRYPTED_BY, "out"):
        return ok()  # a key of the scanned code or collection: the account's own
    key = resource.get(name)
    if is_unknown(key):
        return unknown(reason(key, "the KMS key"), name)
    if key is None or managed_alias in str(key):
        return fail(
            f"encrypted with the AWS managed key {managed_alias}, not a customer-managed key", name
        )
    return unknown(
        "the KMS key is not among the scanned resources: whether the account manages it is "
        "not known",
        name,
    )
