"""DynamoDB tables: the key attributes by role (CloudFormation and the API list them), and what
the API answers as statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION
from iacgate.model.aws.kinds.dynamodb import TABLE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, walk


def _key_schema(d: Draft, v: Any, at: AttrPath) -> None:
    """The key attributes are the KeySchema entries by KeyType."""
    keys = v.items_at(at, (), None)
    for canonical, key_type in (("hash_key", "HASH"), ("range_key", "RANGE")):
        if is_unknown(keys):
            d.put(canonical, keys, v, at)
            continue
        found: Any = None
        where: AttrPath = at
        for index, item in enumerate(keys):
            if isinstance(item, Mapping) and item.get("KeyType") == key_type:
                found, where = item.get("AttributeName"), (*at, index, "AttributeName")
        d.put(canonical, found, v, where)


def _cloudformation(d: Draft, v: Any) -> None:
    """A StreamSpecification turns the stream on."""
    _key_schema(d, v, ("KeySchema",))
    stream = v.block("StreamSpecification")
    d.put(
        "stream_enabled",
        stream if is_unknown(stream) else stream is not None,
        v,
        ("StreamSpecification",),
    )


def _api(d: Draft, v: Any) -> None:
    _key_schema(d, v, ("DescribeTable:Table", "KeySchema"))
    sse = v.value_at(("DescribeTable:Table", "SSEDescription"), (), None)
    if is_unknown(sse):
        d.put("server_side_encryption", sse, v)
    elif isinstance(sse, Mapping) and sse.get("Status") in ("ENABLED", "ENABLING", "UPDATING"):
        key = v.answer("DescribeKey")
        # The AWS managed key (aws/dynamodb) is what code means by "no key" (docs/model.md).
        managed_by_aws = (
            isinstance(key, Mapping) and walk(key, ("KeyMetadata", "KeyManager")) == "AWS"
        )
        arn = key if is_unknown(key) else None if managed_by_aws else sse.get("KMSMasterKeyArn")
        d.put("server_side_encryption", {"enabled": True, "kms_key_arn": arn}, v)
    status = v.value_at(
        (
            "DescribeContinuousBackups:ContinuousBackupsDescription",
            "PointInTimeRecoveryDescription",
            "PointInTimeRecoveryStatus",
        ),
        (),
        None,
    )
    d.put(
        "point_in_time_recovery_enabled", status if is_unknown(status) else status == "ENABLED", v
    )


CODE = (KindCode(TABLE, read={CLOUDFORMATION: _cloudformation, API: _api}),)
