"""RBAC: grants that reach the node, the cluster's identities or its admission control.

Each rule reads the role's rules as the API server evaluates them, wildcards included (``*``
verbs, resources or API groups); a rule granting everything is K8S-012's finding alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from .rbac import RBAC_NSA, ROLES, _grants, _role_rules, _strings

CIS = "cis-k8s-1.9"


def _in_group(item: Mapping[str, Any], group: str) -> bool:
    groups = _strings(item, "apiGroups")
    return group in groups or "*" in groups


def _findings(
    role: Resource, group: str, verbs: Iterable[str], resources: Iterable[str], what: str
) -> Iterator[Verdict]:
    verbs, resources = tuple(verbs), tuple(resources)
    for index, item in _role_rules(role):
        if not _in_group(item, group):
            continue
        found = _grants(item, verbs, resources)
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}: {what}", ("rules", index, "verbs")
            )


@rule(
    code="K8S-071",
    name="rbac-persistent-volume-create",
    kind="k8s.rbac.cluster_role",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["5.1.9"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_persistent_volume_create(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A ClusterRole can create PersistentVolumes.

    What it checks
        ClusterRole rules granting ``create`` (or ``*``) on ``persistentvolumes`` (or ``*``) in
        the core API group (a namespaced Role cannot grant cluster-scoped volumes).
    Why it matters
        A PersistentVolume can be a ``hostPath`` on any node: whoever creates one and binds a
        claim to it mounts the node's filesystem, bypassing the Pod Security admission that
        forbids ``hostPath`` volumes in pods.
    How to fix
        Leave volume creation to provisioners (StorageClasses); users create
        PersistentVolumeClaims.
    """
    yield from _findings(
        role,
        "",
        ("create",),
        ("persistentvolumes",),
        "PersistentVolumes (hostPath included) can be created",
    )


@rule(
    code="K8S-072",
    name="rbac-csr-approval",
    kind=ROLES,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.11"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_csr_approval(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role can approve certificate signing requests.

    What it checks
        Rules granting ``update`` or ``patch`` (or ``*``) on
        ``certificatesigningrequests/approval`` (or ``certificatesigningrequests/*``, ``*``) in
        ``certificates.k8s.io``.
    Why it matters
        Approving a CSR issues a certificate the cluster trusts: with the right signer, one for
        any user or group, ``system:masters`` included, which RBAC cannot restrict or revoke.
    How to fix
        Leave approval to the controllers that need it (the CSR approver for kubelets); grant
        people a break-glass role bound for the time it is needed.
    """
    yield from _findings(
        role,
        "certificates.k8s.io",
        ("update", "patch"),
        ("certificatesigningrequests/approval", "certificatesigningrequests/*"),
        "certificate signing requests can be approved",
    )


WEBHOOK_CONFIGURATIONS = (
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
    "mutatingadmissionpolicies",
    "mutatingadmissionpolicybindings",
)


@rule(
    code="K8S-073",
    name="rbac-admission-webhook-write",
    kind="k8s.rbac.cluster_role",
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.12"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_admission_webhook_write(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A ClusterRole can change admission webhooks and policies.

    What it checks
        ClusterRole rules granting ``create``, ``update``, ``patch``, ``delete`` or
        ``deletecollection`` (or ``*``) on mutating or validating webhook configurations or
        admission policies (or ``*``) in ``admissionregistration.k8s.io``.
    Why it matters
        A mutating webhook sees, and may rewrite, every object the API server admits (pods
        given a privileged sidecar, Secrets copied out); deleting a validating webhook or
        policy switches off the guardrails it enforces.
    How to fix
        Grant these verbs only to the controllers that install their own webhooks, limited
        with ``resourceNames``.
    """
    for index, item in _role_rules(role):
        if not _in_group(item, "admissionregistration.k8s.io") or _strings(item, "resourceNames"):
            continue
        found = _grants(
            item,
            ("create", "update", "patch", "delete", "deletecollection"),
            WEBHOOK_CONFIGURATIONS,
        )
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}: admission control can be changed",
                ("rules", index, "verbs"),
            )


@rule(
    code="K8S-074",
    name="rbac-service-account-token-create",
    kind=ROLES,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.1.13"], **RBAC_NSA},
    tags=["rbac"],
)
def rbac_service_account_token_create(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role can mint tokens for service accounts.

    What it checks
        Rules granting ``create`` (or ``*``) on ``serviceaccounts/token`` (or
        ``serviceaccounts/*``, ``*``) in the core API group; rules limited by
        ``resourceNames`` pass.
    Why it matters
        Creating a token for a ServiceAccount is acting as it: every permission bound to any
        ServiceAccount in scope (for a ClusterRole, in every namespace) becomes the
        subject's.
    How to fix
        Grant token creation for named ServiceAccounts only (``resourceNames``), to the
        components that need it.
    """
    for index, item in _role_rules(role):
        if not _in_group(item, "") or _strings(item, "resourceNames"):
            continue
        found = _grants(item, ("create",), ("serviceaccounts/token", "serviceaccounts/*"))
        if found:
            yield fail(
                f"rule {index} grants {found[0]} on {found[1]}: tokens of any ServiceAccount "
                "can be created",
                ("rules", index, "verbs"),
            )
