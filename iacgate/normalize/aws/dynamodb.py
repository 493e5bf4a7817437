"""DynamoDB tables: what CloudFormation says differently from its field table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION
from iacgate.model.aws.kinds.dynamodb import TABLE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _cloudformation(d: Draft, v: Any) -> None:
    """The key attributes are KeySchema entries by KeyType; a StreamSpecification turns the
    stream on."""
    keys = v.items("KeySchema")
    for canonical, key_type in (("hash_key", "HASH"), ("range_key", "RANGE")):
        if is_unknown(keys):
            d.put(canonical, keys, v, ("KeySchema",))
            continue
        found: Any = None
        where: AttrPath = ("KeySchema",)
        for index, item in enumerate(keys):
            if isinstance(item, Mapping) and item.get("KeyType") == key_type:
                found, where = item.get("AttributeName"), ("KeySchema", index, "AttributeName")
        d.put(canonical, found, v, where)
    stream = v.block("StreamSpecification")
    d.put(
        "stream_enabled",
        stream if is_unknown(stream) else stream is not None,
        v,
        ("StreamSpecification",),
    )


CODE = (KindCode(TABLE, read={CLOUDFORMATION: _cloudformation}),)
