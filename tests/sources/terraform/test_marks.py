"""Sensitivity marks: a sensitive value stays marked through every operator, function and
reference, never reaches an instance key, and no error or Unknown reason quotes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform import functions
from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope
from iacgate.sources.terraform.hcl import parse_expression
from iacgate.sources.terraform.marks import Marked, Sensitive, mark, unmark

from .helpers import evaluate

SECRET = "PLANTED-SECRET-42"
MARKS = frozenset({Sensitive("var.s")})
SCOPE = {
    "s": Marked(SECRET, MARKS),
    "n": Marked(7, MARKS),
    "l": Marked([SECRET, "b"], MARKS),
    "m": Marked({"k": SECRET}, MARKS),
    "inner": {"a": Marked(SECRET, MARKS), "b": "plain"},
}


def _eval(text: str) -> Any:
    return Evaluator(Budget(5)).value(parse_expression(text), Scope(None, dict(SCOPE)), set())


def _leaks(value: Any) -> bool:
    """Whether a secret-derived string is reachable without passing a mark."""
    if isinstance(value, Marked):
        return False
    if isinstance(value, Unknown):
        return SECRET in value.reason or SECRET in "".join(value.template or ())
    if isinstance(value, str):
        return SECRET in value or "PLANTED" in value.upper()
    if isinstance(value, dict):
        return any(_leaks(k) or _leaks(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_leaks(v) for v in value)
    return False


def _marked_somewhere(value: Any) -> bool:
    if isinstance(value, Marked):
        return True
    if isinstance(value, dict):
        return any(_marked_somewhere(v) for v in value.values())
    if isinstance(value, list):
        return any(_marked_somewhere(v) for v in value)
    return False


ARGUMENTS = [
    "s",
    "n",
    "l",
    "m",
    "s, s",
    "s, 1",
    "1, s",
    '"x", s',
    's, "x"',
    '"%s-%d", s',
    '"%d", s',
    "l, s",
    "s, l",
    "m, s",
    "[s], [1]",
    "[1], [s]",
    "l, l, l",
    "s, 1, 2",
    '"10.0.0.0/8", s, 1',
    '"10.0.0.0/8", 8, s',
    "{a = s}",
    "[[s], [1]]",
    "n, n",
    "l...",
]


@pytest.mark.parametrize("name", sorted(functions.FUNCTIONS))
def test_every_function_keeps_a_sensitive_argument_secret(name: str) -> None:
    _, policy = functions.FUNCTIONS[name]
    looks_inside = policy == functions.STRICT or name in ("contains", "index", "zipmap")
    for arguments in ARGUMENTS:
        result = _eval(f"{name}({arguments})")
        assert not _leaks(result), (name, arguments, result)
        # A result computed from a marked argument is marked (a function that only moves
        # elements, like keys() or coalesce(), may return unmarked parts it did not look at).
        direct = any(a.strip() in ("s", "n", "l", "m", "l...") for a in arguments.split(","))
        if not isinstance(result, Unknown) and result is not None and (looks_inside or direct):
            plain, marks = unmark(result)
            assert marks == MARKS or _marked_somewhere(plain), (name, arguments, result)


EXPRESSIONS = [
    "s + 1",
    "n * n",
    "-s",
    "!s",
    "s ? 1 : 2",
    "n > 3 ? 1 : 2",
    's == "x"',
    "l == [1]",
    "s && true",
    "false || s",
    "s[0]",
    "s.attr",
    "{x = 1}[s]",
    "[1, 2][s]",
    "[1, 2][n]",
    "l[5]",
    'm["nope"]',
    "m.k",
    "l[*]",
    "l[*].x",
    '"${s}-x"',
    '"%{if s}a%{endif}"',
    '"%{for x in l}${x}%{endfor}"',
    "[for x in l : x]",
    "{for x in l : x => 1}",
    '{for x in ["a", "a"] : s => x}',
    "{for k, v in m : k => v}",
    "[for x in [1, 2] : x if s]",
    "{(s) = 1}",
    "inner.a",
    "inner",
    "try(tonumber(s), 0)",
    "try(tonumber(s))",
    "can(tonumber(s))",
    "max(l...)",
    "nonsensitive(s)",
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_operators_and_references_keep_it_secret(text: str) -> None:
    result = _eval(text)
    assert not _leaks(result) or text == "nonsensitive(s)", result
    if isinstance(result, Unknown) or text in ("nonsensitive(s)", "can(tonumber(s))"):
        return
    if text == "try(tonumber(s), 0)":
        assert result == 0  # the fallback, not computed from the value
        return
    assert _marked_somewhere(result), (text, result)


def test_marks_are_per_element_and_sets_hoist_them() -> None:
    # A map keeps the mark on its element; a set has no per-element marks: the set is marked.
    value = _eval('{a = s, b = "x"}')
    assert not isinstance(value, Marked) and isinstance(value["a"], Marked)
    assert value["b"] == "x"
    assert unmark(_eval('toset([s, "x"])'))[1] == MARKS
    assert mark(None, MARKS) is None and mark(Unknown("u"), MARKS) == Unknown("u")
    assert SECRET not in repr(SCOPE["s"])


TERRAFORM = """
variable "s" {
  sensitive = true
  default   = "PLANTED-SECRET-42"
}

variable "count_secret" {
  type      = number
  sensitive = true
  default   = 2
}

variable "users" {
  default = { alice = "PLANTED-SECRET-42", bob = "other" }
}

locals {
  by_name = { main = { password = var.s, size = 10 } }
}

resource "aws_s3_bucket" "keys" {
  for_each = toset([var.s])
  bucket   = each.key
}

resource "aws_s3_bucket" "derived" {
  for_each = { for x in [var.s] : x => 1 }
  bucket   = "d"
}

resource "aws_s3_bucket" "values" {
  for_each = local.by_name
  bucket   = each.key
  tags     = { password = each.value.password, size = each.value.size }
}

resource "aws_s3_bucket" "counted" {
  count  = var.count_secret
  bucket = "c"
}

resource "aws_db_instance" "db" {
  password = var.s
  username = "admin"
  engine   = tonumber(var.s)
}

resource "aws_s3_bucket" "from_resource" {
  for_each = toset([aws_db_instance.db.password])
  bucket   = "r"
}

module "child" {
  source = "./child"
  secret = var.s
}

module "outputs" {
  source = "./outputs"
}

resource "aws_s3_bucket" "from_output" {
  for_each = toset([module.outputs.token])
  bucket   = "o"
}
"""

CHILD = """
variable "secret" {}

resource "aws_s3_bucket" "inner" {
  for_each = toset([var.secret])
  bucket   = "i"
}

resource "aws_s3_bucket" "plain" {
  bucket = "p-${var.secret}"
}
"""

OUTPUTS = """
output "token" {
  value     = "PLANTED-SECRET-42-token"
  sensitive = true
}
"""


def test_sensitive_instance_keys_are_refused_naming_the_source(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {"main.tf": TERRAFORM, "child/main.tf": CHILD, "outputs/main.tf": OUTPUTS},
        dirs=["."],
    )
    records = {r.address: r for root in read.roots for r in root.records}
    messages = [d.message for d in read.diagnostics]
    for text in [*messages, *records]:
        assert SECRET not in text
    refused = {
        "aws_s3_bucket.keys": "var.s",
        "aws_s3_bucket.derived": "var.s",
        "aws_s3_bucket.from_resource": "var.s",
        "module.child.aws_s3_bucket.inner": "var.s",
        "aws_s3_bucket.from_output": "module.outputs.token",
    }
    for address, source in refused.items():
        assert address in records, address  # one instance, not expanded
        name = address.rsplit(".", 2)[-2] + "." + address.rsplit(".", 1)[-1]
        assert any(name in m and source in m and "sensitive" in m for m in messages), address
    # Sensitive element values under plain keys are fine, as in Terraform; so is a count.
    assert records['aws_s3_bucket.values["main"]'].sensitive == frozenset({("tags", "password")})
    assert {"aws_s3_bucket.counted[0]", "aws_s3_bucket.counted[1]"} <= set(records)
    db = records["aws_db_instance.db"]
    assert db.sensitive == frozenset({("password",)})
    assert isinstance(db.values["engine"], Unknown) and SECRET not in db.values["engine"].reason
    assert db.values["password"] == SECRET  # the value is kept: rules judge it, reports redact
    assert records["module.child.aws_s3_bucket.plain"].sensitive == frozenset({("bucket",)})


def test_errors_in_setting_a_sensitive_variable_do_not_quote_it(tmp_path: Path) -> None:
    from iacgate.sources.terraform.variables import VariableOptions

    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                variable "from_default" {
                  sensitive = true
                  default   = { a = tonumber("PLANTED-SECRET-42") }
                }
                variable "from_tfvars" {
                  sensitive = true
                }
                variable "from_cli" {
                  type      = list(string)
                  sensitive = true
                }
                resource "aws_s3_bucket" "b" {
                  bucket = "b"
                  tags   = { d = var.from_default, t = var.from_tfvars, c = var.from_cli }
                }
            """,
            "terraform.tfvars": 'from_tfvars = tonumber("PLANTED-SECRET-42")\n',
        },
        options=VariableOptions({"from_cli": "[PLANTED-SECRET-42 x"}),
    )
    (record,) = read.roots[0].records
    assert SECRET not in repr(record.values)
    for name in ("d", "t", "c"):
        assert isinstance(record.values["tags"][name], Unknown), name


def test_a_partly_unknown_string_keeps_no_sensitive_text() -> None:
    """An unknown string keeps its known text for the rules (``Unknown.template``), and
    messages show it: none is kept when a sensitive value is part of it."""
    later = Unknown("aws_kms_key.k.arn is known only after apply", template=("arn:", None))
    scope = Scope(None, {**SCOPE, "u": later})
    for text in ('"${s}-${u}"', '"${u}/${s}"', '"%{ if u == "x" }${s}%{ endif }"'):
        value = Evaluator(Budget(5)).value(parse_expression(text), scope, set())
        assert isinstance(value, Unknown) and value.template is None, text
        assert not _leaks(value)
    # Unmarked parts keep theirs; a marked unknown (a module argument) loses its own.
    plain = Evaluator(Budget(5)).value(parse_expression('"${u}/x"'), scope, set())
    assert plain.template == ("arn:", None, "/x")
    partly = Unknown("r.id is known only after apply", template=(SECRET, None))
    assert mark(partly, MARKS).template is None and mark(partly, frozenset()) is partly
