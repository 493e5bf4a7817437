"""Kubernetes drift semantics: what the API server adds, what it owns, and what it makes.

- Identity is ``group/Kind/namespace/name`` (legacy groups mapped, so an ``extensions/v1beta1``
  manifest matches the ``apps/v1`` object).
- Ignored: ``status``, ``apiVersion``/``kind`` (identity already), server-owned metadata
  (``uid``, ``resourceVersion``, ``generation``, ``managedFields``, timestamps), the
  last-applied annotation; for Secrets, everything but metadata (values are never read).
- Keyed lists follow the API's own merge keys: containers, env, volumes by ``name``, volume
  mounts by ``mountPath``, container ports by ``containerPort``/``protocol``, Service ports by
  ``port``/``protocol``.
- Quantities compare by value (``0.5`` = ``500m``, ``1Gi`` = ``1024Mi``).
- Never unmanaged: objects outside the namespaces the manifests manage, cluster-scoped objects,
  objects with ``ownerReferences`` (their owner is the unit: a ReplicaSet and Pods of a declared
  Deployment, transitively), and what Kubernetes makes itself (the ``default`` ServiceAccount,
  ``kube-root-ca.crt``, service-account token Secrets, Endpoints, EndpointSlices, Events).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from iacgate.driftcheck.compare import ListKey, plain_equal
from iacgate.driftcheck.paths import DriftPath
from iacgate.live.coverage import EVERYWHERE
from iacgate.live.k8s.kinds import METADATA_ONLY_KINDS
from iacgate.model import k8s
from iacgate.model.resource import Resource
from iacgate.model.sensitive import LAST_APPLIED
from iacgate.normalize import kubernetes as k8s_normalize
from iacgate.sources.router import FileResult

SERVER_METADATA = frozenset(
    {
        "uid",
        "resourceVersion",
        "generation",
        "managedFields",
        "selfLink",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
    }
)
SERVER_ANNOTATIONS = frozenset(
    {
        LAST_APPLIED,
        "deployment.kubernetes.io/revision",
        "kubectl.kubernetes.io/restartedAt",
    }
)

_TCP = (("protocol", "TCP"),)
_NAMED = ListKey(("name",))
LIST_KEYS: dict[str, ListKey] = {
    "containers": _NAMED,
    "initContainers": _NAMED,
    "ephemeralContainers": _NAMED,
    "env": _NAMED,
    "volumes": _NAMED,
    "imagePullSecrets": _NAMED,
    "resourceClaims": _NAMED,
    "schedulingGates": _NAMED,
    "volumeMounts": ListKey(("mountPath",)),
    "volumeDevices": ListKey(("devicePath",)),
    "hostAliases": ListKey(("ip",)),
    "resizePolicy": ListKey(("resourceName",)),
    "topologySpreadConstraints": ListKey(("topologyKey", "whenUnsatisfiable")),
    "ownerReferences": ListKey(("uid",)),
    "tolerations": ListKey(
        ("key", "operator", "effect"), (("key", ""), ("operator", "Equal"), ("effect", ""))
    ),
}
CONTAINER_PORTS = ListKey(("containerPort", "protocol"), _TCP)
SERVICE_PORTS = ListKey(("port", "protocol"), _TCP)

# Where resource quantities live: their values compare as numbers.
QUANTITY_PARENTS = frozenset({"limits", "requests", "hard", "capacity", "overhead"})
QUANTITY_FIELDS = frozenset({"sizeLimit", "storage"})
_QUANTITY = re.compile(
    r"^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$"
)
_SUFFIX = {
    "Ki": Decimal(2**10),
    "Mi": Decimal(2**20),
    "Gi": Decimal(2**30),
    "Ti": Decimal(2**40),
    "Pi": Decimal(2**50),
    "Ei": Decimal(2**60),
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "k": Decimal("1e3"),
    "M": Decimal("1e6"),
    "G": Decimal("1e9"),
    "T": Decimal("1e12"),
    "P": Decimal("1e15"),
    "E": Decimal("1e18"),
}

SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
INJECTED_TOLERATIONS = frozenset({"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"})

# Client-side configuration that sits beside manifests but is never a cluster object.
CLIENT_SIDE_GROUPS = frozenset(
    {"kustomize.config.k8s.io", "config.kubernetes.io", "kpt.dev", "skaffold"}
)

# Kinds the API server or its controllers create on their own.
SYSTEM_KINDS = frozenset(
    {"k8s.core.endpoints", "k8s.discovery.endpoint_slice", "k8s.core.event", "k8s.events.event"}
)
SERVICE_ACCOUNT_TOKEN_ANNOTATION = "kubernetes.io/service-account.name"


def parse_quantity(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    found = _QUANTITY.match(value.strip())
    if not found:
        return None
    try:
        number = Decimal(found.group(1))
    except InvalidOperation:
        return None
    suffix = found.group(2)
    if not suffix:
        return number
    if suffix[0] in "eE" and len(suffix) > 1:
        return number * Decimal(10) ** int(suffix[1:])
    return number * _SUFFIX[suffix]


def _last_name(path: DriftPath) -> str | None:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return None


class KubernetesSemantics:
    def ignored(self, kind: str, path: DriftPath) -> bool:
        if not path:
            return False
        head = path[0]
        if head in ("status", "apiVersion", "kind"):
            return True
        if kind in METADATA_ONLY_KINDS and head != "metadata":
            return True  # only metadata is ever read for these
        if head == "metadata" and len(path) == 2 and path[1] in SERVER_METADATA:
            return True
        last = path[-1]
        if isinstance(last, str):
            if last.endswith("Timestamp"):
                return True
            if len(path) >= 2 and path[-2] == "annotations" and last in SERVER_ANNOTATIONS:
                return True
        return False

    def list_key(self, kind: str, path: DriftPath, items: Sequence[Any]) -> ListKey | None:
        name = path[-1] if path else None
        if name == "ports":
            sample = next((item for item in items if isinstance(item, Mapping)), None)
            if sample is not None and "containerPort" in sample:
                return CONTAINER_PORTS
            if sample is not None and "port" in sample and kind == "k8s.core.service":
                return SERVICE_PORTS
            return None
        return LIST_KEYS.get(name) if isinstance(name, str) else None

    def injected(self, kind: str, path: DriftPath, item: Any) -> bool:
        if not isinstance(item, Mapping):
            return False
        name = path[-1] if path else None
        if name == "volumes":
            return str(item.get("name", "")).startswith("kube-api-access-")
        if name == "volumeMounts":
            return item.get("mountPath") == SERVICE_ACCOUNT_MOUNT
        if name == "tolerations":
            return item.get("key") in INJECTED_TOLERATIONS and item.get("tolerationSeconds") == 300
        return False

    def added_keys(self, kind: str, path: DriftPath) -> bool:
        return False  # controllers, admission and other owners add fields the manifest omits

    def deferred(self, kind: str, path: DriftPath, declared: Any) -> bool:
        return False

    def same_scalar(self, kind: str, path: DriftPath, declared: Any, live: Any) -> bool:
        if plain_equal(declared, live):
            return True
        names = {part for part in path if isinstance(part, str)}
        if names & QUANTITY_PARENTS or _last_name(path) in QUANTITY_FIELDS:
            a, b = parse_quantity(declared), parse_quantity(live)
            return a is not None and a == b
        return False


class KubernetesProfile:
    provider = "k8s"
    semantics = KubernetesSemantics()

    def identity(self, resource: Resource) -> str:
        return resource.address

    def where(self, resource: Resource) -> str:
        namespace = _namespace(resource)
        return EVERYWHERE if namespace is None else namespace

    def account(self, resource: Resource) -> str | None:
        return None  # a cluster is one scope

    def unverifiable(self, resource: Resource) -> str | None:
        return None  # group/kind/namespace/name is always known from the manifest

    def declarable(self, resource: Resource) -> bool:
        if not resource.kind.startswith("k8s."):
            return False
        api_version = str(resource.get("apiVersion", ""))
        group = api_version.rpartition("/")[0]
        if group.split(".")[0] == "skaffold" or group in CLIENT_SIDE_GROUPS:
            return False
        return not (api_version == "v1" and resource.get("kind") == "Config")  # a kubeconfig

    def unmanaged(
        self,
        live: Sequence[Resource],
        declared: Sequence[Resource],
        matched: Mapping[str, Resource],
    ) -> list[Resource]:
        managed = managed_namespaces(declared)
        found: list[Resource] = []
        for resource in live:
            if resource.key in matched:
                continue
            namespace = _namespace(resource)
            if namespace is None or namespace not in managed:
                continue
            if made_by_kubernetes(resource) or owner_references(resource):
                continue
            found.append(resource)
        return found


def _namespace(resource: Resource) -> str | None:
    kind = str(resource.get("kind", ""))
    if kind in k8s.CLUSTER_SCOPED:
        return None
    return k8s.namespace_of(resource)


def managed_namespaces(declared: Sequence[Resource]) -> set[str]:
    """Namespaces the manifests put objects in, and Namespaces they declare."""
    found: set[str] = set()
    for resource in declared:
        if resource.kind == "k8s.core.namespace":
            found.add(k8s.name_of(resource))
        else:
            namespace = _namespace(resource)
            if namespace is not None:
                found.add(namespace)
    return found


def owner_references(resource: Resource) -> list[Mapping[str, Any]]:
    refs = resource.get(("metadata", "ownerReferences"))
    return [r for r in refs if isinstance(r, Mapping)] if isinstance(refs, list) else []


def made_by_kubernetes(resource: Resource) -> str | None:
    """Why Kubernetes (or a tool's bookkeeping) made this object itself, or None."""
    name = k8s.name_of(resource)
    if resource.kind in SYSTEM_KINDS:
        return "made by the API server"
    if resource.kind == "k8s.core.service_account" and name == "default":
        return "every namespace's default ServiceAccount"
    if resource.kind == "k8s.core.config_map" and name == "kube-root-ca.crt":
        return "the cluster CA bundle published in every namespace"
    if resource.kind == "k8s.core.secret":
        annotations = resource.get(("metadata", "annotations"))
        if isinstance(annotations, Mapping) and SERVICE_ACCOUNT_TOKEN_ANNOTATION in annotations:
            return "a service-account token"
        if resource.get("type") == "kubernetes.io/service-account-token":
            return "a service-account token"
        labels = k8s.labels_of(resource.get(("metadata", "labels")))
        if labels.get("owner") == "helm" and name.startswith("sh.helm.release.v1."):
            return "a Helm release record"
    return None


def apply_default_namespace(results: Sequence[FileResult], namespace: str) -> list[FileResult]:
    """Put namespaced objects whose manifest names no namespace where ``kubectl apply`` would:
    in ``namespace``. The span table tells whether ``metadata.namespace`` was written."""
    if namespace == "default":
        return list(results)
    out: list[FileResult] = []
    for result in results:
        moved = FileResult(
            result.file, diagnostics=result.diagnostics, recognised=result.recognised
        )
        for resource in result.resources:
            spans = result.spans.get(resource.key, {})
            kind = str(resource.get("kind", ""))
            if kind in k8s.CLUSTER_SCOPED or ("metadata", "namespace") in spans:
                moved.resources.append(resource)
                if resource.key in result.spans:
                    moved.spans[resource.key] = spans
                continue
            attributes = dict(resource.attributes)
            attributes["metadata"] = {**attributes["metadata"], "namespace": namespace}
            rebuilt = k8s_normalize.to_resource(
                attributes, scope=resource.scope, source=resource.source, file=resource.file
            )
            rebuilt = replace(rebuilt, origin=resource.origin)
            moved.resources.append(rebuilt)
            moved.spans[rebuilt.key] = spans
        out.append(moved)
    return out
