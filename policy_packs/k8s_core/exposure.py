"""Exposure: what a manifest opens to the network beyond the cluster, or leaves unfenced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from iacgate.model import k8s, network
from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, rule, unknown

from ._pod import mapping

CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
# The legacy spelling of spec.loadBalancerSourceRanges, still honoured when the field is unset.
SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"


def _internal(service: Resource) -> bool:
    return k8s.internal_load_balancer(service)


@rule(
    code="K8S-032",
    name="service-public-load-balancer",
    kind="k8s.core.service",
    severity=Severity.MEDIUM,
    frameworks={NSA: ["network-separation"]},
    tags=["exposure"],
)
def service_public_load_balancer(service: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Service of type LoadBalancer is open to the internet.

    What it checks
        Services of type ``LoadBalancer`` that are not internal (no internal load balancer
        annotation for AWS, Azure, GCP, OCI or IBM) and whose ``loadBalancerSourceRanges``
        (or the legacy ``service.beta.kubernetes.io/load-balancer-source-ranges`` annotation)
        are missing or admit the whole internet: a prefix-0 range in any spelling
        (``0.0.0.0/0``, ``::/0``, ``10.0.0.0/0``) or ranges that together cover every
        internet address (``0.0.0.0/1`` and ``128.0.0.0/1``).
    Why it matters
        A public load balancer puts the selected pods on the internet, outside any ingress
        controller's authentication, TLS and rate limits.
    How to fix
        Route external traffic through an Ingress or Gateway, make the load balancer internal,
        or restrict it::

            spec:
              type: LoadBalancer
              loadBalancerSourceRanges: ["203.0.113.0/24"]
    """
    if service.get(("spec", "type")) != "LoadBalancer" or _internal(service):
        return
    path: tuple[str, ...] = ("spec", "loadBalancerSourceRanges")
    ranges = service.get(path)
    if not isinstance(ranges, list) or not ranges:
        legacy = mapping(service.get(("metadata", "annotations"))).get(SOURCE_RANGES_ANNOTATION)
        ranges = [r.strip() for r in legacy.split(",")] if isinstance(legacy, str) else []
        path = ("metadata", "annotations", SOURCE_RANGES_ANNOTATION)
    if not any(isinstance(r, str) and r.strip() for r in ranges):
        yield fail("load balancer is reachable from any address", ("spec", "type"))
        return
    world = network.covers_world(ranges)
    if world is True:
        alone = sorted({str(r).strip() for r in ranges if network.is_world(r) is True})
        shown = alone if alone else [f"{network.describe(ranges)} (together: the world)"]
        yield fail(f"load balancer accepts traffic from {shown}", path)
    elif is_unknown(world):
        yield unknown(f"a source range is not known: {world.reason}", path)


@rule(
    code="K8S-033",
    name="service-node-port",
    kind="k8s.core.service",
    severity=Severity.LOW,
    frameworks={NSA: ["network-separation"]},
    tags=["exposure"],
)
def service_node_port(service: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Service of type NodePort opens a port on every node.

    What it checks
        Services of type ``NodePort``.
    Why it matters
        A NodePort listens on every node's address, in a port range that firewalls and
        security groups must then keep closed; it bypasses ingress controllers and is easy to
        expose by accident.
    How to fix
        Use a ``ClusterIP`` Service behind an Ingress or Gateway, or an internal load balancer.
    """
    if service.get(("spec", "type")) == "NodePort":
        yield fail("service opens a node port on every node", ("spec", "type"))


def _host_covered(host: str, tls_hosts: set[str]) -> bool:
    if host in tls_hosts:
        return True
    parent = host.split(".", 1)[1] if "." in host else ""
    return bool(parent) and f"*.{parent}" in tls_hosts


@rule(
    code="K8S-034",
    name="ingress-without-tls",
    kind="k8s.networking.ingress",
    severity=Severity.MEDIUM,
    frameworks={NSA: ["network-separation"]},
    tags=["exposure", "encryption"],
)
def ingress_without_tls(ingress: Resource, ctx: Context) -> Iterator[Verdict]:
    """An Ingress serves plain HTTP.

    What it checks
        Ingresses without ``spec.tls``, and hosts of ``spec.rules`` that no ``spec.tls[].hosts``
        entry covers (a ``*.example.com`` entry covers one level of subdomain).
    Why it matters
        Without TLS, credentials, cookies and data travel in clear text between clients and
        the ingress controller, and can be read or altered on the way.
    How to fix
        Add a TLS section for every host, with a certificate Secret (cert-manager can issue
        it)::

            spec:
              tls:
                - hosts: ["shop.example.com"]
                  secretName: shop-tls
    """
    tls = ingress.get(("spec", "tls"))
    if not isinstance(tls, list) or not tls:
        yield fail("ingress has no TLS section", ("spec",))
        return
    tls_hosts = {str(h) for entry in tls for h in mapping(entry).get("hosts") or []}
    covers_all = any(not mapping(entry).get("hosts") for entry in tls)
    rules = ingress.get(("spec", "rules"))
    if not isinstance(rules, list) or covers_all:
        return
    for index, item in enumerate(rules):
        host = mapping(item).get("host")
        if isinstance(host, str) and not _host_covered(host, tls_hosts):
            yield fail(f"host {host!r} is served without TLS", ("spec", "rules", index, "host"))


@dataclass(slots=True)
class _NamespaceIndex:
    """Per graph: which namespaces have NetworkPolicies, Namespace objects and workloads."""

    with_policy: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)
    first_workload: dict[str, str] = field(default_factory=dict)  # namespace -> resource key
    workloads: dict[str, int] = field(default_factory=dict)
    defaulted: set[str] = field(default_factory=set)  # namespaces some workload left unset


# Built once per scan, not once per resource, so the rule stays linear; kept by the scan
# (``Context.once``), so rule objects keep no per-scan state.
def _index(ctx: Context) -> _NamespaceIndex:
    return ctx.once("k8s_core.exposure.namespaces", lambda: _build_index(ctx))


def _build_index(ctx: Context) -> _NamespaceIndex:
    index = _NamespaceIndex()
    for policy in ctx.resources("k8s.networking.network_policy"):
        index.with_policy.add(k8s.namespace_of(policy) or "default")
    for namespace in ctx.resources("k8s.core.namespace"):
        index.declared.add(k8s.name_of(namespace))
    for workload in ctx.resources(k8s.WORKLOAD_KINDS):
        name = k8s.namespace_of(workload) or "default"
        index.first_workload.setdefault(name, workload.key)
        index.workloads[name] = index.workloads.get(name, 0) + 1
        if workload.origin.get("namespace_defaulted"):
            index.defaulted.add(name)
    return index


@rule(
    code="K8S-035",
    name="namespace-without-network-policy",
    kind=("k8s.core.namespace", *k8s.WORKLOAD_KINDS),
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.3.2"], NSA: ["network-policies"]},
    tags=["exposure"],
)
def namespace_without_network_policy(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A namespace runs workloads but has no NetworkPolicy.

    What it checks
        For every namespace that holds workloads in the scan: whether any NetworkPolicy is
        declared in it. One finding per namespace, on its Namespace object when the scan
        declares it, else on the namespace's first workload. Scan the policies with the
        workloads (a policy kept in another repository is not seen).
    Why it matters
        Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster:
        one compromised pod can reach databases and internal APIs of every namespace.
    How to fix
        Start from a default-deny policy and allow the flows the application needs::

            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
    """
    index = _index(ctx)
    if resource.kind == "k8s.core.namespace":
        name = k8s.name_of(resource)
        if index.workloads.get(name) and name not in index.with_policy:
            yield fail(
                f"namespace {name!r} runs {index.workloads[name]} workload(s) "
                "and has no NetworkPolicy",
                ("metadata", "name"),
            )
        return
    name = k8s.namespace_of(resource) or "default"
    if name in index.declared or name in index.with_policy:
        return
    if index.first_workload.get(name) == resource.key:
        unset = " (counting workloads without a namespace)" if name in index.defaulted else ""
        yield fail(
            f"namespace {name!r}{unset} runs {index.workloads[name]} workload(s) and has no "
            "NetworkPolicy",
            ("metadata", "namespace"),
        )


@rule(
    code="K8S-085",
    name="network-policy-ingress-from-any-address",
    kind="k8s.networking.network_policy",
    severity=Severity.MEDIUM,
    frameworks={NSA: ["network-policies"]},
    tags=["exposure"],
)
def network_policy_ingress_from_any_address(policy: Resource, ctx: Context) -> Iterator[Verdict]:
    """A NetworkPolicy admits ingress from every internet address through ``ipBlock``.

    What it checks
        Each ingress rule's ``from`` peers of type ``ipBlock``: their ranges, less their
        ``except`` ranges, must not admit the whole internet — a prefix-0 range in any
        spelling (``0.0.0.0/0``, ``::/0``, ``10.0.0.0/0``) or several blocks that together
        cover every internet address (``0.0.0.0/1`` and ``128.0.0.0/1``). Excepting only
        private ranges leaves the internet in.
    Why it matters
        A policy is meant to fence the selected pods; an ``ipBlock`` of the whole internet
        opens them to any source that can route to the cluster (a load balancer, a node
        port, a peered network), and silently undoes a default-deny policy.
    How to fix
        Admit the networks that need the pods, or the ingress controller's pods by label::

            ingress:
              - from:
                  - ipBlock: {cidr: 203.0.113.0/24}
                  - namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
    """
    rules = policy.get(("spec", "ingress"))
    if not isinstance(rules, list):
        return
    for index, item in enumerate(rules):
        peers = mapping(item).get("from")
        if not isinstance(peers, list):
            continue
        blocks: list[tuple[object, list[object]]] = []
        for peer in peers:
            block = mapping(mapping(peer).get("ipBlock"))
            if "cidr" in block:
                excepted = block.get("except")
                blocks.append((block["cidr"], excepted if isinstance(excepted, list) else []))
        if not blocks or network.blocks_cover_world(blocks) is not True:
            continue
        cidrs = network.describe(cidr for cidr, _ in blocks)
        yield fail(
            f"ingress rule {index} admits every internet address ({cidrs})",
            ("spec", "ingress", index, "from"),
        )
