"""Isolation between a pod and its node, between containers, and the admission that enforces it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import mapping, pod_of

WORKLOADS = k8s.WORKLOAD_KINDS
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"

# Host paths whose mount hands the node to the pod: container runtime sockets (start a
# privileged container on the node) and the places that hold the node's credentials or its
# whole filesystem. A mount of a directory above one of these exposes it too.
RUNTIME_SOCKETS = frozenset(
    {
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/var/run/containerd/containerd.sock",
        "/run/containerd/containerd.sock",
        "/var/run/crio/crio.sock",
        "/run/crio/crio.sock",
        "/var/run/cri-dockerd.sock",
        "/run/cri-dockerd.sock",
        "/run/k3s/containerd/containerd.sock",
        "/var/run/podman/podman.sock",
        "/run/podman/podman.sock",
    }
)
RUNTIME_STATE = "container runtime state (every container's filesystem)"
SENSITIVE_DIRECTORIES: dict[str, str] = {
    "/": "the node's whole filesystem",
    "/etc": "the node's configuration and credentials",
    "/etc/kubernetes": "the node's Kubernetes credentials",
    "/root": "root's home directory (keys and credentials)",
    "/home": "users' home directories (keys and credentials)",
    "/proc": "the node's processes",
    "/boot": "the node's kernel and boot loader",
    "/var/lib/kubelet": "the kubelet's credentials and every pod's volumes",
    "/var/lib/etcd": "etcd's data: every object of the cluster",
    "/var/lib/docker": RUNTIME_STATE,
    "/var/lib/containerd": RUNTIME_STATE,
}
# Below these, credentials: a mount of any subdirectory counts.
CREDENTIAL_TREES = ("/etc/kubernetes/", "/var/lib/kubelet/", "/var/lib/etcd/")
# Namespaces whose system pods need the privileged profile (kube-proxy, CNI, CSI drivers).
SYSTEM_NAMESPACES = frozenset({"kube-system"})
PSA_ENFORCE = "pod-security.kubernetes.io/enforce"


def _sensitive(path: str) -> str | None:
    """What mounting ``path`` exposes, or None."""
    normal = "/" + posixpath.normpath("/" + path).lstrip("/")  # normpath keeps a leading "//"
    if normal in RUNTIME_SOCKETS:
        return "the container runtime socket"
    if normal in SENSITIVE_DIRECTORIES:
        return SENSITIVE_DIRECTORIES[normal]
    if any(socket.startswith(normal.rstrip("/") + "/") for socket in RUNTIME_SOCKETS):
        return "a directory holding the container runtime socket"
    for tree in CREDENTIAL_TREES:
        if normal.startswith(tree):
            return SENSITIVE_DIRECTORIES[tree.rstrip("/")]
    return None


@rule(
    code="K8S-077",
    name="sensitive-host-path-mounted",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["5.2.12"], NSA: ["pod-security-enforcement"]},
    tags=["isolation"],
)
def sensitive_host_path_mounted(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """A pod mounts the container runtime socket or a sensitive host directory.

    What it checks
        ``hostPath`` volumes of the host's root, ``/etc``, ``/root``, ``/home``, ``/proc``,
        ``/boot``, the kubelet's, etcd's and the runtimes' state directories, ``/run`` and
        ``/var/run``, and the Docker, containerd, CRI-O, cri-dockerd and Podman sockets (or a
        directory above one). Any ``hostPath`` is K8S-007's finding; these are the ones that
        hand over the node.
    Why it matters
        The runtime socket starts a privileged container on the node; the kubelet's and
        etcd's directories hold credentials that reach the whole cluster; the root, ``/etc``
        or ``/proc`` are the node itself. Read-only does not help much: reading credentials is
        enough.
    How to fix
        Remove the volume. Node agents that need such access belong in a dedicated,
        restricted namespace, reviewed one by one.
    """
    pod = pod_of(workload)
    if pod is None:
        return
    volumes = pod.spec.get("volumes")
    if not isinstance(volumes, list):
        return
    for index, volume in enumerate(volumes):
        host = mapping(mapping(volume).get("hostPath"))
        path = host.get("path")
        if not isinstance(path, str):
            continue
        exposed = _sensitive(path)
        if exposed:
            yield fail(
                f"volume {mapping(volume).get('name')!r} mounts {path} ({exposed})",
                (*pod.spec_path, "volumes", index, "hostPath", "path"),
            )


@rule(
    code="K8S-078",
    name="process-namespace-shared",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={NSA: ["hardening-container-environments"]},
    tags=["isolation"],
)
def process_namespace_shared(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers of a pod share one process namespace.

    What it checks
        ``shareProcessNamespace: true`` in the pod spec.
    Why it matters
        Every container then sees, signals and can trace the others' processes, and reads
        their environment and filesystem through ``/proc/<pid>/root``: a sidecar compromise
        reaches the application's secrets.
    How to fix
        Remove ``shareProcessNamespace``; debug with ephemeral containers
        (``kubectl debug --target``) instead.
    """
    pod = pod_of(workload)
    if pod is not None and pod.spec.get("shareProcessNamespace") is True:
        yield fail(
            "containers share one process namespace", (*pod.spec_path, "shareProcessNamespace")
        )


@rule(
    code="K8S-079",
    name="namespace-without-pod-security-admission",
    kind="k8s.core.namespace",
    severity=Severity.LOW,
    frameworks={CIS: ["5.2.1"], NSA: ["pod-security-enforcement"]},
    tags=["isolation"],
)
def namespace_without_pod_security_admission(
    namespace: Resource, ctx: Context
) -> Iterator[Verdict]:
    """A namespace enforces no Pod Security Standard.

    What it checks
        Namespaces without the ``pod-security.kubernetes.io/enforce`` label, or with it set
        to ``privileged`` (``kube-system`` is exempt: its node agents need it). Clusters that
        enforce policies with another admission controller (Kyverno, Gatekeeper) can accept
        this finding.
    Why it matters
        Pod Security admission is the built-in control that refuses privileged pods, host
        namespaces and ``hostPath`` volumes; without an enforced level, whoever can create a
        pod in the namespace can take over its node.
    How to fix
        Label the namespace with the strictest level its workloads allow::

            metadata:
              labels:
                pod-security.kubernetes.io/enforce: restricted
    """
    name = k8s.name_of(namespace)
    if name in SYSTEM_NAMESPACES:
        return
    labels = k8s.labels_of(namespace.get(("metadata", "labels")))
    level = labels.get(PSA_ENFORCE)
    if level is None:
        yield fail(f"namespace {name!r} enforces no Pod Security level", ("metadata", "name"))
    elif level == "privileged":
        yield fail(
            f"namespace {name!r} enforces the privileged Pod Security level (no restriction)",
            ("metadata", "labels", PSA_ENFORCE),
        )
