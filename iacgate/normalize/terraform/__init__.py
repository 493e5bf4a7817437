"""Terraform AWS resources into canonical resources (HCL, plan and state share this step).

Call :func:`to_resources` once per Terraform root (a configuration directory, a plan file, a
state file) with every ``TerraformResource`` of that root: split resources are folded into their
owner only when both are in the same call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.normalize.terraform import iam, s3, security_groups, services
from iacgate.normalize.terraform.core import (
    COMPUTED_BY_PROVIDER,
    Context,
    Finalizer,
    Folder,
    Mapper,
    View,
    finish,
)
from iacgate.sources.terraform.records import TerraformResource

__all__ = ["COMPUTED_BY_PROVIDER", "Normalized", "supported_types", "to_resources"]

_MODULES = (s3, security_groups, iam, services)

# Explicit registries, assembled from each service module's visible tables.
PRIMARY: dict[str, Mapper] = {}
FOLDERS: dict[str, Folder] = {}
FINALIZERS: dict[str, Finalizer] = {}
IDENTIFIERS: dict[str, tuple[str, ...]] = {}
for _module in _MODULES:
    PRIMARY.update(_module.PRIMARY)
    FOLDERS.update(_module.FOLDERS)
    FINALIZERS.update(getattr(_module, "FINALIZERS", {}))
    IDENTIFIERS.update(getattr(_module, "IDENTIFIERS", {}))


def supported_types() -> frozenset[str]:
    """Terraform resource types with a canonical mapping (owners and folded split types)."""
    return frozenset(PRIMARY) | frozenset(FOLDERS)


@dataclass(frozen=True, slots=True)
class Normalized:
    resources: tuple[Resource, ...]
    spans: dict[str, dict[AttrPath, Location]]  # by resource key
    # Split resources whose owner is not among the records (a bucket or group declared in
    # another root): their settings cannot be attached to anything here.
    unattached: tuple[str, ...] = ()
    # Managed AWS resources of types without a canonical kind (not judged by any rule yet).
    unsupported: tuple[str, ...] = field(default_factory=tuple)


def to_resources(records: Iterable[TerraformResource], *, scope: str, source: str) -> Normalized:
    """Canonical resources of one Terraform root.

    ``scope`` makes keys unique across a scan (the root directory, plan or state file);
    ``source`` names the reader (``terraform``, ``terraform-plan``, ``terraform-state``).
    Data sources are not resources: they describe things managed elsewhere.
    """
    ctx = Context()
    views: list[View] = []
    unsupported: list[str] = []
    for record in records:
        if record.mode != "managed":
            continue
        view = View(record)
        mapper = PRIMARY.get(record.type)
        if mapper is not None:
            draft = mapper(view)
            if draft is not None:
                ctx.add(draft)
        elif record.type in FOLDERS:
            views.append(view)
        elif record.type.startswith("aws_"):
            unsupported.append(record.address)
    for kind, attributes in IDENTIFIERS.items():
        for attribute in attributes:
            ctx.index(kind, attribute)
    for view in views:
        FOLDERS[view.record.type](view, ctx)
    resources: list[Resource] = []
    spans: dict[str, dict[AttrPath, Location]] = {}
    for draft in (*ctx.drafts.values(), *ctx.extra):
        finalizer = FINALIZERS.get(draft.kind)
        if finalizer is not None:
            finalizer(draft)
        resource, resource_spans = finish(draft, scope=scope, source=source)
        if resource.key in spans:
            continue  # one address twice (a malformed input): keep the first
        resources.append(resource)
        spans[resource.key] = resource_spans
    return Normalized(tuple(resources), spans, tuple(ctx.unattached), tuple(unsupported))
