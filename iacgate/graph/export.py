"""The resource graph for people and tools: JSON, Graphviz DOT and GraphML.

Nodes are ``{id, kind, address, file, line}`` (``placeholder: true`` for a node that stands for
a resource outside the scan), edges ``{source, target, type}``. A virtual ``internet`` node
with ``exposes`` edges to the entry points of ``reachability.exposure`` shows where traffic
comes in. Only names are exported (kinds, addresses, files, edge types), never attribute
values, so no secret can leak through an export.

``focus`` keeps the neighbourhood of one resource: every node within ``radius`` edges of it,
whatever their direction (the internet node counts as one hop), and the edges among them.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from iacgate.errors import UsageError
from iacgate.graph.graph import ResourceGraph, is_placeholder
from iacgate.graph.reachability import exposure
from iacgate.model.resource import Resource

FORMATS = ("json", "dot", "graphml")
INTERNET = "internet"
EXPOSES = "exposes"
DEFAULT_RADIUS = 2
EXPORT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str
    address: str
    file: str
    line: int
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    type: str


@dataclass(frozen=True, slots=True)
class Export:
    nodes: tuple[Node, ...]
    edges: tuple[Link, ...]


class FocusError(UsageError, ValueError):
    """The focus names no node of the graph."""


def _node(graph: ResourceGraph, resource: Resource) -> Node:
    where = graph.locations.get(resource.key)
    return Node(
        resource.key,
        resource.kind,
        resource.address,
        where.file if where else (resource.file or ""),
        where.start_line if where else 0,
        is_placeholder(resource),
    )


def _find(graph: ResourceGraph, nodes: Iterable[Resource], focus: str) -> list[str]:
    """Node ids named by ``focus``: a node id, an address, or a physical id (ARN, name)."""
    exact = [r.key for r in nodes if focus in (r.key, r.address)]
    return exact or [r.key for r in nodes if r.physical_id == focus]


def build(graph: ResourceGraph, focus: str | None = None, radius: int = DEFAULT_RADIUS) -> Export:
    resources = [*graph.resources(), *graph.placeholders()]
    nodes = {r.key: _node(graph, r) for r in resources}
    links: set[Link] = set()
    for resource in resources:
        for edge in graph.edges(resource, "out"):
            links.add(Link(edge.source.key, edge.target.key, edge.type.value))
    entries = [key for key, found in exposure(graph).items() if found.hops and len(found.hops) == 1]
    if entries:
        nodes[INTERNET] = Node(INTERNET, INTERNET, INTERNET, "", 0)
        links.update(Link(INTERNET, key, EXPOSES) for key in entries)
    if focus is not None:
        starts = _find(graph, resources, focus)
        if not starts:
            raise FocusError(f"no resource in the graph is named {focus!r}")
        keep = _neighbourhood(starts, links, radius)
        nodes = {k: v for k, v in nodes.items() if k in keep}
        links = {link for link in links if link.source in keep and link.target in keep}
    return Export(
        tuple(sorted(nodes.values(), key=lambda n: n.id)),
        tuple(sorted(links, key=lambda e: (e.source, e.target, e.type))),
    )


def _neighbourhood(starts: list[str], links: Iterable[Link], radius: int) -> set[str]:
    around: dict[str, set[str]] = {}
    for link in links:
        around.setdefault(link.source, set()).add(link.target)
        around.setdefault(link.target, set()).add(link.source)
    seen = set(starts)
    queue = deque((start, 0) for start in starts)
    while queue:
        key, depth = queue.popleft()
        if depth >= radius:
            continue
        for other in around.get(key, ()):
            if other not in seen:
                seen.add(other)
                queue.append((other, depth + 1))
    return seen


# -- formats -----------------------------------------------------------------------------------


def to_json(export: Export) -> str:
    document = {
        "version": EXPORT_VERSION,
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "address": n.address,
                "file": n.file,
                "line": n.line,
                **({"placeholder": True} if n.placeholder else {}),
            }
            for n in export.nodes
        ],
        "edges": [{"source": e.source, "target": e.target, "type": e.type} for e in export.edges],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped, so nothing in
    a scanned name can end the string or inject attributes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r", "\\r").replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(export: Export) -> str:
    lines = [
        "digraph iacgate {",
        "  rankdir=LR;",
        '  node [shape=box, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n in export.nodes:
        label = f"{n.kind}\n{n.address}"
        style = ", style=dashed" if n.placeholder else ""
        if n.id == INTERNET:
            style = ", shape=doubleoctagon"
        lines.append(f"  {_dot_string(n.id)} [label={_dot_string(label)}{style}];")
    for e in export.edges:
        lines.append(
            f"  {_dot_string(e.source)} -> {_dot_string(e.target)} [label={_dot_string(e.type)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold (control characters in a scanned name) replaced."""
    return _XML_INVALID.sub("\ufffd", text)


def to_graphml(export: Export) -> str:
    from xml.etree import ElementTree as ET

    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = (
        ("d_kind", "node", "kind", "string"),
        ("d_address", "node", "address", "string"),
        ("d_file", "node", "file", "string"),
        ("d_line", "node", "line", "int"),
        ("d_placeholder", "node", "placeholder", "boolean"),
        ("d_type", "edge", "type", "string"),
    )
    for key, owner, name, kind in keys:
        ET.SubElement(
            root,
            f"{{{ns}}}key",
            {"id": key, "for": owner, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "iacgate", "edgedefault": "directed"})
    for n in export.nodes:
        element = ET.SubElement(graph, f"{{{ns}}}node", {"id": _xml(n.id)})
        for key, value in (
            ("d_kind", n.kind),
            ("d_address", n.address),
            ("d_file", n.file),
            ("d_line", str(n.line)),
            ("d_placeholder", "true" if n.placeholder else "false"),
        ):
            ET.SubElement(element, f"{{{ns}}}data", {"key": key}).text = _xml(value)
    for index, e in enumerate(export.edges):
        element = ET.SubElement(
            graph,
            f"{{{ns}}}edge",
            {"id": f"e{index}", "source": _xml(e.source), "target": _xml(e.target)},
        )
        ET.SubElement(element, f"{{{ns}}}data", {"key": "d_type"}).text = e.type
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def render(
    graph: ResourceGraph, fmt: str, focus: str | None = None, radius: int = DEFAULT_RADIUS
) -> str:
    export = build(graph, focus, radius)
    if fmt == "json":
        return to_json(export)
    if fmt == "dot":
        return to_dot(export)
    if fmt == "graphml":
        return to_graphml(export)
    raise ValueError(f"unknown graph format {fmt!r} (expected one of: {', '.join(FORMATS)})")
