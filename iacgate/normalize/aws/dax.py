"""DAX: the API reports encryption at rest as a status, not a flag."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API
from iacgate.model.aws.kinds.dax import CLUSTER
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _api(d: Draft, v: Any) -> None:
    status = v.raw("SSEDescription", "Status")
    d.put("sse_enabled", status in ("ENABLED", "ENABLING"), v, ("SSEDescription", "Status"))


CODE = (KindCode(CLUSTER, read={API: _api}),)
