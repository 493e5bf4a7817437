"""AWS Batch: Terraform writes a job definition's container properties as JSON text in the
API's own shape (read by the declaration's API paths); environment variables and secrets are
name/value objects in every source."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.batch import JOB_DEFINITION
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.aws.ecs import extras
from iacgate.normalize.framework import Draft, field_value, split_path, walk

_CONTAINER = JOB_DEFINITION.field("container").fields


def _terraform(d: Draft, v: Any) -> None:
    text = v.raw("container_properties")
    where = ("container_properties",)
    if text is None:
        return
    if is_unknown(text) and text.decoded is not None:
        text = text.decoded  # jsonencode of definitions with unknown leaves (an image URL)
    if is_unknown(text):
        d.put("container", text, v, where)
        return
    try:
        parsed = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        d.put("container", Unknown("container_properties is not JSON"), v, where)
        return
    if not isinstance(parsed, Mapping):
        d.put("container", Unknown("container_properties is not a JSON object"), v, where)
        return
    container = {
        sub.name: field_value(sub, v, walk(parsed, split_path(sub.api or "")))
        for sub in _CONTAINER
        if sub.api is not None
    }
    container.update(extras(parsed, ("environment", "secrets", "name", "value")))
    d.put("container", container, v, where)


def _add(d: Draft, raw: Any, keys: tuple[str, str, str, str]) -> None:
    container = d.attrs.get("container")
    if isinstance(container, dict) and isinstance(raw, Mapping):
        container.update(extras(raw, keys))


def _cloudformation(d: Draft, v: Any) -> None:
    _add(d, v.raw("ContainerProperties"), ("Environment", "Secrets", "Name", "Value"))


def _api(d: Draft, v: Any) -> None:
    _add(d, v.raw("containerProperties"), ("environment", "secrets", "name", "value"))


CODE = (
    KindCode(
        JOB_DEFINITION, read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api}
    ),
)
