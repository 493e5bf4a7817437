"""CloudWatch Logs log groups: a retention of 0 days is Terraform's "never expire"."""

from __future__ import annotations

from iacgate.model.aws.kinds.logs import LOG_GROUP
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _finish(d: Draft) -> None:
    if d.attrs.get("retention_in_days") == 0:
        d.attrs["retention_in_days"] = None  # never expire (docs/model.md)


CODE = (KindCode(LOG_GROUP, finish=_finish),)
