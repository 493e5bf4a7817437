"""References to what a module does not declare: Terraform refuses the module ("Reference to
undeclared resource"), so each is a parse error on its line, as the CloudFormation reader does
for a ``Ref`` to an undefined name. Without this, a misspelt ``var.`` or resource address would
only make a value unknown, and the mistake would pass unseen.

The check is static (every expression of the module, evaluated or not) and cautious: only the
traversals whose meaning is fixed are judged (``var.x``, ``local.x``, ``module.x``,
``data.t.n``, ``t.n``); names a block binds (for expressions, template ``for`` directives,
``dynamic`` blocks and their iterators) and the arguments that are not expressions of values
(``provider``, ``type``, ``lifecycle``, ``moved``, ``import``...) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.terraform.config import ModuleConfig
from iacgate.sources.terraform.syntax import (
    Attribute,
    Block,
    Expr,
    ForExpr,
    GetAttr,
    ScopeRef,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    walk,
)

# Root names that are not resource types.
_RESERVED = frozenset(
    ("var", "local", "module", "data", "count", "each", "self", "path", "terraform", "ephemeral")
)
# Arguments whose expressions name no values (a provider configuration, a type constraint).
_NOT_VALUES = {
    "resource": frozenset(("provider", "depends_on")),
    "data": frozenset(("provider", "depends_on")),
    "module": frozenset(("source", "version", "providers", "depends_on")),
    "variable": frozenset(("type",)),
    "output": frozenset(("depends_on",)),
}
# Nested blocks whose contents are not values of the resource (lifecycle lists attribute
# names; provisioners and connections see ``self`` and their own keywords).
_NOT_VALUE_BLOCKS = frozenset(("lifecycle", "provisioner", "connection"))
# Top-level blocks that are checked (``moved``, ``import``, ``removed`` name addresses that
# need not exist; ``check`` declares data sources of its own; ``terraform`` holds settings).
_CHECKED = frozenset(("resource", "data", "module", "variable", "output", "locals", "provider"))


def undeclared(module: ModuleConfig, blocks: Iterable[tuple[Block, str]]) -> list[Diagnostic]:
    """Diagnostics for the references in ``blocks`` (each with its file) to names ``module``
    does not declare; at most one per line and name."""
    out: dict[tuple[str, int, str], Diagnostic] = {}
    for block, file in blocks:
        if block.type not in _CHECKED or file.endswith(".json"):
            continue  # JSON syntax keeps expressions in strings: read as Terraform does elsewhere
        skip = _NOT_VALUES.get(block.type, frozenset())
        attributes = list(_attributes(block, skip))
        bound = _dynamic_names(block)
        for attribute in attributes:
            names = bound | _bound_in(attribute.expr)
            for line, message in _missing(module, attribute.expr, names):
                key = (file, line, message)
                if key not in out:
                    out[key] = Diagnostic(DiagnosticKind.PARSE_ERROR, file, message, line)
    return list(out.values())


def _attributes(block: Block, skip: frozenset[str]) -> Iterator[Attribute]:
    stack: list[tuple[Block, bool]] = [(block, True)]
    while stack:
        current, top = stack.pop()
        for name, attribute in current.body.attributes.items():
            if top and name in skip:
                continue
            if current.type == "dynamic" and name == "iterator":
                continue
            yield attribute
        for child in current.body.blocks:
            if child.type not in _NOT_VALUE_BLOCKS:
                stack.append((child, False))


def _dynamic_names(block: Block) -> frozenset[str]:
    """The names ``dynamic`` blocks bind anywhere in ``block`` (their label, their iterator)."""
    names: set[str] = set()
    stack = [block]
    while stack:
        current = stack.pop()
        if current.type == "dynamic" and current.labels:
            names.add(current.labels[0])
            iterator = current.body.attributes.get("iterator")
            if iterator is not None and isinstance(iterator.expr, ScopeRef):
                names.add(iterator.expr.name)
        stack.extend(current.body.blocks)
    return frozenset(names)


def _bound_in(expr: Expr) -> frozenset[str]:
    """Symbols of the for expressions and template ``for`` directives in ``expr``."""
    names: set[str] = set()
    for node in walk(expr):
        if isinstance(node, ForExpr):
            names.add(node.value_var)
            if node.key_var:
                names.add(node.key_var)
        elif isinstance(node, Template):
            _template_names(node.parts, names)
    return frozenset(names)


def _template_names(parts: Iterable[TemplatePart], names: set[str]) -> None:
    stack = list(parts)
    while stack:
        part = stack.pop()
        if isinstance(part, TemplateFor):
            names.add(part.value_var)
            if part.key_var:
                names.add(part.key_var)
            stack.extend(part.body)
        elif isinstance(part, TemplateIf):
            stack.extend((*part.then, *part.else_))


def _missing(module: ModuleConfig, expr: Expr, bound: frozenset[str]) -> Iterator[tuple[int, str]]:
    for node in walk(expr):
        if not isinstance(node, GetAttr) or not isinstance(node.obj, ScopeRef):
            continue
        root, name, line = node.obj.name, node.name, node.span[0]
        if root in bound:
            continue
        if root == "var" and name not in module.variables:
            yield line, f"reference to undeclared input variable var.{name}"
        elif root == "local" and name not in module.locals:
            yield line, f"reference to undeclared local value local.{name}"
        elif root == "module" and name not in module.modules:
            yield line, f"reference to undeclared module module.{name}"
        elif root not in _RESERVED and f"{root}.{name}" not in module.resources:
            yield line, f"reference to undeclared resource {root}.{name}"
    for node in walk(expr):
        # data.TYPE.NAME: the data source is the second step.
        if (
            isinstance(node, GetAttr)
            and isinstance(node.obj, GetAttr)
            and isinstance(node.obj.obj, ScopeRef)
            and node.obj.obj.name == "data"
            and "data" not in bound
        ):
            key = f"data.{node.obj.name}.{node.name}"
            if key not in module.resources:
                yield node.span[0], f"reference to undeclared data source {key}"
