"""What a provider tells the drift engine: identity, placement, comparison and ownership."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from iacgate.driftcheck.compare import Semantics
from iacgate.model.resource import Resource


class DriftProfile(Protocol):
    @property
    def provider(self) -> str:
        """The snapshot provider this profile compares (``k8s``, ``aws``)."""
        ...

    @property
    def semantics(self) -> Semantics: ...

    def identity(self, resource: Resource) -> str:
        """What a declared resource and its live counterpart share (Kubernetes: group/kind/
        namespace/name; AWS: the physical id)."""
        ...

    def where(self, resource: Resource) -> str:
        """The coverage partition a resource lives in (a namespace, a region, ``"*"``)."""
        ...

    def account(self, resource: Resource) -> str | None:
        """The account a resource is in (AWS), or None where the provider has none."""
        ...

    def unverifiable(self, resource: Resource) -> str | None:
        """Why a declared resource cannot be looked for live (AWS: its physical id is not
        known, as for a template resource not matched to a stack), or None."""
        ...

    def declarable(self, resource: Resource) -> bool:
        """False for inputs that are no provider objects (a kustomization, a kubeconfig)."""
        ...

    def unmanaged(
        self,
        live: Sequence[Resource],
        declared: Sequence[Resource],
        matched: Mapping[str, Resource],
    ) -> list[Resource]:
        """Live resources that count as unmanaged: in the part of the scope the declarations
        manage, declared nowhere, and not made by the platform itself. ``matched`` maps live
        keys to their declared resource."""
        ...
