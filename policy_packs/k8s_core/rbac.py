"""RBAC: roles that grant too much and bindings that hand it out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from iacgate.model.resource import Resource
from iacgate.rules import Context, Severity, Verdict, fail, rule

BINDINGS = ("k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding")
ROLES = ("k8s.rbac.role", "k8s.rbac.cluster_role")


def _is_system_subject(subject: Mapping[str, object]) -> bool:
    name = str(subject.get("name", ""))
    # system:masters and friends are Kubernetes' own; system:anonymous and
    # system:unauthenticated are everyone, and never count as system subjects here.
    return name.startswith("system:") and name not in (
        "system:anonymous",
        "system:unauthenticated",
        "system:authenticated",
    )


@rule(
    code="K8S-011",
    name="cluster-admin-bound",
    kind=BINDINGS,
    severity=Severity.HIGH,
    frameworks={"cis-k8s-1.8": ["5.1.1"]},
    tags=["rbac"],
)
def cluster_admin_bound(binding: Resource, ctx: Context) -> Iterator[Verdict]:
    """The cluster-admin role is bound to a user, group or service account.

    What it checks
        RoleBindings and ClusterRoleBindings whose ``roleRef`` is the ``cluster-admin``
        ClusterRole, for every subject that is not one of Kubernetes' own ``system:`` subjects.
    Why it matters
        cluster-admin can do anything to any object in every namespace; a leaked token of a
        subject bound to it is a lost cluster.
    How to fix
        Bind a role that grants only the verbs and resources the subject needs, namespaced with
        a RoleBinding where possible.
    """
    ref = binding.get("roleRef")
    if not isinstance(ref, Mapping) or ref.get("kind") != "ClusterRole":
        return
    if ref.get("name") != "cluster-admin":
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
    frameworks={"cis-k8s-1.8": ["5.1.3"]},
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
    rules = role.get("rules")
    if not isinstance(rules, list):
        return
    for index, item in enumerate(rules):
        if not isinstance(item, Mapping):
            continue
        for field in ("verbs", "resources", "apiGroups"):
            values = item.get(field)
            if isinstance(values, list) and "*" in values:
                yield fail(f"rule {index} grants '*' {field}", ("rules", index, field))
