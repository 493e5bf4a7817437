"""Pod and container security settings with the API server's precedence rules.

Several security settings can be written on the pod (``spec.securityContext``) and on each
container (``containers[*].securityContext``); the container's value wins where it is set. The
helpers here answer "what applies to this container, and where was it written", so every rule
reports the line that decides the outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model import k8s
from iacgate.rules import AttrPath, Resource, per_resource


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True, slots=True)
class Pod:
    """A workload's pod template: spec, metadata and their paths."""

    spec_path: AttrPath
    spec: Mapping[str, Any]
    metadata_path: AttrPath
    metadata: Mapping[str, Any]

    @property
    def context_path(self) -> AttrPath:
        return (*self.spec_path, "securityContext")

    @property
    def context(self) -> Mapping[str, Any]:
        return mapping(self.spec.get("securityContext"))

    @property
    def is_windows(self) -> bool:
        """``spec.os.name: windows``: the Restricted profile exempts such pods from its
        Linux-only controls (privilege escalation, capabilities, seccomp)."""
        return mapping(self.spec.get("os")).get("name") == "windows"

    @property
    def in_user_namespace(self) -> bool:
        """``hostUsers: false``: root in the pod is not root on the node, and the Pod Security
        Standards relax the run-as-non-root and /proc mount controls for such pods."""
        return self.spec.get("hostUsers") is False

    def annotations(self) -> Mapping[str, Any]:
        return mapping(self.metadata.get("annotations"))


@per_resource
def pod_of(workload: Resource) -> Pod | None:
    """The workload's pod template; kept per workload (most workload rules start here)."""
    spec = k8s.pod_spec(workload)
    meta = k8s.pod_metadata(workload)
    if spec is None or meta is None:
        return None
    return Pod(spec[0], spec[1], meta[0], meta[1])


def context_of(container: k8s.ContainerRef) -> Mapping[str, Any]:
    return mapping(container.spec.get("securityContext"))


def context_path(container: k8s.ContainerRef, *rest: str | int) -> AttrPath:
    return (*container.path, "securityContext", *rest)


@dataclass(frozen=True, slots=True)
class Effective:
    """The value of a setting that applies to one container and where it was written.

    ``path`` is the container's own setting when it has one, else the pod's, else the
    container (the value is then ``None``: nobody set it)."""

    value: Any
    path: AttrPath
    from_pod: bool


def effective(pod: Pod, container: k8s.ContainerRef, key: str) -> Effective:
    own = context_of(container)
    if key in own and own[key] is not None:
        return Effective(own[key], context_path(container, key), False)
    if key in pod.context and pod.context[key] is not None:
        return Effective(pod.context[key], (*pod.context_path, key), True)
    return Effective(None, container.path, False)


def security_contexts(
    pod: Pod, workload: Resource
) -> Iterator[tuple[str, AttrPath, Mapping[str, Any]]]:
    """The pod's security context, then every container's: (who, path, context)."""
    yield "pod", pod.context_path, pod.context
    for container in k8s.containers(workload):
        yield f"container {container.name!r}", context_path(container), context_of(container)


def capabilities(container: k8s.ContainerRef, which: str) -> list[str]:
    """``capabilities.add`` or ``.drop`` upper-cased, without the ``CAP_`` prefix."""
    caps = mapping(context_of(container).get("capabilities"))
    values = caps.get(which)
    if not isinstance(values, list):
        return []
    return [str(v).upper().removeprefix("CAP_") for v in values]
