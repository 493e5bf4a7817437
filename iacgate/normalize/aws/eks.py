"""EKS clusters: CloudFormation lists log types as objects, the API as groups turned on or off;
a cluster without a public endpoint admits no public CIDR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION
from iacgate.model.aws.kinds.eks import CLUSTER
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft, str_list


def _cloudformation(d: Draft, v: Any) -> None:
    logging = v.items("Logging", "ClusterLogging", "EnabledTypes")
    if is_unknown(logging):
        d.put("enabled_log_types", logging, v, ("Logging",))
        return
    types = [item.get("Type") for item in logging if isinstance(item, Mapping)]
    d.put("enabled_log_types", str_list(types), v, ("Logging", "ClusterLogging", "EnabledTypes"))


def _api(d: Draft, v: Any) -> None:
    logging = v.items_at(("DescribeCluster:cluster", "logging", "clusterLogging"), (), None)
    if is_unknown(logging):
        d.put("enabled_log_types", logging, v)
        return
    types = [
        t
        for entry in logging
        if isinstance(entry, Mapping) and entry.get("enabled")
        for t in entry.get("types") or []
    ]
    d.put("enabled_log_types", str_list(types), v)


def _finish(d: Draft) -> None:
    if d.attrs.get("endpoint_public_access") is False:
        d.attrs["public_access_cidrs"] = []  # no public endpoint: the CIDRs admit nothing


CODE = (KindCode(CLUSTER, read={CLOUDFORMATION: _cloudformation, API: _api}, finish=_finish),)
