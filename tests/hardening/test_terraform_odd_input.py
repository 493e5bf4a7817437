"""Odd but possible Terraform input: valid syntax is accepted, invalid input is a parse error
(never a crash, never a silent acceptance). Expected results were checked against
``terraform apply`` / ``terraform validate`` 1.11."""

from __future__ import annotations

import json
from pathlib import Path

from iacgate.sources.terraform.reader import evaluate_directories

from .test_hostile_files import scan_bounded
from .tfscan import parse_errors

VALID = """\
locals {
  n       = 1
  core    = core::max(1, 5)
  key     = { local.n + 1 = "x" }
  spread  = [max
  (1, 2)]
  cafe\u0301 = "combining"
  x\u0903y   = "spacing mark"
  both    = "${local.cafe\u0301}-${local.x\u0903y}"
}

resource "aws_s3_bucket" "b" {
  bucket = "b-${local.core}-${local.key["2"]}-${local.spread[0]}"
  tags   = { both = local.both }
}
"""


def _parse_errors(report: dict[str, object]) -> dict[str, str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {f["file"]: f["message"] for f in findings if f["name"] == "parse-error"}


def test_valid_terraform_that_the_parser_refused_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "valid").mkdir()
    (tmp_path / "valid" / "main.tf").write_text(VALID, encoding="utf-8")
    read = evaluate_directories([tmp_path / "valid"], tmp_path)
    assert not read.diagnostics, read.diagnostics
    (record,) = read.roots[0].records
    assert record.values["bucket"] == "b-5-x-2"
    assert record.values["tags"] == {"both": "combining-spacing mark"}


def test_odd_hcl_is_a_parse_error_not_a_crash(tmp_path: Path) -> None:
    cases = {
        # Terraform: "Invalid escape sequence: Cannot encode character U+110000 in UTF-8".
        "astral": 'locals {\n  a = "\\U00110000"\n}\n',
        "surrogate": 'locals {\n  a = "\\uD800"\n}\n',
        # Terraform: "Missing open parenthesis" (the parser used to skip a character).
        "selector": "locals {\n  a = provider::a::f\n  b = 1\n}\n",
        "digits": "locals {\n  a = " + "9" * 5000 + "\n}\n",
    }
    for name, text in cases.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(text)
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "main.tf").write_text(VALID, encoding="utf-8")
    code, report = scan_bounded(tmp_path)
    assert code == 1  # the parse errors gate
    errors = _parse_errors(report)
    assert set(errors) == {f"{name}/main.tf" for name in cases}
    assert "U+110000" in errors["astral/main.tf"]
    assert "U+D800" in errors["surrogate/main.tf"]
    assert "'('" in errors["selector/main.tf"]
    assert "number literal" in errors["digits/main.tf"]


PLAN = {
    "format_version": "1.2",
    "terraform_version": "1.11.4",
    "resource_changes": [
        {
            "address": "aws_db_instance.db",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "db",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {"backup_retention_period": 7, "engine": "postgres"},
                "after_unknown": {},
            },
        }
    ],
}


def test_plan_json_that_is_not_json_is_a_parse_error(tmp_path: Path) -> None:
    text = json.dumps(PLAN)
    variants = {
        "nan": text.replace('"backup_retention_period": 7', '"backup_retention_period": NaN'),
        "infinity": text.replace("7", "Infinity"),
        "overflow": text.replace("7", "1e400"),
        "duplicate": text.replace(
            '"engine": "postgres"', '"engine": "postgres", "backup_retention_period": 0'
        ),
    }
    for name, variant in variants.items():
        assert variant != text
        folder = tmp_path / name
        folder.mkdir()
        (folder / "plan.json").write_text(variant)
        code, report = scan_bounded(folder, "--no-config", "--plan", "plan.json")
        assert code == 1, name
        message = _parse_errors(report)["plan.json"]
        assert "invalid JSON" in message, (name, message)


def test_what_terraform_refuses_in_a_module_is_reported(tmp_path: Path) -> None:
    """A resource declared twice, a local declared twice, an attribute at the top level:
    Terraform refuses the module; the scan used to drop these diagnostics and pass."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "a" {\n  bucket = "x"\n}\n'
        'resource "aws_s3_bucket" "a" {\n  bucket = "y"\n}\n'
        "locals {\n  z = 1\n}\nlocals {\n  z = 2\n}\nfoo = 1\n"
    )
    code, report = scan_bounded(tmp_path)
    assert code == 1
    messages = parse_errors(report)["main.tf"]
    assert len(messages) == 3
    assert sum("declared twice" in m for m in messages) == 2
