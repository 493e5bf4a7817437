"""Native AWS API records into canonical resources: the live half of the AWS model.

The live collector (``iacgate.live.aws``) reads; this package maps what it read to the same
canonical attributes the Terraform and CloudFormation normalizers produce (``docs/model.md``),
through the same framework and the same declarations: each field's ``api`` path
(``model/aws/kinds``) and the kind's code for the API (``normalize/aws``). No boto3 here:
records are plain JSON, so recorded responses normalize the same way as a live collection.
"""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.records import NativeRecord
from iacgate.model.aws.kinds import BY_NAME
from iacgate.model.resource import Resource
from iacgate.normalize import aws
from iacgate.normalize.aws_api.core import SOURCE, ApiView
from iacgate.normalize.framework import finish

__all__ = ["NORMALIZERS", "SOURCE", "to_resources"]

# By the record's kind (the kind whose calls read it), from the declarations.
NORMALIZERS = aws.api_mappers()


def to_resources(record: NativeRecord, scope: str) -> list[Resource]:
    """The canonical resources of one record (a bucket gives its policy node as well)."""
    kind = BY_NAME[record.kind]
    collector = kind.collector
    assert collector is not None
    view = ApiView(record)
    draft = NORMALIZERS[kind.name](view)
    if "arn" in draft.attrs and not _text(draft.attrs["arn"]):
        # Not in any answer (or its call failed): the ARN is the kind's form of the id.
        draft.attrs["arn"] = collector.arn.format(
            partition=record.partition,
            region=record.region,
            account=record.account,
            id=record.item.get(collector.id_field),
        )
    view.at = collector.address.format(**draft.attrs)
    out: list[Resource] = []
    for made in (draft, *view.also):
        aws.finish_kind(made)
        resource, _, _ = finish(made, scope=scope, source=SOURCE)
        out.append(resource)
    return out


def _text(value: Any) -> bool:
    return isinstance(value, str) and value != ""
