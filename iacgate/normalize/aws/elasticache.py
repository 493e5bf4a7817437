"""ElastiCache: the API words automatic failover and Multi-AZ as enabled/disabled; code says
whether an AUTH token is set by setting it (a value never read back)."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.elasticache import REPLICATION_GROUP
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, is_unset

_ON = ("enabled", "enabling")
_API_FLAGS = (("automatic_failover_enabled", "AutomaticFailover"), ("multi_az_enabled", "MultiAZ"))


def _api(d: Draft, v: Any) -> None:
    for name, key in _API_FLAGS:
        value = v.raw(key)
        d.put(name, False if value is None else str(value) in _ON, v, (key,))


def _code(d: Draft, v: Any) -> None:
    token = REPLICATION_GROUP.field("auth_token").path(v.source)
    assert token is not None
    raw = v.raw(token)
    if is_unset(raw):
        d.put("auth_token_enabled", False, v)
    else:
        # A variable or a parameter (unknown here) still names a token: code sets one.
        d.put("auth_token_enabled", True, v, (token,))


CODE = (KindCode(REPLICATION_GROUP, read={TERRAFORM: _code, CLOUDFORMATION: _code, API: _api}),)
