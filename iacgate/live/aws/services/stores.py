"""Data stores and streams whose listing the generic reader cannot use as it is: Kinesis and
Firehose list names (not objects), and the Neptune and DocumentDB APIs answer for every
engine's DB clusters (RDS's included), of which each keeps its own."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord


def _named(api: Api, key: str, detail_call: str) -> list[NativeRecord]:
    first = api.kind.calls[0]
    names = api.items(first.operation, first.items)

    def detail(name: str) -> NativeRecord:
        answer = api.get(detail_call, **{key: name})
        return api.record({key: name}, {detail_call: answer})

    return api.each(names, detail)


def kinesis_streams(api: Api) -> list[NativeRecord]:
    return _named(api, "StreamName", "DescribeStreamSummary")


def delivery_streams(api: Api) -> list[NativeRecord]:
    return _named(api, "DeliveryStreamName", "DescribeDeliveryStream")


_NOT_RDS = ("neptune", "docdb")


def _clusters_of(api: Api, engine: str) -> list[NativeRecord]:
    first = api.kind.calls[0]
    listed: list[Any] = api.items(first.operation, first.items)
    return [api.record(item) for item in listed if item.get("Engine") == engine]


def rds_clusters(api: Api) -> list[NativeRecord]:
    """RDS's DescribeDBClusters answers for Neptune and DocumentDB clusters too: they are their
    own kinds (the same ARN form: kept twice, one would hide the other)."""
    first = api.kind.calls[0]
    listed: list[Any] = api.items(first.operation, first.items)
    return [api.record(item) for item in listed if item.get("Engine") not in _NOT_RDS]


def neptune_clusters(api: Api) -> list[NativeRecord]:
    return _clusters_of(api, "neptune")


def docdb_clusters(api: Api) -> list[NativeRecord]:
    return _clusters_of(api, "docdb")
