"""HCL string templates: interpolations, ``%{ if }`` / ``%{ for }`` directives, strip markers.

The parser splits quoted strings at ``${`` but knows nothing of directives, and hands heredocs
over as one raw token; both are finished here. Expressions inside a template are parsed by a
callback so that this module stays free of the parser library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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

# parse_expr(text, line, column) -> Expr; raises SourceError.
ParseExpr = Callable[[str, int, int], Expr]

_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape(text: str, line: int = 0) -> str:
    """Process the escape sequences of a quoted HCL string."""
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(1) or match.group(2):
            return chr(int(match.group(1) or match.group(2), 16))
        char = match.group(3)
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        raise SourceError(f"invalid escape sequence \\{char} in string", line=line)

    return _ESCAPES.sub(replace, text)


@dataclass(slots=True)
class _Lit:
    text: str


@dataclass(slots=True)
class _Interp:
    expr: Expr
    strip_left: bool
    strip_right: bool


@dataclass(slots=True)
class _Directive:
    keyword: str  # if, else, endif, for, endfor
    expr: Expr | None
    key_var: str | None
    value_var: str | None
    strip_left: bool
    strip_right: bool
    line: int


_Token = _Lit | _Interp | _Directive

# A raw segment: (text, line, column) of template source, or an already-parsed interpolation.
Segment: TypeAlias = "tuple[str, int, int] | Expr"

_FOR = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?in\s+(.*)\Z", re.S)


def _closing_brace(text: str, start: int, line: int) -> int:
    """Index of the ``}`` that closes the sequence opened just before ``start``."""
    depth = 0
    i = start
    size = len(text)
    while i < size:
        char = text[i]
        if char == '"':
            i += 1
            while i < size and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                elif text[i] == "$" and text.startswith("${", i):
                    end = _closing_brace(text, i + 2, line)
                    i = end
                i += 1
            if i >= size:
                break
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise SourceError("unclosed template sequence (missing '}')", line=line)


def _line_col(text: str, index: int, line: int, column: int) -> tuple[int, int]:
    newlines = text.count("\n", 0, index)
    if not newlines:
        return line, column + index
    return line + newlines, index - text.rfind("\n", 0, index)


def _scan(
    text: str, line: int, column: int, quoted: bool, parse: ParseExpr, out: list[_Token]
) -> None:
    i = 0
    size = len(text)
    buf: list[str] = []
    while i < size:
        char = text[i]
        if char in "$%" and i + 1 < size:
            if text.startswith(char * 2 + "{", i):
                buf.append(char + "{")
                i += 3
                continue
            if text[i + 1] == "{" and (char == "%" or not quoted):
                if buf:
                    out.append(_Lit("".join(buf)))
                    buf = []
                at_line, at_col = _line_col(text, i, line, column)
                end = _closing_brace(text, i + 2, at_line)
                inner = text[i + 2 : end]
                strip_left = inner.startswith("~")
                strip_right = inner.endswith("~")
                inner = inner[1 if strip_left else 0 : len(inner) - (1 if strip_right else 0)]
                if char == "$":
                    out.append(_Interp(parse(inner, at_line, at_col + 2), strip_left, strip_right))
                else:
                    out.append(_directive(inner, at_line, at_col, strip_left, strip_right, parse))
                i = end + 1
                continue
        buf.append(char)
        i += 1
    if buf:
        out.append(_Lit("".join(buf)))


def _directive(
    inner: str, line: int, column: int, strip_left: bool, strip_right: bool, parse: ParseExpr
) -> _Directive:
    body = inner.strip()
    word = body.split(None, 1)[0] if body else ""
    if word in ("else", "endif", "endfor") and body == word:
        return _Directive(word, None, None, None, strip_left, strip_right, line)
    if word == "if":
        expr = parse(body[2:], line, column + 4)
        return _Directive("if", expr, None, None, strip_left, strip_right, line)
    match = _FOR.match(body)
    if word == "for" and match:
        first, second, collection = match.groups()
        key_var, value_var = (first, second) if second else (None, first)
        expr = parse(collection, line, column)
        return _Directive("for", expr, key_var, value_var, strip_left, strip_right, line)
    raise SourceError(f"invalid template directive %{{{inner.strip()}}}", line=line)


def _apply_strip(tokens: list[_Token]) -> None:
    for index, token in enumerate(tokens):
        if isinstance(token, _Lit):
            continue
        if token.strip_left and index > 0 and isinstance(tokens[index - 1], _Lit):
            previous = tokens[index - 1]
            assert isinstance(previous, _Lit)
            previous.text = previous.text.rstrip()
        if token.strip_right and index + 1 < len(tokens) and isinstance(tokens[index + 1], _Lit):
            following = tokens[index + 1]
            assert isinstance(following, _Lit)
            following.text = following.text.lstrip()


def _structure(
    tokens: list[_Token], pos: int, stop: tuple[str, ...]
) -> tuple[list[TemplatePart], int, str | None]:
    parts: list[TemplatePart] = []
    while pos < len(tokens):
        token = tokens[pos]
        if isinstance(token, _Lit):
            if token.text:
                parts.append(token.text)
            pos += 1
        elif isinstance(token, _Interp):
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


def build(segments: Sequence[Segment], quoted: bool, parse: ParseExpr, span: Span) -> Expr:
    """The expression for a template made of raw text segments and parsed interpolations.

    ``quoted`` templates (``"..."``) process backslash escapes and have their ``${`` already
    split out by the parser; heredocs do neither.
    """
    tokens: list[_Token] = []
    for segment in segments:
        if isinstance(segment, tuple):
            text, line, column = segment
            start = len(tokens)
            _scan(text, line, column, quoted, parse, tokens)
            if quoted:
                for token in tokens[start:]:
                    if isinstance(token, _Lit):
                        token.text = unescape(token.text, line)
        else:
            tokens.append(_Interp(segment, False, False))
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


def heredoc_body(token: str) -> tuple[str, bool]:
    """The text of a heredoc token (``<<EOT ... EOT``) and whether it is a ``<<-`` heredoc."""
    flush = token.startswith("<<-")
    first_newline = token.find("\n")
    stripped = token.rstrip("\n")
    last_newline = stripped.rfind("\n")
    body = token[first_newline + 1 : last_newline + 1] if last_newline > first_newline else ""
    if flush:
        lines = body.split("\n")
        indents = [len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()]
        cut = min(indents, default=0)
        body = "\n".join(x[cut:] for x in lines)
    return body, flush
