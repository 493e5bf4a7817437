"""Property-based tests for Terraform evaluation: random expressions over every built-in
function and operator never raise past the evaluator and never let a sensitive value out;
odd syntax and odd plan JSON never crash the reader."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacgate import api
from iacgate.model.unknown import Unknown
from iacgate.rules.packs import load_rules
from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform import functions
from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope
from iacgate.sources.terraform.hcl import parse_expression
from iacgate.sources.terraform.marks import Marked, Sensitive

RULES = load_rules()
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECRET = "PLANTED-FUZZ-SECRET"
MARKS = frozenset({Sensitive("var.s")})
SCOPE = {
    "s": Marked(SECRET, MARKS),
    "n": Marked(3, MARKS),
    "l": Marked([SECRET, "b", "10.0.0.0/8"], MARKS),
    "m": Marked({"k": SECRET, "j": "x"}, MARKS),
    "e": {"a": Marked(SECRET, MARKS), "b": "plain", "c": [1, 2]},
    "u": Unknown("not known"),
}
ATOMS = ["s", "n", "l", "m", "e", "u", '"x"', '"%s"', '"/a+/"', "1", "0", "-2", "true", "null"]
ATOMS += ["[s, 1]", '{a = s, b = "x"}', "[]", "{}", '"10.0.0.0/16"', "e.a", "m.k", "l[0]"]
BINARY = ["+", "-", "*", "/", "%", "==", "!=", "<", ">", "&&", "||"]


def _expressions() -> st.SearchStrategy[str]:
    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        call = st.tuples(st.sampled_from(sorted(functions.FUNCTIONS)), st.lists(inner, max_size=3))
        return st.one_of(
            call.map(lambda c: f"{c[0]}({', '.join(c[1])})"),
            st.tuples(inner, st.sampled_from(BINARY), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
            inner.map(lambda e: f"[for x in {e} : x]"),
            inner.map(lambda e: f"{{for k, v in {e} : k => v}}"),
            inner.map(lambda e: f'"${{{e}}}-%{{if {e}}}y%{{endif}}"'),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            inner.map(lambda e: f"{{({e}) = 1}}"),
            inner.map(lambda e: f"try({e}, 0)"),
            inner.map(lambda e: f"can({e})"),
            inner.map(lambda e: f"{e}[*]"),
        )

    return st.recursive(st.sampled_from(ATOMS), grow, max_leaves=8)


def _leaks(value: Any) -> bool:
    if isinstance(value, Marked):
        return False
    if isinstance(value, Unknown):
        return SECRET in value.reason
    if isinstance(value, str):
        return SECRET in value or SECRET.lower() in value.lower()
    if isinstance(value, dict):
        return any(_leaks(k) or _leaks(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_leaks(v) for v in value)
    return False


@FUZZ
@given(_expressions())
def test_random_expressions_never_raise_nor_leak(text: str) -> None:
    try:
        expression = parse_expression(text)
    except SourceError:
        return
    result = Evaluator(Budget(10)).value(expression, Scope(None, dict(SCOPE)), set())
    assert not _leaks(result), (text, result)


SENSITIVE_SEED = """\
variable "secret" {
  sensitive = true
  default   = "PLANTED-FUZZ-SECRET"
}

locals {
  parts = split("-", var.secret)
  both  = { a = var.secret, b = "plain" }
}

resource "aws_s3_bucket" "b" {
  for_each = toset(["one", "two"])
  bucket   = "${each.key}-${local.parts[0]}"
  tags     = local.both
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  password            = var.secret
  publicly_accessible = tonumber(var.secret)
  allocated_storage   = length(local.parts) + 1
}
"""
INSERTS = [
    "toset([var.secret])",
    "tonumber(var.secret)",
    "lookup({}, var.secret)",
    "var.secret + 1",
    "[var.secret][5]",
    "{ for v in [var.secret] : v => v }",
    "sensitive(1)",
    "nonsensitive(var.secret)",
    "\n",
    "}",
    '"${',
    "count = 2\n",
    "for_each = ",
    "core::max(1, 5)",
    "provider::a::f",
    '"\\U00110000"',
    "e\u0301",
    "[max\n(1, 2)]",
    'file("/proc/self/environ")',
    'fileset("..", "**")',
    'regex("((a+))+$", var.secret)',
]


def _scan_text(text: str) -> api.ScanReport:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "main.tf").write_text(text, encoding="utf-8", errors="surrogatepass")
        return api.scan([str(root)], rules=RULES, root=root, jobs=1)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(INSERTS)), min_size=1, max_size=4)
)
def test_mutated_sensitive_configuration_never_crashes_nor_leaks(
    edits: list[tuple[int, str]],
) -> None:
    text = SENSITIVE_SEED
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at:]
    report = _scan_text(text)
    assert not [f for f in report.findings if f.code == "CORE-002"]
    if not _still_secret(text):
        return  # the mutation made the variable non-sensitive (or moved the value out of it)
    for finding in report.findings:
        shown = f"{finding.address} {finding.message} {finding.path}"
        assert "PLANTED" not in shown, shown


def _still_secret(text: str) -> bool:
    """Whether the only place the planted value is written is a sensitive variable's default
    that nothing declassifies."""
    from iacgate.sources.terraform.hcl import parse
    from iacgate.sources.terraform.syntax import Literal

    if "nonsensitive" in text or text.count("PLANTED") != 1:
        return False
    try:
        body = parse(text)
    except SourceError:
        return True  # nothing of the file is evaluated
    for block in body.blocks:
        if block.type == "variable" and block.labels == ("secret",):
            flag = block.body.attributes.get("sensitive")
            default = block.body.attributes.get("default")
            return (
                flag is not None
                and isinstance(flag.expr, Literal)
                and flag.expr.value is True
                and default is not None
                and isinstance(default.expr, Literal)
                and default.expr.value == SECRET
            )
    return False


PLAN_ODDITIES = ["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "1" * 5000]


@FUZZ
@given(st.sampled_from(PLAN_ODDITIES), st.integers(min_value=0, max_value=10), st.booleans())
def test_plan_json_oddities_are_parse_errors(token: str, where: int, duplicate: bool) -> None:
    values = {"engine": "postgres", "allocated_storage": 20, "backup_retention_period": 7}
    keys = sorted(values)
    document = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_db_instance.db",
                "mode": "managed",
                "type": "aws_db_instance",
                "name": "db",
                "change": {"actions": ["create"], "after": values, "after_unknown": {}},
            }
        ],
    }
    text = json.dumps(document).replace(f'"{keys[where % len(keys)]}": ', "\x00", 1)
    replacement = f'"{keys[where % len(keys)]}": {token}, "x": '
    if duplicate:
        replacement = '"engine": 1, "engine": '
    text = text.replace("\x00", replacement)
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.json"
        plan.write_text(text)
        report = api.scan_plan(str(plan), folder, rules=RULES, root=Path(folder))
    errors = [f for f in report.findings if f.name == "parse-error"]
    assert errors and "invalid JSON" in errors[0].message
