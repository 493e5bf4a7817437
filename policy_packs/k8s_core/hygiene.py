"""Workload hygiene: resources, probes, pinned images, secrets kept out of manifests.

Rules that handle secrets report the variable or key name and never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from iacgate.model import k8s
from iacgate.rules import Context, Resource, Severity, Verdict, fail, rule

from ._pod import mapping

WORKLOADS = k8s.WORKLOAD_KINDS
# Workloads that run to completion: liveness and readiness probes rarely make sense there.
LONG_RUNNING = tuple(k for k in WORKLOADS if k not in ("k8s.batch.job", "k8s.batch.cron_job"))
CIS = "cis-k8s-1.9"
NSA = "nsa-cisa-k8s-1.2"

# Names that, given a literal value, almost always hold a credential.
SECRET_NAME = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL"
    r"|AUTH)",
    re.IGNORECASE,
)
# Names that match the pattern above but name a reference, a path or a switch, not a secret.
NOT_A_SECRET_NAME = re.compile(
    r"(_FILE|_PATH|_DIR|_NAME|_REF|_URL|_ENDPOINT|_HOST|_ENABLED|_TYPE|_MODE|_ALGORITHM"
    r"|_TTL|_TIMEOUT|_EXPIRY|_LENGTH|_HEADER|_ISSUER|_AUDIENCE)$",
    re.IGNORECASE,
)
# Values that are credentials whatever their name says.
SECRET_VALUE = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"  # PEM private keys
    r"|\b(AKIA|ASIA)[0-9A-Z]{16}\b"  # AWS access key ids
    r"|\bgh[pousr]_[0-9A-Za-z]{36}\b"  # GitHub tokens
    r"|\bxox[abpr]-[0-9A-Za-z-]{10,}"  # Slack tokens
    r"|://[^/\s:@]+:[^/\s@]+@"  # user:password@ in a URL
)
# Literal values that are placeholders or switches rather than credentials.
PLACEHOLDER = re.compile(r"^(|true|false|yes|no|on|off|none|null|changeme|\$\{?[A-Za-z_]+\}?)$")


def _secret_reason(name: str, value: object) -> str | None:
    """Why a literal looks like a credential, in words that never include the value."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value)
    if SECRET_VALUE.search(text):
        return "holds a credential-shaped literal value"
    if (
        SECRET_NAME.search(name)
        and not NOT_A_SECRET_NAME.search(name)
        and not PLACEHOLDER.match(text.strip().lower())
    ):
        return "sets a credential as a literal value"
    return None


@rule(
    code="K8S-009",
    name="resource-limits-missing",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={NSA: ["resource-policies"]},
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
    yield from _missing_resources(workload, "limits")


@rule(
    code="K8S-037",
    name="resource-requests-missing",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={NSA: ["resource-policies"]},
    tags=["reliability"],
)
def resource_requests_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Containers have no CPU or memory request.

    What it checks
        ``resources.requests.cpu`` and ``resources.requests.memory`` on every container and
        init container (a limit without a request counts as a request of the same size, as
        Kubernetes applies it).
    Why it matters
        The scheduler places pods by their requests: without them a pod lands on a full node,
        is the first evicted under pressure, and quotas cannot account for it.
    How to fix
        Set requests sized to the container's normal use::

            resources:
              requests: {cpu: 100m, memory: 128Mi}
    """
    yield from _missing_resources(workload, "requests")


def _missing_resources(workload: Resource, which: str) -> Iterator[Verdict]:
    for container in k8s.containers(workload, ("containers", "initContainers")):
        resources = container.spec.get("resources")
        present = set(mapping(mapping(resources).get(which)))
        if which == "requests":
            present |= set(mapping(mapping(resources).get("limits")))
        missing = [name for name in ("cpu", "memory") if name not in present]
        if missing:
            where = (*container.path, "resources") if resources is not None else container.path
            noun = "limit" if which == "limits" else "request"
            yield fail(f"container {container.name!r} has no {'/'.join(missing)} {noun}", where)


@rule(
    code="K8S-038",
    name="liveness-probe-missing",
    kind=LONG_RUNNING,
    severity=Severity.LOW,
    tags=["reliability"],
)
def liveness_probe_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Long-running containers have no liveness probe.

    What it checks
        ``livenessProbe`` on every regular container of Pods, Deployments, StatefulSets,
        DaemonSets, ReplicaSets and ReplicationControllers (Jobs, CronJobs and Pods with
        ``restartPolicy: Never`` or ``OnFailure`` run to completion and are not checked;
        neither are init and ephemeral containers).
    Why it matters
        Without a liveness probe a hung process keeps its pod "Running" forever; the kubelet
        only restarts containers whose process exits.
    How to fix
        Add a cheap probe of the process's health::

            livenessProbe:
              httpGet: {path: /healthz, port: 8080}
              periodSeconds: 10
    """
    yield from _missing_probe(workload, "livenessProbe")


@rule(
    code="K8S-039",
    name="readiness-probe-missing",
    kind=LONG_RUNNING,
    severity=Severity.LOW,
    tags=["reliability"],
)
def readiness_probe_missing(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Long-running containers have no readiness probe.

    What it checks
        ``readinessProbe`` on every regular container of long-running workloads (as K8S-038).
    Why it matters
        Without a readiness probe a Service sends traffic to a pod as soon as its process
        starts, before it can answer, and keeps sending it while the pod is overloaded.
    How to fix
        Add a probe that answers once the process can serve::

            readinessProbe:
              httpGet: {path: /ready, port: 8080}
    """
    yield from _missing_probe(workload, "readinessProbe")


def _missing_probe(workload: Resource, probe: str) -> Iterator[Verdict]:
    found = k8s.pod_spec(workload)
    if found is not None and found[1].get("restartPolicy") in ("Never", "OnFailure"):
        return  # a pod that runs to completion (a bare task Pod)
    for container in k8s.containers(workload, ("containers",)):
        if not isinstance(container.spec.get(probe), Mapping):
            yield fail(f"container {container.name!r} has no {probe}", container.path)


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
    frameworks={NSA: ["building-secure-container-images"]},
    tags=["supply-chain"],
)
def image_not_pinned(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Container images have no tag or use ``latest``.

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
    code="K8S-036",
    name="image-without-digest",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={CIS: ["5.5.1"], NSA: ["building-secure-container-images"]},
    tags=["supply-chain"],
)
def image_without_digest(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Container images are referenced by tag, not by digest.

    What it checks
        Every container image for an ``@sha256:`` (or ``@sha512:``) digest. Images without a
        tag or on ``latest`` are K8S-010's finding and are not repeated here.
    Why it matters
        A tag is a pointer the registry owner can move: the same manifest can run different
        code tomorrow, and a compromised registry account can ship code to every node. A digest
        names exactly one image.
    How to fix
        Pin the digest (keep the tag for readers): ``image: nginx:1.27.2@sha256:<digest>``;
        tools such as Renovate keep digests current.
    """
    for container in k8s.containers(workload):
        image = container.spec.get("image")
        if not isinstance(image, str) or _image_problem(image) is not None:
            continue
        if "@sha256:" not in image and "@sha512:" not in image:
            yield fail(
                f"container {container.name!r} image {image!r} is not pinned by digest",
                (*container.path, "image"),
            )


@rule(
    code="K8S-013",
    name="secret-in-env-literal",
    kind=WORKLOADS,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.4.1"], NSA: ["secrets"]},
    tags=["secrets"],
)
def secret_in_env_literal(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """A credential is written as a literal environment value.

    What it checks
        ``env[].value`` literals whose variable name says password, secret, token, API key,
        access key, private key or credential (names ending in ``_FILE``, ``_PATH``, ``_URL``
        and similar, and placeholder values such as ``true`` or ``${VAR}``, pass), and literals
        that are credentials whatever their name (PEM private keys, AWS access key ids, GitHub
        and Slack tokens, passwords inside URLs). The value itself is never reported.
    Why it matters
        Manifests live in Git, CI logs and ``kubectl get -o yaml`` output; a literal secret
        there is readable by everyone who can read the repository or the object.
    How to fix
        Store it in a Secret and reference it (better still, mount it as a file)::

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
            reason = _secret_reason(name, item.get("value"))
            if reason:
                yield fail(
                    f"container {container.name!r} variable {name} {reason}",
                    (*container.path, "env", index, "value"),
                )


@rule(
    code="K8S-040",
    name="secret-in-config-map",
    kind="k8s.core.config_map",
    severity=Severity.HIGH,
    frameworks={CIS: ["5.4.1"], NSA: ["secrets"]},
    tags=["secrets"],
)
def secret_in_config_map(config_map: Resource, ctx: Context) -> Iterator[Verdict]:
    """A ConfigMap holds a credential.

    What it checks
        Every ``data`` entry whose key says password, secret, token, API key, access key,
        private key or credential and has a real value, and every entry holding a
        credential-shaped value (PEM private keys, AWS access key ids, GitHub and Slack tokens,
        passwords inside URLs). Only the key is reported, never the value.
    Why it matters
        ConfigMaps are not secret: any subject that can read configuration in the namespace
        reads them, they are not encrypted at rest, and they are printed by tooling freely.
    How to fix
        Move the entry to a Secret (or an external secret store) and mount that instead.
    """
    data = config_map.get("data")
    if not isinstance(data, Mapping):
        return
    for key, value in data.items():
        reason = _secret_reason(str(key), value)
        if reason:
            yield fail(f"key {key} {reason}", ("data", str(key)))


@rule(
    code="K8S-041",
    name="workload-in-default-namespace",
    kind=WORKLOADS,
    severity=Severity.LOW,
    frameworks={CIS: ["5.7.1", "5.7.4"], NSA: ["namespaces"]},
    tags=["hygiene"],
)
def workload_in_default_namespace(workload: Resource, ctx: Context) -> Iterator[Verdict]:
    """Workloads are placed in the ``default`` namespace.

    What it checks
        ``metadata.namespace: default`` on every workload. A manifest without a namespace is not
        reported: its namespace is chosen when it is deployed (``kubectl -n``, ``helm
        --namespace``, a kustomize overlay).
    Why it matters
        The default namespace is where everything without a home ends up: policies, quotas
        and RBAC scoped to it cover unrelated workloads, and it rarely has NetworkPolicies.
    How to fix
        Create a namespace per application or team and set ``metadata.namespace``.
    """
    if k8s.namespace_of(workload) == "default" and not workload.origin.get("namespace_defaulted"):
        yield fail(
            f"{workload.get('kind')} {k8s.name_of(workload)!r} runs in the default namespace",
            ("metadata", "namespace"),
        )
