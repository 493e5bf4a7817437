"""Terraform in a scan: roots, scopes, parse-error findings, the CLI options, locations."""

from __future__ import annotations

import json
from pathlib import Path

from iacgate import api
from iacgate.model.unknown import Unknown
from iacgate.pipeline import normalize_all
from iacgate.sources.terraform.modules import find_roots
from iacgate.sources.terraform.reader import load_configuration

from ...conftest import run_cli
from .helpers import evaluate, records, write

BUCKET = """
variable "name" {
  default = "default-name"
}
resource "aws_s3_bucket" "b" {
  bucket = var.name
}
"""


def test_scan_reports_resources_and_parse_errors_with_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/main.tf": BUCKET,
            "app/broken.tf": 'resource "aws_s3_bucket" "x" {\n  bucket = "a"\n  acl = = 1\n}\n',
        },
    )
    report = api.scan([str(tmp_path)], root=tmp_path, rules=[])
    assert report.resources == 1
    errors = [f for f in report.findings if f.name == "parse-error"]
    assert [(f.file, f.start_line) for f in errors] == [("app/broken.tf", 3)]


def test_cli_var_and_var_file(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": BUCKET, "prod.tfvars": 'name = "from-file"\n'})
    done = run_cli("scan", ".", "--format", "json", "--var-file", "prod.tfvars", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["resources"] == 1
    bad = run_cli("scan", ".", "--var", "novalue", cwd=tmp_path)
    assert bad.returncode == 2 and "NAME=VALUE" in bad.stderr
    missing = run_cli("scan", ".", "--var-file", "nope.tfvars", cwd=tmp_path)
    assert missing.returncode == 2


def test_scan_passes_variables_to_the_evaluation(tmp_path: Path) -> None:
    from iacgate.sources.terraform.reader import read_terraform
    from iacgate.sources.terraform.variables import VariableOptions

    write(tmp_path, {"main.tf": BUCKET})
    options = VariableOptions(values={"name": "from-cli"})
    read = evaluate(tmp_path, options=options)
    assert records(read)["aws_s3_bucket.b"].values["bucket"] == "from-cli"
    results = read_terraform(
        [(tmp_path / "main.tf", "main.tf")], tmp_path, options, finish=normalize_all
    )
    (resource,) = [r for result in results for r in result.resources]
    assert resource.scope == "."
    assert resource.address == "aws_s3_bucket.b"


def test_roots(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "mod/main.tf": 'resource "aws_thing" "m" {}\n',
            "live/main.tf": 'module "m" {\n  source = "../mod"\n}\n',
            "alone/main.tf": 'resource "aws_thing" "a" {}\n',
            "x/main.tf": 'module "y" {\n  source = "../y"\n}\n',
            "y/main.tf": 'module "x" {\n  source = "../x"\n}\n',
        },
    )
    # mod is judged through live; x and y only call each other: x becomes a root.
    assert [r.scope for r in read.roots] == ["alone", "live", "x"]
    live = next(r for r in read.roots if r.scope == "live")
    assert [rec.address for rec in live.records] == ["module.m.aws_thing.m"]
    configs = {d: c for d, c in read_configs(tmp_path).items()}
    assert len(find_roots(configs)) == 3


def read_configs(root: Path) -> dict[Path, object]:
    from iacgate.sources.terraform.modules import ModuleLoader

    loader = ModuleLoader(root.resolve())
    return {p.parent.resolve(): loader.module(p.parent.resolve()) for p in root.rglob("main.tf")}


def test_tf_json_files(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf.json": json.dumps(
                {
                    "variable": {"env": {"default": "dev"}},
                    "resource": {
                        "aws_s3_bucket": {
                            "b": {
                                "bucket": "logs-${var.env}",
                                "tags": {"Env": "${var.env}"},
                                "versioning": {"enabled": True},
                                "count": 1,
                            }
                        }
                    },
                },
                indent=2,
            )
        },
    )
    bucket = records(read)["aws_s3_bucket.b[0]"]
    assert bucket.values == {
        "bucket": "logs-dev",
        "tags": {"Env": "dev"},
        "versioning": [{"enabled": True}],
    }
    assert bucket.spans[("bucket",)].start_line == 10


def test_locate_for_plan_addresses(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": 'module "a" {\n  source = "./a"\n  for_each = toset(["x"])\n}\n',
            "a/main.tf": (
                'resource "aws_s3_bucket" "b" {\n  count = 2\n'
                '  bucket = "n-${count.index}"\n  versioning {\n    enabled = true\n  }\n}\n'
            ),
        },
    )
    index = load_configuration(tmp_path)
    exact = index.locate('module.a["x"].aws_s3_bucket.b[1]')
    assert exact is not None
    assert (exact.block.file, exact.block.start_line, exact.block.end_line) == ("a/main.tf", 1, 7)
    assert exact.attributes[("bucket",)].start_line == 3
    assert exact.attributes[("versioning", 0, "enabled")].start_line == 5
    configured = index.locate("module.a.aws_s3_bucket.b")
    assert configured is not None and configured.block.start_line == 1
    assert index.locate("aws_s3_bucket.nope") is None


def test_values_of_records_are_terraform_json_shaped(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                resource "aws_s3_bucket" "b" {
                  bucket = "b"
                  lifecycle {
                    prevent_destroy = true
                  }
                  server_side_encryption_configuration {
                    rule {
                      apply_server_side_encryption_by_default {
                        sse_algorithm = "aws:kms"
                      }
                    }
                  }
                  provisioner "local-exec" {
                    command = "rm -rf /"
                  }
                  policy = aws_iam_policy.p.arn
                }
                resource "aws_iam_policy" "p" {
                  policy = "{}"
                }
            """
        },
    )
    bucket = records(read)["aws_s3_bucket.b"]
    assert bucket.values["server_side_encryption_configuration"] == [
        {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}
    ]
    assert "lifecycle" not in bucket.values and "provisioner" not in bucket.values
    assert isinstance(bucket.values["policy"], Unknown)


def test_parallel_reading_gives_the_same_results(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    from iacgate.sources.terraform import reader

    files = {
        "mod/main.tf": 'variable "n" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.n\n}\n'
    }
    for name in ("a", "b", "c"):
        files[f"live/{name}/main.tf"] = (
            f'module "m" {{\n  source = "../../mod"\n  n = "{name}"\n}}\n'
        )
        files[f"solo{name}/main.tf"] = f'resource "aws_s3_bucket" "s" {{\n  bucket = "{name}"\n}}\n'
    write(tmp_path, files)
    groups = reader.components(sorted({p.parent for p in tmp_path.rglob("*.tf")}))
    assert sorted(len(g) for g in groups) == [1, 1, 1, 4]
    found = [(p, p.relative_to(tmp_path).as_posix()) for p in sorted(tmp_path.rglob("*.tf"))]
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(reader, "PARALLEL_MIN_FILES", 1)

    def summary(jobs: int) -> list[tuple[str, str, str]]:
        results = reader.read_terraform(found, tmp_path, jobs=jobs, finish=normalize_all)
        return sorted((r.file, res.scope, res.address) for r in results for res in r.resources)

    serial = summary(1)
    assert len(serial) == 6
    assert summary(2) == serial
