"""SQS queues: SQS encrypts with its own keys unless a KMS key is named; the API names a queue
by its URL."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.sqs import QUEUE
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, reread


def _managed_encryption(d: Draft, v: Any) -> None:
    # The default of sqs_managed_sse_enabled depends on another attribute: a table states one.
    managed = d.attrs["kms_master_key_id"] is None
    reread(d, v, QUEUE.field("sqs_managed_sse_enabled"), managed)


def _api(d: Draft, v: Any) -> None:
    _managed_encryption(d, v)
    url = str(d.attrs["url"])
    name = url.rstrip("/").rsplit("/", 1)[-1]
    d.put("name", name, v)
    if not isinstance(d.attrs["arn"], str):  # GetQueueAttributes failed
        record = v.record
        d.put("arn", f"arn:{record.partition}:sqs:{record.region}:{record.account}:{name}", v)


CODE = (
    KindCode(
        QUEUE,
        read={TERRAFORM: _managed_encryption, CLOUDFORMATION: _managed_encryption, API: _api},
    ),
)
