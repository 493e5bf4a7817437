"""Terraform AWS resources into canonical resources (HCL, plan and state share this step).

Call :func:`to_resources` once per Terraform root (a configuration directory, a plan file, a
state file) with every ``TerraformResource`` of that root: split resources are folded into their
owner only when both are in the same call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.addresses import base_address
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.normalize import aws
from iacgate.normalize.terraform.core import COMPUTED_BY_PROVIDER, View
from iacgate.sources.terraform.records import TerraformResource, TerraformRoot

__all__ = [
    "COMPUTED_BY_PROVIDER",
    "Normalized",
    "normalize_root",
    "supported_types",
    "to_resources",
]

# From the kind declarations (``model/aws/kinds``) and their code (``normalize/aws``).
NORMALIZER = aws.Normalizer("terraform")
supported_types = NORMALIZER.supported_types


@dataclass(frozen=True, slots=True)
class Normalized:
    resources: tuple[Resource, ...]
    spans: dict[str, dict[AttrPath, Location]]  # by resource key
    # Split resources whose owner is not among the records (a bucket or group declared in
    # another root): their settings cannot be attached to anything here.
    unattached: tuple[str, ...] = ()
    # Managed AWS resources of types without a canonical kind (not judged by any rule yet).
    unsupported: tuple[str, ...] = field(default_factory=tuple)
    # Split resources whose owner is outside the code, judged on their own (a stand-in owner).
    standalone: tuple[str, ...] = ()
    # The type of each managed resource no kind takes, whatever its provider (azurerm_*).
    unmodelled: tuple[str, ...] = ()


def to_resources(records: Iterable[TerraformResource], *, scope: str, source: str) -> Normalized:
    """Canonical resources of one Terraform root.

    ``scope`` makes keys unique across a scan (the root directory, plan or state file);
    ``source`` names the reader (``terraform``, ``terraform-plan``, ``terraform-state``).
    Data sources are not resources: they describe things managed elsewhere.
    """
    ctx, other = NORMALIZER.read(View(r) for r in records if r.mode == "managed")
    unsupported = [v.address for v in other if v.type.startswith("aws_")]
    unmodelled = tuple(sorted(v.type for v in other))
    resources: list[Resource] = []
    spans: dict[str, dict[AttrPath, Location]] = {}
    for resource, resource_spans, _ in NORMALIZER.finished(ctx, scope=scope, source=source):
        resources.append(resource)
        spans[resource.key] = resource_spans
    standalone = tuple(str(r.origin["standalone"]) for r in resources if "standalone" in r.origin)
    return Normalized(
        tuple(resources),
        spans,
        tuple(ctx.unattached),
        tuple(unsupported),
        standalone,
        unmodelled,
    )


def normalize_root(root: TerraformRoot) -> Normalized:
    """:func:`to_resources` of a root, with what a plan adds: where each resource's module is
    called (``module_call``) and, for resources the plan changes, the canonical attributes
    before the change (``before``)."""
    normalized = to_resources(root.records, scope=root.scope, source=root.source)
    before = _before(root.records, root.scope)
    if not before and not root.module_calls:
        return normalized
    resources: list[Resource] = []
    for resource in normalized.resources:
        module = resource.origin.get("module")
        call = root.module_calls.get(base_address(str(module))) if module else None
        prior = before.get(resource.address)
        if call is not None or prior is not None:
            origin = dict(resource.origin)
            if call is not None:
                origin["module_call"] = {"file": call.file, "line": call.start_line}
            if prior is not None and prior != resource.attributes:
                origin["before"] = prior
            resource = dataclasses.replace(resource, origin=origin)
        resources.append(resource)
    return dataclasses.replace(normalized, resources=tuple(resources))


def _before(records: Sequence[TerraformResource], scope: str) -> dict[str, Mapping[str, Any]]:
    """Canonical attributes before the plan, for resources that exist already: the whole
    prior world normalized once, so a change to a folded split resource (a bucket's
    versioning) shows on its owner."""
    if not any(r.actions and r.actions != ("no-op",) for r in records if r.before is not None):
        return {}  # nothing changes: no resource has a different past
    prior = [
        dataclasses.replace(r, values=r.before, actions=())
        for r in records
        if r.before is not None and r.actions != ("create",)
    ]
    normalized = to_resources(prior, scope=scope, source="terraform-plan")
    return {r.address: r.attributes for r in normalized.resources}
