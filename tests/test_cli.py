"""The command line, run as a whole process on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path

from iacgate import __version__

from .conftest import EXAMPLES, FIXTURES, run_cli, same_inputs_view

INSECURE = EXAMPLES / "kubernetes" / "insecure"
PADDING = "# padding\n" * 1000
SECURE = EXAMPLES / "kubernetes" / "secure"


def _privileged_line() -> int:
    lines = (INSECURE / "web.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if "privileged: true" in line)


def test_examples_fail_and_secure_examples_pass() -> None:
    assert run_cli("scan", "docs/examples").returncode == 1
    secure = run_cli("scan", str(SECURE.relative_to(SECURE.parents[2])), cwd=SECURE.parents[2])
    assert secure.returncode == 0, secure.stdout
    assert "0 finding(s)" in secure.stdout


def test_privileged_container_reported_on_its_line_in_text_and_json() -> None:
    line = _privileged_line()
    text = run_cli("scan", "docs/examples/kubernetes/insecure/web.yaml")
    assert text.returncode == 1
    assert f"docs/examples/kubernetes/insecure/web.yaml:{line}" in text.stdout
    row = next(r for r in text.stdout.splitlines() if f"web.yaml:{line} " in r)
    assert "K8S-001" in row and "privileged-container" in row
    assert "apps/Deployment/shop/web" in text.stdout
    assert "\033[" not in text.stdout  # no colour when stdout is not a terminal

    report = json.loads(
        run_cli("scan", "--format", "json", "docs/examples/kubernetes/insecure/web.yaml").stdout
    )
    (finding,) = [f for f in report["findings"] if f["code"] == "K8S-001"]
    assert finding["start_line"] == line
    assert finding["address"] == "apps/Deployment/shop/web"
    assert finding["path"] == "spec.template.spec.containers[0].securityContext.privileged"
    assert finding["file"] == "docs/examples/kubernetes/insecure/web.yaml"
    assert set(finding) >= {
        "code",
        "name",
        "severity",
        "status",
        "kind",
        "address",
        "file",
        "start_line",
        "end_line",
        "path",
        "message",
        "fingerprint",
    }
    assert report["version"] == "1"
    assert report["summary"]["gate"] == "failed"


def test_secret_values_never_reach_the_output() -> None:
    out = run_cli("scan", "--format", "json", "docs/examples")
    assert "DB_PASSWORD" in out.stdout
    assert "hunter2" not in out.stdout


def test_fail_on_threshold_and_none() -> None:
    path = "docs/examples/kubernetes/insecure/batch.json"  # medium and low findings only
    assert run_cli("scan", path).returncode == 0
    assert run_cli("scan", "--fail-on", "medium", path).returncode == 1
    assert run_cli("scan", "--fail-on", "none", "docs/examples").returncode == 0


def test_stdin_and_output_file(tmp_path: Path) -> None:
    manifest = (INSECURE / "web.yaml").read_text()
    out = tmp_path / "report.json"
    result = run_cli("scan", "-", "--format", "json", "--output", str(out), stdin=manifest)
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads(out.read_text())
    assert {f["file"] for f in report["findings"]} == {"<stdin>"}
    assert any(
        f["code"] == "K8S-001" and f["start_line"] == _privileged_line() for f in report["findings"]
    )


def test_parse_error_fails_the_gate_and_the_rest_scans(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: [\n")
    (tmp_path / "good.yaml").write_text((INSECURE / "web.yaml").read_text())
    result = run_cli("scan", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["name"] == "parse-error"]
    assert [(e["file"], e["status"], e["severity"]) for e in errors] == [
        ("bad.yaml", "error", "high")
    ]
    assert errors[0]["start_line"] >= 3
    assert any(f["code"] == "K8S-001" and f["file"] == "good.yaml" for f in report["findings"])


def test_findings_are_sorted_and_paths_relative() -> None:
    report = json.loads(run_cli("scan", "--format", "json", "docs/examples").stdout)
    keys = [(f["file"], f["start_line"], f["code"]) for f in report["findings"]]
    assert keys == sorted(keys)
    assert all(not f["file"].startswith("/") for f in report["findings"])


def test_rules_explain_and_version() -> None:
    listing = json.loads(run_cli("rules", "--format", "json").stdout)
    codes = {r["code"] for r in listing["rules"]}
    assert {"K8S-001", "K8S-011", "K8S-013"} <= codes
    first = next(r for r in listing["rules"] if r["code"] == "K8S-001")
    assert first["pack"] == "k8s_core" and first["severity"] == "critical"
    assert "k8s.apps.deployment" in first["kinds"] and first["frameworks"]
    text = run_cli("rules")
    assert "K8S-001" in text.stdout and text.returncode == 0
    explained = run_cli("explain", "K8S-001")
    assert explained.returncode == 0
    for heading in ("## What it checks", "## Why it matters", "## How to fix"):
        assert heading in explained.stdout
    assert run_cli("explain", "NOPE-999").returncode == 2
    version = run_cli("--version")
    assert version.stdout.strip() == f"iacgate {__version__}"


def test_usage_and_configuration_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("scan", "--fail-on", "bogus").returncode == 2
    assert run_cli("scan", "--format", "xml").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    result = run_cli("scan", "--pack", str(tmp_path), "docs/examples")
    assert result.returncode == 2 and "pack.toml" in result.stderr


def test_main_gives_in_process_callers_their_gc_thresholds_back() -> None:
    import gc

    from iacgate.cli import GC_THRESHOLDS, main

    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    assert main(["--version"]) == 0
    assert gc.get_threshold() == before


def test_missing_path_is_a_usage_error() -> None:
    # A mistyped path must never become a passing gate.
    result = run_cli("scan", "does/not/exist")
    assert result.returncode == 2
    assert "does/not/exist" in result.stderr


def test_findings_identical_with_and_without_parallel_parsing(tmp_path: Path) -> None:
    # Enough files to cross the parallel threshold, with findings in many of them.
    # A comment pads each file: parsing in workers starts at PARALLEL_MIN_BYTES.
    template = (INSECURE / "web.yaml").read_text() + PADDING
    for index in range(150):
        (tmp_path / f"app-{index:03}.yaml").write_text(
            template.replace("name: web", f"name: web{index}")
        )
    (tmp_path / "broken.yaml").write_text("kind: [\n")
    serial = run_cli("scan", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    parallel = run_cli("scan", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert same_inputs_view(serial.stdout) == same_inputs_view(parallel.stdout)
    assert len(json.loads(serial.stdout)["findings"]) > 150


def test_workers_start_only_for_inputs_worth_spreading(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Many small files are read in-process; the same files padded past PARALLEL_MIN_BYTES go
    to workers (the parity tests below rely on that padding)."""
    import concurrent.futures

    from iacgate import api

    started: list[int] = []

    class Recording(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers)

    from iacgate.sources.discovery import Candidate

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    small = [Candidate(tmp_path / f"s{i}.yaml", f"s{i}.yaml") for i in range(100)]
    for item in small:
        item.path.write_text("a: 1\n")
    assert len(api._load_all(small, 10**6, jobs=2)) == 100 and started == []
    for item in small:
        item.path.write_text("a: 1\n" + PADDING)
    assert len(api._load_all(small, 10**6, jobs=2)) == 100 and started == [2]


def test_every_source_gives_the_same_findings_with_any_number_of_workers(tmp_path: Path) -> None:
    """Kubernetes manifests, CloudFormation (SAM included) and Terraform modules, enough of each
    to be read in worker processes, and a broken file of each kind: 1, 2 and 4 workers agree."""
    manifest = (INSECURE / "web.yaml").read_text() + PADDING
    template = (FIXTURES / "cloudformation" / "aws_all" / "template.yaml").read_text()
    sam = (FIXTURES / "cloudformation" / "sam" / "function.yaml").read_text()
    bucket = (FIXTURES / "terraform" / "aws_all" / "s3.tf").read_text()
    for index in range(40):
        (tmp_path / f"app-{index:03}.yaml").write_text(manifest.replace("web", f"web{index}"))
        (tmp_path / f"stack-{index:03}.yaml").write_text(template if index % 8 else sam)
        module = tmp_path / "terraform" / f"m{index:03}"
        module.mkdir(parents=True)
        (module / "main.tf").write_text(bucket)
        (module / "variables.tf").write_text(f'variable "n{index}" {{ default = {index} }}\n')
        # The key the buckets name (declared in another file of the fixture's module).
        (module / "kms.tf").write_text('resource "aws_kms_key" "main" {}\n')
    (tmp_path / "broken.yaml").write_text("kind: [\n")
    (tmp_path / "broken-stack.json").write_text('{"Resources": {"A": {"Type": "AWS::S3::Bucket",')
    (tmp_path / "terraform" / "m000" / "broken.tf").write_text('resource "x" {\n')
    reports = [
        run_cli("scan", "--format", "json", "--jobs", jobs, ".", cwd=tmp_path)
        for jobs in ("1", "2", "4")
    ]
    assert {r.returncode for r in reports} == {1}
    first = same_inputs_view(reports[0].stdout)
    assert all(same_inputs_view(r.stdout) == first for r in reports[1:])
    files = {f["file"].split("/")[0] for f in first["findings"]}
    assert {"terraform", "app-000.yaml", "stack-001.yaml", "stack-000.yaml"} <= files
    assert sum(f["code"] == "CORE-001" for f in first["findings"]) == 3  # each broken file


def test_terraform_modules_resolve_when_the_scanned_repository_is_outside_the_cwd(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    (repo / "modules" / "bucket").mkdir(parents=True)
    (repo / "env").mkdir()
    (repo / "modules" / "bucket" / "main.tf").write_text(
        'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n'
    )
    (repo / "env" / "main.tf").write_text(
        'module "logs" {\n  source = "../modules/bucket"\n  name   = "logs"\n}\n'
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("scan", "--format", "json", "--fail-on", "none", "../repo", cwd=elsewhere)
    report = json.loads(result.stdout)
    assert [f for f in report["findings"] if f["code"] == "CORE-001"] == []
    assert report["summary"]["resources"] == 1


def test_the_command_line_stays_thin() -> None:
    """cli.py parses options, dispatches to the library, prints and maps errors to exit codes;
    option declarations live in cli_options.py and the work in the library. Past 600 lines it
    has started doing work again (issue 21)."""
    from iacgate import cli

    lines = Path(cli.__file__).read_text("utf-8").splitlines()
    assert len(lines) <= 600, f"iacgate/cli.py has {len(lines)} lines: move what is not dispatch"


def test_parallel_reading_puts_sam_templates_first_and_keeps_the_input_order(
    tmp_path: Path,
) -> None:
    """The SAM templates, wherever they are listed, share the first chunk (one worker imports
    the translator); the results come back in the order the files were listed."""
    from iacgate import pipeline
    from iacgate.sources.discovery import Candidate

    sam = (
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {Runtime: python3.12, Handler: a.b, InlineCode: x}\n"
    )
    plain = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    listed = []
    for index in range(80):
        path = tmp_path / f"t{index:02}.yaml"
        path.write_text((sam if index % 20 == 7 else plain) + PADDING)
        listed.append(Candidate(path, path.name))
    chunks = pipeline._chunks(listed, 2, 10**6)
    assert chunks[0][:4] == [7, 27, 47, 67]
    assert sorted(i for chunk in chunks for i in chunk) == list(range(80))
    results = pipeline.load_all(listed, 10**6, jobs=2)
    assert [result.file for result in results] == [item.display for item in listed]
    functions = [
        r for result in results for r in result.resources if r.kind == "aws.lambda.function"
    ]
    assert len(functions) == 4  # the SAM functions, translated in a worker
