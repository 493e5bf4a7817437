"""Pod Security Standards controls evaluated on every workload kind and container list."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.model import k8s
from iacgate.model.resource import Resource
from iacgate.rules import Context, Severity, Verdict, fail, rule

WORKLOADS = k8s.WORKLOAD_KINDS

# Capabilities the Baseline profile allows a container to add.
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)


def _security_context(container: k8s.ContainerRef) -> Mapping[str, Any]:
    context = container.spec.get("securityContext")
    return context if isinstance(context, Mapping) else {}


def _pod_security_context(resource: Resource) -> tuple[tuple[str | int, ...], Mapping[str, Any]]:
    found = k8s.pod_spec(resource)
    if found is None:
        return (), {}
    path, spec = found
    context = spec.get("securityContext")
    return (*path, "securityContext"), context if isinstance(context, Mapping) else {}


def _capabilities(container: k8s.ContainerRef, which: str) -> list[str]:
    caps = _security_context(container).get("capabilities")
    values = caps.get(which) if isinstance(caps, Mapping) else None
    return [str(v).upper().removeprefix("CAP_") for v in values] if isinstance(values, list) else []


@rule(
    code="K8S-001",
    name="privileged-container",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    frameworks={"k8s-pss": ["baseline/privileged-containers"], "cis-k8s-1.8": ["5.2.2"]},
    tags=["pss-baseline"],
)
def privileged_container(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers run privileged.

    What it checks
        Every container, init container and ephemeral container of the workload for
        ``securityContext.privileged: true``.
    Why it matters
        A privileged container has every capability and all host devices: it is root on the
        node, and a compromise of the container is a compromise of the node.
    How to fix
        Remove ``privileged: true`` (the default is false) and grant the single capability the
        process needs instead::

            securityContext:
              privileged: false
              capabilities:
                add: ["NET_BIND_SERVICE"]
    """
    for container in k8s.containers(workload):
        if _security_context(container).get("privileged") is True:
            yield fail(
                f"container {container.name!r} runs privileged",
                (*container.path, "securityContext", "privileged"),
            )


@rule(
    code="K8S-002",
    name="host-namespace-shared",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={
        "k8s-pss": ["baseline/host-namespaces"],
        "cis-k8s-1.8": ["5.2.3", "5.2.4", "5.2.5"],
    },
    tags=["pss-baseline"],
)
def host_namespace_shared(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods share the host's network, PID or IPC namespace.

    What it checks
        ``hostNetwork``, ``hostPID`` and ``hostIPC`` in the pod spec.
    Why it matters
        Sharing host namespaces lets the pod see and reach host processes, sniff host traffic
        and bypass network policies.
    How to fix
        Remove ``hostNetwork``, ``hostPID`` and ``hostIPC`` from the pod spec (all default to
        false).
    """
    found = k8s.pod_spec(workload)
    if found is None:
        return
    path, spec = found
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(field) is True:
            yield fail(f"pod sets {field}: true", (*path, field))


@rule(
    code="K8S-003",
    name="privilege-escalation-allowed",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={"k8s-pss": ["restricted/privilege-escalation"], "cis-k8s-1.8": ["5.2.6"]},
    tags=["pss-restricted"],
)
def privilege_escalation_allowed(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers may gain more privileges than their parent process.

    What it checks
        That every container sets ``securityContext.allowPrivilegeEscalation: false``.
    Why it matters
        Unless it is explicitly false, a process can gain privileges through setuid binaries
        or file capabilities (``no_new_privs`` is not set).
    How to fix
        Set it on every container::

            securityContext:
              allowPrivilegeEscalation: false
    """
    for container in k8s.containers(workload):
        value = _security_context(container).get("allowPrivilegeEscalation")
        if value is not False:
            where = (
                (*container.path, "securityContext", "allowPrivilegeEscalation")
                if value is not None
                else container.path
            )
            yield fail(
                f"container {container.name!r} does not set allowPrivilegeEscalation: false",
                where,
            )


@rule(
    code="K8S-004",
    name="container-may-run-as-root",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={"k8s-pss": ["restricted/running-as-non-root"], "cis-k8s-1.8": ["5.2.7"]},
    tags=["pss-restricted"],
)
def container_may_run_as_root(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers are not required to run as a non-root user.

    What it checks
        That ``runAsNonRoot: true`` is set on the pod or on every container, and that no
        container (or the pod) sets ``runAsUser: 0``.
    Why it matters
        A process running as root inside a container is one kernel bug or one mounted socket
        away from root on the node.
    How to fix
        Require a non-root user at pod level::

            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 10001
    """
    pod_path, pod_context = _pod_security_context(workload)
    pod_non_root = pod_context.get("runAsNonRoot")
    if pod_context.get("runAsUser") == 0:
        yield fail("pod sets runAsUser: 0 (root)", (*pod_path, "runAsUser"))
    for container in k8s.containers(workload):
        context = _security_context(container)
        if context.get("runAsUser") == 0:
            yield fail(
                f"container {container.name!r} sets runAsUser: 0 (root)",
                (*container.path, "securityContext", "runAsUser"),
            )
            continue
        non_root = context.get("runAsNonRoot", pod_non_root)
        if non_root is not True:
            where = (
                (*container.path, "securityContext", "runAsNonRoot")
                if "runAsNonRoot" in context
                else container.path
            )
            yield fail(f"container {container.name!r} may run as root", where)


@rule(
    code="K8S-005",
    name="dangerous-capability-added",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={"k8s-pss": ["baseline/capabilities"], "cis-k8s-1.8": ["5.2.8", "5.2.9"]},
    tags=["pss-baseline"],
)
def dangerous_capability_added(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers add Linux capabilities beyond the Baseline set.

    What it checks
        ``securityContext.capabilities.add`` of every container against the capabilities the
        Pod Security Standards Baseline profile allows (AUDIT_WRITE, CHOWN, DAC_OVERRIDE,
        FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID,
        SYS_CHROOT).
    Why it matters
        Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW give a container
        powers close to root on the node: mounting filesystems, rewriting routes, tracing other
        processes, spoofing packets.
    How to fix
        Remove the capability from ``capabilities.add``; if the process needs one, pick the
        narrowest from the Baseline list.
    """
    for container in k8s.containers(workload):
        extra = [c for c in _capabilities(container, "add") if c not in BASELINE_CAPABILITIES]
        if extra:
            yield fail(
                f"container {container.name!r} adds capabilities {sorted(set(extra))}",
                (*container.path, "securityContext", "capabilities", "add"),
            )


@rule(
    code="K8S-006",
    name="capabilities-not-dropped",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={"k8s-pss": ["restricted/capabilities"], "cis-k8s-1.8": ["5.2.10"]},
    tags=["pss-restricted"],
)
def capabilities_not_dropped(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers keep the runtime's default capabilities.

    What it checks
        That every container drops ``ALL`` capabilities (``capabilities.drop: ["ALL"]``).
    Why it matters
        Container runtimes grant a default set (including NET_RAW on many runtimes) that most
        processes never use; the Restricted profile requires dropping them all.
    How to fix
        Drop everything and add back only what is needed::

            securityContext:
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
    """
    for container in k8s.containers(workload):
        if "ALL" not in _capabilities(container, "drop"):
            yield fail(
                f"container {container.name!r} does not drop ALL capabilities", container.path
            )


@rule(
    code="K8S-007",
    name="host-path-volume",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={"k8s-pss": ["baseline/hostpath-volumes"], "cis-k8s-1.8": ["5.2.12"]},
    tags=["pss-baseline"],
)
def host_path_volume(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods mount a directory of the host.

    What it checks
        ``volumes[].hostPath`` in the pod spec.
    Why it matters
        A hostPath volume exposes the node's filesystem: the container runtime socket,
        kubelet credentials or ``/etc`` are one mount away, and writes persist on the node.
    How to fix
        Use an ``emptyDir``, a ConfigMap/Secret volume, or a PersistentVolumeClaim instead.
    """
    found = k8s.pod_spec(workload)
    if found is None:
        return
    path, spec = found
    volumes = spec.get("volumes")
    if not isinstance(volumes, list):
        return
    for index, volume in enumerate(volumes):
        if isinstance(volume, Mapping) and "hostPath" in volume:
            host = volume["hostPath"]
            target = host.get("path") if isinstance(host, Mapping) else None
            yield fail(
                f"volume {volume.get('name')!r} mounts host path {target!r}",
                (*path, "volumes", index, "hostPath"),
            )


@rule(
    code="K8S-008",
    name="root-filesystem-writable",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={"nsa-cisa-k8s": ["immutable-container-filesystems"]},
)
def root_filesystem_writable(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers can write to their root filesystem.

    What it checks
        That every container sets ``securityContext.readOnlyRootFilesystem: true``.
    Why it matters
        A writable root filesystem lets an attacker drop tools and persist changes inside the
        container; a read-only one confines writes to declared volumes.
    How to fix
        Set ``readOnlyRootFilesystem: true`` and mount an ``emptyDir`` where the process must
        write (``/tmp``, caches).
    """
    for container in k8s.containers(workload, ("containers", "initContainers")):
        value = _security_context(container).get("readOnlyRootFilesystem")
        if value is not True:
            where = (
                (*container.path, "securityContext", "readOnlyRootFilesystem")
                if value is not None
                else container.path
            )
            yield fail(f"container {container.name!r} has a writable root filesystem", where)
