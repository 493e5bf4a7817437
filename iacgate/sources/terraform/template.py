"""HCL string templates: interpolations, ``%{ if }`` / ``%{ for }`` directives, strip markers.

The parser (``hcl.py``) scans a template into tokens: literal text, interpolations and
directives; this module applies the strip markers, nests the directives and decides what the
template is: a plain string, the value of a lone ``"${x}"`` or a ``Template``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform.syntax import (
    Expr,
    Literal,
    Span,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Wrap,
)

_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape(text: str, line: int = 0) -> str:
    """Process the escape sequences of a quoted HCL string."""
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(1) or match.group(2):
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                # Terraform: "Cannot encode character U+D800 in UTF-8" (a parse error).
                raise SourceError(
                    f"invalid escape sequence: cannot encode character U+{code:04X} in UTF-8",
                    line=line,
                )
            return chr(code)
        char = match.group(3)
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        raise SourceError(f"invalid escape sequence \\{char} in string", line=line)

    return _ESCAPES.sub(replace, text)


@dataclass(slots=True)
class Lit:
    text: str


@dataclass(slots=True)
class Interp:
    expr: Expr
    strip_left: bool
    strip_right: bool


@dataclass(slots=True)
class Directive:
    keyword: str  # if, else, endif, for, endfor
    expr: Expr | None
    key_var: str | None
    value_var: str | None
    strip_left: bool
    strip_right: bool
    line: int


# What the parser hands over: literal text, interpolations and directives, in source order.
Token: TypeAlias = Lit | Interp | Directive


def _apply_strip(tokens: list[Token]) -> None:
    for index, token in enumerate(tokens):
        if isinstance(token, Lit):
            continue
        if token.strip_left and index > 0 and isinstance(tokens[index - 1], Lit):
            previous = tokens[index - 1]
            assert isinstance(previous, Lit)
            previous.text = previous.text.rstrip()
        if token.strip_right and index + 1 < len(tokens) and isinstance(tokens[index + 1], Lit):
            following = tokens[index + 1]
            assert isinstance(following, Lit)
            following.text = following.text.lstrip()


def _structure(
    tokens: list[Token], pos: int, stop: tuple[str, ...]
) -> tuple[list[TemplatePart], int, str | None]:
    parts: list[TemplatePart] = []
    while pos < len(tokens):
        token = tokens[pos]
        if isinstance(token, Lit):
            if token.text:
                parts.append(token.text)
            pos += 1
        elif isinstance(token, Interp):
            parts.append(token.expr)
            pos += 1
        elif token.keyword in stop:
            return parts, pos, token.keyword
        elif token.keyword == "if":
            assert token.expr is not None
            then, pos, ended = _structure(tokens, pos + 1, ("else", "endif"))
            else_: list[TemplatePart] = []
            if ended == "else":
                else_, pos, ended = _structure(tokens, pos + 1, ("endif",))
            if ended != "endif":
                raise SourceError("template %{if} without %{endif}", line=token.line)
            parts.append(TemplateIf(token.expr, tuple(then), tuple(else_)))
            pos += 1
        elif token.keyword == "for":
            assert token.expr is not None and token.value_var is not None
            body, pos, ended = _structure(tokens, pos + 1, ("endfor",))
            if ended != "endfor":
                raise SourceError("template %{for} without %{endfor}", line=token.line)
            parts.append(TemplateFor(token.key_var, token.value_var, token.expr, tuple(body)))
            pos += 1
        else:
            raise SourceError(f"unexpected template %{{{token.keyword}}}", line=token.line)
    return parts, pos, None


def assemble(tokens: list[Token], span: Span) -> Expr:
    """The expression for a template: strip markers applied, directives nested."""
    _apply_strip(tokens)
    parts, pos, ended = _structure(tokens, 0, ())
    if pos < len(tokens) or ended is not None:
        raise SourceError("unbalanced template directives", line=span[0])
    return from_parts(parts, span)


def from_parts(parts: list[TemplatePart], span: Span) -> Expr:
    merged: list[TemplatePart] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    if not merged:
        return Literal("", span)
    if len(merged) == 1:
        only = merged[0]
        if isinstance(only, str):
            return Literal(only, span)
        if not isinstance(only, TemplateIf | TemplateFor):
            return Wrap(only, span, only.depth + 1)
    depth = 1 + max(
        (p.depth for p in merged if not isinstance(p, str | TemplateIf | TemplateFor)), default=1
    )
    return Template(tuple(merged), span, depth)


def flush_indent(body: str) -> str:
    """A ``<<-`` heredoc's text: the least indentation of its non-blank lines removed."""
    lines = body.split("\n")
    indents = [len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()]
    cut = min(indents, default=0)
    return "\n".join(x[cut:] for x in lines) if cut else body
