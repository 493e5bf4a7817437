"""Redshift: what the field tables cannot say.

Audit logging is a resource of its own in Terraform (``aws_redshift_logging``: it exists, so
logging is on) and a block whose presence turns it on in CloudFormation
(``LoggingProperties``); parameters are name/value pairs in every source, of which the rules
read two.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.redshift import CLUSTER, PARAMETER_GROUP
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, is_unset, split_path, to_bool

# Per source: where the parameters are, and each pair's name and value keys.
_PARAMETERS = {
    TERRAFORM: ("parameter", "name", "value"),
    CLOUDFORMATION: ("Parameters", "ParameterName", "ParameterValue"),
    API: ("DescribeClusterParameters:", "ParameterName", "ParameterValue"),
}
_READ = ("require_ssl", "enable_user_activity_logging")


def _cluster_cloudformation(d: Draft, v: Any) -> None:
    properties = v.raw("LoggingProperties")
    if is_unknown(properties) and not is_unset(properties):
        d.put("logging_enabled", properties, v, ("LoggingProperties",))
    elif isinstance(properties, Mapping):
        d.put("logging_enabled", True, v, ("LoggingProperties",))


def _fold_logging(view: Any, ctx: Context) -> None:
    """``aws_redshift_logging``: its cluster logs (its settings say where)."""
    owner = ctx.owner(view, ("cluster_identifier",), CLUSTER.name, ("cluster_identifier",))
    if owner is None:
        ctx.unattached.append(view.address)
        return
    owner.fold(view, ("logging_enabled",))
    owner.put("logging_enabled", True, view, ())


def _parameters(d: Draft, v: Any) -> None:
    path, name_key, value_key = _PARAMETERS[v.source]
    where = split_path(path)
    raw = v.value_at(where, (), None)
    if is_unknown(raw) and not is_unset(raw):
        for each in _READ:
            d.put(each, raw, v, where)
        return
    for index, pair in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(pair, Mapping):
            continue
        name: Any = pair.get(name_key)
        if name in _READ:
            value = pair.get(value_key)
            typed = value if is_unknown(value) else to_bool(value)
            d.put(str(name), typed, v, (*where, index))
        elif is_unknown(name):
            for unknown_name in _READ:
                d.put(unknown_name, name, v, (*where, index))


CODE = (
    KindCode(
        CLUSTER,
        read={CLOUDFORMATION: _cluster_cloudformation},
        folds={"aws_redshift_logging": _fold_logging},
    ),
    KindCode(
        PARAMETER_GROUP,
        read={TERRAFORM: _parameters, CLOUDFORMATION: _parameters, API: _parameters},
    ),
)
