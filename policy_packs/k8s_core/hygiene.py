"""Workload hygiene: resource limits, pinned images, secrets kept out of manifests."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from iacgate.model import k8s
from iacgate.model.resource import Resource
from iacgate.rules import Context, Severity, Verdict, fail, rule

WORKLOADS = k8s.WORKLOAD_KINDS

# Environment variable names that, given a literal value, almost always hold a credential.
SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL"
    r"|AUTH)",
    re.IGNORECASE,
)


@rule(
    code="K8S-009",
    name="resource-limits-missing",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={"nsa-cisa-k8s": ["resource-policies"]},
    tags=["reliability"],
)
def resource_limits_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers have no CPU or memory limit.

    What it checks
        ``resources.limits.cpu`` and ``resources.limits.memory`` on every container and init
        container.
    Why it matters
        Without limits, one container can starve its neighbours on the node; a compromised or
        leaking process becomes a denial of service.
    How to fix
        Set limits (and requests) on every container::

            resources:
              requests: {cpu: 100m, memory: 128Mi}
              limits: {cpu: 500m, memory: 256Mi}
    """
    for container in k8s.containers(workload, ("containers", "initContainers")):
        resources = container.spec.get("resources")
        limits = resources.get("limits") if isinstance(resources, Mapping) else None
        limits = limits if isinstance(limits, Mapping) else {}
        missing = [name for name in ("cpu", "memory") if name not in limits]
        if missing:
            where = (*container.path, "resources") if resources is not None else container.path
            yield fail(f"container {container.name!r} has no {'/'.join(missing)} limit", where)


def _image_problem(image: str) -> str | None:
    if "@sha256:" in image or "@sha512:" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag (pulls :latest)"
    if last.rsplit(":", 1)[1] == "latest":
        return "uses the mutable :latest tag"
    return None


@rule(
    code="K8S-010",
    name="image-not-pinned",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    tags=["supply-chain"],
)
def image_not_pinned(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Container images are not pinned to a version.

    What it checks
        Every container image for a missing tag or the ``latest`` tag, unless it is pinned by
        digest.
    Why it matters
        ``latest`` (or no tag) means every restart may run different code: rollouts are not
        reproducible, and a pushed image reaches production without review.
    How to fix
        Pin a version tag, or better a digest: ``image: nginx:1.27.2@sha256:<digest>``.
    """
    for container in k8s.containers(workload):
        image = container.spec.get("image")
        if not isinstance(image, str):
            continue
        problem = _image_problem(image)
        if problem:
            yield fail(
                f"container {container.name!r} image {image!r} {problem}",
                (*container.path, "image"),
            )


@rule(
    code="K8S-013",
    name="secret-in-env-literal",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={"cis-k8s-1.8": ["5.4.1"]},
    tags=["secrets"],
)
def secret_in_env_literal(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """A credential is written as a literal environment value.

    What it checks
        ``env[].value`` literals whose variable name says password, secret, token, API key,
        access key, private key or credential. The value itself is never reported.
    Why it matters
        Manifests live in Git, CI logs and ``kubectl get -o yaml`` output; a literal secret
        there is readable by everyone who can read the repository or the object.
    How to fix
        Store it in a Secret and reference it::

            env:
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef: {name: db, key: password}
    """
    for container in k8s.containers(workload):
        env = container.spec.get("env")
        if not isinstance(env, list):
            continue
        for index, item in enumerate(env):
            if not isinstance(item, Mapping):
                continue
            name = str(item.get("name", ""))
            value = item.get("value")
            if SECRET_NAME.search(name) and isinstance(value, str | int) and str(value) != "":
                yield fail(
                    f"container {container.name!r} sets {name} as a literal value",
                    (*container.path, "env", index, "value"),
                )


@rule(
    code="K8S-014",
    name="host-port-exposed",
    kind=WORKLOADS,
    severity=Severity.MEDIUM,
    frameworks={"k8s-pss": ["baseline/host-ports"], "cis-k8s-1.8": ["5.2.13"]},
    tags=["pss-baseline"],
)
def host_port_exposed(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers bind a port on the node.

    What it checks
        ``ports[].hostPort`` on every container.
    Why it matters
        A host port exposes the container on the node's address, outside Services and
        NetworkPolicies, and pins the pod to nodes where the port is free.
    How to fix
        Remove ``hostPort`` and expose the container through a Service.
    """
    for container in k8s.containers(workload):
        ports = container.spec.get("ports")
        if not isinstance(ports, list):
            continue
        for index, port in enumerate(ports):
            if isinstance(port, Mapping) and port.get("hostPort") not in (None, 0):
                yield fail(
                    f"container {container.name!r} binds host port {port.get('hostPort')}",
                    (*container.path, "ports", index, "hostPort"),
                )
