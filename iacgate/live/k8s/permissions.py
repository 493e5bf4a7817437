"""The read-only RBAC ClusterRole the collector needs, derived from the kinds table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iacgate.live.k8s.kinds import API_KINDS, ApiKind

ROLE_NAME = "iacgate-reader"
READ_VERBS = frozenset({"get", "list", "watch"})

_HEADER = """\
# Read-only access for `iacgate inventory k8s`, `iacgate scan --live k8s` and
# `iacgate drift --live k8s`: only the verbs and resources the collector requests.
#
# Secrets are requested as metadata only (names, labels, annotations), but RBAC cannot grant
# "list metadata": `list` on secrets also lets this identity read secret values with another
# client. To keep values out of reach, delete the secrets rule; iacgate then reports Secrets
# as not covered (403) and collects everything else.
#
# Bind it, for example:
#   kubectl create clusterrolebinding iacgate-reader --clusterrole=iacgate-reader \\
#     --serviceaccount=<namespace>:<service-account>
"""


def cluster_role(kinds: Sequence[ApiKind] = API_KINDS, name: str = ROLE_NAME) -> dict[str, Any]:
    """One rule per API group (Secrets apart, so that they are easy to remove)."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[str]] = {}
    for item in kinds:
        assert set(item.verbs) <= READ_VERBS, f"{item.kind}: the collector only reads"
        key = (item.group, tuple(sorted(item.verbs)), item.metadata_only)
        groups.setdefault(key, []).append(item.resource)
    rules = [
        {"apiGroups": [group], "resources": sorted(resources), "verbs": list(verbs)}
        for (group, verbs, _), resources in sorted(groups.items())
    ]
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/name": "iacgate"}},
        "rules": rules,
    }


def render(kinds: Sequence[ApiKind] = API_KINDS) -> str:
    import yaml

    body = yaml.safe_dump(cluster_role(kinds), sort_keys=False, default_flow_style=None, width=100)
    return _HEADER + body
