"""Firehose: where records come from is a source block in Terraform; encryption is an input's
presence in CloudFormation and a status in the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.kinesis import DELIVERY_STREAM
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, is_unset, split_path

_STATUS = split_path(
    "DescribeDeliveryStream:DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration.Status"
)
_SOURCES = (
    ("kinesis_source_configuration", "KinesisStreamAsSource"),
    ("msk_source_configuration", "MSKAsSource"),
)


def _terraform(d: Draft, v: Any) -> None:
    for block, kind in _SOURCES:
        value = v.raw(block)
        if isinstance(value, list) and value:
            d.put("delivery_stream_type", kind, v, (block,))


def _cloudformation(d: Draft, v: Any) -> None:
    where = ("DeliveryStreamEncryptionConfigurationInput",)
    value = v.raw(*where)
    if is_unknown(value) and not is_unset(value):
        d.put("sse_enabled", value, v, where)
    elif isinstance(value, Mapping):
        d.put("sse_enabled", True, v, where)


def _api(d: Draft, v: Any) -> None:
    status = v.value_at(_STATUS, (), None)
    d.put("sse_enabled", status if is_unknown(status) else status in ("ENABLED", "ENABLING"), v)


CODE = (
    KindCode(
        DELIVERY_STREAM,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
    ),
)
