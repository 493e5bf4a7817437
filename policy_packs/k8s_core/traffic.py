"""Traffic: Services and Ingresses through which one tenant can take over others' traffic."""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import mapping

NSA = "nsa-cisa-k8s-1.2"

# ingress-nginx annotations that paste raw NGINX configuration into the controller's (shared)
# configuration: CVE-2021-25742, and the IngressNightmare family (CVE-2025-1974 and others).
NGINX_SNIPPETS = (
    "nginx.ingress.kubernetes.io/configuration-snippet",
    "nginx.ingress.kubernetes.io/server-snippet",
    "nginx.ingress.kubernetes.io/auth-snippet",
    "nginx.ingress.kubernetes.io/stream-snippet",
    "nginx.ingress.kubernetes.io/modsecurity-snippet",
)


@rule(
    code="K8S-080",
    name="service-external-ips",
    kind="k8s.core.service",
    severity=Severity.MEDIUM,
    frameworks={"cis-k8s-1.9": ["1.2.3"], NSA: ["network-separation"]},
    tags=["exposure"],
)
def service_external_ips(service: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Service claims external IP addresses (CVE-2020-8554).

    What it checks
        Services with ``spec.externalIPs``.
    Why it matters
        Every node routes traffic for an external IP to the Service, whoever owns that
        address: a Service naming another application's IP (or a public one) intercepts its
        traffic across the cluster. The API server does not check the addresses.
    How to fix
        Use a LoadBalancer Service or an Ingress; enable the ``DenyServiceExternalIPs``
        admission plugin so that no Service can set them.
    """
    ips = service.get(("spec", "externalIPs"))
    if isinstance(ips, list) and ips:
        shown = [str(ip) for ip in ips[:5]]
        yield fail(
            f"Service claims external IPs {shown}: their traffic is routed to it on every node",
            ("spec", "externalIPs"),
        )


@rule(
    code="K8S-081",
    name="ingress-nginx-snippet-annotation",
    kind="k8s.networking.ingress",
    severity=Severity.MEDIUM,
    frameworks={NSA: ["network-separation"]},
    tags=["exposure"],
)
def ingress_nginx_snippet_annotation(ingress: Resource, ctx: Context) -> Iterator[Verdict]:
    """An Ingress injects raw NGINX configuration into the ingress controller.

    What it checks
        The ingress-nginx snippet annotations (``configuration-snippet``, ``server-snippet``,
        ``auth-snippet``, ``stream-snippet``, ``modsecurity-snippet``).
    Why it matters
        A snippet runs as configuration of the shared controller, which holds the TLS keys
        of every Ingress and a token that reads all Secrets: CVE-2021-25742 and the 2025
        IngressNightmare advisories turn a snippet into reading them, or into code execution
        in the controller.
    How to fix
        Express the behaviour with regular annotations or a dedicated controller, and keep
        ``allow-snippet-annotations: "false"`` in the controller's configuration.
    """
    annotations = mapping(ingress.get(("metadata", "annotations")))
    for key in NGINX_SNIPPETS:
        if key in annotations:
            yield fail(
                f"annotation {key} injects NGINX configuration into the controller",
                ("metadata", "annotations", key),
            )
