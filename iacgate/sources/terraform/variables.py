"""Root module variables: type constraints, ``.tfvars`` files and ``--var`` values.

Precedence, lowest first, as in Terraform: the variable's ``default``; ``terraform.tfvars``;
``terraform.tfvars.json``; ``*.auto.tfvars`` and ``*.auto.tfvars.json`` in name order; every
``--var-file`` in the order given; every ``--var``. (Terraform interleaves ``-var`` and
``-var-file`` in command-line order; here files come before single values.) ``TF_VAR_*``
environment variables are not read: a gate's verdict must not depend on its environment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.model.unknown import Unknown
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.terraform.config import ModuleConfig, ParsedFile
from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope
from iacgate.sources.terraform.marks import written_at
from iacgate.sources.terraform.syntax import (
    Call,
    Expr,
    Literal,
    ObjectExpr,
    ScopeRef,
    TupleExpr,
    unwrap,
)
from iacgate.sources.terraform.values import ANY, TypeSpec

_PRIMITIVES = ("string", "number", "bool", "any")
_COMPLEX = ("list", "set", "map", "tuple", "object")


@dataclass(frozen=True, slots=True)
class VariableOptions:
    """``--var NAME=VALUE`` and ``--var-file FILE`` of one scan."""

    values: Mapping[str, str] = field(default_factory=dict)
    files: Sequence[Path] = ()


def _constant(expr: Expr) -> Any:
    return Evaluator(Budget(5.0)).value(expr, Scope(None), set())


def type_spec(expr: Expr) -> TypeSpec:
    """The type constraint written in a ``type`` argument (anything unreadable is ``any``)."""
    node = unwrap(expr)
    if isinstance(node, ScopeRef) and node.name in _PRIMITIVES:
        return TypeSpec(node.name)
    if isinstance(node, Literal) and isinstance(node.value, str):
        legacy = {
            "string": TypeSpec("string"),
            "list": TypeSpec("list", ANY),
            "map": TypeSpec("map", ANY),
        }
        if node.value in legacy:
            return legacy[node.value]
        try:
            from iacgate.sources.terraform.hcl import parse_expression

            return type_spec(parse_expression(node.value, node.span[0]))
        except SourceError:
            return ANY
    if isinstance(node, Call) and node.args:
        argument = unwrap(node.args[0])
        if node.name in ("list", "set", "map"):
            return TypeSpec(node.name, type_spec(argument))
        if node.name == "tuple" and isinstance(argument, TupleExpr):
            return TypeSpec("tuple", items=tuple(type_spec(i) for i in argument.items))
        if node.name == "object" and isinstance(argument, ObjectExpr):
            attrs: list[tuple[str, TypeSpec]] = []
            optional: list[tuple[str, Any]] = []
            for item in argument.items:
                key = unwrap(item.key)
                name = (
                    key.value
                    if isinstance(key, Literal)
                    else (key.name if isinstance(key, ScopeRef) else None)
                )
                if not isinstance(name, str):
                    continue
                value = unwrap(item.value)
                if isinstance(value, Call) and value.name == "optional" and value.args:
                    attrs.append((name, type_spec(value.args[0])))
                    default = _constant(value.args[1]) if len(value.args) > 1 else None
                    optional.append((name, None if isinstance(default, Unknown) else default))
                else:
                    attrs.append((name, type_spec(value)))
            return TypeSpec("object", attrs=tuple(attrs), optional=tuple(optional))
    return ANY


def _auto_files(directory_files: Sequence[str]) -> list[str]:
    names = {f.rsplit("/", 1)[-1]: f for f in directory_files}
    ordered: list[str] = []
    for fixed in ("terraform.tfvars", "terraform.tfvars.json"):
        if fixed in names:
            ordered.append(names[fixed])
    ordered.extend(
        names[n] for n in sorted(names) if n.endswith((".auto.tfvars", ".auto.tfvars.json"))
    )
    return ordered


def _file_values(parsed: ParsedFile) -> tuple[dict[str, Any], list[Diagnostic]]:
    if parsed.body is None:
        return {}, []
    diagnostics = [
        Diagnostic(
            DiagnosticKind.PARSE_ERROR,
            parsed.display,
            f"unexpected block {block.type!r} in a variables file",
            block.span[0],
        )
        for block in parsed.body.blocks
    ]
    # Each value remembers its line: a finding it causes belongs to a change of this file.
    values = {
        name: written_at(_constant(a.expr), parsed.display, a.span[0])
        for name, a in parsed.body.attributes.items()
    }
    return values, diagnostics


def _cli_value(config: ModuleConfig, name: str, raw: str) -> Any:
    declared = config.variables[name]
    type_attr = declared.block.body.attributes.get("type")
    spec = type_spec(type_attr.expr) if type_attr else ANY
    wants_expression = spec.kind in _COMPLEX or (
        spec.kind == "any" and raw.lstrip()[:1] in ("[", "{")
    )
    if not wants_expression:
        return raw
    from iacgate.sources.terraform.hcl import parse_expression

    try:
        return _constant(parse_expression(raw))
    except SourceError as exc:
        return Unknown(f"--var {name}: not a valid expression: {exc.message}")


def root_inputs(
    config: ModuleConfig,
    vars_files: Sequence[ParsedFile],
    option_files: Sequence[ParsedFile],
    options: VariableOptions,
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The values of a root module's variables (defaults are applied by the instance)."""
    inputs: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    by_display = {f.display: f for f in vars_files}
    for display in _auto_files(list(by_display)):
        values, problems = _file_values(by_display[display])
        diagnostics.extend(problems)
        inputs.update({k: v for k, v in values.items() if k in config.variables})
    for parsed in option_files:
        values, _ = _file_values(parsed)
        inputs.update({k: v for k, v in values.items() if k in config.variables})
    for name, raw in options.values.items():
        if name in config.variables:
            inputs[name] = _cli_value(config, name, raw)
    return inputs, diagnostics
