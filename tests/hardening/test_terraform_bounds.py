"""Terraform evaluation in bounded time and memory: small hostile configurations that used to
run for ever or fill memory end quickly, under 1.5 GB of address space and 60 s of CPU, with
each result either computed or reported. Whole-process scans."""

from __future__ import annotations

from pathlib import Path

from .tfscan import addresses, parse_errors, scan_json

LONG = 'long = "${join("", [for i in range(1024) : "%s"])}b"' % ("a" * 50)
BIG = 'big = flatten([for i in range(200) : [for j in range(200) : "${i}-${j}"]])'
SQUARES = "\n".join(
    ["  n0 = 10"] + [f"  n{i} = local.n{i - 1} * local.n{i - 1}" for i in range(1, 41)]
)

CPU_CASES = {
    # RE2 runs these in linear time; Python's backtracking engine never returned.
    "redos": 'tostring(can(regex("((a+))+$", local.long)))',
    "redos_all": 'tostring(length(regexall("(a|a)*$", local.long)))',
    # Hash-based: 40,000 elements compared pairwise took hours.
    "distinct": "tostring(length(distinct(local.big)))",
    "intersection": "tostring(length(setintersection(local.big, reverse(local.big))))",
    "subtract": "tostring(length(setsubtract(local.big, slice(local.big, 0, 10))))",
    "index": 'tostring(index(local.big, "199-199"))',
    "contains": 'tostring(contains(local.big, "199-199"))',
    "matchkeys": "tostring(length(matchkeys(local.big, local.big, reverse(local.big))))",
    # Each squaring doubles the digits: the fortieth never ended.
    "bigint": "tostring(local.n40)",
}


def _module(cases: dict[str, str], locals_text: str) -> str:
    blocks = [f"locals {{\n{locals_text}\n}}\n"]
    for name, expression in cases.items():
        blocks.append(
            f'resource "aws_s3_bucket" "{name}" {{\n'
            f"  for_each = toset([{expression}])\n"
            '  bucket   = "b"\n}\n'
        )
    return "\n".join(blocks)


def test_cpu_hungry_expressions_end(tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "main.tf").write_text(_module(CPU_CASES, f"  {LONG}\n  {BIG}\n{SQUARES}"))
    _, report = scan_json(tmp_path, "cpu")
    assert "cpu/main.tf" not in parse_errors(report)  # no budget ran out
    expected = {
        'aws_s3_bucket.redos["false"]',
        'aws_s3_bucket.redos_all["1"]',
        'aws_s3_bucket.distinct["40000"]',
        'aws_s3_bucket.intersection["40000"]',
        'aws_s3_bucket.subtract["39990"]',
        'aws_s3_bucket.index["39999"]',
        'aws_s3_bucket.contains["true"]',
        'aws_s3_bucket.matchkeys["40000"]',
        "aws_s3_bucket.bigint",  # too large a number: Unknown, one representative instance
    }
    assert expected <= addresses(report)


STRINGS = """\
  s1k   = join("", [for i in range(1024) : "a"])
  s1m   = join("", [for i in range(1024) : local.s1k])
  s4m   = join("", [local.s1m, local.s1m, local.s1m, local.s1m])
  many  = [for i in range(1024) : local.s1m]
  nl1k  = join("", [for i in range(1024) : "\\n"])
  nl1m  = join("", [for i in range(1024) : local.nl1k])
  verbs = join("", [for i in range(1024) : "%s"])
"""

MEMORY_CASES = {
    # Each would build a gigabyte; the size is known, and refused, before building.
    "join": 'tostring(length(join("", local.many)))',
    "indent": "tostring(length(indent(1024, local.nl1m)))",
    "replace": 'tostring(length(replace(local.s1m, "a", local.s1k)))',
    "regex_replace": 'tostring(length(replace(local.s1m, "/a/", local.s1k)))',
    "formatlist": 'tostring(length(formatlist("%s%s", local.many, local.many)))',
    "format": "tostring(length(format(local.verbs, local.many...)))",
    "template": 'tostring(length("%{for s in local.many}${substr(s, 0, 500000)}%{endfor}"))',
    "encode": "tostring(length(jsonencode(local.many)))",
    # Within the limits: computed.
    "fits": "tostring(length(local.s4m))",
}

SHARED = "\n".join(
    ['  l0 = ["a", "b"]'] + [f"  l{i} = [local.l{i - 1}, local.l{i - 1}]" for i in range(1, 41)]
)

SHARED_CASES = {
    # [local.a, local.a] nested 40 times: a few hundred bytes in memory, 2**41 elements to walk.
    "toset": "toset([tostring(length(toset(local.l40)))])",
    "equal": "toset([tostring(local.l40 == local.l39)])",
    "flatten": "toset([tostring(length(flatten(local.l40)))])",
    "distinct": "toset([tostring(length(distinct(local.l40)))])",
    "jsonencode": "toset([tostring(length(jsonencode(local.l40)))])",
    "shared_ok": "toset([tostring(length(local.l40))])",
}


def test_memory_hungry_expressions_are_refused_before_building(tmp_path: Path) -> None:
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "main.tf").write_text(_module(MEMORY_CASES, STRINGS))
    # Many strings that each fit: the root's total of built values runs out.
    (tmp_path / "total").mkdir()
    (tmp_path / "total" / "main.tf").write_text(
        _module({"built": 'tostring(length([for i in range(1024) : "${local.s1m}${i}"]))'}, STRINGS)
    )
    shared = tmp_path / "shared"
    (shared / "child").mkdir(parents=True)
    (shared / "main.tf").write_text(
        _module(
            {k: v.removeprefix("toset([").removesuffix("])") for k, v in SHARED_CASES.items()},
            SHARED,
        )
        + '\nmodule "child" {\n  source = "./child"\n  big    = local.l40\n}\n'
        + 'resource "aws_s3_bucket" "attribute" {\n  bucket = "b"\n'
        + "  tags   = { big = local.l40 }\n}\n"
    )
    (shared / "child" / "main.tf").write_text(
        'variable "big" {}\nresource "aws_s3_bucket" "inner" {\n  bucket = "i"\n}\n'
    )
    # count = 10000 modules of count = 10000 resources: 10**8 instances.
    grid = tmp_path / "grid"
    (grid / "m").mkdir(parents=True)
    (grid / "main.tf").write_text(
        'module "m" {\n  source = "./m"\n  count  = 10000\n  n      = count.index\n}\n'
        'resource "aws_s3_bucket" "beside" {\n  bucket = "x"\n}\n'
    )
    (grid / "m" / "main.tf").write_text(
        'variable "n" {}\n'
        'resource "aws_s3_bucket" "b" {\n  count  = 10000\n'
        '  bucket = "b-${var.n}-${count.index}"\n}\n'
    )
    result, report = scan_json(tmp_path, "strings", "total", "shared", "grid")
    assert result.returncode == 1  # the roots that could not be evaluated gate
    found = addresses(report)
    for name in MEMORY_CASES:
        if name != "fits":
            assert f"aws_s3_bucket.{name}" in found, name  # Unknown: one instance
    assert 'aws_s3_bucket.fits["4194304"]' in found
    for name in SHARED_CASES:
        if name != "shared_ok":
            assert f"aws_s3_bucket.{name}" in found, name
    assert 'aws_s3_bucket.shared_ok["2"]' in found
    assert {"aws_s3_bucket.attribute", "module.child.aws_s3_bucket.inner"} <= found
    errors = parse_errors(report)
    assert any("MiB of values" in m for m in errors["total/main.tf"])
    assert not [a for a in found if a.startswith(("aws_s3_bucket.built", "module.m"))]
    (grid_error,) = errors["grid/main.tf"]
    assert "module.m" in grid_error and "instances" in grid_error
    assert "strings/main.tf" not in errors and "shared/main.tf" not in errors


def test_a_huge_shared_value_passed_to_a_typed_module_variable(tmp_path: Path) -> None:
    root = tmp_path / "typed"
    (root / "child").mkdir(parents=True)
    (root / "main.tf").write_text(
        f"locals {{\n{SHARED}\n}}\n"
        'module "child" {\n  source = "./child"\n  big    = local.l40\n  small  = local.l3\n}\n'
    )
    (root / "child" / "main.tf").write_text(
        'variable "big" {\n  type = list(any)\n}\n'
        'variable "small" {\n  type      = list(any)\n  sensitive = true\n}\n'
        'resource "aws_s3_bucket" "inner" {\n'
        "  for_each = toset([tostring(length(var.big))])\n"
        '  bucket   = "i"\n}\n'
    )
    _, report = scan_json(tmp_path, "typed")
    assert "module.child.aws_s3_bucket.inner" in addresses(report)  # Unknown: not converted
