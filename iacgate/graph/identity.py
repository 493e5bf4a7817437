"""Blast radius: what a resource's identity can do once someone holds it.

A resource's identities are found through the graph: a workload runs as its ServiceAccount,
which assumes IAM roles (``assumes-role``) and is bound to RBAC roles (``binds-subject`` /
``binds-role``); an instance, a function or a node group uses an IAM role; a role, an RBAC role
and a binding are identities themselves. Each identity gets a :class:`Power` from its canonical
attributes, computed once per graph (``memo``), so scoring every finding stays linear:

- IAM: administrator (``*`` on ``*``, ``iam:*`` on ``*``, ``AdministratorAccess`` or
  ``IAMFullAccess`` attached), read or write on every bucket (``s3:GetObject`` /
  ``s3:PutObject`` on ``*`` or every bucket ARN, or the S3 managed policies), or some other
  grant; statements that are not known (a variable, a policy outside the scan) are said so;
- Kubernetes: cluster-admin (``cluster-admin`` bound cluster-wide, or ``*`` verbs on ``*``
  resources), ``pods/exec``, reading Secrets; and, on the workload itself, host access
  (privileged containers, host namespaces, ``hostPath`` volumes).

The factor is the strongest power found (1.0 administrator of the cloud account or of the
cluster; docs/risk.md lists the others); the reasons name each power and where it comes from.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.graph.graph import EdgeType, ResourceGraph, is_placeholder
from iacgate.model import k8s
from iacgate.model.resource import Resource
from iacgate.model.risk import (
    CLUSTER_ADMIN,
    HOST_ACCESS,
    IAM_ADMIN,
    LEVELS,
    NOT_KNOWN,
    POD_EXEC,
    READ_EVERY_BUCKET,
    READ_SECRETS,
    SOME,
    WRITE_EVERY_BUCKET,
)
from iacgate.model.unknown import is_unknown

ADMIN_MANAGED = frozenset({"AdministratorAccess", "IAMFullAccess"})
WRITE_ALL_MANAGED = frozenset({"AmazonS3FullAccess", "PowerUserAccess"})
READ_ALL_MANAGED = frozenset({"AmazonS3ReadOnlyAccess", "ReadOnlyAccess"})
EVERY_BUCKET = frozenset({"*", "arn:aws:s3:::*", "arn:aws:s3:::*/*"})

ROLE_KINDS = ("k8s.rbac.role", "k8s.rbac.cluster_role")
BINDING_KINDS = ("k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding")


@dataclass(frozen=True, slots=True)
class Power:
    """What an identity can do: each power (a tag of ``model.risk``, the reason in words),
    strongest first."""

    items: tuple[tuple[str, str], ...] = ()

    @property
    def factor(self) -> float:
        return LEVELS[self.items[0][0]] if self.items else 0.0

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(reason for _, reason in self.items)

    def has(self, *tags: str) -> bool:
        return any(tag in tags for tag, _ in self.items)

    def why(self, *tags: str) -> list[str]:
        return [reason for tag, reason in self.items if tag in tags]

    @staticmethod
    def of(found: Iterable[tuple[str, str]]) -> Power:
        return Power(tuple(sorted(set(found), key=lambda item: (-LEVELS[item[0]], item[1]))))


# -- IAM ---------------------------------------------------------------------------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _action_matches(statement: Mapping[str, Any], action: str) -> bool | None:
    """Whether an Allow statement grants ``action``; None when it cannot be told."""
    if statement.get("Effect") != "Allow":
        return None if is_unknown(statement.get("Effect")) else False
    if "Action" in statement:
        patterns = statement["Action"]
        if is_unknown(patterns):
            return None
        hit = any(
            isinstance(p, str) and fnmatch.fnmatchcase(action.lower(), p.lower())
            for p in _list(patterns)
        )
        return True if hit else (None if any(is_unknown(p) for p in _list(patterns)) else False)
    excluded = statement.get("NotAction")
    if excluded is None:
        return False
    if is_unknown(excluded):
        return None
    return not any(
        isinstance(p, str) and fnmatch.fnmatchcase(action.lower(), p.lower())
        for p in _list(excluded)
    )


def _everywhere(statement: Mapping[str, Any], accept: frozenset[str]) -> bool | None:
    if "NotResource" in statement:
        return True
    resources = statement.get("Resource")
    if resources is None:
        return False
    if is_unknown(resources):
        return None
    if any(isinstance(r, str) and r in accept for r in _list(resources)):
        return True
    return None if any(is_unknown(r) for r in _list(resources)) else False


def _on_every_bucket(statement: Mapping[str, Any], action: str) -> bool:
    return bool(_action_matches(statement, action) and _everywhere(statement, EVERY_BUCKET))


def _documents(graph: ResourceGraph, role: Resource) -> Iterator[tuple[str, Any]]:
    inline = role.get("inline_policies")
    if isinstance(inline, Mapping):
        for name, body in inline.items():
            yield f"inline policy {name!r}", body
    elif is_unknown(inline):
        yield "inline policies", inline
    for policy in graph.related(role, "aws.iam.policy", EdgeType.HAS_POLICY, "out"):
        yield f"policy {policy.address}", policy.get("policy")


def iam_power(graph: ResourceGraph, role: Resource) -> Power:
    """What an IAM role (user, group) may do, from its policies in the graph."""
    memo: dict[str, Power] = graph.memo.setdefault("iam_power", {})
    cached = memo.get(role.key)
    if cached is not None:
        return cached
    name = role.get("name") if isinstance(role.get("name"), str) else role.address
    found: list[tuple[str, str]] = []
    if is_placeholder(role):
        found.append((NOT_KNOWN, f"role {role.address} is not in the scan: permissions not known"))
    listed = role.get("managed_policy_arns")
    for arn in _list(listed) if listed is not None else []:
        if is_unknown(arn):
            found.append((NOT_KNOWN, f"role {name}: a managed policy is not known"))
            continue
        short = arn.rsplit("/", 1)[-1] if isinstance(arn, str) else ""
        if isinstance(arn, str) and ":aws:policy/" in arn:
            if short in ADMIN_MANAGED:
                found.append((IAM_ADMIN, f"role {name} is an administrator ({short} attached)"))
            elif short in WRITE_ALL_MANAGED:
                found.append((WRITE_EVERY_BUCKET, f"role {name} can write every bucket ({short})"))
                # Both grant s3:* on *: reading too, which attack paths ask about on its own.
                found.append((READ_EVERY_BUCKET, f"role {name} can read every bucket ({short})"))
            elif short in READ_ALL_MANAGED:
                found.append((READ_EVERY_BUCKET, f"role {name} can read every bucket ({short})"))
            else:
                found.append((SOME, f"role {name} has {short}"))
    from iacgate.model import aws

    for label, body in _documents(graph, role):
        if is_unknown(body):
            found.append((NOT_KNOWN, f"role {name}: {label} is not known"))
            continue
        for index, statement in aws.statements(body):
            where = f"role {name}, {label} statement {index}"
            everything = _action_matches(statement, "*")
            anywhere = _everywhere(statement, frozenset({"*"}))
            literal = any(
                isinstance(a, str) and a in ("*", "iam:*") for a in _list(statement.get("Action"))
            )
            if literal and anywhere and everything is not False:
                found.append((IAM_ADMIN, f"{where} is an administrator grant (* or iam:* on *)"))
            elif (writes := _on_every_bucket(statement, "s3:PutObject")) or _on_every_bucket(
                statement, "s3:GetObject"
            ):
                # A statement may grant both (s3:*): each is a power of its own.
                if writes:
                    found.append(
                        (WRITE_EVERY_BUCKET, f"{where} grants s3:PutObject on every bucket")
                    )
                if _on_every_bucket(statement, "s3:GetObject"):
                    found.append(
                        (READ_EVERY_BUCKET, f"{where} grants s3:GetObject on every bucket")
                    )
            elif everything is None or anywhere is None:
                found.append((NOT_KNOWN, f"{where} is not fully known"))
            elif statement.get("Effect") == "Allow":
                found.append((SOME, f"{where} grants some actions"))
    power = Power.of(found)
    memo[role.key] = power
    return power


# -- Kubernetes RBAC ---------------------------------------------------------------------------


def _strings(item: Mapping[str, Any], field: str) -> list[str]:
    values = item.get(field)
    return [str(v) for v in values] if isinstance(values, list) else []


def rbac_power(role: Resource) -> Power:
    """What an RBAC Role or ClusterRole grants."""
    cluster = role.kind == "k8s.rbac.cluster_role"
    scope = "cluster" if cluster else f"namespace {k8s.namespace_of(role)}"
    name = k8s.name_of(role)
    rules = role.get("rules")
    found: list[tuple[str, str]] = []
    for index, item in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(item, Mapping):
            continue
        verbs, resources = set(_strings(item, "verbs")), set(_strings(item, "resources"))
        where = f"{role.kind.rsplit('.', 1)[-1]} {name} rule {index}"
        if "*" in verbs and "*" in resources:
            tag = CLUSTER_ADMIN if cluster else POD_EXEC
            found.append((tag, f"{where} grants every verb on every resource in the {scope}"))
        elif resources & {"pods/exec", "*"} and verbs & {"create", "*"}:
            found.append((POD_EXEC, f"{where} can exec into pods in the {scope}"))
        elif resources & {"secrets", "*"} and verbs & {"get", "list", "watch", "*"}:
            found.append((READ_SECRETS, f"{where} can read secrets in the {scope}"))
        elif verbs:
            found.append((SOME, f"{where} grants {', '.join(sorted(verbs))}"))
    return Power.of(found)


def _binding_power(graph: ResourceGraph, binding: Resource) -> Power:
    ref = binding.get("roleRef")
    roles = graph.related(binding, None, EdgeType.BINDS_ROLE, "out")
    found: list[tuple[str, str]] = []
    if (
        isinstance(ref, Mapping)
        and ref.get("kind") == "ClusterRole"
        and ref.get("name") == "cluster-admin"
    ):
        # The built-in role is rarely in the scanned files; its name says what it is.
        cluster_wide = binding.kind == "k8s.rbac.cluster_role_binding"
        tag = CLUSTER_ADMIN if cluster_wide else POD_EXEC
        where = "cluster-wide" if cluster_wide else f"in namespace {k8s.namespace_of(binding)}"
        found.append((tag, f"{binding.address} binds cluster-admin {where}"))
    for role in roles:
        power = rbac_power(role)
        # A RoleBinding grants a ClusterRole's rules in its namespace only.
        if binding.kind == "k8s.rbac.role_binding":
            # Bound in one namespace: at most what a namespace holds (exec into its pods).
            found.extend((POD_EXEC if t == CLUSTER_ADMIN else t, r) for t, r in power.items)
        else:
            found.extend(power.items)
    return Power.of(found)


def _workload_host(workload: Resource) -> list[tuple[str, str]]:
    found = k8s.pod_spec(workload)
    if found is None:
        return []
    _, spec = found
    out: list[tuple[str, str]] = []
    for flag in ("hostPID", "hostNetwork", "hostIPC"):
        if spec.get(flag) is True:
            out.append((HOST_ACCESS, f"{workload.address} shares the node's {flag[4:]} namespace"))
    for container in _list(spec.get("containers")) + _list(spec.get("initContainers")):
        context = container.get("securityContext") if isinstance(container, Mapping) else None
        if isinstance(context, Mapping) and context.get("privileged") is True:
            name = container.get("name")
            out.append((HOST_ACCESS, f"{workload.address} runs privileged container {name}"))
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, list) else []:
        if isinstance(volume, Mapping) and isinstance(volume.get("hostPath"), Mapping):
            path = volume["hostPath"].get("path")
            out.append((HOST_ACCESS, f"{workload.address} mounts host path {path}"))
    return out


# -- a resource's identities -------------------------------------------------------------------


def _account_power(graph: ResourceGraph, account: Resource) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for role in graph.related(account, None, EdgeType.ASSUMES_ROLE, "out"):
        power = iam_power(graph, role)
        label = f"ServiceAccount {k8s.name_of(account)} assumes IAM role {role.address}"
        if not power.items:
            found.append((SOME, label))
        found.extend((f, f"{label}: {r}") for f, r in power.items)
    for binding in graph.related(account, None, EdgeType.BINDS_SUBJECT, "in"):
        found.extend(_binding_power(graph, binding).items)
    return found


def power(graph: ResourceGraph, resource: Resource) -> Power:
    """The blast radius of ``resource``: what its identities (or itself, as an identity) can do."""
    memo: dict[str, Power] = graph.memo.setdefault("power", {})
    cached = memo.get(resource.key)
    if cached is not None:
        return cached
    kind = resource.kind
    found: list[tuple[str, str]] = []
    if kind in ("aws.iam.role", "aws.iam.user", "aws.iam.group") or is_placeholder(resource):
        found.extend(iam_power(graph, resource).items)
    elif kind in ROLE_KINDS:
        found.extend(rbac_power(resource).items)
    elif kind in BINDING_KINDS:
        found.extend(_binding_power(graph, resource).items)
    elif kind == "k8s.core.service_account":
        found.extend(_account_power(graph, resource))
    elif kind in k8s.WORKLOAD_KINDS:
        found.extend(_workload_host(resource))
        for account in graph.related(
            resource, "k8s.core.service_account", EdgeType.USES_SERVICE_ACCOUNT, "out"
        ):
            found.extend(_account_power(graph, account))
    elif kind in ("k8s.core.service", "k8s.networking.ingress"):
        # What it exposes: the workloads it sends traffic to, and their identities.
        targets = graph.related(resource, None, EdgeType.SELECTS, "out")
        for service in graph.related(resource, "k8s.core.service", EdgeType.ROUTES_TO, "out"):
            targets.extend(graph.related(service, None, EdgeType.SELECTS, "out"))
        for workload in targets:
            if workload.kind in k8s.WORKLOAD_KINDS:
                found.extend(
                    (f, f"sends traffic to {workload.address}: {r}")
                    for f, r in power(graph, workload).items
                )
    elif kind.startswith("aws."):
        for role in graph.related(resource, "aws.iam.role", EdgeType.USES_ROLE, "out"):
            role_power = iam_power(graph, role)
            if not role_power.items:
                found.append((SOME, f"runs as role {role.address}"))
            found.extend((f, f"runs as role {role.address}: {r}") for f, r in role_power.items)
    result = Power.of(found)
    memo[resource.key] = result
    return result
