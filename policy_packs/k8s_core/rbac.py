"""RBAC: roles that grant too much, bindings that hand it out, and service account tokens.

Permission rules judge what a role grants, wildcards included: ``get`` on ``*`` resources
reads Secrets (K8S-026) as surely as ``get`` on ``secrets``. A rule granting every verb on
every resource is K8S-012's finding alone, instead of one finding per rule below on one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import mapping, pod_of

BINDINGS = ("k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding")
ROLES = ("k8s.rbac.role", "k8s.rbac.cluster_role")
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
RBAC_NSA = {NSA: ["authentication-and-authorization"]}

# Subjects that stand for everyone: never "system" subjects, whatever their prefix says.
EVERYONE = frozenset({"system:anonymous", "system:unauthenticated"})
# Kubernetes binds this role to system:unauthenticated itself (version and health endpoints).
DEFAULT_PUBLIC_ROLES = frozenset({"system:public-info-viewer"})
# What "impersonate" acts on (core group and authentication.k8s.io).
IMPERSONATED = ("users", "groups", "serviceaccounts", "uids", "userextras/*")


def _is_system_subject(subject: Mapping[str, object]) -> bool:
    name = str(subject.get("name", ""))
    # system:masters and friends are Kubernetes' own; system:anonymous, system:unauthenticated
    # and system:authenticated are (nearly) everyone, and never count as system subjects here.
    return name.startswith("system:") and name not in (*EVERYONE, "system:authenticated")


def _strings(item: Mapping[str, Any], field: str) -> list[str]:
    values = item.get(field)
    return [str(v) for v in values] if isinstance(values, list) else []


def _role_rules(role: Resource) -> Iterator[tuple[int, Mapping[str, Any]]]:
    rules = role.get("rules")
    if not isinstance(rules, list):
        return
    for index, item in enumerate(rules):
        if isinstance(item, Mapping):
            yield index, item


def _core_group(item: Mapping[str, Any]) -> bool:
    groups = _strings(item, "apiGroups")
    return "" in groups or "*" in groups


def _matches(values: Iterable[str], wanted: Iterable[str]) -> list[str]:
    present = set(values)
    return sorted(w for w in wanted if w in present)


def _grants(
    item: Mapping[str, Any], verbs: Iterable[str] | None, resources: Iterable[str] | None
) -> tuple[list[str], list[str]] | None:
    """The verbs and resources of ``item`` that grant one of ``verbs`` on one of
    ``resources`` (``None``: any), counting ``*``; None when it grants none, or everything."""
    granted_verbs = _strings(item, "verbs")
    granted_resources = _strings(item, "resources")
    if "*" in granted_verbs and "*" in granted_resources:
        return None  # K8S-012 reports the rule that grants everything
    found_verbs = granted_verbs if verbs is None else _matches(granted_verbs, [*verbs, "*"])
    found_resources = (
        granted_resources if resources is None else _matches(granted_resources, [*resources, "*"])
    )
    if not found_verbs or not found_resources:
        return None
    return found_verbs, found_resources


@rule(
    code="K8S-011",
    name="cluster-admin-bound",
    kind=BINDINGS,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.1"], **RBAC_NSA},
    tags=["rbac"],
)
def cluster_admin_bound(binding: Resource, ctx: Context) -> Iterator[Verdict]:
    """The cluster-admin role is bound to a user, group or service account.

    What it checks
        RoleBindings and ClusterRoleBindings whose ``roleRef`` is the ``cluster-admin``
        ClusterRole, for every subject that is not one of Kubernetes' own ``system:`` subjects
        (``system:anonymous``, ``system:unauthenticated`` and ``system:authenticated`` are
        everyone, and always reported).
    Why it matters
        cluster-admin can do anything to any object in every namespace; a leaked token of a
        subject bound to it is a lost cluster.
    How to fix
        Bind a role that grants only the verbs and resources the subject needs, namespaced with
        a RoleBinding where possible.
    """
    ref = mapping(binding.get("roleRef"))
    if ref.get("kind") != "ClusterRole" or ref.get("name") != "cluster-admin":
        return
    subjects = binding.get("subjects")
    if not isinstance(subjects, list):
        return
    for index, subject in enumerate(subjects):
        if isinstance(subject, Mapping) and not _is_system_subject(subject):
            yield fail(
                f"cluster-admin bound to {subject.get('kind')} {subject.get('name')!r}",
                ("subjects", index),
            )


@rule(
    code="K8S-012",
    name="rbac-wildcard",
    kind=ROLES,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.3"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_wildcard(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Role or ClusterRole grants ``*`` verbs, resources or API groups.

    What it checks
        Every rule of the role for ``*`` in ``verbs``, ``resources`` or ``apiGroups``.
    Why it matters
        Wildcards grant every present and future verb or resource, including ones added by
        CRDs later: the role's reach grows without anyone editing it.
    How to fix
        List the verbs, resources and API groups explicitly.
    """
    for index, item in _role_rules(role):
        for field in ("verbs", "resources", "apiGroups"):
            if "*" in _strings(item, field):
                yield fail(f"rule {index} grants '*' {field}", ("rules", index, field))


@rule(
    code="K8S-026",
    name="rbac-secrets-readable",
    kind=ROLES,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.1.2"], NSA: ["secrets", "authentication-and-authorization"]},
    tags=["rbac", "secrets"],
)
def rbac_secrets_readable(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role can read every Secret in its scope.

    What it checks
        Rules granting ``get``, ``list`` or ``watch`` (or ``*``) on ``secrets`` (or ``*``) in the
        core API group. Rules limited by ``resourceNames`` to named Secrets pass.
    Why it matters
        Secrets hold service account tokens, passwords and keys; reading them is usually a
        step to every identity the namespace (or, for a ClusterRole, the cluster) holds.
    How to fix
        Mount the Secrets a workload needs instead of reading them through the API, or limit
        the rule with ``resourceNames``.
    """
    for index, item in _role_rules(role):
        if not _core_group(item) or _strings(item, "resourceNames"):
            continue
        found = _grants(item, ("get", "list", "watch"), ("secrets",))
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}: Secrets are readable",
                ("rules", index, "verbs"),
            )


@rule(
    code="K8S-027",
    name="rbac-escalation-verbs",
    kind=ROLES,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.8"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_escalation_verbs(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role grants ``escalate``, ``bind`` or ``impersonate``.

    What it checks
        Rules granting ``escalate`` or ``bind`` on ``roles``/``clusterroles``, or
        ``impersonate`` on users, groups, service accounts, uids or user extras (``*`` verbs
        and resources included).
    Why it matters
        ``escalate`` lets a subject grant itself permissions it does not hold, ``bind`` lets it
        bind any role (cluster-admin included) to itself, and ``impersonate`` lets it act as
        any user, group or service account: each is a path to cluster-admin.
    How to fix
        Remove these verbs; keep them for the controllers that need them, bound in dedicated
        namespaces.
    """
    for index, item in _role_rules(role):
        groups = set(_strings(item, "apiGroups"))
        checks = []
        if groups & {"rbac.authorization.k8s.io", "*"}:
            checks.append(_grants(item, ("escalate", "bind"), ("roles", "clusterroles")))
        if groups & {"", "authentication.k8s.io", "*"}:
            checks.append(_grants(item, ("impersonate",), IMPERSONATED))
        for found in checks:
            if found:
                yield fail(
                    f"rule {index} grants {found[0]} on {found[1]}", ("rules", index, "verbs")
                )


@rule(
    code="K8S-028",
    name="rbac-pod-exec-attach",
    kind=ROLES,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.1.4"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_pod_exec_attach(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role can run commands in pods (``pods/exec``, ``pods/attach``).

    What it checks
        Rules on ``pods/exec``, ``pods/attach``, ``pods/*`` or ``*`` in the core API group with
        ``create`` or ``get`` (older clients open exec streams with ``get``) or ``*``.
    Why it matters
        Exec and attach give a shell in the container: every secret, token and network path
        the pod has becomes the subject's.
    How to fix
        Grant exec only to break-glass roles, bound for the time they are needed.
    """
    for index, item in _role_rules(role):
        if not _core_group(item):
            continue
        found = _grants(item, ("create", "get"), ("pods/exec", "pods/attach", "pods/*"))
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}", ("rules", index, "resources")
            )


@rule(
    code="K8S-029",
    name="rbac-node-proxy",
    kind="k8s.rbac.cluster_role",
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.10"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_node_proxy(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A ClusterRole can reach the kubelet API through ``nodes/proxy``.

    What it checks
        ClusterRole rules on ``nodes/proxy``, ``nodes/*`` or ``*`` in the core API group, with
        any verb (a namespaced Role cannot grant access to nodes).
    Why it matters
        ``nodes/proxy`` forwards requests to the kubelet with the API server's credentials:
        running commands in any pod on the node, bypassing admission and audit of ``exec``.
    How to fix
        Remove the grant; monitoring agents can read metrics from ``nodes/metrics`` instead.
    """
    for index, item in _role_rules(role):
        if not _core_group(item):
            continue
        found = _grants(item, None, ("nodes/proxy", "nodes/*"))
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}", ("rules", index, "resources")
            )


@rule(
    code="K8S-030",
    name="rbac-bound-to-anonymous",
    kind=BINDINGS,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["5.1.1"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_bound_to_anonymous(binding: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role is bound to ``system:anonymous`` or ``system:unauthenticated``.

    What it checks
        Subjects of RoleBindings and ClusterRoleBindings named ``system:anonymous`` or
        ``system:unauthenticated`` (Kubernetes' own ``system:public-info-viewer`` binding
        passes).
    Why it matters
        These subjects are every request without credentials: whatever the role grants is
        granted to anyone who can reach the API server.
    How to fix
        Bind the role to the users, groups or service accounts that need it.
    """
    ref = mapping(binding.get("roleRef"))
    if ref.get("name") in DEFAULT_PUBLIC_ROLES:
        return
    subjects = binding.get("subjects")
    if not isinstance(subjects, list):
        return
    for index, subject in enumerate(subjects):
        name = mapping(subject).get("name")
        if name in EVERYONE:
            yield fail(
                f"{ref.get('kind')} {ref.get('name')!r} is bound to {name}",
                ("subjects", index, "name"),
            )


@rule(
    code="K8S-031",
    name="default-service-account-token-mounted",
    kind=k8s.WORKLOAD_KINDS,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.1.5", "5.1.6"], NSA: ["protecting-pod-service-account-tokens"]},
    tags=["rbac"],
)
def default_service_account_token_mounted(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Pods run as the namespace's default ServiceAccount with its token mounted.

    What it checks
        Workloads with no ``serviceAccountName`` (or ``default``) whose token is mounted:
        ``automountServiceAccountToken`` is not false on the pod and, where the ``default``
        ServiceAccount is declared in the scan, not false on the ServiceAccount either (the pod
        setting wins). An undeclared default ServiceAccount mounts its token, as Kubernetes
        creates it.
    Why it matters
        Every pod of the namespace shares the default ServiceAccount; a role bound to it for
        one workload is granted to all of them, and a token mounted in a pod that never calls
        the API is only a credential waiting to be stolen.
    How to fix
        Give the workload its own ServiceAccount, and turn the token off where the API is not
        used::

            spec:
              serviceAccountName: web
              automountServiceAccountToken: false
    """
    pod = pod_of(workload)
    if pod is None:
        return
    field = "serviceAccountName" if "serviceAccountName" in pod.spec else "serviceAccount"
    account = pod.spec.get(field) or "default"
    if account != "default":
        return
    mount = pod.spec.get("automountServiceAccountToken")
    if mount is False:
        return
    if mount is None:
        for declared in ctx.related(workload, "k8s.core.service_account"):
            if declared.get("automountServiceAccountToken") is False:
                return
    where = (
        (*pod.spec_path, "automountServiceAccountToken")
        if mount is not None
        else (*pod.spec_path, field)
        if field in pod.spec
        else pod.spec_path
    )
    yield fail("pod uses the default ServiceAccount and mounts its token", where)
