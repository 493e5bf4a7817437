"""The kubelet: KubeletConfiguration files (``kubelet.config.k8s.io``).

A configuration file has its own defaults, which differ from the kubelet's command-line
defaults: anonymous authentication off, ``Webhook`` authorization, read-only port 0. The rules
apply the file defaults (documented in ``model/schemas/k8s.json``); a kubelet started with
flags that override its file is not visible here. The control ids are those of the CIS
Kubernetes Benchmark v1.9.0, section 4.2.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

KUBELET = "k8s.kubelet.kubelet_configuration"
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
AUTH = {NSA: ["authentication-and-authorization"]}
TAGS = ["kubelet"]


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


@rule(
    code="K8S-063",
    name="kubelet-anonymous-auth-enabled",
    kind=KUBELET,
    severity=Severity.HIGH,
    frameworks={CIS: ["4.2.1"], **AUTH},
    tags=TAGS,
)
def kubelet_anonymous_auth_enabled(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet serves requests that carry no credentials.

    What it checks
        ``authentication.anonymous.enabled: true`` in a kubelet configuration (unset means
        false in a configuration file).
    Why it matters
        The kubelet API runs commands in containers, reads their logs and lists the pods of
        the node. Anonymous requests reach it as ``system:anonymous``, and with
        ``AlwaysAllow`` authorization anyone who reaches port 10250 owns every pod on the
        node.
    How to fix
        Remove the setting or set ``authentication: {anonymous: {enabled: false}}``.
    """
    path = ("authentication", "anonymous", "enabled")
    if config.get(path) is True:
        yield fail("kubelet: anonymous requests are served as system:anonymous", path)


@rule(
    code="K8S-064",
    name="kubelet-authorization-always-allow",
    kind=KUBELET,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["4.2.2"], **AUTH},
    tags=TAGS,
)
def kubelet_authorization_always_allow(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet authorizes every request (``AlwaysAllow``).

    What it checks
        ``authorization.mode: AlwaysAllow`` in a kubelet configuration (unset means
        ``Webhook``), and webhook authentication turned off
        (``authentication.webhook.enabled: false``) alongside it.
    Why it matters
        With ``AlwaysAllow`` any authenticated caller, and any anonymous one when anonymous
        authentication is on, can run commands in every container of the node through the
        kubelet API.
    How to fix
        Set ``authorization: {mode: Webhook}`` (the API server then decides with
        SubjectAccessReviews) and keep webhook authentication on.
    """
    if config.get(("authorization", "mode")) == "AlwaysAllow":
        yield fail(
            "kubelet: authorization mode AlwaysAllow authorizes every request",
            ("authorization", "mode"),
        )
    webhook = ("authentication", "webhook", "enabled")
    if config.get(webhook) is False:
        yield fail("kubelet: webhook authentication is off: bearer tokens are not checked", webhook)


@rule(
    code="K8S-065",
    name="kubelet-client-ca-missing",
    kind=KUBELET,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["4.2.3"], **AUTH},
    tags=TAGS,
)
def kubelet_client_ca_missing(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet has no CA to verify client certificates.

    What it checks
        ``authentication.x509.clientCAFile`` in a kubelet configuration.
    Why it matters
        Without it the kubelet accepts no client certificate, so the API server's own
        certificate is not recognized: its requests fall to weaker authentication paths, and
        clusters then tend to open anonymous access to make ``exec`` and ``logs`` work.
    How to fix
        Set ``authentication: {x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}``.
    """
    path = ("authentication", "x509", "clientCAFile")
    value = config.get(path)
    if not isinstance(value, str) or not value.strip():
        where: tuple[str, ...] = ()
        if isinstance(config.get(("authentication", "x509")), Mapping):
            where = ("authentication", "x509")
        elif isinstance(config.get("authentication"), Mapping):
            where = ("authentication",)
        yield fail("kubelet: no clientCAFile: client certificates are not accepted", where)


@rule(
    code="K8S-066",
    name="kubelet-read-only-port-enabled",
    kind=KUBELET,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["4.2.4"], **AUTH},
    tags=TAGS,
)
def kubelet_read_only_port_enabled(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet serves its unauthenticated read-only port.

    What it checks
        ``readOnlyPort`` other than 0 in a kubelet configuration (unset means 0).
    Why it matters
        The read-only port (10255) serves the node's pods, their specs and environment, and
        metrics with no authentication at all, to anything that reaches the node.
    How to fix
        Remove ``readOnlyPort`` or set it to 0; scrape metrics from the authenticated port.
    """
    port = _integer(config.get("readOnlyPort"))
    if port not in (None, 0):
        yield fail(
            f"kubelet: read-only port {port} serves pod data without authentication",
            ("readOnlyPort",),
        )


@rule(
    code="K8S-067",
    name="kubelet-iptables-chains-disabled",
    kind=KUBELET,
    severity=Severity.LOW,
    frameworks={CIS: ["4.2.6"], NSA: ["network-separation"]},
    tags=TAGS,
)
def kubelet_iptables_chains_disabled(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet does not manage its iptables utility chains.

    What it checks
        ``makeIPTablesUtilChains: false`` in a kubelet configuration (unset means true).
    Why it matters
        The kubelet then leaves the chains that mark and drop traffic (``KUBE-MARK-DROP``,
        ``KUBE-FIREWALL``) to others; rules that pod networking relies on can go missing or
        drift from what the pods expect.
    How to fix
        Remove the setting or set ``makeIPTablesUtilChains: true``.
    """
    if config.get("makeIPTablesUtilChains") is False:
        yield fail("kubelet: iptables utility chains are not managed", ("makeIPTablesUtilChains",))


@rule(
    code="K8S-068",
    name="kubelet-serving-certificate-self-signed",
    kind=KUBELET,
    severity=Severity.LOW,
    frameworks={CIS: ["4.2.9"], NSA: ["encryption"]},
    tags=TAGS,
)
def kubelet_serving_certificate_self_signed(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet serves its API with a self-signed certificate.

    What it checks
        Kubelet configurations with neither ``tlsCertFile`` and ``tlsPrivateKeyFile`` nor
        ``serverTLSBootstrap: true``.
    Why it matters
        A self-signed serving certificate cannot be verified: the API server (and anyone else)
        must skip verification when calling the kubelet, so ``exec``, ``logs`` and
        ``port-forward`` traffic can be intercepted.
    How to fix
        Set ``serverTLSBootstrap: true`` (certificates from the cluster CA, approved through
        CSRs) or give the kubelet a certificate and key signed by the cluster CA.
    """
    cert, key = config.get("tlsCertFile"), config.get("tlsPrivateKeyFile")
    if config.get("serverTLSBootstrap") is True or (cert and key):
        return
    yield fail(
        "kubelet: no tlsCertFile/tlsPrivateKeyFile and no serverTLSBootstrap: "
        "the serving certificate is self-signed",
        ("tlsCertFile",) if cert else (),
    )


@rule(
    code="K8S-069",
    name="kubelet-pod-pids-unlimited",
    kind=KUBELET,
    severity=Severity.LOW,
    frameworks={CIS: ["4.2.13"], NSA: ["resource-policies"]},
    tags=TAGS,
)
def kubelet_pod_pids_unlimited(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet puts no limit on the processes of a pod.

    What it checks
        ``podPidsLimit`` in a kubelet configuration: unset, -1 or 0 is unlimited.
    Why it matters
        One pod running a fork bomb (by accident or on purpose) exhausts the node's process
        IDs, and every other pod and the kubelet itself stop being able to start processes.
    How to fix
        Set ``podPidsLimit`` to what the node's workloads need (for example 4096).
    """
    value = config.get("podPidsLimit")
    limit = _integer(value)
    if value is not None and limit is None:
        return  # not a number: the kubelet refuses the file
    if limit is None or limit <= 0:
        state = "is not set" if value is None else f"is {limit}"
        yield fail(
            f"kubelet: podPidsLimit {state}: one pod can exhaust the node's process IDs",
            ("podPidsLimit",) if value is not None else (),
        )


@rule(
    code="K8S-070",
    name="kubelet-kernel-defaults-not-protected",
    kind=KUBELET,
    severity=Severity.LOW,
    frameworks={NSA: ["hardening-container-environments"]},
    tags=TAGS,
)
def kubelet_kernel_defaults_not_protected(config: Resource, ctx: Context) -> Iterator[Verdict]:
    """The kubelet changes kernel settings instead of refusing to start.

    What it checks
        ``protectKernelDefaults`` in a kubelet configuration (unset means false). (CIS
        Kubernetes 1.8 control 4.2.6; 1.9 dropped it.)
    Why it matters
        With protection off, the kubelet silently rewrites kernel tunables it disagrees with,
        overriding the node's hardening; with it on, a mismatch stops the kubelet where an
        operator sees it.
    How to fix
        Set ``protectKernelDefaults: true`` and configure the kernel tunables the kubelet
        expects in the node image.
    """
    value = config.get("protectKernelDefaults")
    if value is not True:
        yield fail(
            "kubelet: protectKernelDefaults is "
            + ("false" if value is False else "not set (defaults to false)"),
            ("protectKernelDefaults",) if value is not None else (),
        )
