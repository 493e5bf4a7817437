"""Pod Security Standards: one rule per control of the Baseline and Restricted profiles.

Each rule is tagged ``pss-baseline`` or ``pss-restricted`` and mapped to the ``k8s-pss``
framework as ``<profile>/<control>``; the control names follow the Kubernetes documentation page
"Pod Security Standards" (the controls of Kubernetes v1.35, with the Pod Security Admission
checks as the reference for edge cases). Every rule runs on every workload kind and on
containers, init containers and ephemeral containers alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import (
    Pod,
    capabilities,
    context_of,
    context_path,
    effective,
    mapping,
    pod_of,
    security_contexts,
)

WORKLOADS = k8s.WORKLOAD_KINDS
PSS = "k8s-pss"
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
BASELINE = "pss-baseline"
RESTRICTED = "pss-restricted"

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

# Sysctls the Baseline profile calls safe (namespaced and isolated from other pods), with the
# Kubernetes version that added each to the list.
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",  # 1.22
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",  # 1.27
        "net.ipv4.tcp_keepalive_time",  # 1.29
        "net.ipv4.tcp_fin_timeout",  # 1.29
        "net.ipv4.tcp_keepalive_intvl",  # 1.29
        "net.ipv4.tcp_keepalive_probes",  # 1.29
        "net.ipv4.tcp_rmem",  # 1.32
        "net.ipv4.tcp_wmem",  # 1.32
    }
)

# SELinux types the Baseline profile allows (container_engine_t since 1.31).
SELINUX_TYPES = frozenset(
    {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
)

# Volume sources the Restricted profile allows; every other source is a restricted type.
RESTRICTED_VOLUME_SOURCES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)

APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"


def _is_zero(value: object) -> bool:
    """UID/GID 0 written as a number (``false`` is not a UID, although ``False == 0``)."""
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


def _effective_zero(pod: Pod, workload: Resource, key: str, what: str) -> Iterator[Verdict]:
    """A failure where ``key`` is 0 for some container: on the container that sets it, or
    once on the pod when a container inherits the pod's 0 (a pod-level 0 that every container
    overrides applies to none)."""
    pod_reported = False
    for container in k8s.containers(workload):
        setting = effective(pod, container, key)
        if not _is_zero(setting.value):
            continue
        if not setting.from_pod:
            yield fail(f"container {container.name!r} sets {key}: 0 ({what})", setting.path)
        elif not pod_reported:
            pod_reported = True
            yield fail(
                f"pod sets {key}: 0 ({what}), which container {container.name!r} inherits",
                setting.path,
            )


@rule(
    code="K8S-001",
    name="privileged-container",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    frameworks={
        PSS: ["baseline/privileged-containers"],
        CIS: ["5.2.2"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[BASELINE],
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
        if context_of(container).get("privileged") is True:
            yield fail(
                f"container {container.name!r} runs privileged",
                context_path(container, "privileged"),
            )


@rule(
    code="K8S-002",
    name="host-namespace-shared",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={
        PSS: ["baseline/host-namespaces"],
        CIS: ["5.2.3", "5.2.4", "5.2.5"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[BASELINE],
)
def host_namespace_shared(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods share the host's network, PID or IPC namespace.

    What it checks
        ``hostNetwork``, ``hostPID`` and ``hostIPC`` in the pod spec (one finding per field).
    Why it matters
        Sharing host namespaces lets the pod see and signal host processes, read other
        processes' environment, sniff host traffic and bypass network policies.
    How to fix
        Remove ``hostNetwork``, ``hostPID`` and ``hostIPC`` from the pod spec (all default to
        false).
    """
    pod = pod_of(workload)
    if pod is None:
        return
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.spec.get(field) is True:
            yield fail(f"pod sets {field}: true", (*pod.spec_path, field))


@rule(
    code="K8S-003",
    name="privilege-escalation-allowed",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={
        PSS: ["restricted/privilege-escalation"],
        CIS: ["5.2.6"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[RESTRICTED],
)
def privilege_escalation_allowed(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers may gain more privileges than their parent process.

    What it checks
        That every container, init container and ephemeral container sets
        ``securityContext.allowPrivilegeEscalation: false``. Windows pods (``spec.os.name:
        windows``) are exempt, as in the Restricted profile.
    Why it matters
        Unless it is explicitly false, a process can gain privileges through setuid binaries
        or file capabilities (``no_new_privs`` is not set).
    How to fix
        Set it on every container::

            securityContext:
              allowPrivilegeEscalation: false
    """
    pod = pod_of(workload)
    if pod is None or pod.is_windows:
        return
    for container in k8s.containers(workload):
        context = context_of(container)
        value = context.get("allowPrivilegeEscalation")
        if value is not False:
            where = (
                context_path(container, "allowPrivilegeEscalation")
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
    frameworks={
        PSS: ["restricted/running-as-non-root"],
        CIS: ["5.2.7"],
        NSA: ["non-root-containers"],
    },
    tags=[RESTRICTED],
)
def container_may_run_as_root(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers are not required to run as a non-root user.

    What it checks
        ``runAsNonRoot`` as it applies to each container: the container's own setting, else
        the pod's, must be true. A pod-level ``false`` that every container overrides with
        ``true`` is not a finding; one that some container inherits is reported once, on the
        pod. Pods in a user namespace (``hostUsers: false``) are exempt, as in the Restricted
        profile. ``runAsUser: 0`` is checked by K8S-023.
    Why it matters
        A process running as root inside a container is one kernel bug or one mounted socket
        away from root on the node. ``runAsNonRoot: true`` makes the kubelet refuse to start a
        container whose image would run as UID 0.
    How to fix
        Require a non-root user at pod level::

            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 10001
    """
    pod = pod_of(workload)
    if pod is None or pod.in_user_namespace:
        return
    pod_reported = False
    for container in k8s.containers(workload):
        # What applies to each container decides: a pod-level false that every container
        # overrides with true lets no container run as root.
        setting = effective(pod, container, "runAsNonRoot")
        if setting.value is True:
            continue
        if setting.value is None:
            yield fail(f"container {container.name!r} may run as root", container.path)
        elif not setting.from_pod:
            yield fail(
                f"container {container.name!r} sets runAsNonRoot: {setting.value}", setting.path
            )
        elif not pod_reported:
            pod_reported = True
            yield fail(f"pod sets runAsNonRoot: {setting.value}", setting.path)


@rule(
    code="K8S-005",
    name="dangerous-capability-added",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={
        PSS: ["baseline/capabilities"],
        CIS: ["5.2.8", "5.2.9"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[BASELINE],
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
        extra = [c for c in capabilities(container, "add") if c not in BASELINE_CAPABILITIES]
        if extra:
            yield fail(
                f"container {container.name!r} adds capabilities {sorted(set(extra))}",
                context_path(container, "capabilities", "add"),
            )


@rule(
    code="K8S-006",
    name="capabilities-not-dropped",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={
        PSS: ["restricted/capabilities"],
        CIS: ["5.2.9", "5.2.10"],
        NSA: ["hardening-container-environments"],
    },
    tags=[RESTRICTED],
)
def capabilities_not_dropped(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers keep the runtime's default capabilities or add more than NET_BIND_SERVICE.

    What it checks
        The Restricted capabilities control: every container drops ``ALL`` capabilities and
        adds back nothing but ``NET_BIND_SERVICE``. Windows pods are exempt.
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
    pod = pod_of(workload)
    if pod is None or pod.is_windows:
        return
    for container in k8s.containers(workload):
        if "ALL" not in capabilities(container, "drop"):
            caps = mapping(context_of(container).get("capabilities"))
            where = (
                context_path(container, "capabilities", "drop")
                if "drop" in caps
                else container.path
            )
            yield fail(f"container {container.name!r} does not drop ALL capabilities", where)
        extra = sorted({c for c in capabilities(container, "add") if c != "NET_BIND_SERVICE"})
        if extra:
            yield fail(
                f"container {container.name!r} adds {extra}: only NET_BIND_SERVICE is allowed",
                context_path(container, "capabilities", "add"),
            )


@rule(
    code="K8S-007",
    name="host-path-volume",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={
        PSS: ["baseline/hostpath-volumes"],
        CIS: ["5.2.12"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[BASELINE],
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
    pod = pod_of(workload)
    if pod is None:
        return
    volumes = pod.spec.get("volumes")
    if not isinstance(volumes, list):
        return
    for index, volume in enumerate(volumes):
        if isinstance(volume, Mapping) and "hostPath" in volume:
            target = mapping(volume["hostPath"]).get("path")
            yield fail(
                f"volume {volume.get('name')!r} mounts host path {target!r}",
                (*pod.spec_path, "volumes", index, "hostPath"),
            )


@rule(
    code="K8S-014",
    name="host-port-exposed",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={
        PSS: ["baseline/host-ports"],
        CIS: ["5.2.13"],
        NSA: ["network-separation"],
    },
    tags=[BASELINE, "exposure"],
)
def host_port_exposed(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers bind a port on the node.

    What it checks
        ``ports[].hostPort`` on every container, init container and ephemeral container (0 or
        absent passes).
    Why it matters
        A host port exposes the container on the node's address, outside Services and
        NetworkPolicies, and pins the pod to nodes where the port is free.
    How to fix
        Remove ``hostPort`` and expose the container through a Service.
    """
    for container in k8s.containers(workload):
        ports = container.spec.get("ports")
        if not isinstance(ports, list):
            continue
        for index, port in enumerate(ports):
            if isinstance(port, Mapping) and port.get("hostPort") not in (None, 0):
                yield fail(
                    f"container {container.name!r} binds host port {port.get('hostPort')}",
                    (*container.path, "ports", index, "hostPort"),
                )


@rule(
    code="K8S-015",
    name="windows-host-process",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    frameworks={
        PSS: ["baseline/host-process"],
        CIS: ["5.2.11"],
        NSA: ["pod-security-enforcement"],
    },
    tags=[BASELINE],
)
def windows_host_process(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Windows containers run as HostProcess containers.

    What it checks
        ``securityContext.windowsOptions.hostProcess`` on the pod and on every container, init
        container and ephemeral container.
    Why it matters
        A HostProcess container runs directly on the Windows node with the node's network and
        filesystem, as a node user: it is the Windows equivalent of a privileged container.
    How to fix
        Remove ``windowsOptions.hostProcess: true``; run node agents that need it in a dedicated
        namespace that is exempt from the Baseline policy.
    """
    pod = pod_of(workload)
    if pod is None:
        return
    for who, path, context in security_contexts(pod, workload):
        if mapping(context.get("windowsOptions")).get("hostProcess") is True:
            yield fail(
                f"{who} sets windowsOptions.hostProcess: true",
                (*path, "windowsOptions", "hostProcess"),
            )


@rule(
    code="K8S-016",
    name="apparmor-profile-overridden",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={PSS: ["baseline/apparmor"], NSA: ["hardening-container-environments"]},
    tags=[BASELINE],
)
def apparmor_profile_overridden(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The runtime's default AppArmor profile is disabled or replaced by an unknown one.

    What it checks
        ``securityContext.appArmorProfile.type`` on the pod and every container (allowed:
        ``RuntimeDefault``, ``Localhost``, or unset) and the legacy pod annotations
        ``container.apparmor.security.beta.kubernetes.io/<container>`` (allowed:
        ``runtime/default``, ``localhost/<profile>``, or unset).
    Why it matters
        On AppArmor hosts the runtime confines every container by default; ``Unconfined``
        removes that confinement and leaves the kernel's full attack surface to the process.
    How to fix
        Remove the override, or use the runtime default explicitly::

            securityContext:
              appArmorProfile:
                type: RuntimeDefault
    """
    pod = pod_of(workload)
    if pod is None:
        return
    for who, path, context in security_contexts(pod, workload):
        profile = mapping(context.get("appArmorProfile"))
        kind = profile.get("type")
        if kind is not None and kind not in ("RuntimeDefault", "Localhost"):
            yield fail(
                f"{who} sets appArmorProfile.type: {kind}", (*path, "appArmorProfile", "type")
            )
    for key, value in pod.annotations().items():
        if not key.startswith(APPARMOR_ANNOTATION):
            continue
        text = "" if value is None else str(value)
        if text not in ("", "runtime/default") and not text.startswith("localhost/"):
            yield fail(
                f"annotation {key} sets AppArmor profile {text!r}",
                (*pod.metadata_path, "annotations", key),
            )


@rule(
    code="K8S-017",
    name="selinux-options-custom",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={PSS: ["baseline/selinux"], NSA: ["hardening-container-environments"]},
    tags=[BASELINE],
)
def selinux_options_custom(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """SELinux options set a non-container type or a custom user or role.

    What it checks
        ``securityContext.seLinuxOptions`` on the pod and on every container: ``type`` must be
        unset or one of ``container_t``, ``container_init_t``, ``container_kvm_t``,
        ``container_engine_t``; ``user`` and ``role`` must be unset.
    Why it matters
        A custom SELinux type or user (``spc_t``, ``unconfined_t``, ``system_u``) lifts the
        confinement SELinux puts around containers and can give access to host files.
    How to fix
        Remove ``seLinuxOptions.user``/``role`` and use a container type (or let the runtime
        pick one). ``level`` may be set freely.
    """
    pod = pod_of(workload)
    if pod is None:
        return
    for who, path, context in security_contexts(pod, workload):
        options = mapping(context.get("seLinuxOptions"))
        selinux_type = options.get("type")
        if selinux_type is not None and str(selinux_type) not in SELINUX_TYPES:
            yield fail(
                f"{who} sets SELinux type {selinux_type!r}", (*path, "seLinuxOptions", "type")
            )
        for field in ("user", "role"):
            if options.get(field) not in (None, ""):
                yield fail(
                    f"{who} sets a custom SELinux {field} {options.get(field)!r}",
                    (*path, "seLinuxOptions", field),
                )


@rule(
    code="K8S-018",
    name="proc-mount-unmasked",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={PSS: ["baseline/proc-mount-type"], NSA: ["hardening-container-environments"]},
    tags=[BASELINE],
)
def proc_mount_unmasked(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers mount /proc without the default masks.

    What it checks
        ``securityContext.procMount`` of every container: unset or ``Default``. Pods in a user
        namespace (``hostUsers: false``) are exempt, as in the Baseline profile since 1.35.
    Why it matters
        The default /proc mount masks paths such as ``/proc/kcore`` and ``/proc/sys`` that leak
        host information or let a process change kernel settings.
    How to fix
        Remove ``procMount`` (or set it to ``Default``).
    """
    pod = pod_of(workload)
    if pod is None or pod.in_user_namespace:
        return
    for container in k8s.containers(workload):
        value = context_of(container).get("procMount")
        if value not in (None, "Default"):
            yield fail(
                f"container {container.name!r} sets procMount: {value}",
                context_path(container, "procMount"),
            )


@rule(
    code="K8S-019",
    name="seccomp-unconfined",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={
        PSS: ["baseline/seccomp"],
        CIS: ["5.7.2"],
        NSA: ["hardening-container-environments"],
    },
    tags=[BASELINE],
)
def seccomp_unconfined(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Seccomp is explicitly turned off.

    What it checks
        ``securityContext.seccompProfile.type: Unconfined`` on the pod or any container, and
        the legacy ``seccomp.security.alpha.kubernetes.io`` annotations set to ``unconfined``.
    Why it matters
        Seccomp filters the system calls a container may make; ``Unconfined`` opens every
        system call, including the ones most kernel exploits need.
    How to fix
        Use the runtime's default filter::

            securityContext:
              seccompProfile:
                type: RuntimeDefault
    """
    pod = pod_of(workload)
    if pod is None:
        return
    for who, path, context in security_contexts(pod, workload):
        kind = mapping(context.get("seccompProfile")).get("type")
        if kind is not None and kind not in ("RuntimeDefault", "Localhost"):
            yield fail(f"{who} sets seccompProfile.type: {kind}", (*path, "seccompProfile", "type"))
    for key, value in pod.annotations().items():
        legacy = key == SECCOMP_POD_ANNOTATION or key.startswith(SECCOMP_CONTAINER_ANNOTATION)
        if legacy and str(value) == "unconfined":
            yield fail(
                f"annotation {key} sets seccomp unconfined",
                (*pod.metadata_path, "annotations", key),
            )


@rule(
    code="K8S-020",
    name="unsafe-sysctl",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={PSS: ["baseline/sysctls"], NSA: ["hardening-container-environments"]},
    tags=[BASELINE],
)
def unsafe_sysctl(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods set kernel parameters outside the safe set.

    What it checks
        ``spec.securityContext.sysctls[].name`` against the sysctls the Baseline profile calls
        safe: ``kernel.shm_rmid_forced``, ``net.ipv4.ip_local_port_range``,
        ``net.ipv4.ip_unprivileged_port_start``, ``net.ipv4.tcp_syncookies``,
        ``net.ipv4.ping_group_range``, ``net.ipv4.ip_local_reserved_ports``,
        ``net.ipv4.tcp_keepalive_time``, ``net.ipv4.tcp_fin_timeout``,
        ``net.ipv4.tcp_keepalive_intvl``, ``net.ipv4.tcp_keepalive_probes``,
        ``net.ipv4.tcp_rmem`` and ``net.ipv4.tcp_wmem``.
    Why it matters
        Other sysctls are not isolated per pod: they change the node's kernel for every
        workload on it, or disable security mechanisms.
    How to fix
        Remove the sysctl, or set it on the node for the workloads that need it.
    """
    pod = pod_of(workload)
    if pod is None:
        return
    sysctls = pod.context.get("sysctls")
    if not isinstance(sysctls, list):
        return
    for index, item in enumerate(sysctls):
        name = str(mapping(item).get("name", "")).replace("/", ".")
        if name not in SAFE_SYSCTLS:
            yield fail(
                f"pod sets unsafe sysctl {name!r}",
                (*pod.context_path, "sysctls", index, "name"),
            )


@rule(
    code="K8S-021",
    name="probe-or-lifecycle-host-set",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={PSS: ["baseline/host-probes-lifecycle-hooks"]},
    tags=[BASELINE],
)
def probe_or_lifecycle_host_set(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Probes or lifecycle hooks send the kubelet to another host.

    What it checks
        ``host`` in the ``httpGet`` and ``tcpSocket`` handlers of every container's liveness,
        readiness and startup probes and ``postStart``/``preStop`` hooks (Baseline since 1.34).
    Why it matters
        The kubelet runs probes and hooks from the node: a ``host`` lets a pod author make the
        node send requests to any address it can reach (server-side request forgery).
    How to fix
        Remove ``host``: the kubelet then targets the pod's own IP.
    """
    for container in k8s.containers(workload):
        handlers: list[tuple[tuple[str, ...], object]] = [
            ((probe,), container.spec.get(probe))
            for probe in ("livenessProbe", "readinessProbe", "startupProbe")
        ]
        lifecycle = mapping(container.spec.get("lifecycle"))
        handlers += [
            (("lifecycle", hook), lifecycle.get(hook)) for hook in ("postStart", "preStop")
        ]
        for where, handler in handlers:
            for action in ("httpGet", "tcpSocket"):
                host = mapping(mapping(handler).get(action)).get("host")
                if host not in (None, ""):
                    yield fail(
                        f"container {container.name!r} {'.'.join(where)} targets host {host!r}",
                        (*container.path, *where, action, "host"),
                    )


@rule(
    code="K8S-022",
    name="restricted-volume-type",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={PSS: ["restricted/volume-types"], NSA: ["pod-security-enforcement"]},
    tags=[RESTRICTED],
)
def restricted_volume_type(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods use a volume type the Restricted profile does not allow.

    What it checks
        Every ``volumes[]`` entry: only ``configMap``, ``csi``, ``downwardAPI``, ``emptyDir``,
        ``ephemeral``, ``persistentVolumeClaim``, ``projected`` and ``secret`` pass (a volume
        with no source is an ``emptyDir``). ``hostPath`` is reported by K8S-007 only.
    Why it matters
        Other volume types (``hostPath``, ``nfs``, ``gitRepo``, ``iscsi``, cloud disks) reach
        storage directly from the pod spec, bypassing PersistentVolumes that an administrator
        controls; ``gitRepo`` even runs git on the node.
    How to fix
        Use a PersistentVolumeClaim bound to an administrator-defined PersistentVolume, or one
        of the allowed types.
    """
    pod = pod_of(workload)
    if pod is None:
        return
    volumes = pod.spec.get("volumes")
    if not isinstance(volumes, list):
        return
    for index, volume in enumerate(volumes):
        sources = [key for key in mapping(volume) if key != "name"]
        # hostPath is the Baseline control's (K8S-007): "in addition to restricting HostPath".
        bad = [k for k in sources if k not in RESTRICTED_VOLUME_SOURCES and k != "hostPath"]
        if bad:
            yield fail(
                f"volume {mapping(volume).get('name')!r} uses restricted type {bad[0]}",
                (*pod.spec_path, "volumes", index, bad[0]),
            )


@rule(
    code="K8S-023",
    name="container-runs-as-root-user",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={
        PSS: ["restricted/running-as-non-root-user"],
        CIS: ["5.2.7"],
        NSA: ["non-root-containers"],
    },
    tags=[RESTRICTED],
)
def container_runs_as_root_user(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The pod or a container sets ``runAsUser: 0``.

    What it checks
        The ``runAsUser`` that applies to each container, init container and ephemeral
        container: its own ``securityContext.runAsUser``, else the pod's. A pod-level
        ``runAsUser: 0`` is reported once, on the pod, when some container inherits it; one
        that every container overrides with another user is not a finding (the Pod Security
        admission of the Restricted profile still refuses the field: drop it). Pods in a user
        namespace (``hostUsers: false``) are exempt.
    Why it matters
        UID 0 is root: ``runAsNonRoot`` cannot protect a container that asks for root by
        number, and root in the container shares the kernel with root on the node.
    How to fix
        Set a non-zero UID (and build the image to run as it)::

            securityContext:
              runAsUser: 10001
    """
    pod = pod_of(workload)
    if pod is None or pod.in_user_namespace:
        return
    yield from _effective_zero(pod, workload, "runAsUser", "root")


@rule(
    code="K8S-024",
    name="seccomp-profile-not-set",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={
        PSS: ["restricted/seccomp"],
        CIS: ["5.7.2"],
        NSA: ["hardening-container-environments"],
    },
    tags=[RESTRICTED],
)
def seccomp_profile_not_set(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers do not require a seccomp profile.

    What it checks
        That every container runs under ``seccompProfile.type: RuntimeDefault`` or
        ``Localhost``, set on the pod (inherited by containers that set nothing) or on the
        container itself. Windows pods are exempt.
    Why it matters
        Without a profile most runtimes run containers unconfined: every system call is open
        to the process. The Restricted profile requires a filter.
    How to fix
        Set the runtime default once for the whole pod::

            spec:
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
    """
    pod = pod_of(workload)
    if pod is None or pod.is_windows:
        return
    for container in k8s.containers(workload):
        setting = effective(pod, container, "seccompProfile")
        kind = mapping(setting.value).get("type")
        if kind in ("RuntimeDefault", "Localhost"):
            continue
        if setting.value is None:
            yield fail(f"container {container.name!r} has no seccomp profile", container.path)
        elif kind is None:
            yield fail(
                f"container {container.name!r} sets a seccomp profile without a type",
                setting.path,
            )
        # An explicit Unconfined (or any other type) is K8S-019's finding, not repeated here.


@rule(
    code="K8S-025",
    name="root-group",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={NSA: ["non-root-containers"]},
    tags=["hardening"],
)
def root_group(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The pod or a container runs with the root group.

    What it checks
        ``runAsGroup: 0`` as it applies to each container (its own, else the pod's: a
        pod-level 0 that every container overrides is not a finding), and ``fsGroup: 0`` or
        ``0`` in ``supplementalGroups`` on the pod. (The "non-root groups" control was an
        optional part of early Pod Security Standards; it is kept here as hardening.)
    Why it matters
        Group 0 owns many files on the host and in images; a process in it can read or write
        them even when it does not run as root.
    How to fix
        Use non-zero group ids (``runAsGroup: 10001``, ``fsGroup: 10001``).
    """
    pod = pod_of(workload)
    if pod is None:
        return
    yield from _effective_zero(pod, workload, "runAsGroup", "root group")
    for who, path, context in security_contexts(pod, workload):
        # fsGroup and supplementalGroups exist at pod level only: nothing overrides them.
        if _is_zero(context.get("fsGroup")):
            yield fail(f"{who} sets fsGroup: 0 (root group)", (*path, "fsGroup"))
        groups = context.get("supplementalGroups")
        if isinstance(groups, list) and any(_is_zero(g) for g in groups):
            yield fail(
                f"{who} adds the root group to supplementalGroups", (*path, "supplementalGroups")
            )


@rule(
    code="K8S-008",
    name="root-filesystem-writable",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={NSA: ["immutable-container-filesystems"]},
    tags=["hardening"],
)
def root_filesystem_writable(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers can write to their root filesystem.

    What it checks
        That every container and init container sets
        ``securityContext.readOnlyRootFilesystem: true``.
    Why it matters
        A writable root filesystem lets an attacker drop tools and persist changes inside the
        container; a read-only one confines writes to declared volumes.
    How to fix
        Set ``readOnlyRootFilesystem: true`` and mount an ``emptyDir`` where the process must
        write (``/tmp``, caches).
    """
    for container in k8s.containers(workload, ("containers", "initContainers")):
        value = context_of(container).get("readOnlyRootFilesystem")
        if value is not True:
            where = (
                context_path(container, "readOnlyRootFilesystem")
                if value is not None
                else container.path
            )
            yield fail(f"container {container.name!r} has a writable root filesystem", where)
