"""Native AWS API records: what the live collector read about one resource, as plain JSON.

A record holds the resource's list item and the answers of its detail calls, keyed as the
collector chose (``GetBucketPolicy``, ``GetRolePolicy`` by policy name, ...). An answer is the
response (``ResponseMetadata`` dropped, timestamps as ISO strings), ``None`` when AWS said the
setting is not configured, or a failure marker ``{"$error": {...}}`` when the call failed for
good. Records are plain JSON so that recorded responses can serve as test fixtures.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from iacgate.model.unknown import Unknown

ERROR_KEY = "$error"


@dataclass(frozen=True, slots=True)
class NativeRecord:
    kind: str  # the canonical kind the record is for
    account: str
    region: str  # where the resource lives ("us-east-1"); global services: the home region
    partition: str  # "aws", "aws-cn", "aws-us-gov"
    item: Mapping[str, Any]  # the list item
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "account": self.account,
            "region": self.region,
            "partition": self.partition,
            "item": self.item,
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NativeRecord:
        return cls(
            kind=str(data["kind"]),
            account=str(data["account"]),
            region=str(data["region"]),
            partition=str(data.get("partition", "aws")),
            item=dict(data.get("item") or {}),
            details=dict(data.get("details") or {}),
        )


def failure(operation: str, code: str, message: str) -> dict[str, Any]:
    return {ERROR_KEY: {"operation": operation, "code": code, "message": message}}


def is_failure(value: Any) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(value, Mapping) and len(value) == 1 and ERROR_KEY in value


def failed_unknown(value: Mapping[str, Any]) -> Unknown:
    error = value[ERROR_KEY]
    return Unknown(f"{error.get('operation')} failed: {error.get('code')}: {error.get('message')}")


def clean(value: Any) -> Any:
    """A JSON-ready copy of a boto3 response: ``ResponseMetadata`` dropped, datetimes as ISO
    8601 strings, bytes left out (no collected call returns content)."""
    if isinstance(value, Mapping):
        return {
            str(k): clean(v)
            for k, v in value.items()
            if k != "ResponseMetadata" and not isinstance(v, bytes | bytearray)
        }
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value
