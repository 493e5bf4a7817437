"""Evaluating configurations: variables, instances, dynamic blocks, modules, unknowns, limits."""

from __future__ import annotations

import time
from pathlib import Path

from iacgate.model.unknown import Unknown
from iacgate.sources.terraform.records import Reference
from iacgate.sources.terraform.variables import VariableOptions

from .helpers import evaluate, records, write

VARIABLES = {
    "main.tf": """
        variable "a" { default = "default" }
        variable "b" { default = "default" }
        variable "c" { default = "default" }
        variable "d" { default = "default" }
        variable "e" { default = "default" }
        variable "n" {
          type    = number
          default = 1
        }
        variable "l" {
          type    = list(string)
          default = []
        }
        variable "o" {
          type = object({
            name = string
            size = optional(number, 10)
          })
          default = { name = "x" }
        }
        resource "aws_thing" "t" {
          a = var.a
          b = var.b
          c = var.c
          d = var.d
          e = var.e
          n = var.n + 1
          l = var.l
          o = var.o
        }
    """,
    "terraform.tfvars": 'a = "tfvars"\nb = "tfvars"\nc = "tfvars"\nd = "tfvars"\nn = "41"\n',
    "b.auto.tfvars": 'b = "auto-b"\nc = "auto-b"\nd = "auto-b"\n',
    "c.auto.tfvars": 'c = "auto-c"\nd = "auto-c"\n',
}


def test_variable_precedence(tmp_path: Path) -> None:
    extra = write(tmp_path / "extra", {"cli.tfvars": 'd = "file"\ne = "file"\n'})
    options = VariableOptions(
        values={"e": "cli", "l": '["x", 1]', "o": '{ name = "y" }'},
        files=[extra / "cli.tfvars"],
    )
    read = evaluate(tmp_path / "root", VARIABLES, options=options)
    values = records(read)["aws_thing.t"].values
    assert values["a"] == "tfvars"  # terraform.tfvars over the default
    assert values["b"] == "auto-b"  # *.auto.tfvars over terraform.tfvars
    assert values["c"] == "auto-c"  # later auto file wins
    assert values["d"] == "file"  # --var-file over auto files
    assert values["e"] == "cli"  # --var over everything
    assert values["n"] == 42  # "41" converted to number by the type
    assert values["l"] == ["x", "1"]  # complex --var parsed as HCL, converted to list(string)
    assert values["o"] == {"name": "y", "size": 10}  # optional attribute default


def test_required_variable_without_value_is_unknown(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {"main.tf": 'variable "x" {}\nresource "aws_thing" "t" {\n  v = "a-${var.x}"\n}\n'},
    )
    value = records(read)["aws_thing.t"].values["v"]
    assert isinstance(value, Unknown)
    assert "variable x has no value" in value.reason


def test_count_and_for_each_keys(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                locals {
                  names = ["a", "b"]
                  sizes = { small = 1, large = 3 }
                }
                resource "aws_thing" "counted" {
                  count = length(local.names)
                  name  = local.names[count.index]
                }
                resource "aws_thing" "keyed" {
                  for_each = local.sizes
                  name     = "${each.key}-${each.value}"
                }
                resource "aws_thing" "set" {
                  for_each = toset(local.names)
                  name     = each.value
                }
                resource "aws_thing" "none" {
                  count = 0
                }
                resource "aws_thing" "ref" {
                  first = aws_thing.counted[0].name
                  all   = aws_thing.counted[*].name
                  large = aws_thing.keyed["large"].name
                  ids   = [for k, v in aws_thing.keyed : v.id]
                }
            """
        },
    )
    found = records(read)
    assert sorted(found) == [
        "aws_thing.counted[0]",
        "aws_thing.counted[1]",
        'aws_thing.keyed["large"]',
        'aws_thing.keyed["small"]',
        "aws_thing.ref",
        'aws_thing.set["a"]',
        'aws_thing.set["b"]',
    ]
    assert found["aws_thing.counted[1]"].index == 1
    assert found['aws_thing.keyed["large"]'].index == "large"
    assert found['aws_thing.keyed["large"]'].values["name"] == "large-3"
    ref = found["aws_thing.ref"]
    assert ref.values["first"] == "a"
    assert ref.values["all"] == ["a", "b"]
    assert ref.values["large"] == "large-3"
    assert all(isinstance(v, Unknown) for v in ref.values["ids"])
    assert Reference(("first",), "aws_thing.counted[0]") in ref.references
    assert Reference(("large",), 'aws_thing.keyed["large"]') in ref.references
    assert Reference(("all",), "aws_thing.counted") in ref.references


def test_dynamic_blocks_and_their_lines(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                variable "rules" {
                  default = [
                    { port = 80, cidrs = ["0.0.0.0/0"] },
                    { port = 443, cidrs = ["10.0.0.0/8"] },
                  ]
                }
                resource "aws_security_group" "sg" {
                  name = "web"
                  ingress {
                    from_port = 22
                  }
                  dynamic "ingress" {
                    for_each = var.rules
                    iterator = rule
                    content {
                      from_port   = rule.value.port
                      cidr_blocks = rule.value.cidrs
                    }
                  }
                }
            """
        },
    )
    sg = records(read)["aws_security_group.sg"]
    assert sg.values["ingress"] == [
        {"from_port": 22},
        {"from_port": 80, "cidr_blocks": ["0.0.0.0/0"]},
        {"from_port": 443, "cidr_blocks": ["10.0.0.0/8"]},
    ]
    assert sg.spans[("ingress", 0, "from_port")].start_line == 10
    assert sg.spans[("ingress", 1)].start_line == 15  # the content block
    assert sg.spans[("ingress", 2, "cidr_blocks")].start_line == 17
    assert sg.spans[()].start_line == 7 and sg.spans[()].end_line == 20
    assert sg.spans[("name",)].file == "main.tf"


def test_nested_local_modules_with_arguments_and_outputs(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "env/main.tf": """
                module "app" {
                  for_each = toset(["blue", "green"])
                  source   = "../modules/app"
                  name     = each.key
                  role_arn = aws_iam_role.r.arn
                }
                resource "aws_iam_role" "r" {
                  name = "r"
                }
                resource "aws_thing" "uses" {
                  bucket = module.app["blue"].bucket
                  arn    = module.app["green"].arn
                }
            """,
            "modules/app/main.tf": """
                variable "name" {}
                variable "role_arn" {}
                module "store" {
                  source = "./store"
                  name   = "${var.name}-store"
                }
                resource "aws_thing" "app" {
                  role = var.role_arn
                  store = module.store.bucket
                }
                output "bucket" { value = module.store.bucket }
                output "arn" { value = module.store.arn }
            """,
            "modules/app/store/main.tf": """
                variable "name" {}
                resource "aws_s3_bucket" "b" {
                  bucket = var.name
                }
                output "bucket" { value = aws_s3_bucket.b.bucket }
                output "arn" { value = aws_s3_bucket.b.arn }
            """,
        },
    )
    # modules/app and its store are only ever called: env is the one root.
    assert [root.scope for root in read.roots] == ["env"]
    found = records(read)
    inner = found['module.app["blue"].module.store.aws_s3_bucket.b']
    assert inner.values == {"bucket": "blue-store"}
    assert inner.module == 'module.app["blue"].module.store'
    assert inner.spans[("bucket",)].file == "modules/app/store/main.tf"
    uses = found["aws_thing.uses"]
    assert uses.values["bucket"] == "blue-store"
    assert isinstance(uses.values["arn"], Unknown)
    assert (
        Reference(("arn",), 'module.app["green"].module.store.aws_s3_bucket.b') in uses.references
    )
    app = found['module.app["green"].aws_thing.app']
    assert app.values["store"] == "green-store"
    assert Reference(("store",), "module.store.aws_s3_bucket.b") in app.references
    assert isinstance(app.values["role"], Unknown)


def test_identical_module_instances_are_shared(tmp_path: Path) -> None:
    module = 'variable "x" {}\nresource "aws_thing" "t" {\n  x = var.x\n}\n'
    caller = 'module "m" {\n  source = "../../mod"\n  x = 1\n}\n'
    read = evaluate(
        tmp_path,
        {"mod/main.tf": module, "examples/a/main.tf": caller, "examples/b/main.tf": caller},
    )
    assert sorted(root.scope for root in read.roots) == ["examples/a", "examples/b"]
    assert read.shared_instances == 1
    assert all(r.records[0].values == {"x": 1} for r in read.roots)


def test_unknown_values_carry_their_reason(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                data "aws_caller_identity" "me" {}
                module "remote" {
                  source = "terraform-aws-modules/vpc/aws"
                }
                resource "aws_thing" "t" {
                  account = data.aws_caller_identity.me.account_id
                  vpc     = module.remote.vpc_id
                  time    = timestamp()
                  bad     = [1, 2][5]
                  fn      = unheard_of(1)
                }
                resource "aws_thing" "maybe" {
                  count = data.aws_caller_identity.me.account_id == "1" ? 1 : 0
                  x     = count.index
                }
            """
        },
    )
    found = records(read)
    values = found["aws_thing.t"].values
    reasons = {k: v.reason for k, v in values.items() if isinstance(v, Unknown)}
    assert "read from the provider" in reasons["account"]
    assert "not on disk" in reasons["vpc"]
    assert "changes on every run" in reasons["time"]
    assert "out of range" in reasons["bad"] and "line 9" in reasons["bad"]
    assert "unheard_of() is not evaluated" in reasons["fn"]
    # count not known: one representative instance, with an unknown count.index
    maybe = found["aws_thing.maybe"]
    assert maybe.index is None and isinstance(maybe.values["x"], Unknown)
    data = found["data.aws_caller_identity.me"]
    assert data.mode == "data"


def test_downloaded_modules_are_used(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": (
                'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n'
                '  cidr = "10.0.0.0/16"\n}\n'
            ),
            ".terraform/modules/vpc/main.tf": (
                'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n'
            ),
            ".terraform/modules/modules.json": (
                '{"Modules":[{"Key":"","Source":"","Dir":"."},'
                '{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws",'
                '"Dir":".terraform/modules/vpc"}]}'
            ),
        },
        dirs=["."],
    )
    vpc = records(read)["module.vpc.aws_vpc.this"]
    assert vpc.values == {"cidr_block": "10.0.0.0/16"}
    assert vpc.spans[()].file == ".terraform/modules/vpc/main.tf"


def test_malformed_file_leaves_the_rest_of_the_module(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "good.tf": 'resource "aws_thing" "ok" {\n  a = 1\n}\n',
            "bad.tf": 'resource "aws_thing" "broken" {\n  a = \n}\n',
        },
    )
    assert list(records(read)) == ["aws_thing.ok"]
    errors = [d for d in read.diagnostics if d.kind == "parse-error"]
    assert [(d.file, d.line) for d in errors] == [("bad.tf", 2)]


def test_cycles_end_with_a_diagnostic(tmp_path: Path) -> None:
    started = time.monotonic()
    read = evaluate(
        tmp_path,
        {
            "self/main.tf": 'module "me" {\n  source = "."\n}\nresource "aws_thing" "t" {}\n',
            "a/main.tf": 'module "b" {\n  source = "../b"\n}\n',
            "b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
            "locals/main.tf": """
                locals {
                  a = local.b
                  b = local.a
                }
                resource "aws_thing" "t" {
                  v = local.a
                }
            """,
        },
    )
    assert time.monotonic() - started < 10
    messages = [d.message for d in read.diagnostics]
    assert any("module cycle" in m and "'.'" in m for m in messages)
    assert any("module cycle" in m and "../a" in m for m in messages)
    value = records(read)["aws_thing.t"]
    assert value is not None
    loops = [r for root in read.roots if root.scope == "locals" for r in root.records]
    assert "depends on itself" in loops[0].values["v"].reason


def test_hostile_sizes_are_bounded(tmp_path: Path) -> None:
    started = time.monotonic()
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                locals {
                  l0 = ["x", "x"]
                  l1 = [local.l0, local.l0, local.l0, local.l0]
                  l2 = [local.l1, local.l1, local.l1, local.l1]
                  l3 = [local.l2, local.l2, local.l2, local.l2]
                  l4 = [local.l3, local.l3, local.l3, local.l3]
                  l5 = [local.l4, local.l4, local.l4, local.l4]
                  l6 = [local.l5, local.l5, local.l5, local.l5]
                  l7 = [local.l6, local.l6, local.l6, local.l6]
                  l8 = [local.l7, local.l7, local.l7, local.l7]
                  l9 = [local.l8, local.l8, local.l8, local.l8]
                  l10 = [local.l9, local.l9, local.l9, local.l9]
                }
                resource "aws_thing" "many" {
                  count = 1000000
                }
                resource "aws_thing" "wide" {
                  v = length(flatten(local.l9))
                  s = length(jsonencode(local.l10))
                }
            """
        },
        seconds=20,
    )
    assert time.monotonic() - started < 25
    assert any("over 10000" in d.message for d in read.diagnostics)
    wide = records(read)["aws_thing.wide"].values
    assert wide["v"] == 2 * 4**9
    assert isinstance(wide["s"], Unknown) and "too large" in wide["s"].reason
