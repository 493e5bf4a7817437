"""Terraform state: ``terraform show -json`` of a state, and raw ``.tfstate`` files (v4).

State is the declared side of drift: every resource with the values Terraform last read from
AWS, physical ids included (ARNs, bucket names, ``sg-...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform.plan import (
    TerraformDocument,
    iter_module_resources,
    sensitive_paths,
    split_address,
)
from iacgate.sources.terraform.records import TerraformResource


def _provider(name: Any) -> str:
    # registry.terraform.io/hashicorp/aws, provider["registry.terraform.io/hashicorp/aws"]
    text = str(name or "aws").rstrip('"]')
    return text.rsplit("/", 1)[-1]


def read_state(data: Mapping[str, Any]) -> TerraformDocument:
    """``terraform show -json`` of a state (format 0.1 to 1.x)."""
    values = data.get("values")
    root = values.get("root_module") if isinstance(values, Mapping) else None
    records: list[TerraformResource] = []
    for item in iter_module_resources(root):
        address = str(item["address"])
        module, index = split_address(address)
        raw_index = item.get("index")
        if isinstance(raw_index, str | int) and not isinstance(raw_index, bool):
            index = raw_index
        attributes = item.get("values")
        sensitive = item.get("sensitive_values")
        records.append(
            TerraformResource(
                address=address,
                mode=str(item.get("mode", "managed")),
                type=str(item.get("type", "")),
                name=str(item.get("name", "")),
                module=module,
                index=index,
                values=attributes if isinstance(attributes, Mapping) else {},
                provider=_provider(item.get("provider_name")),
                sensitive=frozenset(sensitive_paths(sensitive)) if sensitive else frozenset(),
            )
        )
    return TerraformDocument(
        kind="state",
        format_version=str(data.get("format_version", "")),
        terraform_version=str(data.get("terraform_version", "")),
        records=tuple(records),
    )


def _index_text(key: Any) -> str:
    return f"[{json.dumps(key)}]" if isinstance(key, str) else f"[{key}]"


def _v4_sensitive(paths: Any) -> Iterator[AttrPath]:
    """``sensitive_attributes`` of a v4 state: lists of get_attr / index steps."""
    if not isinstance(paths, list):
        return
    for steps in paths:
        if not isinstance(steps, list):
            continue
        path: list[str | int] = []
        for step in steps:
            if not isinstance(step, Mapping):
                break
            value = step.get("value")
            if step.get("type") == "get_attr" and isinstance(value, str):
                path.append(value)
            elif step.get("type") == "index" and isinstance(value, Mapping):
                inner = value.get("value")
                if isinstance(inner, int | str) and not isinstance(inner, bool):
                    path.append(inner)
        if path:
            yield tuple(path)


def read_tfstate(data: Mapping[str, Any]) -> TerraformDocument:
    """A raw state file (``terraform.tfstate``), version 4 (Terraform 0.12 and later)."""
    version = data.get("version")
    if version != 4:
        raise SourceError(
            f"state file version {version} is not supported (version 4 is Terraform 0.12 and "
            "later; read older states through terraform show -json)"
        )
    records: list[TerraformResource] = []
    for resource in _items(data.get("resources")):
        if not isinstance(resource, Mapping):
            continue
        mode = str(resource.get("mode", "managed"))
        type_ = str(resource.get("type", ""))
        name = str(resource.get("name", ""))
        module = str(resource.get("module", ""))
        base = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
        if module:
            base = f"{module}.{base}"
        for instance in _items(resource.get("instances")):
            if not isinstance(instance, Mapping):
                continue
            key = instance.get("index_key")
            index = key if isinstance(key, str | int) and not isinstance(key, bool) else None
            attributes = instance.get("attributes")
            if not isinstance(attributes, Mapping):
                flat = instance.get("attributes_flat")
                if flat is not None:
                    raise SourceError(
                        f"{base}: flatmap attributes (a pre-0.12 state); upgrade the state"
                    )
                attributes = {}
            records.append(
                TerraformResource(
                    address=base if index is None else base + _index_text(index),
                    mode=mode,
                    type=type_,
                    name=name,
                    module=module,
                    index=index,
                    values=attributes,
                    provider=_provider(resource.get("provider")),
                    sensitive=frozenset(_v4_sensitive(instance.get("sensitive_attributes"))),
                )
            )
    return TerraformDocument(
        kind="tfstate",
        format_version=str(version),
        terraform_version=str(data.get("terraform_version", "")),
        records=tuple(records),
    )


def _items(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (null, or a wrong type in a damaged document)
    as no items."""
    return value if isinstance(value, list) else []
