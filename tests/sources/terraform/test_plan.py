"""Plan JSON: every format version, unknowns, actions, bad input, and .tf locations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from iacgate import api
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.terraform import COMPUTED_BY_PROVIDER
from iacgate.pipeline import read_plan
from iacgate.rules import Context, Severity, Verdict, fail, ok, rule
from iacgate.sources.diagnostics import DiagnosticKind, SourceError
from iacgate.sources.terraform.plan import load_json, read_document, split_address
from tests.conftest import REPO, run_cli

FIXTURE = REPO / "tests" / "fixtures" / "terraform" / "aws_all"


def corpus() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "corpus" / "tfplan"
        if candidate.is_dir():
            return candidate
    return None


def _plan(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"format_version": "1.2", "terraform_version": "1.9.0"}
    base.update(changes)
    return base


def _change(address: str, type_: str, after: dict[str, Any], **change: Any) -> dict[str, Any]:
    name = address.rsplit(".", 1)[-1].split("[")[0]
    body = {"actions": ["create"], "before": None, "after": after, "after_unknown": {}}
    body.update(change)
    return {"address": address, "mode": "managed", "type": type_, "name": name, "change": body}


# -- every plan in the corpus ----------------------------------------------------------------


@pytest.mark.skipif(corpus() is None, reason="shared corpus not present")
def test_every_corpus_plan_reads_or_is_refused_with_a_reason(tmp_path: Path) -> None:
    root = corpus()
    assert root is not None
    files = sorted(root.rglob("*.json"))
    assert len(files) >= 50
    versions: set[str] = set()
    resources = 0
    for path in files:
        read = read_plan(path, path.name, config_dir=None, scan_root=tmp_path)
        errors = [d for d in read.result.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
        if read.document is None:
            assert errors, path  # refused: always with a parse-error naming why
            continue
        versions.add(read.document.format_version)
        resources += len(read.result.resources)
        for resource in read.result.resources:
            location = read.result.spans[resource.key][()]
            assert location.start_line >= 1  # never line 0 of the JSON
    assert {"0.1", "0.2", "1.0", "1.1", "1.2"} <= versions
    assert resources > 100


@pytest.mark.skipif(corpus() is None, reason="shared corpus not present")
def test_the_corpus_state_document_named_plan_reads_as_a_state() -> None:
    root = corpus()
    assert root is not None
    path = next(root.rglob("corrupted-tfplan.json"))
    document = read_document(load_json(path.read_text()))
    assert document.kind == "state"
    assert [r.address for r in document.records] == ["test_instance.test"]
    assert ("ami",) in document.records[0].sensitive


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b'{"format_version": "1.2",\n "planned_values": {', "invalid JSON", 2),
        (b"\x00\x01binary", "terraform show -json", 0),
        (b'["not", "a", "plan"]', "not a Terraform plan", 0),
        (b'{"format_version": "9.0", "planned_values": {}}', "unsupported plan format", 0),
        (b'{"version": 3, "lineage": "x", "resources": []}', "version 3", 0),
        (b"\xff\xfe\x00garbage", "invalid JSON", 1),
    ],
)
def test_bad_plans_are_parse_errors_with_a_reason(
    tmp_path: Path, content: bytes, message: str, line: int
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    read = read_plan(path, "plan.json", config_dir=None, scan_root=tmp_path)
    diagnostics = read.result.diagnostics
    assert read.result.resources == []
    assert len(diagnostics) == 1
    assert diagnostics[0].kind in (DiagnosticKind.PARSE_ERROR, DiagnosticKind.SKIPPED)
    assert message in diagnostics[0].message
    assert diagnostics[0].line == line


def test_a_plan_with_a_bom_reads(tmp_path: Path) -> None:
    plan = _plan(resource_changes=[_change("aws_sqs_queue.q", "aws_sqs_queue", {"name": "q"})])
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plan).encode())
    read = read_plan(path, "plan.json", config_dir=None, scan_root=tmp_path)
    assert [r.address for r in read.result.resources] == ["aws_sqs_queue.q"]


def test_deeply_nested_json_is_refused_not_a_crash() -> None:
    with pytest.raises(SourceError):
        load_json("[" * 100_000 + "]" * 100_000)


def test_scan_plan_reports_a_missing_plan_file(tmp_path: Path) -> None:
    report = api.scan_plan(str(tmp_path / "nope.json"), rules=[], root=tmp_path)
    assert [f.name for f in report.findings] == ["parse-error"]


# -- values, unknowns, actions ---------------------------------------------------------------


def test_after_unknown_distinguishes_provider_values_from_references() -> None:
    plan = _plan(
        resource_changes=[
            _change(
                "aws_s3_bucket_versioning.v",
                "aws_s3_bucket_versioning",
                {"versioning_configuration": [{"status": "Enabled"}]},
                after_unknown={"id": True, "bucket": True, "expected_bucket_owner": True},
            )
        ],
        configuration={
            "root_module": {
                "resources": [
                    {
                        "address": "aws_s3_bucket_versioning.v",
                        "expressions": {
                            "bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]},
                            "versioning_configuration": [{"status": {"constant_value": "Enabled"}}],
                        },
                    }
                ]
            }
        },
    )
    record = read_document(plan).records[0]
    assert record.values["bucket"] == Unknown("known after apply")
    assert record.values["id"] == Unknown(COMPUTED_BY_PROVIDER)
    assert record.values["versioning_configuration"] == [{"status": "Enabled"}]
    assert [(r.path, r.target) for r in record.references] == [(("bucket",), "aws_s3_bucket.b")]


def test_nested_unknowns_and_sensitive_values() -> None:
    plan = _plan(
        resource_changes=[
            _change(
                "aws_instance.i",
                "aws_instance",
                {"root_block_device": [{"encrypted": True}], "tags": {"a": "b"}},
                after_unknown={"root_block_device": [{"kms_key_id": True}], "tags": {}},
                after_sensitive={"user_data": True},
            )
        ]
    )
    record = read_document(plan).records[0]
    device = record.values["root_block_device"][0]
    assert device["encrypted"] is True
    assert is_unknown(device["kms_key_id"])
    assert record.sensitive == frozenset({("user_data",)})


def test_actions_updates_replacements_and_deletions() -> None:
    plan = _plan(
        resource_changes=[
            _change(
                "aws_sqs_queue.updated",
                "aws_sqs_queue",
                {"name": "u", "delay_seconds": 5},
                actions=["update"],
                before={"name": "u", "delay_seconds": 0},
            ),
            _change(
                "aws_sqs_queue.replaced",
                "aws_sqs_queue",
                {"name": "r"},
                actions=["create", "delete"],
            ),
            _change(
                "aws_sqs_queue.gone",
                "aws_sqs_queue",
                None,
                actions=["delete"],
                before={"name": "g"},
            ),
            _change("aws_sqs_queue.same", "aws_sqs_queue", {"name": "s"}, actions=["no-op"]),
        ]
    )
    document = read_document(plan)
    by_address = {r.address: r for r in document.records}
    assert set(by_address) == {
        "aws_sqs_queue.updated",
        "aws_sqs_queue.replaced",
        "aws_sqs_queue.same",
    }
    assert document.deleted == ("aws_sqs_queue.gone",)
    assert by_address["aws_sqs_queue.updated"].before == {"name": "u", "delay_seconds": 0}
    with_deleted = read_document(plan, include_deleted=True)
    gone = next(r for r in with_deleted.records if r.address == "aws_sqs_queue.gone")
    assert gone.values == {"name": "g"}
    assert gone.actions == ("delete",)


def test_planned_values_fill_in_what_resource_changes_omit() -> None:
    plan = _plan(
        format_version="0.1",
        planned_values={
            "root_module": {
                "child_modules": [
                    {
                        "address": "module.a",
                        "resources": [
                            {
                                "address": "module.a.aws_sns_topic.t[0]",
                                "mode": "managed",
                                "type": "aws_sns_topic",
                                "name": "t",
                                "index": 0,
                                "values": {"name": "t"},
                            }
                        ],
                    }
                ]
            }
        },
    )
    record = read_document(plan).records[0]
    assert (record.module, record.index, record.values) == ("module.a", 0, {"name": "t"})


@pytest.mark.parametrize(
    ("address", "module", "index"),
    [
        ("aws_s3_bucket.b", "", None),
        ("aws_s3_bucket.b[3]", "", 3),
        ('aws_s3_bucket.b["a.b"]', "", "a.b"),
        ('module.x["k"].module.y[0].aws_s3_bucket.b["z"]', 'module.x["k"].module.y[0]', "z"),
        ("module.x.data.aws_iam_policy_document.d", "module.x", None),
    ],
)
def test_addresses_split_into_module_and_instance_key(
    address: str, module: str, index: str | int | None
) -> None:
    assert split_address(address) == (module, index)


# -- locations -------------------------------------------------------------------------------


@rule(
    code="TEST-AWS-001",
    name="test-bucket-key-disabled",
    kind="aws.s3.bucket",
    severity=Severity.HIGH,
)
def _bucket_key(bucket: Resource, ctx: Context) -> Verdict:
    """Flags a bucket whose default encryption uses a bucket key (for location tests).

    What it checks
        encryption.bucket_key_enabled.
    Why it matters
        It is a test.
    How to fix
        None.
    """
    if bucket.get("encryption.bucket_key_enabled") is True:
        return fail("bucket key on", ("encryption", "bucket_key_enabled"))
    return ok()


def test_plan_findings_point_at_the_tf_attribute_line() -> None:
    report = api.scan_plan(str(FIXTURE / "plan.json"), rules=[_bucket_key], root=FIXTURE)
    assert [(f.file, f.start_line, f.address) for f in report.findings] == [
        ("s3.tf", 27, "aws_s3_bucket.data")
    ]
    assert report.findings[0].source == "terraform-plan"


def test_without_the_configuration_findings_point_into_the_json(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "plan.json", tmp_path / "plan.json")
    report = api.scan_plan(str(tmp_path / "plan.json"), rules=[_bucket_key], root=tmp_path)
    finding = report.findings[0]
    assert finding.file == "plan.json"
    text = (tmp_path / "plan.json").read_text().splitlines()
    # The folded value points at the resource that set it.
    written = '"address": "aws_s3_bucket_server_side_encryption_configuration.data"'
    assert written in text[finding.start_line - 1]


def test_module_resources_map_to_the_module_file_and_call_site(tmp_path: Path) -> None:
    (tmp_path / "modules" / "store").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(
        'module "store" {\n  source = "./modules/store"\n  for_each = toset(["a"])\n'
        "  name = each.key\n}\n"
    )
    (tmp_path / "modules" / "store" / "main.tf").write_text(
        'variable "name" {}\n\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n\n'
        'resource "aws_s3_bucket_server_side_encryption_configuration" "b" {\n'
        "  bucket = aws_s3_bucket.b.id\n  rule {\n"
        '    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n'
        "    }\n    bucket_key_enabled = true\n  }\n}\n"
    )
    module = 'module.store["a"]'
    encryption = "aws_s3_bucket_server_side_encryption_configuration"
    plan = _plan(
        resource_changes=[
            {
                **_change(f"{module}.aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "a"}),
                "module_address": module,
            },
            {
                **_change(
                    f"{module}.aws_s3_bucket_server_side_encryption_configuration.b",
                    "aws_s3_bucket_server_side_encryption_configuration",
                    {
                        "rule": [
                            {
                                "apply_server_side_encryption_by_default": [
                                    {"sse_algorithm": "AES256"}
                                ],
                                "bucket_key_enabled": True,
                            }
                        ]
                    },
                    after_unknown={"bucket": True},
                ),
                "module_address": module,
            },
        ],
        configuration={
            "root_module": {
                "module_calls": {
                    "store": {
                        "source": "./modules/store",
                        "module": {
                            "resources": [
                                {"address": "aws_s3_bucket.b", "expressions": {}},
                                {
                                    "address": f"{encryption}.b",
                                    "expressions": {
                                        "bucket": {
                                            "references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]
                                        }
                                    },
                                },
                            ]
                        },
                    }
                }
            }
        },
    )
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    read = read_plan(tmp_path / "plan.json", "plan.json", config_dir=tmp_path, scan_root=tmp_path)
    bucket = read.result.resources[0]
    assert bucket.address == 'module.store["a"].aws_s3_bucket.b'
    assert bucket.origin.get("index") is None  # the instance key is the module's: ["a"]
    assert bucket.origin["module"] == module
    assert bucket.origin["module_call"] == {"file": "main.tf", "line": 1}
    spans = read.result.spans[bucket.key]
    assert spans[("encryption", "bucket_key_enabled")].file == "modules/store/main.tf"
    assert spans[("encryption", "bucket_key_enabled")].start_line == 13
    assert read.located == 2 and read.in_json == 0


def test_cli_scan_plan_does_not_report_the_hcl_twice(tmp_path: Path) -> None:
    for item in FIXTURE.iterdir():
        if item.suffix in (".tf", ".json", ".zip"):
            shutil.copy(item, tmp_path / item.name)
    # The bundled rules find things in the fixture: the gate result is not what this tests.
    done = run_cli(
        "scan", "--plan", "plan.json", "--format", "json", "--fail-on", "none", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # Each of the plan's resources once: as many as the plan alone makes, none from the .tf files.
    alone = api.scan_plan(str(tmp_path / "plan.json"), str(tmp_path), root=tmp_path)
    assert alone.graph is not None
    assert report["summary"]["resources"] == len(list(alone.graph.resources())) >= 38
    done = run_cli("scan", "--plan", "plan.json", "a", "b", cwd=tmp_path)
    assert done.returncode == 2


def test_updates_carry_the_canonical_values_before_the_change(tmp_path: Path) -> None:
    versioning = "aws_s3_bucket_versioning"
    plan = _plan(
        resource_changes=[
            _change(
                "aws_s3_bucket.b",
                "aws_s3_bucket",
                {"bucket": "b", "id": "b"},
                actions=["no-op"],
                before={"bucket": "b", "id": "b"},
            ),
            _change(
                f"{versioning}.v",
                versioning,
                {"bucket": "b", "versioning_configuration": [{"status": "Suspended"}]},
                actions=["update"],
                before={"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]},
            ),
        ]
    )
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    read = read_plan(tmp_path / "plan.json", "plan.json", config_dir=None, scan_root=tmp_path)
    bucket = read.result.resources[0]
    assert bucket.attributes["versioning"]["status"] == "Suspended"
    assert bucket.origin["before"]["versioning"]["status"] == "Enabled"
    assert bucket.origin["action"] == "no-op"  # the bucket itself does not change


def test_sensitive_values_are_marked_on_canonical_paths() -> None:
    from iacgate.normalize.terraform import to_resources

    plan = _plan(
        resource_changes=[
            _change(
                "aws_lambda_function.f",
                "aws_lambda_function",
                {"function_name": "f", "environment": [{"variables": {"TOKEN": "x"}}]},
                after_sensitive={"environment": [{"variables": True}]},
            )
        ]
    )
    records = read_document(plan).records
    function = to_resources(records, scope="s", source="terraform-plan").resources[0]
    assert function.origin["sensitive"] == (("environment_variables",),)
