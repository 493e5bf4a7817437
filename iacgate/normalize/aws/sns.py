"""SNS topics: the API names a topic by its ARN only."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API
from iacgate.model.aws.kinds.sns import TOPIC
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _api(d: Draft, v: Any) -> None:
    arn = d.attrs["arn"]
    if isinstance(arn, str):
        d.put("name", arn.rsplit(":", 1)[-1], v)


CODE = (KindCode(TOPIC, read={API: _api}),)
