"""Service account tokens: where they are mounted by default, and where they never expire.

Secrets are judged by their metadata only (type and annotations); their values are never read,
so the rules work the same on manifests and on the metadata-only live collection.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import mapping

CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"
TOKENS = {NSA: ["protecting-pod-service-account-tokens"]}
SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"
SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name"


@rule(
    code="K8S-075",
    name="default-service-account-automounts-token",
    kind="k8s.core.service_account",
    severity=Severity.LOW,
    frameworks={CIS: ["5.1.5"], **TOKENS},
    tags=["rbac"],
)
def default_service_account_automounts_token(account: Resource, ctx: Context) -> Iterator[Verdict]:
    """A namespace's ``default`` ServiceAccount mounts its token into pods.

    What it checks
        ServiceAccounts named ``default`` without ``automountServiceAccountToken: false``
        (unset means true). Workloads that use it are K8S-031's findings.
    Why it matters
        Every pod without a ServiceAccount of its own runs as ``default``; with automounting
        on, each of them carries a token for the API server, and any role bound to
        ``default`` reaches all of them.
    How to fix
        Declare the namespace's default ServiceAccount with the token off, and give workloads
        that call the API their own ServiceAccount::

            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            automountServiceAccountToken: false
    """
    if k8s.name_of(account) != "default":
        return
    mount = account.get("automountServiceAccountToken")
    if mount is not False:
        yield fail(
            f"default ServiceAccount of namespace {k8s.namespace_of(account)!r} mounts its token "
            "into every pod that does not name another",
            ("automountServiceAccountToken",) if mount is not None else ("metadata", "name"),
        )


@rule(
    code="K8S-076",
    name="long-lived-service-account-token",
    kind="k8s.core.secret",
    severity=Severity.MEDIUM,
    frameworks=TOKENS,
    tags=["secrets"],
)
def long_lived_service_account_token(secret: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Secret holds a service account token that never expires.

    What it checks
        Secrets of type ``kubernetes.io/service-account-token``, or carrying the
        ``kubernetes.io/service-account.name`` annotation (what the live collection sees: it
        reads Secrets' metadata only).
    Why it matters
        The token controller fills such a Secret with a token that has no expiry and stays
        valid until the Secret is deleted; it is readable by anyone who can read Secrets in
        the namespace and turns up in backups and exports.
    How to fix
        Delete the Secret; pods get short-lived projected tokens automatically, and other
        clients can request one with ``kubectl create token`` or the TokenRequest API.
    """
    annotations = mapping(secret.get(("metadata", "annotations")))
    account = annotations.get(SERVICE_ACCOUNT_ANNOTATION)
    if secret.get("type") == SERVICE_ACCOUNT_TOKEN:
        yield fail(
            f"Secret holds a non-expiring token of ServiceAccount {account or '?'}", ("type",)
        )
    elif account:
        yield fail(
            f"Secret holds a non-expiring token of ServiceAccount {account}",
            ("metadata", "annotations", SERVICE_ACCOUNT_ANNOTATION),
        )
