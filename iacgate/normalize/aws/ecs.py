"""ECS: what a table cannot say.

Container Insights is one entry of a cluster's list of settings. Terraform writes a task
definition's containers as JSON text in the API's own shape, so they are read by the API paths
of the declaration; every source lists environment variables and secrets as name/value objects
(the canonical ``environment`` keeps name and value, ``secrets`` only the names). CloudFormation
and the API say ENABLED/DISABLED where Terraform says true/false, and ECS answers tags with
lower-case keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.ecs import CLUSTER, SERVICE, TASK_DEFINITION
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.aws_api.core import tag_map
from iacgate.normalize.framework import (
    Draft,
    field_value,
    is_computed,
    split_path,
    str_list,
    walk,
)

_CONTAINER = TASK_DEFINITION.field("containers").fields


def _setting(settings: Any, name_key: str, value_key: str) -> Any:
    if is_computed(settings):
        return None  # a plan's settings the configuration leaves to the provider: unset
    if is_unknown(settings):
        return settings
    for item in settings if isinstance(settings, list) else []:
        if isinstance(item, Mapping) and item.get(name_key) == "containerInsights":
            return item.get(value_key)
    return None


def _insights(d: Draft, v: Any, found: Any, at: tuple[str | int, ...]) -> None:
    if found is None:
        return  # the table's default: the account's setting
    d.put("container_insights", found, v, at)


def _terraform_cluster(d: Draft, v: Any) -> None:
    _insights(d, v, _setting(v.raw("setting"), "name", "value"), ("setting",))


def _cloudformation_cluster(d: Draft, v: Any) -> None:
    _insights(d, v, _setting(v.raw("ClusterSettings"), "Name", "Value"), ("ClusterSettings",))


def _lower_tags(tags: Any) -> Any:
    """ECS answers tags as ``[{key, value}]``; other shapes are read as any service's."""
    if not isinstance(tags, list) or not any(isinstance(t, Mapping) and "key" in t for t in tags):
        return tag_map(tags)
    return {str(t["key"]): t.get("value") for t in tags if isinstance(t, Mapping) and "key" in t}


def _api_cluster(d: Draft, v: Any) -> None:
    cluster = v.answer("DescribeClusters")
    if not isinstance(cluster, Mapping):
        return
    found = _setting(cluster.get("settings"), "name", "value")
    if found is not None:
        d.put("container_insights", found)
    d.put("tags", _lower_tags(cluster.get("tags")))


# -- task definitions ---------------------------------------------------------------------------


def _pairs(items: Any, name_key: str, value_key: str) -> Any:
    """Name/value objects (environment, secrets) as [{name, value}]."""
    if is_unknown(items):
        return items
    out: list[dict[str, Any]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping):
            out.append({"name": item.get(name_key), "value": item.get(value_key)})
    return out


def extras(container: Mapping[str, Any], keys: tuple[str, str, str, str]) -> dict[str, Any]:
    """A container's environment and secret names (``keys``: the environment, secrets, name
    and value keys of the source)."""
    environment_key, secrets_key, name_key, value_key = keys
    environment = _pairs(container.get(environment_key), name_key, value_key)
    secrets = _pairs(container.get(secrets_key), name_key, value_key)
    names = secrets if is_unknown(secrets) else str_list([s["name"] for s in secrets])
    return {"environment": environment, "secrets": names}


def _terraform_task(d: Draft, v: Any) -> None:
    text = v.raw("container_definitions")
    where = ("container_definitions",)
    if is_unknown(text) and text.decoded is not None:
        text = text.decoded  # jsonencode of definitions with unknown leaves (an image URL)
    if is_unknown(text):
        d.put("containers", text, v, where)
        return
    try:
        parsed = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        d.put("containers", Unknown("container_definitions is not JSON"), v, where)
        return
    if not isinstance(parsed, list):
        d.put("containers", Unknown("container_definitions is not a JSON list"), v, where)
        return
    containers: list[dict[str, Any]] = []
    for raw in parsed:
        if not isinstance(raw, Mapping):
            continue
        container = {
            sub.name: field_value(sub, v, walk(raw, split_path(sub.api or "")))
            for sub in _CONTAINER
            if sub.api is not None
        }
        container.update(extras(raw, ("environment", "secrets", "name", "value")))
        containers.append(container)
    d.put("containers", containers, v, where)


def _containers_extras(d: Draft, raw: Any, keys: tuple[str, str, str, str]) -> None:
    containers = d.attrs.get("containers")
    if not isinstance(raw, list) or not isinstance(containers, list):
        return
    written = [c for c in raw if isinstance(c, Mapping)]
    for container, source in zip(containers, written, strict=False):
        if isinstance(container, dict):
            container.update(extras(source, keys))


def _cloudformation_task(d: Draft, v: Any) -> None:
    _containers_extras(
        d, v.raw("ContainerDefinitions"), ("Environment", "Secrets", "Name", "Value")
    )


def _api_task(d: Draft, v: Any) -> None:
    answer = v.answer("DescribeTaskDefinition")
    if not isinstance(answer, Mapping):
        return
    task = answer.get("taskDefinition")
    if isinstance(task, Mapping):
        keys = ("environment", "secrets", "name", "value")
        _containers_extras(d, task.get("containerDefinitions"), keys)
    d.put("tags", _lower_tags(answer.get("tags")))


def _finish_task(d: Draft) -> None:
    volumes = d.attrs.get("volumes")
    for volume in volumes if isinstance(volumes, list) else []:
        if isinstance(volume, dict) and volume.get("efs_file_system_id") is None:
            volume["efs_transit_encryption"] = None  # not an EFS volume: nothing to encrypt


# -- services ------------------------------------------------------------------------------------


def _enabled(value: Any) -> Any:
    if is_unknown(value) or value is None:
        return value
    return str(value).upper() == "ENABLED"


def _cloudformation_service(d: Draft, v: Any) -> None:
    at = ("NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp")
    value = _enabled(v.raw(*at))
    if value is not None:
        d.put("assign_public_ip", value, v, at)


def _api_service(d: Draft, v: Any) -> None:
    value = _enabled(v.raw("networkConfiguration", "awsvpcConfiguration", "assignPublicIp"))
    if value is not None:
        d.put("assign_public_ip", value)
    d.put("tags", _lower_tags(v.raw("tags")))


CODE = (
    KindCode(
        CLUSTER,
        read={
            TERRAFORM: _terraform_cluster,
            CLOUDFORMATION: _cloudformation_cluster,
            API: _api_cluster,
        },
    ),
    KindCode(
        TASK_DEFINITION,
        read={TERRAFORM: _terraform_task, CLOUDFORMATION: _cloudformation_task, API: _api_task},
        finish=_finish_task,
    ),
    KindCode(SERVICE, read={CLOUDFORMATION: _cloudformation_service, API: _api_service}),
)
