"""DMS: the API spells an endpoint's type in upper case, the templates in lower case."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.dms import ENDPOINT
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _lower(d: Draft, v: Any) -> None:
    value = d.attrs.get("endpoint_type")
    if v.source == API:
        value = v.raw("EndpointType")
        d.put("endpoint_type", value.lower() if isinstance(value, str) else value, v)
    elif isinstance(value, str):
        d.attrs["endpoint_type"] = value.lower()


CODE = (KindCode(ENDPOINT, read={TERRAFORM: _lower, CLOUDFORMATION: _lower, API: _lower}),)
