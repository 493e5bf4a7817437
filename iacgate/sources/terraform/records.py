"""The one record shape every Terraform reader produces (HCL, plan JSON, state JSON).

HCL evaluation, plan reading and state reading differ; what they yield does not. Values use
Terraform's JSON shape (the shape of ``terraform show -json``): attributes by name, nested
blocks as lists of objects, unresolved values as ``Unknown`` with the reason. The AWS
normalizer consumes only this record, so the three readers cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath

# The reason a plan gives an attribute the configuration does not set and the provider fills in
# at apply. Such a value is the provider's default, so a mapping may apply the documented
# default; every other unknown (an expression over another resource's computed value) stays.
COMPUTED_BY_PROVIDER = "known after apply (computed by the provider)"


@dataclass(frozen=True, slots=True)
class Reference:
    """``path`` (inside ``values``) was written as an expression referring to ``target``,
    a resource address in the same module instance scope (``aws_iam_role.app``,
    ``module.net.aws_vpc.main``)."""

    path: AttrPath
    target: str


@dataclass(frozen=True, slots=True)
class TerraformResource:
    address: str  # full address: module.a.module.b.aws_s3_bucket.logs["eu"]
    mode: str  # "managed" or "data"
    type: str  # aws_s3_bucket
    name: str  # logs
    module: str  # "module.a.module.b", "" for the root module
    index: str | int | None  # count index or for_each key; None without count/for_each
    values: Mapping[str, Any]
    # Where each path of ``values`` was written; () is the resource block itself.
    spans: Mapping[AttrPath, Location] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    provider: str = "aws"
    # Plan only: the planned action(s), as Terraform names them ("create", "update",
    # "delete", "read", "no-op"; a replacement is ("delete", "create") or the reverse).
    actions: tuple[str, ...] = ()
    # Plan updates: the prior values, same shape as ``values``.
    before: Mapping[str, Any] | None = None
    # Sensitive value paths (plan ``after_sensitive`` / variable ``sensitive = true``).
    sensitive: frozenset[AttrPath] = frozenset()
    # HCL only: where the values at these paths were written, when elsewhere than the attribute
    # (a ``.tfvars`` line, a variable default, a local, a module argument), as (file, line).
    origins: Mapping[AttrPath, tuple[tuple[str, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TerraformRoot:
    """The records of one Terraform root (a configuration directory, a plan or a state file):
    what the normalizer takes in one call, so that split resources fold into their owners.

    ``source`` names the reader (``terraform``, ``terraform-plan``, ``terraform-state``);
    ``scope`` makes keys unique across a scan. ``module_calls`` (plans read with their
    configuration) says where each module call is written, by configuration module path.
    ``per_file``: each resource belongs to the result of the file its block is written in
    (the HCL reader reads a root from many files); otherwise to the result holding the root."""

    scope: str
    source: str
    records: tuple[TerraformResource, ...]
    module_calls: Mapping[str, Location] = field(default_factory=dict)
    per_file: bool = False
