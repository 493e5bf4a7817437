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
