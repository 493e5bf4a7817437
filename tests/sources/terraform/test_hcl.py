"""The HCL adapter: syntax tree, exact spans, operator precedence, templates, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform import hcl
from iacgate.sources.terraform.syntax import Block, Call, Literal, Template, Wrap

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


def test_grammar_cache_is_warm_in_a_fresh_process() -> None:
    """The grammar tables load from the cache: a new process parses within well under 1 s."""
    code = (
        "import time; t = time.perf_counter();"
        "from iacgate.sources.terraform import hcl; hcl.parse('a = 1\\n');"
        "print(time.perf_counter() - t)"
    )
    subprocess.run([sys.executable, "-m", "iacgate.sources.terraform.hcl"], check=True)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(done.stdout) < 0.8
