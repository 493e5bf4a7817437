"""Terraform's JSON syntax (``.tf.json``, ``.tfvars.json``) into the same syntax tree as HCL.

In JSON syntax every string is a template (``"${var.x}"``) and nested blocks look like object
attributes; Terraform tells them apart through the provider schema, which a static scanner does
not have. Here an object (or a list of objects) under a resource is a nested block unless its
name is a known map-valued argument (``tags``, ``environment`` ...), the common case in practice.
"""

from __future__ import annotations

from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.sources.diagnostics import SourceError
from iacgate.sources.structured import load_documents
from iacgate.sources.terraform.syntax import (
    Attribute,
    Block,
    Body,
    Expr,
    Literal,
    ObjectExpr,
    ObjectItem,
    Span,
    TupleExpr,
)

# Arguments whose value is a map, never a nested block.
MAP_ARGUMENTS = frozenset(
    {
        "tags",
        "tags_all",
        "default_tags",
        "labels",
        "environment",
        "variables",
        "parameters",
        "triggers",
        "metadata",
        "options",
        "attributes",
        "context",
        "default",
        "inputs",
        "values",
        "providers",
    }
)
META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "source", "version"})
# Block types whose two (resource, data) or one label level is spelled as nested objects.
_LABEL_DEPTH = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1}


class _Converter:
    def __init__(self, spans: dict[AttrPath, Location]) -> None:
        self.spans = spans

    def span(self, path: AttrPath) -> Span:
        location = self.spans.get(path)
        if location is None:
            return (0, 0, 0, 0)
        return (location.start_line, location.start_col, location.end_line, location.end_col)

    def expr(self, value: Any, path: AttrPath) -> Expr:
        span = self.span(path)
        if isinstance(value, str):
            from iacgate.sources.terraform.hcl import parse_template

            return parse_template(value, span[0], span[1])
        if isinstance(value, list):
            items = tuple(self.expr(v, (*path, i)) for i, v in enumerate(value))
            return TupleExpr(items, span, 1 + max((i.depth for i in items), default=0))
        if isinstance(value, dict):
            entries = tuple(
                ObjectItem(
                    Literal(k, self.span((*path, k))),
                    self.expr(v, (*path, k)),
                    self.span((*path, k)),
                )
                for k, v in value.items()
                if k != "//"
            )
            depth = 1 + max((e.value.depth for e in entries), default=0)
            return ObjectExpr(entries, span, depth)
        return Literal(value, span)

    def body(self, value: Any, path: AttrPath, nested_blocks: bool) -> Body:
        if not isinstance(value, dict):
            raise SourceError("block body must be a JSON object", line=self.span(path)[0])
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for key, item in value.items():
            here = (*path, key)
            if key == "//":
                continue
            if key == "dynamic" and isinstance(item, dict):
                for label, content in item.items():
                    blocks.extend(self.blocks("dynamic", (label,), content, (*here, label), True))
                continue
            if key in ("lifecycle", "provisioner", "connection", "content"):
                blocks.extend(self.blocks(key, (), item, here, nested_blocks))
                continue
            is_block = nested_blocks and key not in MAP_ARGUMENTS and key not in META_ARGUMENTS
            if is_block and (
                isinstance(item, dict)
                or (isinstance(item, list) and item and all(isinstance(i, dict) for i in item))
            ):
                blocks.extend(self.blocks(key, (), item, here, nested_blocks))
                continue
            attributes[key] = Attribute(key, self.expr(item, here), self.span(here))
        return Body(attributes, tuple(blocks))

    def blocks(
        self, kind: str, labels: tuple[str, ...], value: Any, path: AttrPath, nested: bool
    ) -> list[Block]:
        items = value if isinstance(value, list) else [value]
        out: list[Block] = []
        for index, item in enumerate(items):
            here = (*path, index) if isinstance(value, list) else path
            body = self.body(item, here, nested)
            out.append(Block(kind, labels, body, self.span(here)))
        return out

    def labelled(self, kind: str, value: Any, path: AttrPath, depth: int) -> list[Block]:
        """``{"resource": {"aws_x": {"name": {...}}}}``: labels first, then the body."""
        out: list[Block] = []
        groups = value if isinstance(value, list) else [value]
        for group_index, group in enumerate(groups):
            base = (*path, group_index) if isinstance(value, list) else path
            if not isinstance(group, dict):
                raise SourceError(f"{kind} must be a JSON object", line=self.span(base)[0])
            self._labels(kind, group, base, depth, (), out)
        return out

    def _labels(
        self,
        kind: str,
        value: dict[str, Any],
        path: AttrPath,
        depth: int,
        labels: tuple[str, ...],
        out: list[Block],
    ) -> None:
        for key, item in value.items():
            if key == "//":
                continue
            here = (*path, key)
            if depth > 1:
                if not isinstance(item, dict):
                    raise SourceError(f"{kind} labels must nest objects", line=self.span(here)[0])
                self._labels(kind, item, here, depth - 1, (*labels, key), out)
                continue
            nested = kind in ("resource", "data")
            out.extend(self.blocks(kind, (*labels, key), item, here, nested))


def parse(text: str, display: str, vars_file: bool = False) -> Body:
    documents = load_documents(text, display, json_text=True)
    if len(documents) != 1 or not isinstance(documents[0].value, dict):
        raise SourceError("a Terraform JSON file must hold one JSON object", line=1)
    document = documents[0]
    converter = _Converter(document.spans)
    root: dict[str, Any] = document.value
    if vars_file:
        return Body(
            {
                k: Attribute(k, converter.expr(v, (k,)), converter.span((k,)))
                for k, v in root.items()
            }
        )
    blocks: list[Block] = []
    for kind, value in root.items():
        path: AttrPath = (kind,)
        if kind == "locals":
            blocks.extend(converter.blocks("locals", (), value, path, False))
        elif kind in _LABEL_DEPTH:
            blocks.extend(converter.labelled(kind, value, path, _LABEL_DEPTH[kind]))
        elif kind in ("terraform", "moved", "import", "check", "removed"):
            continue
        elif kind != "//":
            raise SourceError(
                f"unknown top-level block type {kind!r}", line=converter.span(path)[0]
            )
    return Body({}, tuple(blocks))
