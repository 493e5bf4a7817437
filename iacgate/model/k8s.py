"""Kubernetes vocabulary: canonical kind names, addresses, and where each workload keeps its pod.

Every workload kind keeps a pod template at a different depth (a Pod at ``spec``, a Deployment at
``spec.template.spec``, a CronJob one level deeper). Rules reach containers through
:func:`containers` and :func:`pod_spec` so that one rule covers every workload kind and reports
the real attribute path of the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model.memo import per_resource
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.values import Value

_TEMPLATE: AttrPath = ("spec", "template")
POD_TEMPLATE_PATHS: dict[str, AttrPath | None] = {
    "k8s.core.pod": None,  # a Pod is its own template
    "k8s.core.replication_controller": _TEMPLATE,
    "k8s.apps.deployment": _TEMPLATE,
    "k8s.apps.stateful_set": _TEMPLATE,
    "k8s.apps.daemon_set": _TEMPLATE,
    "k8s.apps.replica_set": _TEMPLATE,
    "k8s.batch.job": _TEMPLATE,
    "k8s.batch.cron_job": ("spec", "jobTemplate", "spec", "template"),
}
# Objects of any other kind that carry a pod template where the built-in kinds keep theirs (a
# Knative Service or Configuration, an Argo Rollout, a custom resource with
# ``spec.template.spec.containers`` or a job template): the graph lists them under this kind
# too, so every workload rule judges them (see :func:`discovered_template`).
POD_TEMPLATE_CARRIER = "k8s.any.pod_template"
WORKLOAD_KINDS: tuple[str, ...] = (*POD_TEMPLATE_PATHS, POD_TEMPLATE_CARRIER)
_DISCOVERED: tuple[AttrPath, ...] = (_TEMPLATE, ("spec", "jobTemplate", "spec", "template"))

CLUSTER_SCOPED = frozenset(
    {
        "APIService",
        "CSIDriver",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "EncryptionConfiguration",  # the API server's configuration file, not a namespaced object
        "IngressClass",
        "KubeletConfiguration",  # a node's configuration file, not a namespaced object
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "RuntimeClass",
        "StorageClass",
        "ValidatingWebhookConfiguration",
    }
)

# API groups whose canonical short name is not their first DNS label, and legacy groups that
# served kinds which now live elsewhere.
_GROUP_ALIASES = {"": "core", "rbac.authorization.k8s.io": "rbac"}
_LEGACY_KIND_GROUPS = {
    ("extensions", "Deployment"): "apps",
    ("extensions", "DaemonSet"): "apps",
    ("extensions", "ReplicaSet"): "apps",
    ("extensions", "Ingress"): "networking.k8s.io",
    ("extensions", "NetworkPolicy"): "networking.k8s.io",
    ("apps", "Ingress"): "networking.k8s.io",
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def api_group(api_version: str, kind: str) -> str:
    """The API group of ``apiVersion``, with legacy groups mapped to where the kind lives now."""
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    return _LEGACY_KIND_GROUPS.get((group, kind), group)


def canonical_kind(api_version: str, kind: str) -> str:
    group = api_group(api_version, kind)
    short = _GROUP_ALIASES.get(group, group.split(".")[0])
    return f"k8s.{short}.{_CAMEL.sub('_', kind).lower()}"


def address(api_version: str, kind: str, name: str, namespace: str | None) -> str:
    group = api_group(api_version, kind) or "core"
    if namespace is None:
        return f"{group}/{kind}/{name}"
    return f"{group}/{kind}/{namespace}/{name}"


def object_namespace(kind: str, metadata: Mapping[str, Value]) -> str | None:
    """Where the API server puts an object: None for cluster-scoped kinds, the namespace
    written, else ``default``."""
    if kind in CLUSTER_SCOPED:
        return None
    namespace = metadata.get("namespace")
    return namespace if isinstance(namespace, str) else "default"


def object_address(body: Mapping[str, Value]) -> str:
    """The address of an object as written (manifest or API): ``group/Kind/namespace/name``."""
    kind = str(body.get("kind", ""))
    metadata = body.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    name = metadata.get("name") or metadata.get("generateName") or "<unnamed>"
    return address(str(body["apiVersion"]), kind, str(name), object_namespace(kind, metadata))


def discovered_template(resource: Resource) -> AttrPath | None:
    """Where an object of another kind keeps a pod template (``spec.template`` or a job
    template's), found by its shape: a ``spec`` with a list of ``containers``."""
    if not resource.kind.startswith("k8s.") or resource.kind in POD_TEMPLATE_PATHS:
        return None
    for path in _DISCOVERED:
        containers = resource.get((*path, "spec", "containers"))
        if isinstance(containers, list) and containers:
            return path
    return None


def pod_template_path(resource: Resource) -> AttrPath | None:
    """Path to the pod template (metadata + spec); ``()`` for a Pod; None for non-workloads."""
    if resource.kind not in POD_TEMPLATE_PATHS:
        return discovered_template(resource)
    return POD_TEMPLATE_PATHS[resource.kind] or ()


def pod_spec(resource: Resource) -> tuple[AttrPath, Mapping[str, Value]] | None:
    """The pod spec of a workload and its path, or None when the resource is no workload."""
    template = pod_template_path(resource)
    if template is None:
        return None
    path = (*template, "spec")
    spec = resource.get(path)
    return path, spec if isinstance(spec, Mapping) else {}


def pod_metadata(resource: Resource) -> tuple[AttrPath, Mapping[str, Value]] | None:
    template = pod_template_path(resource)
    if template is None:
        return None
    path = (*template, "metadata")
    meta = resource.get(path)
    return path, meta if isinstance(meta, Mapping) else {}


@dataclass(frozen=True, slots=True)
class ContainerRef:
    """A container of a workload: its spec, its attribute path, and which list it sits in."""

    path: AttrPath
    spec: Mapping[str, Any]
    list_name: str  # "containers", "initContainers" or "ephemeralContainers"

    @property
    def name(self) -> str:
        return str(self.spec.get("name", "?"))


CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


@per_resource
def containers(
    resource: Resource, lists: tuple[str, ...] = CONTAINER_LISTS
) -> tuple[ContainerRef, ...]:
    """Every container of a workload (init and ephemeral ones included by default); kept per
    workload (``memo.py``): every workload rule asks."""
    found = pod_spec(resource)
    refs: list[ContainerRef] = []
    if found is not None:
        path, spec = found
        for list_name in lists:
            items = spec.get(list_name)
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, Mapping):
                    refs.append(ContainerRef((*path, list_name, index), item, list_name))
    return tuple(refs)


def namespace_of(resource: Resource) -> str | None:
    metadata = resource.get("metadata")
    if not isinstance(metadata, Mapping):
        return None
    namespace = metadata.get("namespace")
    return namespace if isinstance(namespace, str) else None


def name_of(resource: Resource) -> str:
    return str(resource.get(("metadata", "name"), ""))


def labels_of(value: Value) -> dict[str, str]:
    """A label map as ``str -> str``; anything malformed counts as no labels."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


# Annotations by which cloud controllers create an internal (VPC-only) load balancer.
INTERNAL_LB_ANNOTATIONS: dict[str, frozenset[str]] = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": frozenset({"true", "0.0.0.0/0"}),
    "service.beta.kubernetes.io/aws-load-balancer-scheme": frozenset({"internal"}),
    "service.beta.kubernetes.io/azure-load-balancer-internal": frozenset({"true"}),
    "networking.gke.io/load-balancer-type": frozenset({"Internal", "internal"}),
    "cloud.google.com/load-balancer-type": frozenset({"Internal", "internal"}),
    "service.beta.kubernetes.io/oci-load-balancer-internal": frozenset({"true"}),
    "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": frozenset({"private"}),
    # The AWS Load Balancer Controller's Ingress annotation.
    "alb.ingress.kubernetes.io/scheme": frozenset({"internal"}),
}


def internal_load_balancer(resource: Resource) -> bool:
    """A Service or Ingress annotated for an internal (VPC-only) load balancer."""
    annotations = resource.get(("metadata", "annotations"))
    if not isinstance(annotations, Mapping):
        return False
    return any(
        str(annotations.get(key, "")) in values for key, values in INTERNAL_LB_ANNOTATIONS.items()
    )
