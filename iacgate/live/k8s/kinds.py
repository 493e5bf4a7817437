"""The Kubernetes kinds the collector lists, declared as data.

Each entry names the API group, version and resource, whether it is namespaced, the verbs the
collector uses on it, and whether only metadata is read. The RBAC ClusterRole printed by
``iacgate drift --print-permissions k8s`` is derived from this table and nothing else, and a test
checks every request the collector sends against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from iacgate.model import k8s

# Secrets are listed as PartialObjectMetadataList: the API server sends names, labels and
# annotations, never ``data``. Every other kind is read whole.
METADATA_ONLY_ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"
JSON_ACCEPT = "application/json"


@dataclass(frozen=True, slots=True)
class ApiKind:
    kind: str  # "Deployment"
    group: str  # "apps"; "" is the core group
    version: str  # "v1"
    resource: str  # "deployments": the plural in URLs and RBAC rules
    namespaced: bool
    metadata_only: bool = False
    verbs: tuple[str, ...] = ("list",)

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def canonical(self) -> str:
        """The canonical kind (``k8s.apps.deployment``)."""
        return k8s.canonical_kind(self.api_version, self.kind)

    @property
    def accept(self) -> str:
        return METADATA_ONLY_ACCEPT if self.metadata_only else JSON_ACCEPT

    def collection_path(self, namespace: str | None = None) -> str:
        """``/apis/apps/v1/deployments`` or ``/apis/apps/v1/namespaces/web/deployments``."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if namespace is None:
            return f"{base}/{self.resource}"
        return f"{base}/namespaces/{quote(namespace, safe='')}/{self.resource}"


def _kind(
    kind: str, group: str, resource: str, namespaced: bool = True, metadata_only: bool = False
) -> ApiKind:
    return ApiKind(kind, group, "v1", resource, namespaced, metadata_only)


# The explicit list: adding a kind here is all it takes to collect it (and to require it in the
# printed ClusterRole). Order is the order of collection and of progress output.
API_KINDS: tuple[ApiKind, ...] = (
    _kind("Namespace", "", "namespaces", namespaced=False),
    _kind("Pod", "", "pods"),
    _kind("ReplicationController", "", "replicationcontrollers"),
    _kind("Service", "", "services"),
    _kind("ServiceAccount", "", "serviceaccounts"),
    _kind("ConfigMap", "", "configmaps"),
    _kind("Secret", "", "secrets", metadata_only=True),
    _kind("Deployment", "apps", "deployments"),
    _kind("StatefulSet", "apps", "statefulsets"),
    _kind("DaemonSet", "apps", "daemonsets"),
    _kind("ReplicaSet", "apps", "replicasets"),
    _kind("Job", "batch", "jobs"),
    _kind("CronJob", "batch", "cronjobs"),
    _kind("Ingress", "networking.k8s.io", "ingresses"),
    _kind("NetworkPolicy", "networking.k8s.io", "networkpolicies"),
    _kind("Role", "rbac.authorization.k8s.io", "roles"),
    _kind("ClusterRole", "rbac.authorization.k8s.io", "clusterroles", namespaced=False),
    _kind("RoleBinding", "rbac.authorization.k8s.io", "rolebindings"),
    _kind(
        "ClusterRoleBinding", "rbac.authorization.k8s.io", "clusterrolebindings", namespaced=False
    ),
)

BY_CANONICAL: dict[str, ApiKind] = {item.canonical: item for item in API_KINDS}
METADATA_ONLY_KINDS = frozenset(item.canonical for item in API_KINDS if item.metadata_only)


def select(names: tuple[str, ...]) -> tuple[ApiKind, ...]:
    """Kinds by canonical kind, Kind or resource name (``k8s.apps.deployment``, ``Deployment``,
    ``deployments``); unknown names raise ``KeyError`` naming the first."""
    chosen: list[ApiKind] = []
    for name in names:
        lowered = name.lower()
        for item in API_KINDS:
            if lowered in (item.canonical, item.kind.lower(), item.resource):
                if item not in chosen:
                    chosen.append(item)
                break
        else:
            raise KeyError(name)
    return tuple(item for item in API_KINDS if item in chosen)
