"""A cluster's stored objects, built from manifests the way a real API server stores them.

``FakeCluster.apply`` does what ``kubectl apply`` plus the API server and its controllers do to a
manifest: fill in the namespace, server fields (uid, resourceVersion, generation,
creationTimestamp, managedFields), the last-applied annotation, the defaults the API server sets
(``imagePullPolicy``, ``terminationMessagePath``, ``dnsPolicy``, ``restartPolicy``,
``schedulerName``, ``strategy``, ``revisionHistoryLimit``, Service cluster IPs ...), a
``status``; then the controllers: a ReplicaSet and Pods for every Deployment (Pods get the
service-account token volume and default tolerations the admission chain adds), Pods for
StatefulSets, DaemonSets and Jobs, a Job and its Pod for CronJobs, Endpoints and EndpointSlices
for Services, and in every Namespace the ``default`` ServiceAccount (with a legacy token
Secret) and the ``kube-root-ca.crt`` ConfigMap.

The values follow what a kind/kubeadm cluster of Kubernetes 1.29 returns; they are generated
so that fixtures stay small and readable instead of recorded megabytes.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NOW = "2024-05-01T10:00:00Z"
NODE = "kind-worker"
CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n"
    "-----END CERTIFICATE-----\n"
)
CA_DESCRIPTION = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters."
)


@dataclass(frozen=True)
class Api:
    group: str
    version: str
    resource: str
    namespaced: bool

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


# What the fake server serves: the collected kinds and some it holds but nobody asked for.
APIS: dict[str, Api] = {
    "Namespace": Api("", "v1", "namespaces", False),
    "Pod": Api("", "v1", "pods", True),
    "ReplicationController": Api("", "v1", "replicationcontrollers", True),
    "Service": Api("", "v1", "services", True),
    "ServiceAccount": Api("", "v1", "serviceaccounts", True),
    "ConfigMap": Api("", "v1", "configmaps", True),
    "Secret": Api("", "v1", "secrets", True),
    "Endpoints": Api("", "v1", "endpoints", True),
    "Event": Api("", "v1", "events", True),
    "Deployment": Api("apps", "v1", "deployments", True),
    "StatefulSet": Api("apps", "v1", "statefulsets", True),
    "DaemonSet": Api("apps", "v1", "daemonsets", True),
    "ReplicaSet": Api("apps", "v1", "replicasets", True),
    "Job": Api("batch", "v1", "jobs", True),
    "CronJob": Api("batch", "v1", "cronjobs", True),
    "Ingress": Api("networking.k8s.io", "v1", "ingresses", True),
    "NetworkPolicy": Api("networking.k8s.io", "v1", "networkpolicies", True),
    "EndpointSlice": Api("discovery.k8s.io", "v1", "endpointslices", True),
    "Role": Api("rbac.authorization.k8s.io", "v1", "roles", True),
    "ClusterRole": Api("rbac.authorization.k8s.io", "v1", "clusterroles", False),
    "RoleBinding": Api("rbac.authorization.k8s.io", "v1", "rolebindings", True),
    "ClusterRoleBinding": Api("rbac.authorization.k8s.io", "v1", "clusterrolebindings", False),
}
BY_RESOURCE = {(api.group, api.resource): kind for kind, api in APIS.items()}
WORKLOAD_TEMPLATE = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}


def _digest(value: Any) -> str:
    return hashlib.sha256(str(value).encode()).hexdigest()


def _suffix(seed: str, size: int = 5) -> str:
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:size])


def canonical_quantity(value: Any) -> str:
    """The API server's canonical form of a quantity (``0.25`` -> ``250m``, ``1`` -> ``1``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{round(value * 1000)}m"


def fields_v1(value: Any) -> dict[str, Any]:
    """The managedFields ``fieldsV1`` set of a value, as the API server encodes it."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out[f"f:{key}"] = fields_v1(item)
        return out
    if isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
        out = {}
        for item in value:
            for key_field in ("name", "mountPath", "containerPort", "port", "ip", "uid"):
                if key_field in item:
                    key = json.dumps({key_field: item[key_field]}, separators=(",", ":"))
                    out[f"k:{key}"] = {".": {}, **fields_v1(item)}
                    break
        return out
    return {}


class FakeCluster:
    """Stored objects by (group, resource) and (namespace, name)."""

    def __init__(self, version: int = 1000) -> None:
        self.store: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = {}
        self.resource_version = version
        self.ip = 10
        for name in ("default", "kube-system", "kube-public", "kube-node-lease"):
            self._namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})

    # -- reading ---------------------------------------------------------------------------

    def items(
        self, group: str, resource: str, namespace: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored objects in etcd key order (namespace, then name), as a list returns them."""
        bucket = self.store.get((group, resource), {})
        keys = sorted(k for k in bucket if namespace is None or k[0] == namespace)
        return [bucket[k] for k in keys]

    def get(self, kind: str, name: str, namespace: str = "") -> dict[str, Any]:
        api = APIS[kind]
        return self.store[(api.group, api.resource)][(namespace if api.namespaced else "", name)]

    def all_objects(self) -> Iterator[dict[str, Any]]:
        for bucket in self.store.values():
            yield from bucket.values()

    # -- writing ---------------------------------------------------------------------------

    def _next_version(self) -> str:
        self.resource_version += 1
        return str(self.resource_version)

    def _put(self, obj: dict[str, Any]) -> dict[str, Any]:
        api = APIS[obj["kind"]]
        namespace = obj["metadata"].get("namespace", "") if api.namespaced else ""
        self.store.setdefault((api.group, api.resource), {})[
            (namespace, obj["metadata"]["name"])
        ] = obj
        return obj

    def _server_fields(
        self, obj: dict[str, Any], manager: str, fields_from: dict[str, Any] | None = None
    ) -> None:
        kind = obj["kind"]
        api = APIS[kind]
        metadata = obj.setdefault("metadata", {})
        if api.namespaced:
            metadata.setdefault("namespace", "default")
        seed = f"{kind}/{metadata.get('namespace', '')}/{metadata['name']}"
        metadata["uid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
        metadata["resourceVersion"] = self._next_version()
        metadata["creationTimestamp"] = NOW
        if kind not in ("Namespace", "ServiceAccount", "ConfigMap", "Secret", "Endpoints", "Event"):
            metadata["generation"] = 1
        managed = {k: v for k, v in (fields_from or obj).items() if k not in ("apiVersion", "kind")}
        metadata["managedFields"] = [
            {
                "manager": manager,
                "operation": "Update",
                "apiVersion": api.api_version,
                "time": NOW,
                "fieldsType": "FieldsV1",
                "fieldsV1": fields_v1(managed),
            }
        ]

    def apply(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """``kubectl apply -f``: stores the object with the last-applied annotation."""
        body = copy.deepcopy(manifest)
        last_applied = json.dumps(manifest, separators=(",", ":"), sort_keys=True) + "\n"
        metadata = body.setdefault("metadata", {})
        metadata.setdefault("annotations", {})[
            "kubectl.kubernetes.io/last-applied-configuration"
        ] = last_applied
        return self.create(body, manager="kubectl-client-side-apply", declared=manifest)

    def apply_file(self, path: Path) -> list[dict[str, Any]]:
        return [self.apply(doc) for doc in yaml.safe_load_all(path.read_text()) if doc]

    def apply_dir(self, directory: Path) -> None:
        for path in sorted(directory.glob("*.yaml")):
            self.apply_file(path)

    def create(
        self,
        manifest: dict[str, Any],
        manager: str = "kubectl-create",
        declared: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An object created without apply (``kubectl create``, a controller)."""
        obj = copy.deepcopy(manifest)
        kind = obj["kind"]
        obj["apiVersion"] = APIS[kind].api_version
        self._server_fields(obj, manager, declared)
        handler = getattr(self, f"_default_{kind}", None)
        if handler is not None:
            handler(obj)
        stored = self._put(obj)
        controller = getattr(self, f"_control_{kind}", None)
        if controller is not None:
            controller(stored)
        return stored

    def edit(
        self, kind: str, name: str, namespace: str, change: Callable[[dict[str, Any]], None]
    ) -> dict[str, Any]:
        """``kubectl edit``: change the stored object; controllers react as they would."""
        obj = self.get(kind, name, namespace)
        before = copy.deepcopy(obj.get("spec"))
        change(obj)
        obj["metadata"]["resourceVersion"] = self._next_version()
        obj["metadata"]["managedFields"].append(
            {
                "manager": "kubectl-edit",
                "operation": "Update",
                "apiVersion": APIS[kind].api_version,
                "time": NOW,
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:spec": {}},
            }
        )
        if obj.get("spec") != before and "generation" in obj["metadata"]:
            obj["metadata"]["generation"] += 1
        if kind == "Deployment":
            self._control_Deployment(obj)
        return obj

    def delete(self, kind: str, name: str, namespace: str = "") -> None:
        """Delete with background cascading: everything owned, transitively, goes too."""
        obj = self.get(kind, name, namespace)
        doomed = {obj["metadata"]["uid"]}
        changed = True
        while changed:
            changed = False
            for item in list(self.all_objects()):
                uid = item["metadata"]["uid"]
                owners = {ref["uid"] for ref in item["metadata"].get("ownerReferences", [])}
                if uid not in doomed and owners & doomed:
                    doomed.add(uid)
                    changed = True
        for bucket in self.store.values():
            for key in [k for k, v in bucket.items() if v["metadata"]["uid"] in doomed]:
                del bucket[key]

    # -- defaults the API server applies ----------------------------------------------------

    @staticmethod
    def _default_container(container: dict[str, Any]) -> None:
        image = str(container.get("image", ""))
        tag = image.rsplit("/", 1)[-1]
        latest = "@" not in image and (":" not in tag or tag.endswith(":latest"))
        container.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
        container.setdefault("terminationMessagePath", "/dev/termination-log")
        container.setdefault("terminationMessagePolicy", "File")
        resources = container.setdefault("resources", {})
        for bucket in ("limits", "requests"):
            for name, value in (resources.get(bucket) or {}).items():
                resources[bucket][name] = canonical_quantity(value)
        for port in container.get("ports", []):
            port.setdefault("protocol", "TCP")

    def _default_pod_spec(self, spec: dict[str, Any]) -> None:
        spec.setdefault("restartPolicy", "Always")
        spec.setdefault("terminationGracePeriodSeconds", 30)
        spec.setdefault("dnsPolicy", "ClusterFirst")
        spec.setdefault("securityContext", {})
        spec.setdefault("schedulerName", "default-scheduler")
        for name in ("initContainers", "containers", "ephemeralContainers"):
            for container in spec.get(name, []):
                self._default_container(container)
        for volume in spec.get("volumes", []):
            for source in ("secret", "configMap"):
                if source in volume:
                    volume[source].setdefault("defaultMode", 420)

    def _default_template(self, template: dict[str, Any]) -> None:
        template.setdefault("metadata", {})["creationTimestamp"] = None
        self._default_pod_spec(template.setdefault("spec", {}))

    def _default_Pod(self, pod: dict[str, Any]) -> None:
        spec = pod["spec"]
        self._default_pod_spec(spec)
        account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
        spec["serviceAccountName"] = spec["serviceAccount"] = account
        spec.setdefault("nodeName", NODE)
        spec.setdefault("enableServiceLinks", True)
        spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
        spec.setdefault("priority", 0)
        spec.setdefault("tolerations", [])
        for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
            spec["tolerations"].append(
                {"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            )
        if spec.get("automountServiceAccountToken") is not False:
            volume = f"kube-api-access-{_suffix(pod['metadata']['uid'])}"
            spec.setdefault("volumes", []).append(
                {
                    "name": volume,
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {
                                "configMap": {
                                    "name": "kube-root-ca.crt",
                                    "items": [{"key": "ca.crt", "path": "ca.crt"}],
                                }
                            },
                        ],
                    },
                }
            )
            for container in spec.get("containers", []):
                container.setdefault("volumeMounts", []).append(
                    {
                        "name": volume,
                        "readOnly": True,
                        "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                    }
                )
        statuses = [
            {
                "name": c["name"],
                "image": c.get("image"),
                "imageID": f"docker.io/library/{c.get('image')}@sha256:{_digest(c.get('image'))}",
                "containerID": f"containerd://{_digest(pod['metadata']['uid'] + c['name'])}",
                "ready": True,
                "restartCount": 0,
                "started": True,
                "state": {"running": {"startedAt": NOW}},
                "lastState": {},
            }
            for c in spec.get("containers", [])
        ]
        pod["status"] = {
            "phase": "Running",
            "hostIP": "172.18.0.2",
            "podIP": f"10.244.0.{self._next_ip()}",
            "qosClass": "BestEffort",
            "startTime": NOW,
            "conditions": [
                {"type": t, "status": "True", "lastProbeTime": None, "lastTransitionTime": NOW}
                for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
            ],
            "containerStatuses": statuses,
        }

    def _next_ip(self) -> int:
        self.ip += 1
        return self.ip

    def _default_Deployment(self, obj: dict[str, Any]) -> None:
        spec = obj["spec"]
        spec.setdefault("replicas", 1)
        spec.setdefault(
            "strategy",
            {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
            },
        )
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        self._default_template(spec["template"])
        obj["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "1"
        replicas = spec["replicas"]
        obj["status"] = {
            "observedGeneration": 1,
            "replicas": replicas,
            "updatedReplicas": replicas,
            "readyReplicas": replicas,
            "availableReplicas": replicas,
            "conditions": [
                {
                    "type": "Available",
                    "status": "True",
                    "lastUpdateTime": NOW,
                    "lastTransitionTime": NOW,
                    "reason": "MinimumReplicasAvailable",
                    "message": "Deployment has minimum availability.",
                }
            ],
        }

    def _default_StatefulSet(self, obj: dict[str, Any]) -> None:
        spec = obj["spec"]
        spec.setdefault("replicas", 1)
        spec.setdefault("podManagementPolicy", "OrderedReady")
        spec.setdefault(
            "updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
        )
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault(
            "persistentVolumeClaimRetentionPolicy",
            {"whenDeleted": "Retain", "whenScaled": "Retain"},
        )
        self._default_template(spec["template"])
        obj["status"] = {
            "observedGeneration": 1,
            "replicas": spec["replicas"],
            "availableReplicas": spec["replicas"],
        }

    def _default_DaemonSet(self, obj: dict[str, Any]) -> None:
        spec = obj["spec"]
        spec.setdefault(
            "updateStrategy",
            {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
        )
        spec.setdefault("revisionHistoryLimit", 10)
        self._default_template(spec["template"])
        obj["status"] = {"currentNumberScheduled": 1, "desiredNumberScheduled": 1, "numberReady": 1}

    def _default_ReplicaSet(self, obj: dict[str, Any]) -> None:
        obj["spec"].setdefault("replicas", 1)
        self._default_template(obj["spec"]["template"])
        obj["status"] = {"replicas": obj["spec"]["replicas"], "observedGeneration": 1}

    def _default_ReplicationController(self, obj: dict[str, Any]) -> None:
        obj["spec"].setdefault("replicas", 1)
        self._default_template(obj["spec"]["template"])
        obj["status"] = {"replicas": obj["spec"]["replicas"]}

    def _default_job_spec(self, spec: dict[str, Any], uid: str | None) -> None:
        spec.setdefault("parallelism", 1)
        spec.setdefault("completions", 1)
        spec.setdefault("backoffLimit", 6)
        spec.setdefault("completionMode", "NonIndexed")
        spec.setdefault("suspend", False)
        spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
        self._default_template(spec["template"])
        if uid is not None:
            labels = {"batch.kubernetes.io/controller-uid": uid, "controller-uid": uid}
            spec.setdefault(
                "selector", {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
            )
            spec["template"]["metadata"].setdefault("labels", {}).update(labels)

    def _default_Job(self, obj: dict[str, Any]) -> None:
        self._default_job_spec(obj["spec"], obj["metadata"]["uid"])
        obj["status"] = {"startTime": NOW, "active": 1, "ready": 1}

    def _default_CronJob(self, obj: dict[str, Any]) -> None:
        spec = obj["spec"]
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        job = spec["jobTemplate"].setdefault("spec", {})
        spec["jobTemplate"].setdefault("metadata", {})["creationTimestamp"] = None
        self._default_job_spec(job, None)
        obj["status"] = {"lastScheduleTime": NOW}

    def _default_Service(self, obj: dict[str, Any]) -> None:
        spec = obj.setdefault("spec", {})
        spec.setdefault("type", "ClusterIP")
        address = f"10.96.{self._next_ip()}.{self._next_ip()}"
        spec.setdefault("clusterIP", address)
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("sessionAffinity", "None")
        spec.setdefault("internalTrafficPolicy", "Cluster")
        for index, port in enumerate(spec.get("ports", [])):
            port.setdefault("protocol", "TCP")
            port.setdefault("targetPort", port["port"])
            if spec["type"] in ("NodePort", "LoadBalancer"):
                port.setdefault("nodePort", 30000 + self._next_ip() + index)
        obj["status"] = {"loadBalancer": {}}

    def _default_Ingress(self, obj: dict[str, Any]) -> None:
        obj["status"] = {"loadBalancer": {}}

    def _default_NetworkPolicy(self, obj: dict[str, Any]) -> None:
        spec = obj.setdefault("spec", {})
        types = ["Ingress"] + (["Egress"] if "egress" in spec else [])
        spec.setdefault("policyTypes", types)

    def _default_Secret(self, obj: dict[str, Any]) -> None:
        obj.setdefault("type", "Opaque")
        plain = obj.pop("stringData", None) or {}
        data = obj.setdefault("data", {})
        for key, value in plain.items():
            data[key] = base64.b64encode(str(value).encode()).decode()

    def _default_binding(self, obj: dict[str, Any]) -> None:
        for subject in obj.get("subjects", []):
            if subject.get("kind") in ("User", "Group"):
                subject.setdefault("apiGroup", "rbac.authorization.k8s.io")

    _default_RoleBinding = _default_binding
    _default_ClusterRoleBinding = _default_binding

    def _namespace(self, manifest: dict[str, Any]) -> dict[str, Any]:
        return self.create(manifest, manager="kubectl-create")

    def _default_Namespace(self, obj: dict[str, Any]) -> None:
        name = obj["metadata"]["name"]
        obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = name
        obj["spec"] = {"finalizers": ["kubernetes"]}
        obj["status"] = {"phase": "Active"}

    # -- controllers --------------------------------------------------------------------------

    @staticmethod
    def _owner(obj: dict[str, Any]) -> dict[str, Any]:
        return {
            "apiVersion": obj["apiVersion"],
            "kind": obj["kind"],
            "name": obj["metadata"]["name"],
            "uid": obj["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }

    def _pod_from(
        self, owner: dict[str, Any], template: dict[str, Any], name: str, labels: dict[str, str]
    ) -> None:
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": name,
                "namespace": owner["metadata"]["namespace"],
                "labels": {**template.get("metadata", {}).get("labels", {}), **labels},
                "ownerReferences": [self._owner(owner)],
            },
            "spec": copy.deepcopy(template["spec"]),
        }
        if template.get("metadata", {}).get("annotations"):
            pod["metadata"]["annotations"] = dict(template["metadata"]["annotations"])
        self.create(pod, manager="kube-controller-manager")

    def _control_Namespace(self, obj: dict[str, Any]) -> None:
        name = obj["metadata"]["name"]
        self.create(
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {"name": "default", "namespace": name},
            },
            manager="kube-controller-manager",
        )
        account = self.get("ServiceAccount", "default", name)
        token = {
            "apiVersion": "v1",
            "kind": "Secret",
            "type": "kubernetes.io/service-account-token",
            "metadata": {
                "name": f"default-token-{_suffix(name)}",
                "namespace": name,
                "annotations": {
                    "kubernetes.io/service-account.name": "default",
                    "kubernetes.io/service-account.uid": account["metadata"]["uid"],
                },
            },
            "data": {
                "ca.crt": base64.b64encode(CA_PEM.encode()).decode(),
                "namespace": base64.b64encode(name.encode()).decode(),
                "token": base64.b64encode(
                    f"eyJhbGciOiJSUzI1NiJ9.token-of-{name}".encode()
                ).decode(),
            },
        }
        self.create(token, manager="kube-controller-manager")
        self.create(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {
                    "name": "kube-root-ca.crt",
                    "namespace": name,
                    "annotations": {"kubernetes.io/description": CA_DESCRIPTION},
                },
                "data": {"ca.crt": CA_PEM},
            },
            manager="kube-controller-manager",
        )

    def _control_Deployment(self, obj: dict[str, Any]) -> None:
        template = obj["spec"]["template"]
        template_hash = _suffix(json.dumps(template, sort_keys=True), 10)
        namespace = obj["metadata"]["namespace"]
        rs_name = f"{obj['metadata']['name']}-{template_hash}"
        # A new template scales the previous ReplicaSet down and its Pods away.
        for rs in self.items("apps", "replicasets", namespace):
            owners = {r["uid"] for r in rs["metadata"].get("ownerReferences", [])}
            if obj["metadata"]["uid"] in owners and rs["metadata"]["name"] != rs_name:
                rs["spec"]["replicas"] = 0
                for pod in self.items("", "pods", namespace):
                    if rs["metadata"]["uid"] in {
                        r["uid"] for r in pod["metadata"].get("ownerReferences", [])
                    }:
                        del self.store[("", "pods")][(namespace, pod["metadata"]["name"])]
        if (namespace, rs_name) in self.store.get(("apps", "replicasets"), {}):
            return
        labels = {"pod-template-hash": template_hash}
        rs_template = copy.deepcopy(template)
        rs_template.setdefault("metadata", {}).setdefault("labels", {}).update(labels)
        selector = copy.deepcopy(obj["spec"]["selector"])
        selector.setdefault("matchLabels", {}).update(labels)
        replicas = obj["spec"]["replicas"]
        rs = self.create(
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "name": rs_name,
                    "namespace": namespace,
                    "labels": rs_template["metadata"]["labels"],
                    "annotations": {
                        "deployment.kubernetes.io/desired-replicas": str(replicas),
                        "deployment.kubernetes.io/max-replicas": str(replicas + 1),
                        "deployment.kubernetes.io/revision": "1",
                    },
                    "ownerReferences": [self._owner(obj)],
                },
                "spec": {"replicas": replicas, "selector": selector, "template": rs_template},
            },
            manager="kube-controller-manager",
        )
        for index in range(replicas):
            self._pod_from(rs, rs_template, f"{rs_name}-{_suffix(rs_name + str(index))}", {})

    def _control_StatefulSet(self, obj: dict[str, Any]) -> None:
        template = json.dumps(obj["spec"]["template"], sort_keys=True)
        revision = f"{obj['metadata']['name']}-{_suffix(template, 10)}"
        for index in range(obj["spec"]["replicas"]):
            name = f"{obj['metadata']['name']}-{index}"
            self._pod_from(
                obj,
                obj["spec"]["template"],
                name,
                {"controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": name},
            )

    def _control_DaemonSet(self, obj: dict[str, Any]) -> None:
        name = f"{obj['metadata']['name']}-{_suffix(obj['metadata']['uid'])}"
        self._pod_from(obj, obj["spec"]["template"], name, {"pod-template-generation": "1"})

    def _control_Job(self, obj: dict[str, Any]) -> None:
        name = f"{obj['metadata']['name']}-{_suffix(obj['metadata']['uid'])}"
        self._pod_from(
            obj,
            obj["spec"]["template"],
            name,
            {
                "batch.kubernetes.io/job-name": obj["metadata"]["name"],
                "job-name": obj["metadata"]["name"],
            },
        )

    def _control_CronJob(self, obj: dict[str, Any]) -> None:
        template = obj["spec"]["jobTemplate"]
        job = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": f"{obj['metadata']['name']}-28573980",
                "namespace": obj["metadata"]["namespace"],
                "labels": dict(template.get("metadata", {}).get("labels") or {}),
                "ownerReferences": [self._owner(obj)],
            },
            "spec": copy.deepcopy(template["spec"]),
        }
        job["spec"].pop("selector", None)
        self.create(job, manager="kube-controller-manager")

    def _control_Service(self, obj: dict[str, Any]) -> None:
        selector = obj["spec"].get("selector")
        if not selector:
            return
        namespace, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        pods = [
            p
            for p in self.items("", "pods", namespace)
            if all(p["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())
        ]
        addresses = [
            {
                "ip": p["status"]["podIP"],
                "nodeName": NODE,
                "targetRef": {
                    "kind": "Pod",
                    "name": p["metadata"]["name"],
                    "namespace": namespace,
                    "uid": p["metadata"]["uid"],
                },
            }
            for p in pods
        ]
        ports = [
            {
                "name": p.get("name", ""),
                "port": p["targetPort"] if isinstance(p["targetPort"], int) else p["port"],
                "protocol": p["protocol"],
            }
            for p in obj["spec"].get("ports", [])
        ]
        self.create(
            {
                "apiVersion": "v1",
                "kind": "Endpoints",
                "metadata": {
                    "name": name,
                    "namespace": namespace,
                    "labels": {"endpoints.kubernetes.io/managed-by": "endpoint-controller"},
                },
                "subsets": [{"addresses": addresses, "ports": ports}] if addresses else [],
            },
            manager="kube-controller-manager",
        )
        self.create(
            {
                "apiVersion": "discovery.k8s.io/v1",
                "kind": "EndpointSlice",
                "metadata": {
                    "name": f"{name}-{_suffix(name)}",
                    "namespace": namespace,
                    "labels": {
                        "kubernetes.io/service-name": name,
                        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                    },
                    "ownerReferences": [{**self._owner(obj), "blockOwnerDeletion": True}],
                },
                "addressType": "IPv4",
                "endpoints": [
                    {"addresses": [a["ip"]], "conditions": {"ready": True}} for a in addresses
                ],
                "ports": ports,
            },
            manager="kube-controller-manager",
        )

    def event(self, namespace: str, about: dict[str, Any], reason: str) -> None:
        name = f"{about['metadata']['name']}.{_suffix(reason, 16)}"
        self.create(
            {
                "apiVersion": "v1",
                "kind": "Event",
                "metadata": {"name": name, "namespace": namespace},
                "involvedObject": {
                    "kind": about["kind"],
                    "name": about["metadata"]["name"],
                    "namespace": namespace,
                    "uid": about["metadata"]["uid"],
                },
                "reason": reason,
                "message": f"{reason} {about['metadata']['name']}",
                "type": "Normal",
                "firstTimestamp": NOW,
                "lastTimestamp": NOW,
                "count": 1,
            },
            manager="kubelet",
        )


def system_components(cluster: FakeCluster) -> None:
    """What a fresh kind cluster runs in kube-system, and its cluster-wide RBAC."""
    cluster.create(
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {
                "name": "kube-proxy",
                "namespace": "kube-system",
                "labels": {"k8s-app": "kube-proxy"},
            },
            "spec": {
                "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                "template": {
                    "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                    "spec": {
                        "hostNetwork": True,
                        "priorityClassName": "system-node-critical",
                        "serviceAccountName": "kube-proxy",
                        "containers": [
                            {
                                "name": "kube-proxy",
                                "image": "registry.k8s.io/kube-proxy:v1.29.2",
                                "command": [
                                    "/usr/local/bin/kube-proxy",
                                    "--config=/var/lib/kube-proxy/config.conf",
                                    "--hostname-override=$(NODE_NAME)",
                                ],
                                "securityContext": {"privileged": True},
                                "volumeMounts": [
                                    {
                                        "name": "lib-modules",
                                        "mountPath": "/lib/modules",
                                        "readOnly": True,
                                    }
                                ],
                            }
                        ],
                        "volumes": [
                            {
                                "name": "lib-modules",
                                "hostPath": {"path": "/lib/modules", "type": ""},
                            }
                        ],
                    },
                },
            },
        },
        manager="kubeadm",
    )
    cluster.create(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {
                "name": "cluster-admin",
                "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
                "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"},
            },
            "rules": [
                {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                {"nonResourceURLs": ["*"], "verbs": ["*"]},
            ],
        },
        manager="kube-apiserver",
    )
    cluster.create(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {
                "name": "cluster-admin",
                "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
            },
            "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "ClusterRole",
                "name": "cluster-admin",
            },
            "subjects": [
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}
            ],
        },
        manager="kube-apiserver",
    )
