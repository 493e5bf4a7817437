"""Terraform file functions read only inside the scanned paths, never a VCS directory, never a
device or a FIFO; every read of the Terraform reader is bounded. Whole-process scans, run from
another working directory than the scanned tree where that is the attack."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .tfscan import addresses, parse_errors, run_bounded, scan_json

LEAKY = """\
resource "aws_s3_bucket" "{name}" {{
  for_each = {expression}
  bucket   = "b"
}}
"""


def _leaky(**cases: str) -> str:
    return "\n".join(LEAKY.format(name=name, expression=expr) for name, expr in cases.items())


def _no_planted(*texts: str) -> None:
    for text in texts:
        assert "PLANTED" not in text


def test_working_directory_is_not_the_boundary(tmp_path: Path) -> None:
    """``cd / && iacgate scan /src``: /proc/self/environ is outside the scanned path."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "names.txt").write_text("alpha\nbeta\n")
    (src / "main.tf").write_text(
        _leaky(
            environ='toset(split("\\u0000", file("/proc/self/environ")))',
            absolute=f'toset(split("\\n", file("{tmp_path}/outside.txt")))',
            inside='toset(split("\\n", trimspace(file("${path.module}/names.txt"))))',
        )
    )
    (tmp_path / "outside.txt").write_text("PLANTED-SIBLING-FILE\n")
    result, report = scan_json(Path("/"), str(src), env={"IACGATE_CANARY": "PLANTED-ENVIRON"})
    _no_planted(result.stdout, result.stderr)
    found = addresses(report)
    # The scanned path's own files are read; what lies outside is Unknown (one instance).
    assert {'aws_s3_bucket.inside["alpha"]', 'aws_s3_bucket.inside["beta"]'} <= found
    assert {"aws_s3_bucket.environ", "aws_s3_bucket.absolute"} <= found


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = https://x-access-token:PLANTED-GIT-TOKEN@github.com/o/r\n'
    )
    (repo / "gha-creds-1234.json").write_text('{"private_key": "PLANTED-GHA-CREDS"}\n')
    (repo / "outside").mkdir()
    (repo / "outside" / "secret.txt").write_text("PLANTED-SIBLING\n")
    (repo / "up").mkdir()
    (repo / "up" / "main.tf").write_text(
        _leaky(module_reads='toset([file("${path.module}/../gha-creds-1234.json")])')
    )
    infra = repo / "infra"
    (infra / "policies").mkdir(parents=True)
    (infra / "policies" / "a.json").write_text("{}")
    (infra / "policies" / "b.json").write_text("{}")
    (infra / "link").symlink_to(repo / "outside", target_is_directory=True)
    (infra / "escape.txt").symlink_to(repo / "gha-creds-1234.json")
    return repo


def test_repository_around_the_scanned_path_is_not_read(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    up = "../" * len(repo.parts)  # from infra/ up past the file system root
    (repo / "infra" / "main.tf").write_text(
        _leaky(
            git='toset(split("\\n", file("../.git/config")))',
            creds='fileset("..", "gha-creds-*.json")',
            creds_content='toset([for f in fileset("..", "gha-creds-*.json") : file("../${f}")])',
            etc=f'fileset(".", "{up}etc/pass*")',
            through_link='fileset(path.module, "link/*")',
            link_star='fileset(path.module, "*/secret.txt")',
            link_deep='fileset(path.module, "**")',
            link_file='toset([file("${path.module}/link/secret.txt")])',
            escape='toset([file("escape.txt")])',
            template='toset([templatefile("../outside/secret.txt", {})])',
            base64='toset([filebase64("../gha-creds-1234.json")])',
            legit='fileset(path.module, "policies/*.json")',
        )
        + '\nmodule "up" {\n  source = "../up"\n}\n'
    )
    result, report = scan_json(repo, "infra")
    _no_planted(result.stdout, result.stderr)
    found = addresses(report)
    assert {'aws_s3_bucket.legit["policies/a.json"]', 'aws_s3_bucket.legit["policies/b.json"]'} <= (
        found
    )
    # fileset never lists through the symlinked directory, nor the link out of the tree.
    assert 'aws_s3_bucket.link_deep["main.tf"]' in found
    assert not [a for a in found if "link_deep" in a and ("secret" in a or "escape" in a)]
    assert not [
        a for a in found if a.startswith(("aws_s3_bucket.link_star[", "aws_s3_bucket.etc["))
    ]
    for unknown in ("git", "creds", "creds_content", "through_link", "link_file", "escape"):
        assert f"aws_s3_bucket.{unknown}" in found, unknown
    # A module outside the scanned path is evaluated; its file functions see only that path.
    assert "module.up.aws_s3_bucket.module_reads" in found


def test_version_control_directories_are_never_read(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    (repo / "main.tf").write_text(
        _leaky(
            config='toset(split("\\n", file(".git/config")))',
            listed='fileset(".git", "*")',
            deep='fileset(path.module, "**/config")',
        )
    )
    result, report = scan_json(repo, ".")
    assert "PLANTED-GIT-TOKEN" not in result.stdout + result.stderr
    found = addresses(report)
    assert {"aws_s3_bucket.config", "aws_s3_bucket.listed"} <= found
    assert not [a for a in found if a.startswith("aws_s3_bucket.deep[")]


def test_devices_fifos_and_links_in_a_terraform_tree_are_not_read(tmp_path: Path) -> None:
    """modules.json as /dev/zero or a FIFO, a FIFO as a variables file, a variables file that
    links outside: bounded, and nothing outside is read."""
    zero = tmp_path / "zero"
    (zero / ".terraform" / "modules").mkdir(parents=True)
    (zero / ".terraform" / "modules" / "modules.json").symlink_to("/dev/zero")
    (zero / "main.tf").write_text(
        'module "remote" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\n'
        'resource "aws_s3_bucket" "z" {\n  bucket = "z"\n}\n'
    )
    fifo = tmp_path / "fifo"
    (fifo / ".terraform" / "modules").mkdir(parents=True)
    os.mkfifo(fifo / ".terraform" / "modules" / "modules.json")
    os.mkfifo(fifo / "terraform.tfvars")
    (fifo / "main.tf").write_text((zero / "main.tf").read_text().replace('"z"', '"f"'))
    linked = tmp_path / "linked"
    linked.mkdir()
    (tmp_path / "secret.tfvars").write_text('name = "PLANTED-TFVARS"\n')
    (linked / "terraform.tfvars").symlink_to(tmp_path / "secret.tfvars")
    (linked / "main.tf").write_text(
        'variable "name" {\n  default = "safe"\n}\n'
        'resource "aws_s3_bucket" "l" {\n  for_each = toset([var.name])\n  bucket = "l"\n}\n'
    )
    result, report = scan_json(tmp_path, "zero", "fifo", "linked")
    _no_planted(result.stdout, result.stderr)
    found = addresses(report)
    assert {"aws_s3_bucket.z", "aws_s3_bucket.f", 'aws_s3_bucket.l["safe"]'} <= found
    # A variables file that is not read changes what is judged: it gates.
    assert any(
        "outside the scanned paths" in m for m in parse_errors(report)["linked/terraform.tfvars"]
    )


def test_parallel_reading_never_opens_a_device(tmp_path: Path) -> None:
    """Many module directories (parallel reading groups them by a text scan of their files)
    with a ``.tf`` link to /dev/zero and a ``.tf`` FIFO among them."""
    for index in range(70):
        folder = tmp_path / f"m{index:02}"
        folder.mkdir()
        (folder / "main.tf").write_text(
            f'resource "aws_s3_bucket" "b{index}" {{\n  bucket = "b"\n}}\n'
        )
    (tmp_path / "m00" / "zero.tf").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "m01" / "pipe.tf")
    result = run_bounded(
        tmp_path, "scan", "--no-config", "--format", "json", "--jobs", "2", "--fail-on", "none", "."
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert {"aws_s3_bucket.b0", "aws_s3_bucket.b69"} <= addresses(report)


def test_linked_terraform_files_are_judged_or_reported(tmp_path: Path) -> None:
    """Terraform reads a ``.tf`` link: a link inside the scanned path is judged like a file,
    one that leads out is a gating finding — never silently left out."""
    root = tmp_path / "root"
    (root / "parts").mkdir(parents=True)
    (root / "parts" / "bucket.tf.txt").write_text(
        'resource "aws_s3_bucket" "linked" {\n  bucket = "l"\n}\n'
    )
    (tmp_path / "outside.tf.txt").write_text(
        'resource "aws_s3_bucket" "far" {\n  bucket = "f"\n}\n'
    )
    (root / "main.tf").write_text('resource "aws_s3_bucket" "main" {\n  bucket = "m"\n}\n')
    (root / "linked.tf").symlink_to(root / "parts" / "bucket.tf.txt")
    (root / "far.tf").symlink_to(tmp_path / "outside.tf.txt")
    result, report = scan_json(tmp_path, "root")
    assert result.returncode == 1
    assert {"aws_s3_bucket.main", "aws_s3_bucket.linked"} <= addresses(report)
    assert "aws_s3_bucket.far" not in addresses(report)
    assert any("link" in m for m in parse_errors(report)["root/far.tf"])
