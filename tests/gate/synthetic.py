"""Scans built by hand for sources that do not exist yet (Terraform, CloudFormation, live):
the gate works on findings, resources and the location table, whatever produced them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from iacgate.api import ScanReport
from iacgate.engine import make_finding
from iacgate.findings import Finding, FindingStatus
from iacgate.graph.graph import ResourceGraph
from iacgate.model.locations import Location, LocationTable
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.rules.metadata import Severity


def resource(
    kind: str,
    address: str,
    scope: str,
    *,
    source: str,
    file: str | None = None,
    origin: Mapping[str, Any] | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> Resource:
    return Resource(
        kind=kind,
        address=address,
        scope=scope,
        attributes=attributes or {},
        source=source,
        file=file,
        origin=origin or {},
    )


def finding(
    res: Resource,
    code: str,
    path: AttrPath,
    locations: LocationTable,
    *,
    name: str = "",
    severity: Severity = Severity.HIGH,
) -> Finding:
    return make_finding(
        code,
        name or code.lower(),
        severity,
        FindingStatus.FAIL,
        res,
        path,
        f"{code} failed",
        locations.get(res.key, path),
    )


def scan_of(
    items: Sequence[tuple[Resource, dict[AttrPath, Location]]],
    findings: Sequence[Finding] | None = None,
    checks: Sequence[tuple[int, str, AttrPath]] = (),
) -> ScanReport:
    """A report over ``items`` (resources with their spans). ``checks`` are (item index, rule
    code, path) failures to turn into findings located through the table."""
    table = LocationTable()
    graph = ResourceGraph(table)
    for res, spans in items:
        graph.add(res)
        table.set_many(res.key, spans)
    found = list(findings or ())
    for index, code, path in checks:
        found.append(finding(items[index][0], code, path, table))
    found.sort(key=Finding.sort_key)
    return ScanReport(tuple(found), len(items), len(items), 1, len(items), 0, graph=graph)


def loc(file: str, start: int, end: int | None = None) -> Location:
    return Location(file, start, end if end is not None else start)


def write_text(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
