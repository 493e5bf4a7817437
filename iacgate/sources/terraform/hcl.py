"""The python-hcl2 adapter: the only module that imports ``hcl2`` (and its parser, lark).

python-hcl2's dict output turns every expression into a string and keeps only block lines, so
this adapter reuses its grammar and its cached LALR tables but builds our own syntax tree
(``syntax.py``) while parsing: lark calls the ``_Builder`` callbacks as it reduces (no parse
tree is built first), every node gets its exact span from the tokens, and the grammar's flat
operator precedence is repaired (see ``BinaryChain``).

The grammar tables are cached beside the package (``hcl2/.lark_cache_iacgate.bin``, keyed by
grammar, options and lark version, so it cannot go stale); building them costs ~2.5 s per
process, loading them ~0.1 s. Where the package directory is read-only the cache goes to the
user cache directory instead. ``python -m iacgate.sources.terraform.hcl`` warms it (CI runs it
after installing).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform import template
from iacgate.sources.terraform.syntax import (
    Attribute,
    BinaryChain,
    Block,
    Body,
    Call,
    Conditional,
    Expr,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    ObjectItem,
    Parens,
    ScopeRef,
    Span,
    Splat,
    SplatItem,
    TupleExpr,
    Unary,
)

if TYPE_CHECKING:
    from lark import Lark

MAX_DEPTH = 100  # expression nesting; real configurations stay far below 20
MAX_BLOCK_DEPTH = 32


class _NL:
    """A run of newlines and comments: only its position matters."""

    __slots__ = ("end", "start")

    def __init__(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        self.start = start
        self.end = end


class _BodyEnd:
    """A body on its way to its block, with where its last token ended."""

    __slots__ = ("body", "end")

    def __init__(self, body: Body, end: tuple[int, int] | None) -> None:
        self.body = body
        self.end = end


class _Ident:
    __slots__ = ("name", "span")

    def __init__(self, name: str, span: Span) -> None:
        self.name = name
        self.span = span


class _Op:
    """A traversal step or operator waiting for its operand."""

    __slots__ = ("extra", "kind", "span", "value")

    def __init__(self, kind: str, value: Any, span: Span, extra: Any = None) -> None:
        self.kind = kind
        self.value = value
        self.span = span
        self.extra = extra


def _start(item: Any) -> tuple[int, int]:
    if isinstance(item, _NL):
        return item.start
    if hasattr(item, "span"):
        span: Span = item.span
        return span[0], span[1]
    return item.line, item.column


def _end(item: Any) -> tuple[int, int]:
    if isinstance(item, _NL):
        return item.end
    if hasattr(item, "span"):
        span: Span = item.span
        return span[2], span[3]
    return item.end_line, item.end_column


def _span(first: Any, last: Any) -> Span:
    return (*_start(first), *_end(last))


def _bracketed(children: list[Any]) -> Span:
    """Span of ``[...]`` / ``{...}`` from its children (the brackets are not among them)."""
    if not children:
        return (0, 0, 0, 0)
    line, column = _start(children[0])
    end_line, end_column = _end(children[-1])
    if isinstance(children[0], _NL):
        column -= 1  # a newline right after the opening bracket
    return (line, column, end_line, end_column + 1)


def _real(children: list[Any]) -> list[Any]:
    return [c for c in children if not isinstance(c, _NL)]


def _depth(*nodes: Any) -> int:
    depth = 1 + max((getattr(n, "depth", 0) for n in nodes), default=0)
    if depth > MAX_DEPTH:
        line = _start(nodes[0])[0] if nodes else 0
        raise SourceError(f"expression nested more than {MAX_DEPTH} levels deep", line=line)
    return depth


def _lit_string(node: Any) -> str | None:
    return node.value if isinstance(node, Literal) and isinstance(node.value, str) else None


_ATTR_DUP = "attribute {!r} is defined twice (first on line {})"
_EMPTY_VALUE = re.compile(r'[ \t]*(?:""|\[\s*\]|\{\s*\})')


_BLANK = re.compile(r"(?:\s+|#[^\n]*|//[^\n]*|/\*.*?\*/)*", re.S)


def _skip_blank(text: str, offset: int) -> int:
    match = _BLANK.match(text, offset)
    return match.end() if match else offset


def _respan(expr: Expr, span: Span) -> Expr:
    if isinstance(expr, Literal):
        return Literal(expr.value, span)
    if isinstance(expr, TupleExpr):
        return TupleExpr(expr.items, span, expr.depth)
    if isinstance(expr, ObjectExpr):
        return ObjectExpr(expr.items, span, expr.depth)
    return expr


class _Builder:
    """lark callbacks, one per grammar rule; each returns our node for that rule."""

    def __init__(self) -> None:
        self.text = ""
        self.line_starts: list[int] = [0]

    # -- positions -------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def _offset(self, line: int, column: int) -> int:
        if not 0 < line <= len(self.line_starts):
            return len(self.text)
        return self.line_starts[line - 1] + column - 1

    def _value_end(self, line: int, column: int) -> tuple[int, int]:
        """End of an empty ``""``, ``[]`` or ``{}`` starting after (line, column): the parser
        gives such values no tokens, hence no position."""
        offset = self._offset(line, column)
        match = _EMPTY_VALUE.match(self.text, offset)
        if match is None:
            return line, column
        consumed = self.text[offset : match.end()]
        newlines = consumed.count("\n")
        if newlines:
            return line + newlines, len(consumed) - consumed.rfind("\n")
        return line, column + len(consumed)

    # -- structure -------------------------------------------------------------------------
    def start(self, children: list[Any]) -> _BodyEnd:
        result: _BodyEnd = _real(children)[0]
        return result

    def body(self, children: list[Any]) -> _BodyEnd:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for child in children:
            if isinstance(child, Attribute):
                if child.name in attributes:
                    first = attributes[child.name].span[0]
                    raise SourceError(_ATTR_DUP.format(child.name, first), line=child.span[0])
                attributes[child.name] = child
            elif isinstance(child, Block):
                blocks.append(child)
        for block in blocks:
            if block.type in attributes:
                raise SourceError(
                    f"{block.type!r} is both an attribute and a block", line=block.span[0]
                )
        end = _end(children[-1]) if children else None
        return _BodyEnd(Body(attributes, tuple(blocks)), end)

    def new_line_or_comment(self, children: list[Any]) -> _NL:
        first, last = children[0], children[-1]
        return _NL((first.line, first.column), (last.end_line, last.end_column))

    def attribute(self, children: list[Any]) -> Attribute:
        ident, eq, expr = children
        if expr.span[0] == 0:  # an empty "", [] or {}
            end = self._value_end(eq.end_line, eq.end_column)
            expr = _respan(expr, (eq.end_line, eq.end_column + 1, *end))
        return Attribute(ident.name, expr, _span(ident, expr))

    def block(self, children: list[Any]) -> Block:
        items = _real(children)
        ident = items[0]
        result: _BodyEnd = items[-1]
        labels: list[str] = []
        for label in items[1:-1]:
            if isinstance(label, _Ident):
                labels.append(label.name)
            else:
                text = _lit_string(label)
                if text is None:
                    raise SourceError("block labels must be plain strings", line=_start(label)[0])
                labels.append(text)
        body = result.body
        # The closing "}" is filtered out by the grammar: find it after the body's last token
        # (a trailing newline may have been swallowed by an expression, so scan for it).
        end = result.end or _end(items[-2] if len(items) > 1 else ident)
        if result.end is None:  # empty body: skip to the "{" first
            opening = self.text.find("{", self._offset(*end))
            end = self._position(opening + 1) if opening >= 0 else end
        close = _skip_blank(self.text, self._offset(*end))
        if close < len(self.text) and self.text[close] == "}":
            end = self._position(close)
        depth = 1 + max((b.depth for b in body.blocks), default=0)
        if depth > MAX_BLOCK_DEPTH:
            raise SourceError(
                f"blocks nested more than {MAX_BLOCK_DEPTH} levels deep", line=_start(ident)[0]
            )
        return Block(ident.name, tuple(labels), body, (*_start(ident), end[0], end[1] + 1), depth)

    def _position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def identifier(self, children: list[Any]) -> _Ident:
        token = children[0]
        return _Ident(str(token), _span(token, token))

    # -- expressions -----------------------------------------------------------------------
    def expr_term(self, children: list[Any]) -> Expr:
        items = _real(children)
        first = items[0]
        if len(items) == 3 and getattr(first, "type", None) == "LPAR":
            inner = items[1]
            return Parens(inner, _span(first, items[2]), _depth(inner))
        if isinstance(first, _Ident):
            if first.name == "true":
                return Literal(True, first.span)
            if first.name == "false":
                return Literal(False, first.span)
            if first.name == "null":
                return Literal(None, first.span)
            return ScopeRef(first.name, first.span)
        node: Expr = first
        return node

    def int_lit(self, children: list[Any]) -> Literal:
        return Literal(int("".join(str(c) for c in children)), _span(children[0], children[-1]))

    def float_lit(self, children: list[Any]) -> Literal:
        number = float("".join(str(c) for c in children))
        value: int | float = int(number) if number.is_integer() and abs(number) < 2**53 else number
        return Literal(value, _span(children[0], children[-1]))

    def string(self, children: list[Any]) -> Expr:
        # The quotes are not in the children: the string's span is that of its parts, widened by
        # one column on each side.
        if not children:
            return Literal("", (0, 0, 0, 0))
        first, last = children[0], children[-1]
        line, column = _start(first)
        end_line, end_column = _end(last)
        span = (line, column - 1, end_line, end_column + 1)
        needs_template = False
        parts: list[Any] = []
        for kind, value, where in (c.value for c in children):
            if kind == "raw" and "%{" in value:
                needs_template = True
            parts.append((kind, value, where))
        if needs_template:
            segments: list[template.Segment] = []
            for kind, value, where in parts:
                if kind == "raw":
                    segments.append((value, where[0], where[1]))
                elif kind == "escaped":
                    segments.append((value, where[0], where[1]))  # "$${" is scanned as "${"
                else:
                    segments.append(value)
            return template.build(segments, True, self._parse_snippet, span)
        out: list[Any] = []
        for kind, value, where in parts:
            if kind == "raw":
                out.append(template.unescape(value, where[0]))
            elif kind == "escaped":
                out.append(value[1:])  # $${x} is the literal ${x}
            else:
                out.append(value)
        return template.from_parts(out, span)

    def string_part(self, children: list[Any]) -> _Op:
        child = children[0]
        if isinstance(child, _Op):  # interpolation
            return child
        where = (child.line, child.column)
        kind = "escaped" if child.type == "ESCAPED_INTERPOLATION" else "raw"
        return _Op("part", (kind, str(child), where), _span(child, child))

    def interpolation(self, children: list[Any]) -> _Op:
        expr = _real(children)[0]
        return _Op("part", ("expr", expr, _start(expr)), expr.span)

    def heredoc_template(self, children: list[Any]) -> Expr:
        token = children[0]
        body, _flush = template.heredoc_body(str(token))
        # The token ends with the newline after the closing marker: end on the marker's line.
        marker_line = str(token).rstrip("\n").rsplit("\n", 1)[-1]
        span = (token.line, token.column, token.end_line - 1, len(marker_line) + 1)
        return template.build([(body, token.line + 1, 1)], False, self._parse_snippet, span)

    heredoc_template_trim = heredoc_template

    def tuple(self, children: list[Any]) -> TupleExpr:
        items = tuple(_real(children))
        return TupleExpr(items, _bracketed(children), _depth(*items))

    def object(self, children: list[Any]) -> ObjectExpr:
        items = tuple(c for c in children if isinstance(c, ObjectItem))
        span = _bracketed(children)
        depth = _depth(*(i.value for i in items), *(i.key for i in items))
        return ObjectExpr(items, span, depth)

    def object_elem(self, children: list[Any]) -> ObjectItem:
        key, _sep, value = children
        return ObjectItem(key, value, _span(key, value))

    def object_elem_key(self, children: list[Any]) -> Expr:
        child = children[0]
        if isinstance(child, _Ident):
            return Literal(child.name, child.span)
        if isinstance(child, Literal) and not isinstance(child.value, str):
            return Literal(_number_key(child.value), child.span)
        node: Expr = child
        return node

    def object_elem_key_expression(self, children: list[Any]) -> Expr:
        items = _real(children)
        inner = items[1]
        return Parens(inner, _span(items[0], items[-1]), _depth(inner))

    def object_elem_key_dot_accessor(self, children: list[Any]) -> Expr:
        names = [c for c in children if isinstance(c, _Ident)]
        node: Expr = ScopeRef(names[0].name, names[0].span)
        for name in names[1:]:
            node = GetAttr(node, name.name, _span(names[0], name), _depth(node))
        return node

    def arguments(self, children: list[Any]) -> list[Expr]:
        return _real(children)

    def function_call(self, children: list[Any]) -> Call:
        items = _real(children)
        ident = items[0]
        args: list[Expr] = items[1] if len(items) > 1 else []
        return self._call(ident.name, ident, args)

    def colons(self, children: list[Any]) -> None:
        return None

    def provider_function_call(self, children: list[Any]) -> Call:
        items = [c for c in _real(children) if c is not None]
        idents = [c for c in items if isinstance(c, _Ident)]
        args = next((c for c in items if isinstance(c, list)), [])
        return self._call("::".join(i.name for i in idents), idents[0], args)

    def _call(self, name: str, ident: _Ident, args: list[Expr]) -> Call:
        expand = False
        end = _end(args[-1]) if args else _end(ident)
        if args:
            after = self.text[self._offset(*end) :].lstrip(" \t\r\n,")
            expand = after.startswith("...")
        # The closing parenthesis is filtered out; scan for it to end the span.
        offset = self._offset(*end)
        close = self.text.find(")", offset)
        end_line, end_col = end
        if close >= 0:
            skipped = self.text[offset:close]
            newlines = skipped.count("\n")
            end_line += newlines
            end_col = (close - skipped.rfind("\n")) if newlines else end_col + len(skipped) + 1
        return Call(name, tuple(args), expand, (*_start(ident), end_line, end_col), _depth(*args))

    def index(self, children: list[Any]) -> _Op:
        items = _real(children)
        if len(items) == 1 and not hasattr(items[0], "type"):
            key: Expr = items[0]
        else:  # legacy a.0 index
            key = Literal(int("".join(str(t) for t in items)), _span(items[0], items[-1]))
        return _Op("index", key, _span(items[0], items[-1]))

    def get_attr(self, children: list[Any]) -> _Op:
        ident = children[0]
        return _Op("attr", ident.name, ident.span)

    @staticmethod
    def _apply(node: Expr, op: _Op) -> Expr:
        span = (*_start(node), *_end(op))
        if op.kind == "attr":
            return GetAttr(node, op.value, span, _depth(node))
        return Index(node, op.value, span, _depth(node, op.value))

    def get_attr_expr_term(self, children: list[Any]) -> Expr:
        return self._apply(children[0], children[1])

    index_expr_term = get_attr_expr_term

    def attr_splat(self, children: list[Any]) -> list[_Op]:
        return list(children)

    full_splat = attr_splat

    def _splat(self, children: list[Any]) -> Splat:
        source: Expr = children[0]
        ops: list[_Op] = children[1]
        item: Expr = SplatItem(source.span)
        for op in ops:
            item = self._apply(item, op)
        end = _end(ops[-1]) if ops else _end(source)
        return Splat(source, item, (*_start(source), *end), _depth(source, item))

    attr_splat_expr_term = _splat
    full_splat_expr_term = _splat

    def unary_op(self, children: list[Any]) -> Unary:
        token, operand = children
        return Unary(str(token), operand, _span(token, operand), _depth(operand))

    def binary_operator(self, children: list[Any]) -> str:
        return str(children[0])

    def binary_term(self, children: list[Any]) -> _Op:
        items = _real(children)
        return _Op("binary", items[0], items[1].span, items[1])

    def binary_op(self, children: list[Any]) -> Expr:
        items = _real(children)
        left: Expr = items[0]
        term: _Op = items[1]
        right: Expr = term.extra
        operands: list[Expr] = list(left.operands) if isinstance(left, BinaryChain) else [left]
        operators: list[str] = list(left.operators) if isinstance(left, BinaryChain) else []
        operators.append(term.value)
        if isinstance(right, Conditional):
            # `a == b ? x : y` reaches us as `a == (b ? x : y)`: lift the conditional out.
            cond = right.cond
            operands.extend(cond.operands if isinstance(cond, BinaryChain) else [cond])
            if isinstance(cond, BinaryChain):
                operators.extend(cond.operators)
            chain = BinaryChain(
                tuple(operands), tuple(operators), _span(left, cond), _depth(*operands)
            )
            return Conditional(
                chain, right.then, right.else_, _span(left, right), _depth(chain, right)
            )
        if isinstance(right, BinaryChain):
            operands.extend(right.operands)
            operators.extend(right.operators)
        else:
            operands.append(right)
        return BinaryChain(tuple(operands), tuple(operators), _span(left, right), _depth(*operands))

    def conditional(self, children: list[Any]) -> Conditional:
        cond, then, else_ = _real(children)
        return Conditional(cond, then, else_, _span(cond, else_), _depth(cond, then, else_))

    def for_intro(self, children: list[Any]) -> _Op:
        idents = [c for c in children if isinstance(c, _Ident)]
        exprs = [c for c in _real(children) if not isinstance(c, _Ident) and hasattr(c, "span")]
        names = [i.name for i in idents]
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return _Op("for", (key_var, value_var), _span(children[0], children[-1]), exprs[-1])

    def for_cond(self, children: list[Any]) -> _Op:
        items = _real(children)
        return _Op("if", items[-1], _span(items[0], items[-1]))

    def for_tuple_expr(self, children: list[Any]) -> ForExpr:
        items = _real(children)
        intro: _Op = items[1]
        value: Expr = items[2]
        cond = items[3].value if isinstance(items[3], _Op) else None
        key_var, value_var = intro.value
        return ForExpr(
            key_var,
            value_var,
            intro.extra,
            None,
            value,
            cond,
            False,
            _span(items[0], items[-1]),
            _depth(intro.extra, value, *([cond] if cond else [])),
        )

    def for_object_expr(self, children: list[Any]) -> ForExpr:
        items = _real(children)
        intro: _Op = items[1]
        key: Expr = items[2]
        value: Expr = items[4]
        grouping = any(getattr(c, "value", None) == "..." for c in items if hasattr(c, "type"))
        cond_op = next((c for c in items if isinstance(c, _Op) and c.kind == "if"), None)
        cond = cond_op.value if cond_op else None
        key_var, value_var = intro.value
        return ForExpr(
            key_var,
            value_var,
            intro.extra,
            key,
            value,
            cond,
            grouping,
            _span(items[0], items[-1]),
            _depth(intro.extra, key, value, *([cond] if cond else [])),
        )

    # -- template snippets -----------------------------------------------------------------
    def _parse_snippet(self, text: str, line: int, column: int) -> Expr:
        return parse_expression(text, line, column)


def _number_key(value: Any) -> str:
    return str(value)


_BUILDER = _Builder()
_PARSER: Lark | None = None


CACHE_NAME = ".lark_cache_iacgate.bin"


def _grammar_dir() -> Path:
    """python-hcl2's package directory, found without importing the package: its
    ``__init__`` imports the reconstructor and dict transformer, which we never use."""
    import importlib.util

    spec = importlib.util.find_spec("hcl2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("python-hcl2 is not installed (pip install 'python-hcl2>=7.3,<8')")
    return Path(next(iter(spec.submodule_search_locations)))


def _cache_path() -> str:
    """Beside python-hcl2's grammar when that directory is writable, else a per-user cache."""
    default = _grammar_dir() / CACHE_NAME
    if default.exists() or os.access(default.parent, os.W_OK):
        return str(default)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iacgate"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return str(default)  # lark logs and carries on when it cannot write
    return str(base / CACHE_NAME.lstrip("."))


def _parser() -> Lark:
    global _PARSER
    if _PARSER is None:
        from lark import Lark

        # python-hcl2's grammar with our callbacks applied while parsing. Positions come from
        # the tokens, so lark's own position tracking (16% of the parse time) stays off; that
        # changes the cache key, hence a cache file of our own beside python-hcl2's.
        _PARSER = Lark.open(
            "hcl2.lark",
            parser="lalr",
            cache=_cache_path(),
            rel_to=str(_grammar_dir() / "hcl2.lark"),
            propagate_positions=False,
            transformer=_BUILDER,
        )
    return _PARSER


def _error(exc: Exception) -> SourceError:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, UnexpectedCharacters):
        char = exc.char if hasattr(exc, "char") else "?"
        return SourceError(f"unexpected character {char!r}", exc.line, exc.column)
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            return SourceError("unexpected end of file (unclosed block or bracket?)", exc.line)
        text = str(token).strip() or repr(str(token))
        return SourceError(f"unexpected {text[:40]!r}", exc.line, exc.column)
    if isinstance(exc, UnexpectedEOF):
        return SourceError("unexpected end of file (unclosed block or bracket?)")
    return SourceError(f"{type(exc).__name__}: {exc}")


def _run(source: str) -> Body:
    parser = _parser()
    saved = (_BUILDER.text, _BUILDER.line_starts)
    _BUILDER.set_text(source)
    try:
        result: Any = parser.parse(source)
    except RecursionError:
        raise SourceError("file nested too deeply to parse") from None
    except Exception as exc:
        raise _error(exc) from None
    finally:
        _BUILDER.text, _BUILDER.line_starts = saved
    assert isinstance(result, _BodyEnd)
    return result.body


def parse(text: str) -> Body:
    """Parse HCL native syntax into a ``Body``; raises ``SourceError`` with the line."""
    # Like python-hcl2: the grammar needs a final newline.
    return _run(text + "\n")


def parse_expression(text: str, line: int = 1, column: int = 1) -> Expr:
    """Parse one expression (from a template) as if it were written at ``line``."""
    # A leading block comment holding line-1 newlines is one token: it puts the snippet on
    # its real line at the cost of a regex scan, without a token per line.
    prefix = "/*" + "\n" * (line - 1) + "*/" if line > 1 else ""
    body = _run(f"{prefix}x = {text.strip()}\n")
    if list(body.attributes) != ["x"] or body.blocks:
        raise SourceError(f"invalid template expression {text.strip()[:40]!r}", line=line)
    return body.attributes["x"].expr


def warm() -> str:
    """Build (or load) the parser tables and return where they are cached."""
    _parser()
    return _cache_path()


if __name__ == "__main__":  # python -m iacgate.sources.terraform.hcl: warm the grammar cache
    sys.stdout.write(f"hcl2 grammar cache: {warm()}\n")
