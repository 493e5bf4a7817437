"""Built-in functions, each checked against what Terraform returns for the same call."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform import functions
from iacgate.sources.terraform.boundary import ReadBoundary
from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope
from iacgate.sources.terraform.hcl import parse_expression

from .helpers import value

CASES = [
    # strings
    ('format("%s-%03d-%.2f-%t-%q", "a", 7, 1.5, true, "x")', 'a-007-1.50-true-"x"'),
    ('format("%-4s|%5s|%x", "ab", "cd", 255)', "ab  |   cd|ff"),
    ('formatlist("%s=%s", ["a", "b"], "v")', ["a=v", "b=v"]),
    ('join(",", ["a", "b"], ["c"])', "a,b,c"),
    ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
    ('replace("a-b-c", "-", "_")', "a_b_c"),
    ('replace("hello world", "/o(.)/", "0$1")', "hell0 w0rld"),
    ('lower("AbC")', "abc"),
    ('upper("AbC")', "ABC"),
    ('title("hello world")', "Hello World"),
    ('trimspace("  x \\n")', "x"),
    ('trimprefix("prefix-x", "prefix-")', "x"),
    ('trimsuffix("x.tf", ".tf")', "x"),
    ('trim("?!x!?", "?!")', "x"),
    ('substr("hello", 1, 3)', "ell"),
    ('substr("hello", -3, -1)', "llo"),
    ('chomp("x\\n\\n")', "x"),
    ('indent(2, "a\\nb")', "a\n  b"),
    ('strrev("abc")', "cba"),
    ('startswith("abc", "ab")', True),
    ('endswith("abc", "bc")', True),
    ('strcontains("abc", "d")', False),
    ('regex("([a-z]+)-(\\\\d+)", "id abc-12")', ["abc", "12"]),
    ('regex("(?P<name>[a-z]+)", "x1")', {"name": "x"}),
    ('regexall("\\\\d", "a1b2")', ["1", "2"]),
    # collections
    ("length([1, 2, 3])", 3),
    ("length({a = 1})", 1),
    ('length("héllo")', 5),
    ("concat([1], [2, 3])", [1, 2, 3]),
    ("merge({a = 1, b = 2}, {b = 3}, null)", {"a": 1, "b": 3}),
    ("flatten([[1, [2]], [], 3])", [1, 2, 3]),
    ("keys({b = 1, a = 2})", ["a", "b"]),
    ("values({b = 1, a = 2})", [2, 1]),
    ('lookup({a = 1}, "b", 5)', 5),
    ('lookup({a = 1}, "a")', 1),
    ('element(["a", "b"], 3)', "b"),
    ('index(["a", "b"], "b")', 1),
    ('contains(["a"], "a")', True),
    ('distinct(["a", "b", "a"])', ["a", "b"]),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ('coalesce(null, "", "x")', "x"),
    ("coalescelist([], [1])", [1]),
    ("slice([1, 2, 3, 4], 1, 3)", [2, 3]),
    ("reverse([1, 2])", [2, 1]),
    ('sort(["b", "a", "c"])', ["a", "b", "c"]),
    ("sum([1, 2.5])", 3.5),
    ("one([])", None),
    ("range(3)", [0, 1, 2]),
    ("range(1, 10, 4)", [1, 5, 9]),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ("chunklist([1, 2, 3], 2)", [[1, 2], [3]]),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ('setunion(["a"], ["b", "a"])', ["a", "b"]),
    ('setintersection(["a", "b"], ["b", "c"])', ["b"]),
    ('setsubtract(["a", "b"], ["a"])', ["b"]),
    ('setproduct(["a"], [1, 2])', [["a", 1], ["a", 2]]),
    ('transpose({a = ["1", "2"], b = ["1"]})', {"1": ["a", "b"], "2": ["a"]}),
    ("alltrue([true, true])", True),
    ("anytrue([false])", False),
    ('matchkeys(["a", "b"], ["x", "y"], ["y"])', ["b"]),
    # numbers
    ("max(1, 5, 3)", 5),
    ("min(4, 2)", 2),
    ("abs(-3)", 3),
    ("ceil(1.2)", 2),
    ("floor(1.8)", 1),
    ("pow(2, 10)", 1024),
    ("signum(-4)", -1),
    ('parseint("ff", 16)', 255),
    ("log(8, 2)", 3),
    # conversion
    ('tonumber("42")', 42),
    ('tobool("true")', True),
    ("tostring(5)", "5"),
    ('tolist(["a"])', ["a"]),
    ("tomap({a = 1})", {"a": 1}),
    # encoding
    ('jsonencode({b = [1, true, null], a = "<x>"})', '{"a":"\\u003cx\\u003e","b":[1,true,null]}'),
    ('jsondecode("{\\"a\\": [1, 2.5]}")', {"a": [1, 2.5]}),
    ('yamldecode("a: [1, 2]")', {"a": [1, 2]}),
    ('base64encode("hi")', "aGk="),
    ('base64decode("aGk=")', "hi"),
    ('urlencode("a b&c")', "a+b%26c"),
    ('csvdecode("a,b\\n1,2\\n")', [{"a": "1", "b": "2"}]),
    ('md5("x")', "9dd4e461268c8034f5c8564e155c67a6"),
    ('sha256("x")', "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"),
    ('uuidv5("dns", "example.com")', "cfbff0d1-9375-5685-968c-48ce8b15ae17"),
    # network
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('cidrsubnet("fd00::/56", 8, 1)', "fd00:0:0:1::/64"),
    ('cidrsubnets("10.0.0.0/16", 4, 4, 8)', ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/24"]),
    ('cidrhost("10.0.0.0/24", 5)', "10.0.0.5"),
    ('cidrnetmask("10.0.0.0/20")', "255.255.240.0"),
    # files (names only)
    ('basename("a/b/c.txt")', "c.txt"),
    ('dirname("a/b/c.txt")', "a/b"),
    # try / can
    ('try(lookup({}, "x"), "fallback")', "fallback"),
    ("try([1][5], [2][0])", 2),
    ("can([1][5])", False),
    ("can([1][0])", True),
    ('nonsensitive(sensitive("s"))', "s"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_function(text: str, expected: object) -> None:
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("timestamp()", "changes on every run"),
        ("uuid()", "changes on every run"),
        ('frobnicate("x")', "frobnicate() is not evaluated"),
        ('provider::aws::arn_parse("x")', "not evaluated"),
        ('lookup({}, "x")', "error: lookup(): key 'x' not found"),
        ("range(2000)", "more than 1024"),
        ('regex("(", "x")', "invalid regular expression: missing )"),
        ("length(u)", "not known"),
        ("upper(u)", "not known"),
        ("try(u, 1)", "not known"),
    ],
)
def test_unknown_results_say_why(text: str, fragment: str) -> None:
    result = value(text, u=Unknown("not known"))
    assert isinstance(result, Unknown)
    assert fragment in result.reason


def test_partially_unknown_collections() -> None:
    u = Unknown("later")
    assert value("length([u, u])", u=u) == 2
    assert value("keys({a = u})", u=u) == ["a"]
    assert isinstance(value("jsonencode({a = u})", u=u), Unknown)
    assert isinstance(value("u == 1", u=u), Unknown)
    assert value("false && u", u=u) is False
    assert value("true || u", u=u) is True


def test_registry_is_a_literal_of_callables() -> None:
    assert len(functions.FUNCTIONS) > 90
    for name, (function, policy) in functions.FUNCTIONS.items():
        assert callable(function), name
        assert policy in (functions.STRICT, functions.SHALLOW)


def _with_files(tmp_path: Path, text: str) -> object:
    context = functions.FunctionContext(tmp_path / "root", ReadBoundary.of([tmp_path]), _render)
    evaluator = Evaluator(Budget(5), context)
    return evaluator.value(parse_expression(text), Scope(None), set())


def _render(text: str, variables: dict[str, object], path: str) -> object:
    return text.replace("${name}", str(variables["name"]))


def test_file_functions_stay_inside_the_boundary(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "policy.json").write_text('{"a": 1}')
    (tmp_path / "root" / "t.tpl").write_text("hi ${name}")
    (tmp_path.parent / "secret.txt").write_text("secret")
    assert _with_files(tmp_path, 'jsondecode(file("policy.json"))') == {"a": 1}
    assert _with_files(tmp_path, 'fileexists("policy.json")') is True
    assert _with_files(tmp_path, 'fileset(".", "*.json")') == ["policy.json"]
    assert _with_files(tmp_path, 'templatefile("t.tpl", {name = "x"})') == "hi x"
    outside = _with_files(tmp_path, 'file("../../secret.txt")')
    assert isinstance(outside, Unknown) and "outside the scanned paths" in outside.reason
    missing = _with_files(tmp_path, 'file("nope.txt")')
    assert isinstance(missing, Unknown) and "cannot read" in missing.reason
