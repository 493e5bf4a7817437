"""OpenSearch domains: what the field table cannot say.

The log publishing options are a list of blocks in Terraform and a map by log type in
CloudFormation and the API; the Terraform provider's default for ``enforce_https`` is true
inside a ``domain_endpoint_options`` block (the API's is false); an Elasticsearch domain's
cluster settings are ``ElasticsearchClusterConfig`` in CloudFormation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.opensearch import DOMAIN, LOG_TYPES
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, fill, is_unset, reread, split_path, to_bool

_LOGS = {
    TERRAFORM: "log_publishing_options",
    CLOUDFORMATION: "LogPublishingOptions",
    API: "DescribeDomain:DomainStatus.LogPublishingOptions",
}
_ES_CLUSTER = (
    replace(
        DOMAIN.field("instance_count"),
        cloudformation="ElasticsearchClusterConfig.InstanceCount",
    ),
    replace(
        DOMAIN.field("zone_awareness_enabled"),
        cloudformation="ElasticsearchClusterConfig.ZoneAwarenessEnabled",
    ),
)


def _enabled(value: Any) -> Any:
    """A log option's ``enabled``: true when unset (Terraform's and CloudFormation's default)."""
    if is_unset(value):
        return True
    return value if is_unknown(value) else to_bool(value)


def _log_types(d: Draft, v: Any) -> None:
    where = split_path(_LOGS[v.source])
    raw = v.value_at(where, (), None)
    found: list[str] = []
    pending: Unknown | None = None
    if is_unknown(raw) and not is_unset(raw):
        d.put("log_types", raw, v, where)
        return
    if v.source == TERRAFORM:
        pairs = [
            (item.get("log_type"), item.get("enabled"))
            for item in (raw if isinstance(raw, list) else [])
            if isinstance(item, Mapping)
        ]
    else:
        pairs = [
            (name, option.get("Enabled") if isinstance(option, Mapping) else option)
            for name, option in (raw.items() if isinstance(raw, Mapping) else [])
        ]
    for name, enabled in pairs:
        on = _enabled(enabled)
        if is_unknown(name) or is_unknown(on):
            pending = pending or (name if is_unknown(name) else on)
        elif on is True and name in LOG_TYPES:
            found.append(str(name))
    value: Any = pending if pending is not None else sorted(set(found))
    d.put("log_types", value, v, where)


def _terraform(d: Draft, v: Any) -> None:
    _log_types(d, v)
    blocks = v.raw("domain_endpoint_options")
    first = blocks[0] if isinstance(blocks, list) and blocks else None
    if isinstance(first, Mapping) and is_unset(first.get("enforce_https")):
        reread(d, v, DOMAIN.field("enforce_https"), True)


def _elasticsearch(d: Draft, v: Any) -> None:
    fill(d, v, _ES_CLUSTER)


CODE = (
    KindCode(
        DOMAIN,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _log_types, API: _log_types},
        types={"AWS::Elasticsearch::Domain": _elasticsearch},
    ),
)
