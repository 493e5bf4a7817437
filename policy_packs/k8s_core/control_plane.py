"""Control plane: kube-apiserver, kube-controller-manager, kube-scheduler and etcd flags.

The components are found by what their containers run (see ``_flags``), in static Pods and in
any other workload kind, whatever the namespace. Each rule reads the flags with the defaults of
the component (a flag left unset is judged by its default, and the finding says so) and points
at the flag that decides, or at the command where a missing flag belongs. The control ids are
those of the CIS Kubernetes Benchmark v1.9.0, sections 1 to 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule, unknown

from . import _flags
from ._flags import APISERVER, CONTROLLER_MANAGER, ETCD, SCHEDULER, Invocation, invocations
from ._pod import mapping

WORKLOADS = k8s.WORKLOAD_KINDS
KUBELET = "k8s.kubelet.kubelet_configuration"
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
HARDENING = {NSA: ["control-plane-hardening"]}
TAGS = ["control-plane"]

# The suites Go and the components call insecure (``--tls-cipher-suites`` help: "Insecure
# values"): RC4, 3DES and the CBC-SHA256 suites.
INSECURE_CIPHERS = frozenset(
    {
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_RC4_128_SHA",
    }
)
# Minimum versions below TLS 1.2 (Kubernetes and etcd spellings).
OLD_TLS = frozenset({"VersionTLS10", "VersionTLS11", "TLS1.0", "TLS1.1"})
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


# user:password@ in a URL: never repeated in a finding.
USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def _plain_http(flag_items: list[str]) -> list[str]:
    """The ``http://`` URLs of a list flag, with any credentials in them masked."""
    return [USERINFO.sub("***@", url) for url in flag_items if url.lower().startswith("http://")]


@rule(
    code="K8S-042",
    name="apiserver-anonymous-auth-enabled",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["1.2.1"], NSA: ["authentication-and-authorization"]},
    tags=TAGS,
)
def apiserver_anonymous_auth_enabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server serves requests that carry no credentials.

    What it checks
        ``--anonymous-auth`` of kube-apiserver containers: unset means ``true``. When
        ``--authentication-config`` is set instead, anonymous access is configured in that file
        and the answer is unknown.
    Why it matters
        Anonymous requests are served as ``system:anonymous``: whatever any binding grants to
        it or to ``system:unauthenticated`` is open to anyone who reaches the API server, and
        a misplaced binding becomes a cluster takeover.
    How to fix
        Add ``--anonymous-auth=false`` to the kube-apiserver command (health checks can use
        ``/livez`` and ``/readyz`` with authentication, or the structured authentication
        configuration's anonymous endpoints list).
    """
    for inv in invocations(workload, APISERVER):
        if inv.last("anonymous-auth") is None and inv.last("authentication-config") is not None:
            flag = inv.last("authentication-config")
            assert flag is not None
            yield unknown(
                "anonymous access is configured in the --authentication-config file", flag.path
            )
            continue
        found = _flags.require_boolean(
            inv,
            "anonymous-auth",
            True,
            False,
            "requests without credentials are served as system:anonymous",
        )
        if found is not None:
            yield found


@rule(
    code="K8S-043",
    name="apiserver-static-credential-file",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["1.2.2"], NSA: ["authentication-and-authorization"]},
    tags=TAGS,
)
def apiserver_static_credential_file(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server accepts static tokens or passwords from a file.

    What it checks
        ``--token-auth-file`` and ``--basic-auth-file`` (removed in 1.19, still found in old
        manifests) on kube-apiserver containers.
    Why it matters
        Static credentials live in clear text on the control-plane node, never expire, and
        cannot be revoked without restarting the API server; anyone who reads the file holds
        the identities in it.
    How to fix
        Remove the flag and authenticate users with client certificates, OIDC or a webhook,
        and workloads with service account tokens.
    """
    for inv in invocations(workload, APISERVER):
        for name in ("token-auth-file", "basic-auth-file"):
            flag = inv.last(name)
            if flag is not None and flag.text.strip():
                yield fail(f"API server: --{name} accepts static credentials", flag.path)


def _authorization_modes(inv: Invocation) -> tuple[list[str], Verdict | None]:
    """The authorization modes in force, or a verdict when they cannot be known."""
    blocked = _flags.unread(inv, "authorization-mode")
    if blocked is not None:
        return [], blocked
    modes, _, _ = inv.items("authorization-mode")
    config = inv.last("authorization-config")
    if not modes and config is not None:
        return [], unknown(
            "authorizers are configured in the --authorization-config file", config.path
        )
    return modes, None


@rule(
    code="K8S-044",
    name="apiserver-authorization-always-allow",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["1.2.6"], NSA: ["authentication-and-authorization"]},
    tags=TAGS,
)
def apiserver_authorization_always_allow(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server authorizes every request (``AlwaysAllow``).

    What it checks
        ``--authorization-mode`` of kube-apiserver containers: unset means ``AlwaysAllow``;
        ``AlwaysAllow`` anywhere in the list fails (authorizers are consulted in order, and
        ``AlwaysAllow`` approves whatever the ones before it did not deny).
    Why it matters
        With ``AlwaysAllow`` every authenticated user, and every anonymous one when anonymous
        authentication is on, is cluster-admin: RBAC is not consulted.
    How to fix
        Set ``--authorization-mode=Node,RBAC``.
    """
    for inv in invocations(workload, APISERVER):
        modes, verdict = _authorization_modes(inv)
        if verdict is not None:
            yield verdict
            continue
        flag = inv.last("authorization-mode")
        if flag is None:
            yield fail(
                "API server: --authorization-mode is not set (defaults to AlwaysAllow): "
                "every request is authorized",
                inv.command_path,
            )
        elif "AlwaysAllow" in modes:
            yield fail(
                "API server: authorization mode AlwaysAllow authorizes every request", flag.path
            )


@rule(
    code="K8S-045",
    name="apiserver-authorization-mode-incomplete",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.7", "1.2.8"], NSA: ["authentication-and-authorization"]},
    tags=TAGS,
)
def apiserver_authorization_mode_incomplete(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server's authorization modes lack ``Node`` or ``RBAC``.

    What it checks
        A ``--authorization-mode`` list on kube-apiserver containers that does not include both
        ``Node`` and ``RBAC``. An unset flag is K8S-044's finding (it means ``AlwaysAllow``).
    Why it matters
        Without the Node authorizer, kubelets are authorized like any other user and one
        compromised node can read every Secret; without RBAC, the Role and ClusterRole
        objects of the cluster have no effect.
    How to fix
        Set ``--authorization-mode=Node,RBAC`` (webhook authorizers may be added).
    """
    for inv in invocations(workload, APISERVER):
        modes, verdict = _authorization_modes(inv)
        if verdict is not None:
            yield verdict
            continue
        flag = inv.last("authorization-mode")
        if flag is None:
            continue
        missing = [mode for mode in ("Node", "RBAC") if mode not in modes]
        if missing:
            yield fail(
                f"API server: authorization modes {modes} lack {' and '.join(missing)}", flag.path
            )


@rule(
    code="K8S-046",
    name="apiserver-insecure-port-enabled",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks=HARDENING,
    tags=TAGS,
)
def apiserver_insecure_port_enabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server serves an unauthenticated, unencrypted port.

    What it checks
        ``--insecure-port`` other than 0, and ``--insecure-bind-address`` with it, on
        kube-apiserver containers. The insecure port was on by default (8080) before
        Kubernetes 1.20 and removed in 1.24: an unset flag fails only when the image tag says
        an older version.
    Why it matters
        The insecure port skips authentication and authorization altogether: anything that
        reaches it is cluster-admin, in clear text.
    How to fix
        Set ``--insecure-port=0`` (older versions) or remove the flags, and upgrade.
    """
    for inv in invocations(workload, APISERVER):
        blocked = _flags.unread(inv, "insecure-port")
        if blocked is not None:
            yield blocked
            continue
        flag = inv.last("insecure-port")
        if flag is None:
            version = _flags.minor_version(inv)
            if version is not None and version < 20:
                yield fail(
                    f"API server 1.{version}: --insecure-port is not set (defaults to 8080): "
                    "an unauthenticated port is served",
                    inv.command_path,
                )
            continue
        port = _flags.integer(flag)
        if port != 0:
            yield fail(
                f"API server: --insecure-port={flag.text} serves requests without "
                "authentication or authorization",
                flag.path,
            )


@rule(
    code="K8S-047",
    name="control-plane-profiling-enabled",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={CIS: ["1.2.15", "1.3.2", "1.4.1"], **HARDENING},
    tags=TAGS,
)
def control_plane_profiling_enabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server, controller manager or scheduler serves profiling data.

    What it checks
        ``--profiling`` on kube-apiserver, kube-controller-manager and kube-scheduler
        containers: unset means ``true``.
    Why it matters
        The ``/debug/pprof`` endpoints reveal program internals and let a caller run costly
        CPU profiles: information for an attacker and an easy denial of service.
    How to fix
        Add ``--profiling=false`` to each component's command.
    """
    for inv in invocations(workload, APISERVER, CONTROLLER_MANAGER, SCHEDULER):
        found = _flags.require_boolean(
            inv, "profiling", True, False, "the /debug/pprof profiling endpoints are served"
        )
        if found is not None:
            yield found


@rule(
    code="K8S-048",
    name="apiserver-audit-log-disabled",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.16", "3.2.1"], NSA: ["audit-logging"]},
    tags=TAGS,
)
def apiserver_audit_log_disabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server writes no audit log.

    What it checks
        kube-apiserver containers with neither ``--audit-log-path`` nor
        ``--audit-webhook-config-file``, and with a backend but no ``--audit-policy-file``
        (without a policy the API server records no event at all).
    Why it matters
        The audit log is the record of who did what in the cluster: without it a compromise
        cannot be detected, scoped or investigated.
    How to fix
        Write a policy (at least ``Metadata`` for every request) and a backend::

            --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            --audit-log-path=/var/log/kubernetes/audit.log
    """
    for inv in invocations(workload, APISERVER):
        if inv.problem:
            yield unknown(f"API server flags cannot be read: {inv.problem}", inv.command_path)
            continue
        backends = [inv.last("audit-log-path"), inv.last("audit-webhook-config-file")]
        if not any(flag is not None and flag.text.strip() for flag in backends):
            yield fail(
                "API server: neither --audit-log-path nor --audit-webhook-config-file is set: "
                "no audit log is written",
                inv.command_path,
            )
            continue
        policy = inv.last("audit-policy-file")
        if policy is None or not policy.text.strip():
            yield fail(
                "API server: --audit-policy-file is not set: no event is audited",
                inv.command_path,
            )


# CIS 1.2.17-1.2.19: the least retention of the local audit log.
AUDIT_RETENTION = (("audit-log-maxage", 30, "days"), ("audit-log-maxbackup", 10, "files"))
AUDIT_MAXSIZE = ("audit-log-maxsize", 100, "MB")


@rule(
    code="K8S-049",
    name="apiserver-audit-log-retention-short",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={CIS: ["1.2.17", "1.2.18", "1.2.19"], NSA: ["audit-logging"]},
    tags=TAGS,
)
def apiserver_audit_log_retention_short(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server's audit log rotation keeps too little.

    What it checks
        For kube-apiserver containers that write an audit log file (``--audit-log-path``, not
        ``-``): ``--audit-log-maxage`` of at least 30 days, ``--audit-log-maxbackup`` of at
        least 10 files and ``--audit-log-maxsize`` of at least 100 MB, each set explicitly.
    Why it matters
        Investigations start days or weeks after the fact; a log rotated away within hours
        holds nothing of the attack.
    How to fix
        Set ``--audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100`` (or
        more), or ship the log to central storage with a webhook backend.
    """
    for inv in invocations(workload, APISERVER):
        path = inv.last("audit-log-path")
        if path is None or path.text.strip() in ("", "-"):
            continue
        for name, least, unit in (*AUDIT_RETENTION, AUDIT_MAXSIZE):
            blocked = _flags.unread(inv, name)
            if blocked is not None:
                yield blocked
                continue
            flag = inv.last(name)
            if flag is None:
                yield fail(
                    f"API server: --{name} is not set (keep {least} {unit} or more)",
                    inv.command_path,
                )
                continue
            value = _flags.integer(flag)
            if value is not None and value < least:
                yield fail(
                    f"API server: --{name}={value} keeps less than {least} {unit}", flag.path
                )


@rule(
    code="K8S-050",
    name="apiserver-service-account-tokens-unchecked",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.21", "1.2.22"], NSA: ["protecting-pod-service-account-tokens"]},
    tags=TAGS,
)
def apiserver_service_account_tokens_unchecked(
    workload: Resource, ctx: Context
) -> Iterator[Verdict]:
    """The API server accepts tokens of deleted service accounts, or has no verification key.

    What it checks
        ``--service-account-lookup=false`` (the default is true) and a missing
        ``--service-account-key-file`` on kube-apiserver containers.
    Why it matters
        Without the lookup, a token stays valid after its ServiceAccount or Secret is deleted:
        revoking a leaked token does not work. Without an explicit key file, tokens are
        checked against the serving key, which cannot be rotated separately.
    How to fix
        Remove ``--service-account-lookup=false`` and set ``--service-account-key-file`` to
        the public key of the token signing key.
    """
    for inv in invocations(workload, APISERVER):
        found = _flags.require_boolean(
            inv,
            "service-account-lookup",
            True,
            True,
            "tokens of deleted service accounts stay valid",
        )
        if found is not None:
            yield found
        yield from _flags.require_set(inv, "service-account-key-file")


@rule(
    code="K8S-051",
    name="apiserver-admission-plugins-unsafe",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.10", "1.2.12", "1.2.13", "1.2.14"], **HARDENING},
    tags=TAGS,
)
def apiserver_admission_plugins_unsafe(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server's admission plugins admit too much.

    What it checks
        On kube-apiserver containers: ``AlwaysAdmit`` enabled; ``NodeRestriction`` not
        enabled; ``ServiceAccount`` or ``NamespaceLifecycle`` disabled
        (``--enable-admission-plugins``, the older ``--admission-control``, and
        ``--disable-admission-plugins``).
    Why it matters
        ``AlwaysAdmit`` switches admission control off. Without ``NodeRestriction`` a kubelet
        can change any Node and Pod, so one compromised node spreads to the others.
        ``ServiceAccount`` and ``NamespaceLifecycle`` enforce service account and namespace
        invariants other controls rely on.
    How to fix
        ``--enable-admission-plugins=NodeRestriction`` (plus the ones you need), and leave
        ``ServiceAccount`` and ``NamespaceLifecycle`` enabled.
    """
    for inv in invocations(workload, APISERVER):
        blocked = next(
            (
                v
                for name in ("enable-admission-plugins", "admission-control")
                if (v := _flags.unread(inv, name)) is not None
            ),
            None,
        )
        if blocked is not None:
            yield blocked
            continue
        enabled, flag, _ = inv.items("enable-admission-plugins")
        legacy, legacy_flag, _ = inv.items("admission-control")
        enabled += legacy
        where = flag or legacy_flag
        if "AlwaysAdmit" in enabled:
            yield fail(
                "API server: the AlwaysAdmit plugin admits every request",
                (where.path if where else inv.command_path),
            )
        if "NodeRestriction" not in enabled:
            yield fail(
                "API server: the NodeRestriction plugin is not enabled",
                (where.path if where else inv.command_path),
            )
        disabled, disabled_flag, _ = inv.items("disable-admission-plugins")
        for plugin in ("ServiceAccount", "NamespaceLifecycle"):
            if plugin in disabled and disabled_flag is not None:
                yield fail(f"API server: the {plugin} plugin is disabled", disabled_flag.path)


@rule(
    code="K8S-052",
    name="apiserver-etcd-tls-missing",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["1.2.23", "1.2.26"], NSA: ["etcd"]},
    tags=TAGS,
)
def apiserver_etcd_tls_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server talks to etcd without mutual TLS.

    What it checks
        ``--etcd-certfile``, ``--etcd-keyfile`` and ``--etcd-cafile`` on kube-apiserver
        containers, and ``--etcd-servers`` URLs in plain ``http://``.
    Why it matters
        etcd holds every object of the cluster, Secrets included. Without TLS the traffic can
        be read and changed on the network; without a client certificate etcd cannot tell the
        API server from anyone else who reaches it.
    How to fix
        Set the three files (kubeadm: ``/etc/kubernetes/pki/apiserver-etcd-client.*`` and
        ``etcd/ca.crt``) and use ``https://`` etcd URLs.
    """
    for inv in invocations(workload, APISERVER):
        yield from _flags.require_set(inv, "etcd-certfile", "etcd-keyfile", "etcd-cafile")
        servers, flag, _ = inv.items("etcd-servers")
        plain = _plain_http(servers)
        if plain and flag is not None:
            yield fail(f"API server: etcd reached in clear text at {plain}", flag.path)


@rule(
    code="K8S-053",
    name="apiserver-kubelet-tls-missing",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.4", "1.2.5"], NSA: ["encryption"]},
    tags=TAGS,
)
def apiserver_kubelet_tls_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server connects to kubelets without a client certificate or CA.

    What it checks
        ``--kubelet-client-certificate``, ``--kubelet-client-key`` and
        ``--kubelet-certificate-authority`` on kube-apiserver containers.
    Why it matters
        Without a client certificate the kubelet cannot authenticate the API server (and must
        then allow anonymous requests); without the CA the API server does not verify the
        kubelet, so ``exec``, ``logs`` and ``port-forward`` traffic can be intercepted.
    How to fix
        Set the client certificate and key, and the CA that signs kubelet serving
        certificates (with ``serverTLSBootstrap`` on the kubelets).
    """
    for inv in invocations(workload, APISERVER):
        yield from _flags.require_set(
            inv,
            "kubelet-client-certificate",
            "kubelet-client-key",
            "kubelet-certificate-authority",
        )


@rule(
    code="K8S-054",
    name="apiserver-serving-tls-missing",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.24", "1.2.25"], NSA: ["encryption"]},
    tags=TAGS,
)
def apiserver_serving_tls_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server has no serving certificate or client CA.

    What it checks
        ``--tls-cert-file``, ``--tls-private-key-file`` and ``--client-ca-file`` on
        kube-apiserver containers.
    Why it matters
        Without a serving certificate the API server makes up a self-signed one that clients
        cannot verify; without a client CA no client certificate is accepted, and components
        fall back to weaker credentials.
    How to fix
        Set the serving certificate and key, signed by the cluster CA, and
        ``--client-ca-file`` to that CA.
    """
    for inv in invocations(workload, APISERVER):
        yield from _flags.require_set(
            inv, "tls-cert-file", "tls-private-key-file", "client-ca-file"
        )


@rule(
    code="K8S-055",
    name="apiserver-secrets-not-encrypted",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.27"], NSA: ["secrets", "encryption"]},
    tags=[*TAGS, "secrets"],
)
def apiserver_secrets_not_encrypted(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server stores Secrets in etcd unencrypted.

    What it checks
        ``--encryption-provider-config`` on kube-apiserver containers. The providers the file
        lists are K8S-084's concern, when the file is scanned with the manifests.
    Why it matters
        Without encryption at rest every Secret is plain text in etcd, its snapshots and its
        backups: whoever reads a backup reads every credential of the cluster.
    How to fix
        Write an EncryptionConfiguration with a ``kms`` (v2) or ``aescbc``/``secretbox``
        provider first, and pass it with ``--encryption-provider-config``.
    """
    for inv in invocations(workload, APISERVER):
        yield from _flags.require_set(inv, "encryption-provider-config")


def _weak_tls(suites: list[str], minimum: str | None) -> list[str]:
    problems = []
    weak = sorted(INSECURE_CIPHERS.intersection(suites))
    if weak:
        problems.append(f"insecure cipher suites {weak}")
    if minimum in OLD_TLS:
        problems.append(f"TLS minimum version {minimum}")
    return problems


@rule(
    code="K8S-056",
    name="weak-tls-cipher-suites",
    kind=(*WORKLOADS, KUBELET),
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.29", "4.2.12"], NSA: ["encryption"]},
    tags=TAGS,
)
def weak_tls_cipher_suites(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A control-plane component or kubelet allows insecure TLS cipher suites or versions.

    What it checks
        ``--tls-cipher-suites`` (etcd: ``--cipher-suites``) and ``--tls-min-version`` of
        control-plane containers, and ``tlsCipherSuites`` / ``tlsMinVersion`` of kubelet
        configurations: RC4, 3DES and CBC-SHA256 suites (the values Kubernetes lists as
        insecure) and versions below TLS 1.2. Unset means Go's secure defaults.
    Why it matters
        These suites have practical attacks (RC4 biases, Sweet32, Lucky13); a client that
        offers them can be downgraded and its traffic recovered.
    How to fix
        List only ECDHE suites with AES-GCM or ChaCha20-Poly1305, or leave the flag unset, and
        keep the minimum version at TLS 1.2.
    """
    if resource.kind == KUBELET:
        suites = resource.get("tlsCipherSuites")
        minimum = resource.get("tlsMinVersion")
        names = [str(s) for s in suites] if isinstance(suites, list) else []
        problems = _weak_tls(names, minimum if isinstance(minimum, str) else None)
        if problems:
            key = "tlsCipherSuites" if INSECURE_CIPHERS.intersection(names) else "tlsMinVersion"
            yield fail(f"kubelet allows {' and '.join(problems)}", (key,))
        return
    for inv in invocations(resource):
        option = "cipher-suites" if inv.component == ETCD else "tls-cipher-suites"
        suites, flag, _ = inv.items(option)
        minimum = inv.last("tls-min-version")
        problems = _weak_tls(suites, minimum.text if minimum else None)
        if problems:
            decisive = flag if flag and INSECURE_CIPHERS.intersection(suites) else minimum
            yield fail(
                f"{inv.label} allows {' and '.join(problems)}",
                decisive.path if decisive else inv.command_path,
            )


@rule(
    code="K8S-057",
    name="controller-manager-shared-credentials",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.3.3"], NSA: ["authentication-and-authorization"]},
    tags=TAGS,
)
def controller_manager_shared_credentials(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The controller manager runs every controller with its own, all-powerful credential.

    What it checks
        ``--use-service-account-credentials`` on kube-controller-manager containers: unset
        means ``false``.
    Why it matters
        Without it, all controllers share the controller manager's identity and its broad
        permissions, instead of one ServiceAccount per controller with a least-privilege
        role: a flaw in one controller has the powers of all of them, and the audit log cannot
        tell them apart.
    How to fix
        Add ``--use-service-account-credentials=true``.
    """
    for inv in invocations(workload, CONTROLLER_MANAGER):
        found = _flags.require_boolean(
            inv,
            "use-service-account-credentials",
            False,
            True,
            "every controller shares the controller manager's credential",
        )
        if found is not None:
            yield found


@rule(
    code="K8S-058",
    name="controller-manager-key-files-missing",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.3.4", "1.3.5"], NSA: ["protecting-pod-service-account-tokens"]},
    tags=TAGS,
)
def controller_manager_key_files_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The controller manager has no token signing key or root CA for service accounts.

    What it checks
        ``--service-account-private-key-file`` and ``--root-ca-file`` on
        kube-controller-manager containers.
    Why it matters
        Without the signing key, service account token Secrets are not issued or cannot be
        rotated with their own key; without the root CA, pods receive no CA bundle and cannot
        verify the API server they talk to.
    How to fix
        Set both: the private key whose public half the API server has in
        ``--service-account-key-file``, and the cluster CA bundle.
    """
    for inv in invocations(workload, CONTROLLER_MANAGER):
        yield from _flags.require_set(inv, "service-account-private-key-file", "root-ca-file")


@rule(
    code="K8S-059",
    name="control-plane-bound-to-all-interfaces",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={CIS: ["1.3.7", "1.4.2"], **HARDENING},
    tags=TAGS,
)
def control_plane_bound_to_all_interfaces(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The controller manager or scheduler listens on every network interface.

    What it checks
        ``--bind-address`` of kube-controller-manager and kube-scheduler containers: anything
        but a loopback address fails, and unset means ``0.0.0.0``. ``--secure-port=0``
        (nothing served) passes.
    Why it matters
        These components serve health, metrics and debug endpoints that nothing off the node
        needs; reachable from the network they leak information and widen the attack
        surface of the control plane.
    How to fix
        Add ``--bind-address=127.0.0.1``.
    """
    for inv in invocations(workload, CONTROLLER_MANAGER, SCHEDULER):
        blocked = _flags.unread(inv, "bind-address")
        if blocked is not None:
            yield blocked
            continue
        port = inv.last("secure-port")
        if port is not None and _flags.integer(port) == 0:
            continue
        flag = inv.last("bind-address")
        if flag is None:
            yield fail(
                f"{inv.label}: --bind-address is not set (defaults to 0.0.0.0): "
                "served on every interface",
                inv.command_path,
            )
        elif flag.text.strip() not in LOOPBACK:
            yield fail(f"{inv.label}: --bind-address={flag.text} is not loopback", flag.path)


def _etcd_tls(inv: Invocation, prefix: str, what: str) -> Iterator[Verdict]:
    """The TLS flags of etcd's client (``prefix`` "") or peer (``"peer-"``) listener."""
    yield from _flags.require_set(inv, f"{prefix}cert-file", f"{prefix}key-file")
    found = _flags.require_boolean(
        inv, f"{prefix}client-cert-auth", False, True, f"{what} need no client certificate"
    )
    if found is not None:
        yield found
    found = _flags.require_boolean(
        inv, f"{prefix}auto-tls", False, False, f"{what} use a self-signed certificate"
    )
    if found is not None:
        yield found
    names = ("listen-client-urls", "advertise-client-urls")
    if prefix:
        names = ("listen-peer-urls", "initial-advertise-peer-urls")
    for name in names:
        urls, flag, _ = inv.items(name)
        plain = _plain_http(urls)
        if plain and flag is not None:
            yield fail(f"etcd: {what} in clear text at {plain}", flag.path)


@rule(
    code="K8S-060",
    name="etcd-client-tls-disabled",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.1", "2.2", "2.3", "2.7"], NSA: ["etcd"]},
    tags=TAGS,
)
def etcd_client_tls_disabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """etcd serves clients without mutual TLS.

    What it checks
        etcd containers (flags, or the ``ETCD_*`` variables etcd reads for unset flags):
        ``--cert-file`` and ``--key-file`` set, ``--client-cert-auth=true`` (default false),
        ``--auto-tls`` not true, ``--trusted-ca-file`` set, and no ``http://`` client URL.
    Why it matters
        etcd is the cluster's database, Secrets included. A client that reaches it without a
        certificate signed by its CA can read and rewrite every object: that is the whole
        cluster, with no API server audit or authorization in the way.
    How to fix
        Serve clients over ``https://`` with a certificate and key, require client
        certificates (``--client-cert-auth=true``) signed by a CA dedicated to etcd
        (``--trusted-ca-file``), and never use ``--auto-tls``.
    """
    for inv in invocations(workload, ETCD):
        yield from _etcd_tls(inv, "", "clients")
        yield from _flags.require_set(inv, "trusted-ca-file")


@rule(
    code="K8S-061",
    name="etcd-peer-tls-disabled",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.4", "2.5", "2.6"], NSA: ["etcd"]},
    tags=TAGS,
)
def etcd_peer_tls_disabled(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """etcd members talk to each other without mutual TLS.

    What it checks
        etcd containers: ``--peer-cert-file`` and ``--peer-key-file`` set,
        ``--peer-client-cert-auth=true`` (default false), ``--peer-auto-tls`` not true, and no
        ``http://`` peer URL.
    Why it matters
        Peer traffic replicates the whole database. Without TLS it can be read on the
        network; without peer certificate authentication anyone who reaches the peer port can
        join the cluster as a member and receive every write.
    How to fix
        Give each member a peer certificate and key from the etcd CA, and set
        ``--peer-client-cert-auth=true`` with ``--peer-trusted-ca-file``.
    """
    for inv in invocations(workload, ETCD):
        yield from _etcd_tls(inv, "peer-", "peers")


def _feature_gate_off(gates: object, gate: str) -> bool:
    if isinstance(gates, Mapping):
        return str(gates.get(gate, "")).lower() == "false"
    return False


@rule(
    code="K8S-062",
    name="certificate-rotation-disabled",
    kind=(*WORKLOADS, KUBELET),
    severity=Severity.LOW,
    frameworks={CIS: ["1.3.6", "4.2.10", "4.2.11"], NSA: ["encryption"]},
    tags=TAGS,
)
def certificate_rotation_disabled(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """Kubelet certificates are not rotated.

    What it checks
        Kubelet configurations: ``rotateCertificates`` (default false in a configuration
        file) and the ``RotateKubeletServerCertificate`` feature gate; kube-controller-manager
        containers: ``RotateKubeletServerCertificate=false`` in ``--feature-gates``.
    Why it matters
        Certificates that are never rotated stay valid for their whole lifetime once stolen,
        and expire all at once, taking nodes down.
    How to fix
        Set ``rotateCertificates: true`` in the kubelet configuration and leave the
        ``RotateKubeletServerCertificate`` gate on (it is by default).
    """
    if resource.kind == KUBELET:
        rotate = resource.get("rotateCertificates")
        if rotate is not True:
            state = "is false" if rotate is False else "is not set (defaults to false)"
            where = ("rotateCertificates",) if rotate is not None else ()
            yield fail(
                f"kubelet: rotateCertificates {state}: client certificates never rotate", where
            )
        if _feature_gate_off(resource.get("featureGates"), "RotateKubeletServerCertificate"):
            yield fail(
                "kubelet: the RotateKubeletServerCertificate feature gate is off",
                ("featureGates", "RotateKubeletServerCertificate"),
            )
        return
    for inv in invocations(resource, CONTROLLER_MANAGER):
        gates, flag, _ = inv.items("feature-gates")
        parsed = dict(item.partition("=")[::2] for item in gates)
        if flag is not None and _feature_gate_off(parsed, "RotateKubeletServerCertificate"):
            yield fail(
                "controller manager: the RotateKubeletServerCertificate feature gate is off",
                flag.path,
            )


ENCRYPTION = "k8s.apiserver.encryption_configuration"
# Resource selectors of an EncryptionConfiguration entry that match Secrets.
SECRETS_SELECTORS = frozenset({"secrets", "*.", "*.*"})
STRONG_PROVIDERS = frozenset({"kms", "aescbc", "secretbox"})


@rule(
    code="K8S-084",
    name="secrets-encryption-provider-weak",
    kind=ENCRYPTION,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["1.2.28"], NSA: ["secrets", "encryption"]},
    tags=[*TAGS, "secrets"],
)
def secrets_encryption_provider_weak(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The API server's encryption configuration leaves Secrets unencrypted or weakly encrypted.

    What it checks
        The first entry of an EncryptionConfiguration whose resources match Secrets
        (``secrets``, ``*.`` or ``*.*``; the API server uses the first match): its first
        provider, which encrypts every new write, must be ``kms``, ``aescbc`` or
        ``secretbox``. ``identity`` first, ``aesgcm`` first (safe only with automated key
        rotation) and no entry for Secrets fail. Key material is never reported.
    Why it matters
        With ``identity`` first, Secrets are written to etcd in clear text although an
        encryption configuration exists, and its presence gives false assurance.
    How to fix
        Put a ``kms`` (v2) provider first; keep ``identity`` last only while existing Secrets
        are rewritten (``kubectl get secrets -A -o json | kubectl replace -f -``). Local
        ``aescbc``/``secretbox`` keys in a file kept in Git are readable by everyone with the
        repository: prefer KMS.
    """
    entries = config.get("resources")
    if not isinstance(entries, list):
        entries = []
    for index, entry in enumerate(entries):
        selectors = {str(s) for s in mapping(entry).get("resources") or []}
        if not selectors & SECRETS_SELECTORS:
            continue
        providers = mapping(entry).get("providers")
        first = mapping(providers[0]) if isinstance(providers, list) and providers else {}
        name = next(iter(first), None)
        where = ("resources", index, "providers", 0) if first else ("resources", index)
        if name is None:
            yield fail("the entry for Secrets names no provider", where)
        elif name == "identity":
            yield fail("Secrets are written unencrypted: the identity provider comes first", where)
        elif name == "aesgcm":
            yield fail(
                "Secrets are encrypted with aesgcm, which needs its key rotated every 200,000 "
                "writes",
                where,
            )
        elif name not in STRONG_PROVIDERS:
            yield unknown(f"unknown encryption provider {name!r}", where)
        return
    yield fail(
        "no entry covers Secrets: they are stored unencrypted",
        ("resources",) if isinstance(config.get("resources"), list) else (),
    )
