"""Attack paths through a cluster: chains of findings no single object shows.

Each rule follows the graph (``ctx.exposure``: the path from the internet; ``ctx.power``: what
an identity can do, across layers to the AWS role a ServiceAccount assumes) and lists every hop
with its file and line (or live identity) in its message, so the chain can be broken anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.model import k8s
from iacgate.model.risk import CLUSTER_ADMIN, IAM_ADMIN, NOT_KNOWN, describe_path
from iacgate.rules import (
    AttrPath,
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    ok,
    rule,
    unknown,
)

WORKLOADS = k8s.WORKLOAD_KINDS


def _account(workload: Resource, ctx: Context) -> tuple[Resource | None, AttrPath]:
    for edge in ctx.edges(workload, EdgeType.USES_SERVICE_ACCOUNT):
        return edge.target, edge.path
    return None, ()


def _where(resource: Resource, ctx: Context) -> str:
    location = ctx.location(resource)
    if location is None or not location.file:
        return resource.address
    return f"{resource.address} ({location.file}:{location.start_line})"


@rule(
    code="K8S-PATH-001",
    name="internet-exposed-workload-with-cloud-admin-identity",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    tags=["attack-path", "graph", "exposure", "iam"],
)
def exposed_workload_cloud_admin(workload: Resource, ctx: Context) -> Verdict:
    """A workload reachable from the internet runs as an administrator of the AWS account.

    What it checks
        Two facts through the graph: the internet reaches the workload (a ``LoadBalancer``
        Service or an Ingress that is not internal selects it), and its ServiceAccount assumes
        an IAM role (IRSA annotation ``eks.amazonaws.com/role-arn`` or an EKS Pod Identity
        association) that is an administrator: ``AdministratorAccess``/``IAMFullAccess``
        attached, or ``*`` (or ``iam:*``) on ``*``. Scan the manifests and the Terraform or
        CloudFormation of the roles together (``iacgate scan k8s/ terraform/``); a role outside
        the scan makes the answer unknown. A ``NodePort`` Service alone makes it unknown too
        (whether the nodes are public is not in the manifests).
    Why it matters
        Any remote-code-execution or server-side request forgery in the exposed pod reads the
        pod's web identity token and assumes the role: one web bug is a lost AWS account.
    How to fix
        Break the chain: give the role only what the application calls, or run the exposed
        workload as a ServiceAccount without the role (a separate one for the admin task),
        or put it behind an internal load balancer.

        ```yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/web-read-assets
        ```
    """
    reached = ctx.exposure(workload)
    if reached is None:
        return ok()
    account, path = _account(workload, ctx)
    if account is None:
        return ok()
    power = ctx.power(account)
    hops = describe_path(reached.hops)
    if power.has(IAM_ADMIN):
        roles = [
            role
            for role in ctx.related(account, None, EdgeType.ASSUMES_ROLE, "out")
            if ctx.power(role).has(IAM_ADMIN)
        ]
        why = "; ".join(power.why(IAM_ADMIN))
        message = (
            f"exposed to the internet and its identity is an AWS administrator: {hops} -> "
            f"ServiceAccount {_where(account, ctx)} -> IAM role "
            f"{', '.join(_where(role, ctx) for role in roles)}: {why}"
        )
        if reached.level < 1.0:
            return unknown(f"reachable only where the nodes are: {message}", path)
        return fail(message, path)
    if power.has(NOT_KNOWN):
        return unknown(
            f"exposed ({hops}), and the permissions of its identity are not known: "
            + "; ".join(power.why(NOT_KNOWN)),
            path,
        )
    return ok()


def _exec_scopes(account: Resource, ctx: Context) -> Iterator[tuple[str | None, str]]:
    """Where the ServiceAccount may ``create pods/exec``: a namespace, or None for every
    namespace; with the binding and role that grant it."""
    for binding in ctx.related(account, None, EdgeType.BINDS_SUBJECT, "in"):
        cluster_wide = binding.kind == "k8s.rbac.cluster_role_binding"
        scope = None if cluster_wide else k8s.namespace_of(binding)
        ref = binding.get("roleRef")
        if isinstance(ref, Mapping) and ref.get("name") == "cluster-admin":
            yield scope, f"{_where(binding, ctx)} binds cluster-admin"
            continue
        for role in ctx.related(binding, None, EdgeType.BINDS_ROLE, "out"):
            for index, item in enumerate(_rules(role)):
                verbs, resources = set(_strings(item, "verbs")), set(_strings(item, "resources"))
                if verbs & {"create", "*"} and resources & {"pods/exec", "*"}:
                    grant = f"{_where(binding, ctx)} -> {_where(role, ctx)} rule {index}"
                    yield scope, f"{grant} allows pods/exec"
                    break


def _rules(role: Resource) -> list[Mapping[str, Any]]:
    rules = role.get("rules")
    return [r for r in rules if isinstance(r, Mapping)] if isinstance(rules, list) else []


def _strings(item: Mapping[str, Any], field: str) -> list[str]:
    values = item.get(field)
    return [str(v) for v in values] if isinstance(values, list) else []


@rule(
    code="K8S-PATH-002",
    name="workload-can-exec-into-cluster-admin-pod",
    kind=WORKLOADS,
    severity=Severity.CRITICAL,
    tags=["attack-path", "graph", "rbac"],
)
def exec_into_cluster_admin(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """A workload may exec into the pods of another workload that runs as cluster-admin.

    What it checks
        The workload's ServiceAccount may ``create`` ``pods/exec`` (a Role in a namespace, or a
        ClusterRole bound cluster-wide), and another workload in reach of that permission runs
        as a ServiceAccount bound to ``cluster-admin`` cluster-wide (or to a ClusterRole with
        every verb on every resource).
    Why it matters
        ``kubectl exec`` into the administrator's pod hands over its token: whoever takes the
        first workload takes the cluster. The permission reads harmless on its own; the path
        is what makes it critical.
    How to fix
        Drop ``pods/exec`` from the workload's role (debug with ephemeral containers from a
        person's account instead), or move the cluster-admin workload out of its reach and
        bind it a narrower role.
    """
    account, path = _account(workload, ctx)
    if account is None:
        return
    scopes = list(_exec_scopes(account, ctx))
    if not scopes:
        return
    for other in ctx.resources(WORKLOADS):
        if other.key == workload.key:
            continue
        target_account, _ = _account(other, ctx)
        if target_account is None or target_account.key == account.key:
            continue
        for scope, grant in scopes:
            if scope is not None and (k8s.namespace_of(other) or "default") != scope:
                continue
            power = ctx.power(target_account)
            if power.has(CLUSTER_ADMIN):
                yield fail(
                    f"can exec into {_where(other, ctx)}, which runs as cluster-admin: "
                    f"{_where(workload, ctx)} -> ServiceAccount {_where(account, ctx)} -> "
                    f"{grant} -> {_where(other, ctx)} -> ServiceAccount "
                    f"{_where(target_account, ctx)}: {'; '.join(power.why(CLUSTER_ADMIN))}",
                    path,
                )
                break
