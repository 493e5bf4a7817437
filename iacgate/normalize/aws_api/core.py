"""The AWS API's view of the normalizer framework (``normalize/framework.py``): reading a
``NativeRecord`` (the list item plus the answers of the detail calls) by the declared API paths
(``Answer:path``: the ``path`` of the detail call ``Answer``'s answer; a plain path reads the list
item), and what only the API has: failed calls (every value they would have given is Unknown,
saying why), tags in every shape the services answer them, no spans and no references (the graph
links live resources by value)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.live.aws.records import NativeRecord, failed_unknown, is_failure
from iacgate.model.aws.declaration import API
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.framework import RecordView, walk

SOURCE = "live-aws"


# ``Any``: a native record has no address, type or spans (``SpannedRecord``); this view
# overrides every read of them.
class ApiView(RecordView[Any]):
    """One native record, as the framework reads it."""

    __slots__ = ("also", "at")

    source = API
    locate_by_default = False
    partial = True
    instance_key = None
    file = None

    def __init__(self, record: NativeRecord, address: str = "") -> None:
        super().__init__(record)
        # Known once the fields are read (the kind's ``Collector.address`` of its attributes).
        self.at = address
        # Resources the record gives beside its own (a bucket's policy node).
        self.also: list[Any] = []

    @property
    def address(self) -> str:
        return self.at

    @property
    def type(self) -> str | None:
        return None  # a record is of its kind: no resource types

    @property
    def values(self) -> Any:
        return self.record.item

    def answer(self, name: str) -> Any:
        """A detail answer: the response, None (not configured) or Unknown (the call failed)."""
        return self.answered(self.record.details.get(name))

    @staticmethod
    def answered(value: Any) -> Any:
        """One response (of a detail answer that holds several): Unknown if its call failed."""
        return failed_unknown(value) if is_failure(value) else value

    def value_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        if values is not None:
            return walk(values, where[len(at) :])
        head = where[0] if where else None
        if isinstance(head, str) and ":" in head:
            name, _, first = head.partition(":")
            rest = ((int(first) if first.isdigit() else first),) if first else ()
            return walk(self.answer(name), (*rest, *where[1:]))
        return walk(self.record.item, where)

    def object_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        value = self.value_at(where, at, values)
        if is_unknown(value) or isinstance(value, Mapping):
            return value, where
        return None, where

    def items_at(self, where: AttrPath, at: AttrPath, values: Any) -> Any:
        value = self.value_at(where, at, values)
        if value is None:
            return []
        if is_unknown(value):
            return value
        return list(value) if isinstance(value, list) else []

    def tags_at(self, where: AttrPath, at: AttrPath, values: Any) -> tuple[Any, AttrPath]:
        return tag_map(self.value_at(where, at, values)), where

    def chosen_value(self, by: str) -> Any:
        return None  # the API answers what AWS chose; what it leaves out is not set

    def assigned_value(self, value: Any) -> Any:
        return value if is_unknown(value) else None

    def exact(self, path: AttrPath) -> Location | None:
        return None

    def span(self, path: AttrPath) -> Location | None:
        return None

    def note(self, draft: Any, path: AttrPath, src_path: AttrPath) -> None:
        return None

    def references(self, draft: Any) -> list[tuple[AttrPath, str]]:
        return []  # live resources are linked by value (ids, ARNs, names)

    def origin(self, draft: Any) -> dict[str, Any]:
        return {"region": self.record.region}


def tag_map(items: Any) -> Any:
    """Tags as a map: ``[{"Key": k, "Value": v}]`` (or KMS's ``TagKey``/``TagValue``, EKS's
    map); ``None`` (no tags) is ``{}``; aws:* tags, which AWS sets itself (CloudFormation's stack
    tags), are kept: drift ignores them."""
    if is_unknown(items):
        return items
    if isinstance(items, Mapping):
        return {str(k): v for k, v in items.items()}
    if not isinstance(items, list):
        return {}
    kms = any(isinstance(t, Mapping) and "TagKey" in t for t in items)
    key, value = ("TagKey", "TagValue") if kms else ("Key", "Value")
    return {str(t[key]): t.get(value) for t in items if isinstance(t, Mapping) and key in t}
