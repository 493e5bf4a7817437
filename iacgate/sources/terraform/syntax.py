"""The HCL syntax tree the evaluator walks: bodies, blocks, attributes and expressions.

The parser (``hcl.py``) builds these nodes directly. Every node carries its span
``(line, column, end_line, end_column)`` (1-based, end column exclusive) and its nesting depth,
which the parser bounds so that a hostile file cannot make the evaluator recurse without end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

Span: TypeAlias = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any  # str, int, float, bool or None
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class TemplateIf:
    cond: Expr
    then: tuple[TemplatePart, ...]
    else_: tuple[TemplatePart, ...]


@dataclass(frozen=True, slots=True)
class TemplateFor:
    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]


# A template is literal text, interpolated expressions and directives.
TemplatePart: TypeAlias = "str | Expr | TemplateIf | TemplateFor"


@dataclass(frozen=True, slots=True)
class Template:
    """A string with interpolations or directives (a lone ``"${x}"`` is ``Wrap`` instead)."""

    parts: tuple[TemplatePart, ...]
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Wrap:
    """``"${expr}"``: the value of ``expr`` itself, not converted to a string (HCL rule)."""

    expr: Expr
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class ObjectItem:
    key: Expr  # a bare identifier key is a Literal string
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple[ObjectItem, ...]
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class ScopeRef:
    """A root name: ``var``, ``local``, ``aws_s3_bucket``, ``count``, a for-expression symbol."""

    name: str
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class GetAttr:
    obj: Expr
    name: str
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Index:
    obj: Expr
    key: Expr
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class SplatItem:
    """Stands for each element inside a splat's per-element traversal."""

    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Splat:
    source: Expr
    each: Expr  # traversal applied to SplatItem
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand_final: bool  # f(list...)
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "!"
    operand: Expr
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class BinaryChain:
    """``a + b * c``: operands and operators in source order, evaluated by precedence.

    The parser keeps the flat chain (no recursion however long it is); the evaluator applies
    HCL's precedence.
    """

    operands: tuple[Expr, ...]
    operators: tuple[str, ...]
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Conditional:
    cond: Expr
    then: Expr
    else_: Expr
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expr
    key: Expr | None  # object form: key => value
    value: Expr
    cond: Expr | None
    grouping: bool  # object form with "..."
    span: Span
    depth: int = 1


@dataclass(frozen=True, slots=True)
class Parens:
    expr: Expr
    span: Span
    depth: int = 1


Expr: TypeAlias = (
    "Literal | Template | Wrap | TupleExpr | ObjectExpr | ScopeRef | GetAttr | Index | SplatItem"
    " | Splat | Call | Unary | BinaryChain | Conditional | ForExpr | Parens"
)


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    span: Span
    depth: int = 1  # block nesting below and including this one


@dataclass(frozen=True, slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()


def unwrap(expr: Expr) -> Expr:
    """The expression inside any parentheses."""
    while isinstance(expr, Parens):
        expr = expr.expr
    return expr


def walk(expr: Expr) -> list[Expr]:
    """Every node of an expression (iteratively: depth is bounded but stays cheap)."""
    out: list[Expr] = []
    stack: list[Any] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, str) or node is None:
            continue
        if isinstance(node, TemplateIf):
            stack.extend((node.cond, *node.then, *node.else_))
            continue
        if isinstance(node, TemplateFor):
            stack.extend((node.collection, *node.body))
            continue
        out.append(node)
        if isinstance(node, Template):
            stack.extend(node.parts)
        elif isinstance(node, Wrap | Parens):
            stack.append(node.expr)
        elif isinstance(node, TupleExpr):
            stack.extend(node.items)
        elif isinstance(node, ObjectExpr):
            for item in node.items:
                stack.extend((item.key, item.value))
        elif isinstance(node, GetAttr):
            stack.append(node.obj)
        elif isinstance(node, Index):
            stack.extend((node.obj, node.key))
        elif isinstance(node, Splat):
            stack.extend((node.source, node.each))
        elif isinstance(node, Call):
            stack.extend(node.args)
        elif isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, BinaryChain):
            stack.extend(node.operands)
        elif isinstance(node, Conditional):
            stack.extend((node.cond, node.then, node.else_))
        elif isinstance(node, ForExpr):
            stack.extend((node.collection, node.key, node.value, node.cond))
    return out
