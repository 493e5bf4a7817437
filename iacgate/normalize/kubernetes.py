"""Kubernetes objects into canonical resources (manifests and live objects share this step)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model import k8s
from iacgate.model.resource import Resource

# Fields the API server owns; they are never part of the declared state.
_SERVER_FIELDS = ("status",)


def effective_attributes(body: Mapping[str, Any]) -> dict[str, Any]:
    """The object with the defaults the API server would apply and server-owned fields dropped.

    Only defaults that change meaning are applied here (namespace, Service type); everything
    else a rule needs to default is documented in the kind schema and handled by the rule.
    """
    attrs = {key: value for key, value in body.items() if key not in _SERVER_FIELDS}
    kind = str(attrs.get("kind", ""))
    metadata = attrs.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, Mapping) else {}
    if kind not in k8s.CLUSTER_SCOPED and not isinstance(metadata.get("namespace"), str):
        metadata["namespace"] = "default"
    attrs["metadata"] = metadata
    if kind == "Service" and isinstance(attrs.get("spec"), Mapping):
        spec = dict(attrs["spec"])
        spec.setdefault("type", "ClusterIP")
        attrs["spec"] = spec
    return attrs


def to_resource(body: Mapping[str, Any], *, scope: str, source: str, file: str | None) -> Resource:
    attrs = effective_attributes(body)
    api_version = str(attrs["apiVersion"])
    kind = str(attrs["kind"])
    namespace = k8s.object_namespace(kind, attrs["metadata"])
    written = body.get("metadata")
    # A manifest without a namespace lands where the deploy command says (kubectl -n, helm
    # --namespace, kustomize): rules that judge the namespace itself need to know it was not set.
    defaulted = namespace is not None and not (
        isinstance(written, Mapping) and isinstance(written.get("namespace"), str)
    )
    return Resource(
        kind=k8s.canonical_kind(api_version, kind),
        address=k8s.object_address(attrs),
        scope=scope,
        attributes=attrs,
        source=source,
        file=file,
        origin={"namespace_defaulted": True} if defaulted else {},
    )
