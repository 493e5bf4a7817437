"""The same infrastructure read from every source that can express it, for table-driven tests.

``SOURCES`` is the table: adding a source (CloudFormation, a recorded live collection) is one
entry whose loader returns canonical resources and, when its addresses differ from the
Terraform ones, a map from its addresses to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "terraform" / "aws_all"


@dataclass(frozen=True, slots=True)
class Loaded:
    resources: tuple[Resource, ...]
    spans: Mapping[str, Mapping[AttrPath, Location]]


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    load: Callable[[], Loaded]
    # Source address -> the Terraform address of the same resource (for sources with their
    # own addressing, such as CloudFormation logical ids).
    addresses: Mapping[str, str] = field(default_factory=dict)
    # True when every value is known (a state or a live collection, not code or a plan).
    applied: bool = False


@cache
def _json_document(name: str) -> Loaded:
    from iacgate.sources.terraform.plan_scan import read_plan

    read = read_plan(FIXTURE / name, name, config_dir=FIXTURE, scan_root=FIXTURE)
    assert read.document is not None, read.result.diagnostics
    return Loaded(tuple(read.result.resources), read.result.spans)


@cache
def _hcl() -> Loaded:
    from iacgate.normalize.terraform import to_resources
    from iacgate.sources.terraform.reader import evaluate_directories

    root = Path(FIXTURE).resolve()
    read = evaluate_directories([root], root)
    assert not read.diagnostics, read.diagnostics
    normalized = to_resources(read.roots[0].records, scope=".", source="terraform")
    return Loaded(normalized.resources, normalized.spans)


SOURCES: tuple[Source, ...] = (
    Source("hcl", _hcl),
    Source("plan", lambda: _json_document("plan.json")),
    Source("state", lambda: _json_document("state.json"), applied=True),
    Source("tfstate", lambda: _json_document("terraform.tfstate"), applied=True),
)
BASELINE = "state"


def by_terraform_address(source: Source) -> dict[str, Resource]:
    return {source.addresses.get(r.address, r.address): r for r in source.load().resources}
