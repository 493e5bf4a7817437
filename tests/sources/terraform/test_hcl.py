"""The HCL adapter: syntax tree, exact spans, operator precedence, templates, errors."""

from __future__ import annotations

import textwrap

import pytest

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform import hcl
from iacgate.sources.terraform.syntax import BinaryChain, Block, Call, Literal, Template, Wrap

from ...conftest import CORPUS
from .helpers import value

SOURCE = textwrap.dedent(
    """\
    resource "aws_s3_bucket" "logs" {
      bucket = "logs"

      tags = {
        Name = "logs"
        Env  = "prod"
      }

      policy = jsonencode({
        Version = "2012-10-17"
      })

      versioning {
        enabled = true
      }

      lifecycle_rule {
        id = "a"
        expiration {
          days = 30
        }
      }
      doc = <<-EOT
        line one
        line two
      EOT
      empty = {}
    }
    """
)


def _block() -> Block:
    return hcl.parse(SOURCE).blocks[0]


def test_block_and_attribute_spans() -> None:
    block = _block()
    assert (block.type, block.labels) == ("resource", ("aws_s3_bucket", "logs"))
    assert (block.span[0], block.span[2]) == (1, 28)
    lines = {name: (a.span[0], a.span[2]) for name, a in block.body.attributes.items()}
    assert lines == {
        "bucket": (2, 2),
        "tags": (4, 7),
        "policy": (9, 11),
        "doc": (23, 26),
        "empty": (27, 27),
    }


def test_nested_block_spans() -> None:
    versioning, rule = _block().body.blocks
    assert (versioning.span[0], versioning.span[2]) == (13, 15)
    assert versioning.body.attributes["enabled"].span[:3:2] == (14, 14)
    expiration = rule.body.blocks[0]
    assert (expiration.span[0], expiration.span[2]) == (19, 21)
    assert expiration.body.attributes["days"].span[0] == 20


def test_object_element_spans() -> None:
    tags = _block().body.attributes["tags"].expr
    assert [item.span[0] for item in tags.items] == [5, 6]  # type: ignore[union-attr]


def test_heredoc_is_trimmed() -> None:
    assert value('"x"') == "x"
    doc = _block().body.attributes["doc"].expr
    assert isinstance(doc, Literal)
    assert doc.value == "line one\nline two\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 - 4 - 3", 3),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("2 * 3 % 4", 2),
        ("1 == 1 ? 10 : 20", 10),
        ("1 + 1 == 2 ? 10 : 20", 10),
        ("5 > 3 && 2 > 4 || true", True),
        ("!false == true", True),
        ("-2 * 3", -6),
        ("7 / 2", 3.5),
        ("-7 % 3", -1),
        ('1 < 2 ? "a" : 1 < 0 ? "b" : "c"', "a"),
    ],
)
def test_operator_precedence(text: str, expected: object) -> None:
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a${1 + 1}b"', "a2b"),
        ('"$${literal} %%{x}"', "${literal} %{x}"),
        ('"tab\\there \\u00e9"', "tab\there \u00e9"),
        ('"%{ if true }yes%{ else }no%{ endif }"', "yes"),
        ('"%{ for x in [1, 2] }<${x}>%{ endfor }"', "<1><2>"),
        ('"a %{~ if true ~} b %{~ endif ~}"', "ab"),
    ],
)
def test_templates(text: str, expected: str) -> None:
    assert value(text) == expected


def test_lone_interpolation_keeps_the_type() -> None:
    expr = hcl.parse_expression('"${[1, 2]}"')
    assert isinstance(expr, Wrap)
    assert value('"${[1, 2]}"') == [1, 2]
    assert isinstance(hcl.parse_expression('"a${b}"'), Template)


def test_heredoc_directives_and_escapes() -> None:
    body = hcl.parse(
        "x = <<EOT\n%{ for k, v in {a = 1} ~}\n${k}=${v}\n%{ endfor ~}\n$${not}\nEOT\n"
    )
    assert value_of(body.attributes["x"].expr) == "a=1\n${not}\n"


def value_of(expr: object) -> object:
    from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope

    return Evaluator(Budget(5)).value(expr, Scope(None), set())  # type: ignore[arg-type]


def test_expansion_argument() -> None:
    expr = hcl.parse_expression("concat([[1], [2]]...)")
    assert isinstance(expr, Call) and expr.expand_final
    assert value("max([3, 9, 2]...)") == 9


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('resource "a" "b" {\n  x = 1\n', 0, "end of file"),
        ("a = 1\nb = \n", 2, "unexpected"),
        ("a = 1\na = 2\n", 2, "defined twice"),
        ('x = "${a"\n', 1, "unexpected"),
        ("x {\n  y = [1, 2\n}\n", 3, "unexpected"),
        ('x = "%{ if a }"\n', 1, "endif"),
        ('x = "\\q"\n', 1, "escape"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(SourceError) as caught:
        hcl.parse(text)
    if line:
        assert caught.value.line == line
    assert fragment in caught.value.message


def test_deep_nesting_is_refused_quickly() -> None:
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(SourceError) as caught:
        hcl.parse(deep)
    assert "nested" in caught.value.message
    blocks = "".join(f"b{i} {{\n" for i in range(100)) + "}\n" * 100
    with pytest.raises(SourceError):
        hcl.parse(blocks)


def _span(text: str, fragment: str, occurrence: int = 0) -> tuple[int, int, int, int]:
    """The span ``fragment`` covers in ``text`` (1-based columns, end exclusive)."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(fragment, index + 1)
    end = index + len(fragment)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return (line, column, end_line, end_column)


SPANS = textwrap.dedent(
    """\
    locals {
      ids   = ["${aws_sg.a.id}", "x"]
      call  = merge(var.a, {
        b = 1
      })
      doc   = <<EOT
    host=${aws_db.main.endpoint}
    EOT
      empty = {}
      splat = aws_instance.web[*].id
      cond  = var.on ? 1 : 0
    }
    """
)


def test_every_node_spans_exactly_its_text() -> None:
    attributes = hcl.parse(SPANS).blocks[0].body.attributes
    ids = attributes["ids"].expr
    assert ids.span == _span(SPANS, '["${aws_sg.a.id}", "x"]')
    assert ids.items[0].span == _span(SPANS, '"${aws_sg.a.id}"')  # type: ignore[union-attr]
    assert ids.items[0].expr.span == _span(SPANS, "aws_sg.a.id")  # type: ignore[union-attr]
    assert attributes["call"].expr.span == _span(SPANS, "merge(var.a, {\n    b = 1\n  })")
    doc = attributes["doc"].expr
    assert doc.span == _span(SPANS, "<<EOT\nhost=${aws_db.main.endpoint}\nEOT")
    # An expression inside a heredoc keeps its own line and column.
    assert doc.parts[1].span == _span(SPANS, "aws_db.main.endpoint")  # type: ignore[union-attr]
    assert attributes["empty"].expr.span == _span(SPANS, "{}")
    assert attributes["splat"].expr.span == _span(SPANS, "aws_instance.web[*].id")
    assert attributes["cond"].expr.span == _span(SPANS, "var.on ? 1 : 0")
    assert attributes["cond"].span == _span(SPANS, "cond  = var.on ? 1 : 0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.0.b", "zero"),  # legacy index
        ("[for k, v in {x = 1, y = 2} : k if v > 1]", ["y"]),
        ('{for s in ["a", "b", "a"] : s => s...}', {"a": ["a", "a"], "b": ["b"]}),
        ("[{n = 1}, {n = 2}][*].n", [1, 2]),
        ("[{n = {m = 3}}].*.n.m", [3]),
        ("{1 = true, (local.k) = 2, x: 3}", {"1": True, "k": 2, "x": 3}),
        ("-5", -5),
        ("- 5 + 1", -4),
        ("!!true", True),
        ("1 +\n 2", 3),
        ('"a" == "a" ?\n "yes" :\n "no"', "yes"),
        ("[\n  1,\n  2,\n]", [1, 2]),
        ("1e3", 1000),
        ("2.5", 2.5),
    ],
)
def test_expressions(text: str, expected: object) -> None:
    from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope

    scope = Scope(None, {"a": [{"b": "zero"}], "local": {"k": "k"}})
    expr = hcl.parse_expression(text)
    assert Evaluator(Budget(5)).value(expr, scope, set()) == expected


def test_single_line_blocks_and_comments() -> None:
    body = hcl.parse(
        "/* header\n   comment */\n"
        'a "x" { b = 1 }  # trailing\n'
        "c = 2 // done\n"
        "d {}\n"
        'e = provider::aws::arn_parse("x")\n'
    )
    assert [(b.type, b.labels, b.span[0]) for b in body.blocks] == [("a", ("x",), 3), ("d", (), 5)]
    assert body.blocks[0].body.attributes["b"].span == (3, 9, 3, 14)
    assert body.attributes["c"].span == (4, 1, 4, 6)
    call = body.attributes["e"].expr
    assert isinstance(call, Call) and call.name == "provider::aws::arn_parse"


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ("a = 1 b = 2\n", (1, 7), "expected a newline"),
        ('x = "abc\ny = 1\n', (1, 9), "unterminated string"),
        ("x = <<EOT\nnever closed\n", (1, 5), "never closed"),
        ("x = 1 /* open\n", (1, 7), "unclosed comment"),
        ("x = f(1 2)\n", (1, 9), "expected ',' or ')'"),
        ("x = {a = 1 b = 2}\n", (1, 12), "expected ','"),
        ("x = [for v in y: ]\n", (1, 18), "unexpected ']'"),
        ("x = a.\n", (1, 7), "attribute name"),
        ('"label" {}\n', (1, 1), "expected an attribute or a block"),
        ("x = 1\n\u0000\n", (2, 1), "unexpected"),
    ],
)
def test_errors_give_line_and_column(text: str, where: tuple[int, int], fragment: str) -> None:
    with pytest.raises(SourceError) as caught:
        hcl.parse(text)
    assert (caught.value.line, caught.value.column) == where, caught.value.message
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
        "x = " + "-" * 5000 + "1\n",
        "x = " + "!" * 5000 + "true\n",
        "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
        "x = " + '"${' * 5000 + "1" + '}"' * 5000 + "\n",
        "x = a" + "[0]" * 5000 + "\n",
    ],
)
def test_hostile_nesting_is_a_parse_error(text: str) -> None:
    with pytest.raises(SourceError) as caught:
        hcl.parse(text)
    assert "nested" in caught.value.message and caught.value.line == 1


def test_long_flat_input_parses_without_recursion() -> None:
    chain = hcl.parse("x = " + " + ".join(["1"] * 20000) + "\n").attributes["x"].expr
    assert isinstance(chain, BinaryChain) and len(chain.operands) == 20000 and chain.depth == 2
    many = "".join(f'resource "t" "r{i}" {{\n  v = {i}\n}}\n' for i in range(20000))
    assert len(hcl.parse(many).blocks) == 20000


def test_every_corpus_file_parses() -> None:
    """The public Terraform corpora parse without a single error."""
    files = sorted((CORPUS / "terraform-aws-modules").rglob("*.tf"))
    files += sorted((CORPUS / "terragoat").rglob("*.tf"))
    if not files:
        pytest.skip("no Terraform corpus on this machine")
    for path in files:
        hcl.parse(path.read_text(encoding="utf-8", errors="replace"))
