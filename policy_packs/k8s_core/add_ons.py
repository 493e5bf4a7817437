"""Add-ons that are known ways into a cluster: Helm v2's Tiller, a login-free dashboard."""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._flags import container_flags
from ._pod import mapping, pod_of

WORKLOADS = k8s.WORKLOAD_KINDS
NSA = "nsa-cisa-k8s-1.2"
TILLER_LABELS = {"app": "helm", "name": "tiller"}
TILLER_NAMES = frozenset({"tiller", "tiller-deploy"})  # what Helm 2 installed


def _image_name(image: object) -> tuple[str, str]:
    """(repository path, last name) of an image reference, without tag or digest."""
    if not isinstance(image, str):
        return "", ""
    path = image.split("@", 1)[0]
    last = path.rsplit("/", 1)[-1]
    if ":" in last:
        path = path[: len(path) - len(last)] + last.split(":", 1)[0]
    return path, path.rsplit("/", 1)[-1]


def _is_tiller_selector(labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in TILLER_LABELS.items())


@rule(
    code="K8S-082",
    name="helm-tiller-deployed",
    kind=(*WORKLOADS, "k8s.core.service"),
    severity=Severity.HIGH,
    frameworks={NSA: ["authentication-and-authorization"]},
    tags=["add-ons"],
)
def helm_tiller_deployed(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """Helm v2's Tiller server is deployed.

    What it checks
        Workloads running a ``tiller`` image, labelled ``app: helm, name: tiller`` or named
        ``tiller-deploy`` (or ``tiller``), and Services so named or selecting those labels.
    Why it matters
        Tiller (Helm 2, unsupported since 2020) serves an unauthenticated gRPC API on port
        44134 and usually runs with cluster-admin: any pod that reaches it can install
        anything, with Tiller's rights.
    How to fix
        Migrate to Helm 3 (``helm 2to3``), which has no server component, and delete Tiller's
        Deployment, Service and ServiceAccount.
    """
    if resource.kind == "k8s.core.service":
        selector = k8s.labels_of(resource.get(("spec", "selector")))
        if k8s.name_of(resource) in TILLER_NAMES or _is_tiller_selector(selector):
            yield fail("Service exposes Helm v2's Tiller API", ("metadata", "name"))
        return
    pod = pod_of(resource)
    if pod is None:
        return
    for container in k8s.containers(resource):
        if _image_name(container.spec.get("image"))[1] == "tiller":
            yield fail("runs Helm v2's Tiller server", (*container.path, "image"))
            return
    if _is_tiller_selector(k8s.labels_of(mapping(pod.metadata).get("labels"))):
        yield fail("pods are labelled as Helm v2's Tiller", (*pod.metadata_path, "labels"))
    elif k8s.name_of(resource) in TILLER_NAMES:
        yield fail("named as Helm v2's Tiller server", ("metadata", "name"))


@rule(
    code="K8S-083",
    name="dashboard-login-skippable",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={NSA: ["authentication-and-authorization"]},
    tags=["add-ons"],
)
def dashboard_login_skippable(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """The Kubernetes Dashboard lets users skip the login or log in over plain HTTP.

    What it checks
        Kubernetes Dashboard containers (``kubernetesui/*`` and ``kubernetes-dashboard``
        images) started with ``--enable-skip-login`` or ``--enable-insecure-login``.
    Why it matters
        A skipped login acts with the dashboard's own ServiceAccount, often bound to broad or
        cluster-admin rights: the 2018 Tesla cryptojacking began with such a dashboard.
        Insecure login sends tokens over plain HTTP.
    How to fix
        Remove both flags; users log in with their own token or through an authenticating
        proxy, and the dashboard's ServiceAccount keeps minimal rights.
    """
    for container in k8s.containers(workload):
        path, name = _image_name(container.spec.get("image"))
        if "kubernetesui/" not in path and not name.startswith("kubernetes-dashboard"):
            continue
        for flag in container_flags(container):
            if flag.name in (
                "enable-skip-login",
                "enable-insecure-login",
            ) and flag.text.lower() in (
                "true",
                "1",
                "t",
            ):
                yield fail(f"dashboard started with --{flag.name}", flag.path)
