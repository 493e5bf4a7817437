"""CloudWatch Logs log groups: a retention of 0 days is Terraform's "never expire"; older API
answers give the ARN only with a ``:*`` suffix."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API
from iacgate.model.aws.kinds.logs import LOG_GROUP
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _api(d: Draft, v: Any) -> None:
    if d.attrs["arn"] is None:
        legacy = v.opt("arn")
        if isinstance(legacy, str):
            d.put("arn", legacy.removesuffix(":*"), v)


def _finish(d: Draft) -> None:
    if d.attrs.get("retention_in_days") == 0:
        d.attrs["retention_in_days"] = None  # never expire (docs/model.md)


CODE = (KindCode(LOG_GROUP, read={API: _api}, finish=_finish),)
