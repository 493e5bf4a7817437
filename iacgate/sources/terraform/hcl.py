"""HCL native syntax: a hand-written scanner and recursive-descent parser.

It builds the syntax tree of ``syntax.py`` directly, with the exact span of every node, in one
pass over the text: no parser tables to build or load, no token objects, no parse tree to walk
afterwards. Parsing dominates the cost of a Terraform scan, and a pre-commit hook pays it on
every commit, so this module is written for speed: regular expressions find each lexeme, line
numbers are counted only where a newline can occur (whitespace, comments, strings, heredocs).

Newlines follow the HCL specification: they end an attribute and separate the items of an
object, and are ignored inside parentheses, brackets, templates and for-expressions. A newline
right after a binary operator, ``?`` or ``:`` is accepted too (an expression cannot end there).

Nesting is bounded (``MAX_DEPTH`` expression levels, ``MAX_BLOCK_DEPTH`` block levels) before
recursion happens, so a hostile file gets a parse error, never a ``RecursionError``.
"""

from __future__ import annotations

import re
import unicodedata

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
    Splat,
    SplatItem,
    TupleExpr,
    Unary,
)

MAX_DEPTH = 100  # expression nesting; real configurations stay far below 20
MAX_BLOCK_DEPTH = 32
# Python refuses to parse integers of over 4,300 digits; no configuration writes one.
MAX_NUMBER_DIGITS = 4000

# Blanks and comments on one line / across lines. A "#" or "//" comment stops before its newline.
_INLINE = re.compile(r"(?:[ \t\r]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_ANY = re.compile(r"(?:[ \t\r\n]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_IDENT = re.compile(r"[^\W\d][\w-]*")
_IDENT_TAIL = re.compile(r"[\w-]*")
_NUMBER = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_DIGITS = re.compile(r"\d+")
_BINOP = re.compile(r"==|!=|<=|>=|&&|\|\||[-+*/%<>]")
_FULL_SPLAT = re.compile(r"\[[ \t\r\n]*\*[ \t\r\n]*\]")
_HEREDOC = re.compile(r"<<(-?)([^\W\d][\w.-]*)[ \t]*\r?\n")
# Where a literal run inside a template stops.
_QUOTED_STOP = re.compile(r'["\\\n]|\$\$?\{|%%?\{')
_HEREDOC_STOP = re.compile(r"\$\$?\{|%%?\{")
_TOKEN = re.compile(r"[\w-]+|\S")
_KEYWORDS = {"true": True, "false": False, "null": None}


def _depth(*nodes: Expr) -> int:
    depth = 1 + max((n.depth for n in nodes), default=0)
    if depth > MAX_DEPTH:
        raise SourceError(f"expression nested more than {MAX_DEPTH} levels deep", line=0)
    return depth


def _ident_end(text: str, pos: int) -> int:
    """Where the identifier starting at ``pos`` ends, or -1 when none starts there.

    HCL identifiers are Unicode ``ID_Start ID_Continue*`` (plus ``-``). Python's ``\\w`` lacks
    the combining marks of ``ID_Continue`` (``e`` + U+0301): the rare non-ASCII tail is checked
    here, off the fast path."""
    match = _IDENT.match(text, pos)
    if match is None:
        return -1
    end = match.end()
    while text[end : end + 1] >= "\x80" and unicodedata.category(text[end])[0] == "M":
        end = _IDENT_TAIL.match(text, end + 1).end()  # type: ignore[union-attr]  # [\w-]* always matches
    return end


class _Parser:
    """One pass over ``text``; ``pos`` is an offset, ``line`` the line it is on."""

    __slots__ = ("line", "line_start", "nesting", "newlines", "pos", "size", "text")

    def __init__(self, text: str, line: int = 1, column: int = 1) -> None:
        self.text = text
        self.size = len(text)
        self.pos = 0
        self.line = line
        self.line_start = 1 - column  # column = pos - line_start + 1
        self.newlines = True  # are newlines significant here?
        self.nesting = 0

    # -- positions and errors --------------------------------------------------------------
    def _where(self) -> tuple[int, int]:
        return self.line, self.pos - self.line_start + 1

    def _count(self, start: int, end: int) -> None:
        """Account for the newlines in text[start:end], which the caller is moving past."""
        newlines = self.text.count("\n", start, end)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rindex("\n", start, end) + 1

    def _fail(self, expected: str = "") -> SourceError:
        pos = self.pos
        if pos >= self.size:
            what = "unexpected end of file (unclosed block or bracket?)"
        elif self.text[pos] == "\n":
            what = "unexpected newline"
        elif self.text.startswith("/*", pos):
            what = "unclosed comment '/*'"
        else:
            token = _TOKEN.match(self.text, pos)
            what = f"unexpected {token.group()[:40] if token else self.text[pos]!r}"
        if expected:
            what += f" (expected {expected})"
        line, column = self._where()
        return SourceError(what, line, column)

    def _error(self, message: str, line: int | None = None) -> SourceError:
        where_line, column = self._where()
        return SourceError(message, where_line if line is None else line, column)

    # -- blanks ----------------------------------------------------------------------------
    def _inline(self) -> None:
        match = _INLINE.match(self.text, self.pos)
        if match:
            end = match.end()
            if "\n" in match.group():  # a block comment across lines
                self._count(self.pos, end)
            self.pos = end
        if self.text.startswith("/*", self.pos):
            raise self._fail()  # the regex stopped at a comment that never closes

    def _blank(self) -> None:
        match = _ANY.match(self.text, self.pos)
        if match:
            end = match.end()
            self._count(self.pos, end)
            self.pos = end
        if self.text.startswith("/*", self.pos):
            raise self._fail()

    def _skip(self) -> None:
        """Blanks, and newlines too where they are not significant."""
        if self.newlines:
            self._inline()
        else:
            self._blank()

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < self.size else ""

    def _expect(self, char: str) -> tuple[int, int]:
        """Consume ``char``; returns where it ended (exclusive)."""
        if not self.text.startswith(char, self.pos):
            raise self._fail(repr(char))
        self.pos += len(char)
        return self._where()

    # -- bodies ----------------------------------------------------------------------------
    def body(self, closing: bool, depth: int) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        text = self.text
        while True:
            self._blank()
            if self.pos >= self.size:
                if closing:
                    raise self._fail()
                break
            if closing and text[self.pos] == "}":
                break
            start = self._where()
            ident = _ident_end(text, self.pos)
            if ident < 0:
                raise self._fail("an attribute or a block")
            name = text[self.pos : ident]
            self.pos = ident
            self._inline()
            if text.startswith("=", self.pos) and not text.startswith(("==", "=>"), self.pos):
                self.pos += 1
                self._inline()
                self.newlines = True
                expr = self.expression()
                if name in attributes:
                    first = attributes[name].span[0]
                    raise SourceError(
                        f"attribute {name!r} is defined twice (first on line {first})", start[0]
                    )
                attributes[name] = Attribute(name, expr, (*start, expr.span[2], expr.span[3]))
            else:
                blocks.append(self._block(name, start, depth))
            self._end_of_item(closing)
        for block in blocks:
            if block.type in attributes:
                raise SourceError(
                    f"{block.type!r} is both an attribute and a block", line=block.span[0]
                )
        return Body(attributes, tuple(blocks))

    def _end_of_item(self, closing: bool) -> None:
        """An attribute or block ends at a newline, the end of the file or its block's ``}``."""
        self._inline()
        char = self._peek()
        if char == "\n" or not char or (closing and char == "}"):
            return
        raise self._fail("a newline")

    def _block(self, name: str, start: tuple[int, int], depth: int) -> Block:
        labels: list[str] = []
        text = self.text
        while True:
            char = self._peek()
            if char == "{":
                break
            if char == '"':
                label = self._quoted()
                if not isinstance(label, Literal) or not isinstance(label.value, str):
                    raise SourceError("block labels must be plain strings", line=label.span[0])
                labels.append(label.value)
            else:
                ident = _ident_end(text, self.pos)
                if ident < 0:
                    raise self._fail("'=', a block label or '{'")
                labels.append(text[self.pos : ident])
                self.pos = ident
            self._inline()
        if depth >= MAX_BLOCK_DEPTH:
            raise SourceError(f"blocks nested more than {MAX_BLOCK_DEPTH} levels deep", start[0])
        self.pos += 1
        body = self.body(True, depth + 1)
        end = self._expect("}")
        inner = 1 + max((b.depth for b in body.blocks), default=0)
        return Block(name, tuple(labels), body, (*start, *end), inner)

    # -- expressions -----------------------------------------------------------------------
    def expression(self) -> Expr:
        """A full expression: operators and conditionals."""
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise self._error(f"expression nested more than {MAX_DEPTH} levels deep")
        node = self._binary()
        self._skip()
        if self.text.startswith("?", self.pos):
            self.pos += 1
            self._blank()
            then = self.expression()
            self._skip()
            self._expect(":")
            self._blank()
            else_ = self.expression()
            span = (node.span[0], node.span[1], else_.span[2], else_.span[3])
            node = Conditional(node, then, else_, span, _depth(node, then, else_))
        self.nesting -= 1
        return node

    def _binary(self) -> Expr:
        first = self._unary()
        operands: list[Expr] | None = None
        operators: list[str] = []
        while True:
            self._skip()
            match = _BINOP.match(self.text, self.pos)
            if match is None:
                break
            operators.append(match.group())
            self.pos = match.end()
            self._blank()
            if operands is None:
                operands = [first]
            operands.append(self._unary())
        if operands is None:
            return first
        last = operands[-1]
        span = (first.span[0], first.span[1], last.span[2], last.span[3])
        return BinaryChain(tuple(operands), tuple(operators), span, _depth(*operands))

    def _unary(self) -> Expr:
        char = self._peek()
        if char != "-" and char != "!":
            return self._postfix()
        start = self._where()
        self.pos += 1
        if char == "-":
            number = _NUMBER.match(self.text, self.pos)
            if number is not None:  # a negative literal, not an operation
                literal = self._number(number, start, negative=True)
                return self._traversals(literal)
        self._inline()
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise self._error(f"expression nested more than {MAX_DEPTH} levels deep")
        operand = self._unary()
        self.nesting -= 1
        span = (*start, operand.span[2], operand.span[3])
        return Unary(char, operand, span, _depth(operand))

    def _postfix(self) -> Expr:
        return self._traversals(self._primary())

    def _traversals(self, node: Expr) -> Expr:
        text = self.text
        while True:
            saved = (self.pos, self.line, self.line_start)
            self._skip()
            char = self._peek()
            if char == ".":
                if text.startswith(".*", self.pos):
                    self.pos += 2
                    node = self._splat(node, full=False)
                    continue
                if text.startswith("..", self.pos):  # "..." after an argument
                    break
                node = self._step(node)
            elif char == "[":
                full = _FULL_SPLAT.match(text, self.pos)
                if full:
                    self._count(self.pos, full.end())
                    self.pos = full.end()
                    node = self._splat(node, full=True)
                    continue
                node = self._step(node)
            else:
                break
        self.pos, self.line, self.line_start = saved
        return node

    def _step(self, node: Expr) -> Expr:
        """One ``.name``, legacy ``.0`` or ``[key]`` traversal applied to ``node``."""
        text = self.text
        if text[self.pos] == ".":
            self.pos += 1
            digits = _DIGITS.match(text, self.pos)
            if digits is not None:
                start = self._where()
                self.pos = digits.end()
                number = Literal(int(digits.group()), (*start, *self._where()))
                span = (node.span[0], node.span[1], *self._where())
                return Index(node, number, span, _depth(node, number))
            ident = _ident_end(text, self.pos)
            if ident < 0:
                raise self._fail("an attribute name")
            name = text[self.pos : ident]
            self.pos = ident
            span = (node.span[0], node.span[1], *self._where())
            return GetAttr(node, name, span, _depth(node))
        self.pos += 1
        saved = self.newlines
        self.newlines = False
        self._blank()
        key = self.expression()
        self._blank()
        end = self._expect("]")
        self.newlines = saved
        return Index(node, key, (node.span[0], node.span[1], *end), _depth(node, key))

    def _splat(self, source: Expr, full: bool) -> Splat:
        """``source.*`` / ``source[*]`` and the traversals that apply to each element."""
        end = self._where()
        each: Expr = SplatItem(source.span)
        text = self.text
        while True:
            saved = (self.pos, self.line, self.line_start)
            self._skip()
            char = self._peek()
            attribute = char == "." and not text.startswith((".*", ".."), self.pos)
            index = full and char == "[" and not _FULL_SPLAT.match(text, self.pos)
            if attribute or index:
                each = self._step(each)
            else:
                self.pos, self.line, self.line_start = saved
                break
            end = (each.span[2], each.span[3])
        span = (source.span[0], source.span[1], *end)
        return Splat(source, each, span, _depth(source, each))

    def _primary(self) -> Expr:
        text = self.text
        char = self._peek()
        if char == '"':
            return self._quoted()
        if char == "(":
            start = self._where()
            self.pos += 1
            saved = self.newlines
            self.newlines = False
            self._blank()
            inner = self.expression()
            self._blank()
            end = self._expect(")")
            self.newlines = saved
            return Parens(inner, (*start, *end), _depth(inner))
        if char == "[":
            return self._tuple()
        if char == "{":
            return self._object()
        if char == "<" and text.startswith("<<", self.pos):
            return self._heredoc()
        if "0" <= char <= "9":
            number = _NUMBER.match(text, self.pos)
            assert number is not None
            return self._number(number, self._where(), negative=False)
        ident = _ident_end(text, self.pos)
        if ident < 0:
            raise self._fail("an expression")
        start = self._where()
        name = text[self.pos : ident]
        self.pos = ident
        end = self._where()
        if text.startswith("::", self.pos):
            return self._namespaced_call(name, start)
        # Inside brackets and parentheses a newline may separate a function from its "(".
        before = (self.pos, self.line, self.line_start)
        self._skip()
        if text.startswith("(", self.pos):
            return self._call(name, start)
        self.pos, self.line, self.line_start = before
        if name in _KEYWORDS:
            return Literal(_KEYWORDS[name], (*start, *end))
        return ScopeRef(name, (*start, *end))

    def _number(self, match: re.Match[str], start: tuple[int, int], negative: bool) -> Literal:
        self.pos = match.end()
        digits = match.group()
        if len(digits) > MAX_NUMBER_DIGITS:
            raise self._error(f"number literal longer than {MAX_NUMBER_DIGITS} characters")
        value: int | float
        if match.group(1) is None and match.group(2) is None:
            value = int(digits)
        else:
            number = float(digits)
            value = int(number) if number.is_integer() and abs(number) < 2**53 else number
        return Literal(-value if negative else value, (*start, *self._where()))

    def _namespaced_call(self, first: str, start: tuple[int, int]) -> Call:
        """``provider::NAME::FUNCTION(...)`` or ``core::FUNCTION(...)`` (a built-in)."""
        names = [first]
        while self.text.startswith("::", self.pos):
            self.pos += 2
            ident = _ident_end(self.text, self.pos)
            if ident < 0:
                raise self._fail("a function name")
            names.append(self.text[self.pos : ident])
            self.pos = ident
        core = len(names) == 2 and names[0] == "core"
        if not core and (len(names) != 3 or names[0] != "provider"):
            raise self._error(f"invalid function name {'::'.join(names)!r}")
        self._skip()
        if not self.text.startswith("(", self.pos):
            raise self._fail("'(' after the function name")
        return self._call(names[1] if core else "::".join(names), start)

    def _call(self, name: str, start: tuple[int, int]) -> Call:
        self.pos += 1  # "("
        saved = self.newlines
        self.newlines = False
        args: list[Expr] = []
        expand = False
        while True:
            self._blank()
            if self.text.startswith(")", self.pos):
                break
            args.append(self.expression())
            self._blank()
            if self.text.startswith("...", self.pos):
                self.pos += 3
                expand = True
                self._blank()
                break
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if not self.text.startswith(")", self.pos):
                raise self._fail("',' or ')'")
        end = self._expect(")")
        self.newlines = saved
        return Call(name, tuple(args), expand, (*start, *end), _depth(*args))

    def _is_for(self) -> bool:
        text = self.text
        return text.startswith("for", self.pos) and (
            self.pos + 3 < self.size and text[self.pos + 3] in " \t\r\n"
        )

    def _tuple(self) -> Expr:
        start = self._where()
        self.pos += 1
        saved = self.newlines
        self.newlines = False
        self._blank()
        if self._is_for():
            result: Expr = self._for(start, "]")
            self.newlines = saved
            return result
        items: list[Expr] = []
        while True:
            self._blank()
            if self.text.startswith("]", self.pos):
                break
            items.append(self.expression())
            self._blank()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise self._fail("',' or ']'")
        end = self._expect("]")
        self.newlines = saved
        return TupleExpr(tuple(items), (*start, *end), _depth(*items))

    def _object(self) -> Expr:
        start = self._where()
        self.pos += 1
        saved = self.newlines
        self.newlines = False
        self._blank()
        if self._is_for():
            result: Expr = self._for(start, "}")
            self.newlines = saved
            return result
        self.newlines = True  # newlines separate the items
        items: list[ObjectItem] = []
        text = self.text
        while True:
            self._blank()
            if text.startswith("}", self.pos):
                break
            key = self._object_key()
            self._inline()
            equals = text.startswith("=", self.pos) and not text.startswith(("==", "=>"), self.pos)
            if not equals and not text.startswith(":", self.pos):
                raise self._fail("'=' or ':'")
            self.pos += 1
            self._inline()
            value = self.expression()
            items.append(ObjectItem(key, value, (*key.span[:2], *value.span[2:])))
            self._inline()
            char = self._peek()
            if char == ",":
                self.pos += 1
            elif char not in ("\n", "}"):
                raise self._fail("',', a newline or '}'")
        end = self._expect("}")
        self.newlines = saved
        depth = _depth(*(i.key for i in items), *(i.value for i in items))
        return ObjectExpr(tuple(items), (*start, *end), depth)

    def _object_key(self) -> Expr:
        """A bare name is the string itself; anything else is an expression (HCL rule)."""
        ident = _ident_end(self.text, self.pos)
        if ident >= 0:
            after = _INLINE.match(self.text, ident)
            nxt = after.end() if after else ident
            if self.text.startswith(("=", ":"), nxt) and not self.text.startswith(
                ("==", "=>", "::"), nxt
            ):
                start = self._where()
                name = self.text[self.pos : ident]
                self.pos = ident
                return Literal(name, (*start, *self._where()))
        key = self._binary()  # { local.n + 1 = "x" }: operators are allowed in a key
        if isinstance(key, Literal) and isinstance(key.value, int | float):
            return Literal(str(key.value), key.span)  # a number key names a string attribute
        return key

    def _for(self, start: tuple[int, int], closing: str) -> ForExpr:
        self.pos += 3  # "for"
        self._blank()
        names = [self._name()]
        self._blank()
        if self.text.startswith(",", self.pos):
            self.pos += 1
            self._blank()
            names.append(self._name())
            self._blank()
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        if not (self.text.startswith("in", self.pos) and self._name() == "in"):
            raise self._fail("'in'")
        self._blank()
        collection = self.expression()
        self._blank()
        self._expect(":")
        self._blank()
        key: Expr | None = None
        value = self.expression()
        self._blank()
        grouping = False
        if closing == "}":
            key = value
            self._expect("=>")
            self._blank()
            value = self.expression()
            self._blank()
            if self.text.startswith("...", self.pos):
                self.pos += 3
                grouping = True
                self._blank()
        cond: Expr | None = None
        if self.text.startswith("if", self.pos):
            self.pos += 2
            self._blank()
            cond = self.expression()
            self._blank()
        end = self._expect(closing)
        parts = [collection, value, *(x for x in (key, cond) if x is not None)]
        return ForExpr(
            key_var,
            value_var,
            collection,
            key,
            value,
            cond,
            grouping,
            (*start, *end),
            _depth(*parts),
        )

    def _name(self) -> str:
        ident = _ident_end(self.text, self.pos)
        if ident < 0:
            raise self._fail("a name")
        name = self.text[self.pos : ident]
        self.pos = ident
        return name

    # -- templates -------------------------------------------------------------------------
    def _quoted(self) -> Expr:
        start = self._where()
        self.pos += 1
        tokens = self._template(quoted=True)
        end = self._expect('"')
        return template.assemble(tokens, (*start, *end))

    def _template(self, quoted: bool) -> list[template.Token]:
        """Template tokens up to the closing quote (quoted) or the end of the text (heredoc)."""
        text = self.text
        stop = _QUOTED_STOP if quoted else _HEREDOC_STOP
        tokens: list[template.Token] = []
        raw: list[str] = []

        def flush() -> None:
            if raw:
                literal = "".join(raw)
                tokens.append(
                    template.Lit(template.unescape(literal, self.line) if quoted else literal)
                )
                raw.clear()

        while True:
            found = stop.search(text, self.pos)
            at = found.start() if found else self.size
            if at > self.pos:
                raw.append(text[self.pos : at])
                if not quoted:
                    self._count(self.pos, at)
                self.pos = at
            if found is None:
                if quoted:
                    raise self._error("unterminated string (missing '\"')")
                break
            lexeme = found.group()
            if lexeme == '"':
                break
            if lexeme == "\n":
                raise self._error("unterminated string (missing '\"' before the newline)")
            if lexeme == "\\":
                raw.append(text[self.pos : self.pos + 2])
                self.pos += 2
                continue
            if lexeme in ("$${", "%%{"):
                raw.append(lexeme[1:])
                self.pos += 3
                continue
            flush()
            self.pos += 2
            tokens.append(self._interpolation() if lexeme == "${" else self._directive())
        flush()
        return tokens

    def _open_mark(self) -> bool:
        """Consume a ``~`` strip marker after ``${`` / ``%{``, if there is one."""
        left = self.text.startswith("~", self.pos)
        if left:
            self.pos += 1
        return left

    def _close_sequence(self) -> bool:
        self._blank()
        right = self.text.startswith("~", self.pos)
        if right:
            self.pos += 1
        self._expect("}")
        return right

    def _interpolation(self) -> template.Interp:
        saved = self.newlines
        self.newlines = False
        left = self._open_mark()
        self._blank()
        expr = self.expression()
        right = self._close_sequence()
        self.newlines = saved
        return template.Interp(expr, left, right)

    def _directive(self) -> template.Directive:
        saved = self.newlines
        self.newlines = False
        line = self.line
        left = self._open_mark()
        self._blank()
        word = self._name()
        self._blank()
        expr: Expr | None = None
        key_var: str | None = None
        value_var: str | None = None
        if word == "if":
            expr = self.expression()
        elif word == "for":
            names = [self._name()]
            self._blank()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                self._blank()
                names.append(self._name())
                self._blank()
            key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
            if self._name() != "in":
                raise self._error("invalid template directive: expected 'in'", line)
            self._blank()
            expr = self.expression()
        elif word not in ("else", "endif", "endfor"):
            raise self._error(f"invalid template directive %{{{word}", line)
        right = self._close_sequence()
        self.newlines = saved
        return template.Directive(word, expr, key_var, value_var, left, right, line)

    def _heredoc(self) -> Expr:
        start = self._where()
        opening = _HEREDOC.match(self.text, self.pos)
        if opening is None:
            raise self._error("invalid heredoc: expected <<MARKER or <<-MARKER and a newline")
        flush, marker = opening.group(1) == "-", opening.group(2)
        body_start = opening.end()
        closing = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.M)
        found = closing.search(self.text, body_start)
        if found is None:
            raise self._error(f"heredoc <<{marker} is never closed (no line '{marker}')")
        body = self.text[body_start : found.start()]
        if flush:
            body = template.flush_indent(body)
        inner = _Parser(body, start[0] + 1, 1)
        inner.newlines = False
        tokens = inner._template(quoted=False)
        self._count(self.pos, found.end())
        self.pos = found.end()
        return template.assemble(tokens, (*start, *self._where()))


def parse(text: str) -> Body:
    """Parse HCL native syntax into a ``Body``; raises ``SourceError`` with the line."""
    parser = _Parser(text)
    try:
        return parser.body(False, 0)
    except SourceError as exc:
        if not exc.line:  # a depth error raised while building a node
            exc.line = parser.line
        raise
    except RecursionError:
        raise SourceError("file nested too deeply to parse", parser.line) from None


def parse_expression(text: str, line: int = 1, column: int = 1) -> Expr:
    """Parse one expression (from a template, a JSON configuration, a ``-var``) as if it were
    written at ``line`` and ``column``."""
    parser = _Parser(text, line, column)
    parser.newlines = False
    try:
        parser._blank()
        expr = parser.expression()
        parser._blank()
        if parser.pos < parser.size:
            raise parser._fail("the end of the expression")
    except SourceError as exc:
        if not exc.line:
            exc.line = parser.line
        raise
    except RecursionError:
        raise SourceError("expression nested too deeply to parse", line) from None
    return expr


def parse_template(text: str, line: int = 1, column: int = 1) -> Expr:
    """A template without quotes or escapes (a ``templatefile`` file, a JSON string)."""
    parser = _Parser(text, line, column)
    parser.newlines = False
    try:
        tokens = parser._template(quoted=False)
    except SourceError as exc:
        if not exc.line:
            exc.line = parser.line
        raise
    except RecursionError:
        raise SourceError("template nested too deeply to parse", line) from None
    return template.assemble(
        tokens, (line, column, parser.line, parser.pos - parser.line_start + 1)
    )
