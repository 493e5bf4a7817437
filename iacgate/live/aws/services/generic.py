"""The collector of a kind whose declaration says how to read it: no fetch function of its own.

The list call's ``items`` are the resources; each detail call's ``params`` name the list item's
fields it is called with, and its answer is kept under its operation name (a listing's items
when the call names ``items``). Every call goes through the call gate, like any fetch
function's.
"""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord


def fetch(api: Api) -> list[NativeRecord]:
    first, *details = api.kind.calls
    listed = api.items(first.operation, first.items)
    if not details:
        return [api.record(item) for item in listed]

    def detail(item: dict[str, Any]) -> NativeRecord:
        answers: dict[str, Any] = {}
        for call in details:
            params = {name: item[field] for name, field in call.params}
            if call.items:
                answers[call.operation] = api.listing(call.operation, call.items, **params)
            else:
                answers[call.operation] = api.get(call.operation, **params)
        return api.record(item, answers)

    return api.each(listed, detail)
