"""Trees built to pass the gate without being judged: each is judged, or fails the gate.

Whole-process scans (and the pre-commit hook and the Action's step) of hostile trees, under
the hardening suite's limits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..gate.helpers import git, init_repo, write
from .bounded import codes, found, run, scan, skipped

POD = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
    "    - name: c\n      image: nginx:1.25\n      securityContext:\n        privileged: true\n"
)
SG = (
    'resource "aws_security_group" "ssh" {\n  ingress {\n    from_port   = 22\n'
    '    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
)
RDS = (
    'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n'
    "    Properties:\n      Engine: mysql\n      DBInstanceClass: db.t3.micro\n"
    "      PubliclyAccessible: true\n"
)
JUDGED = {("pod.yaml", "K8S-001"), ("sg.tf", "AWS-EC2-001"), ("rds.yaml", "AWS-RDS-003")}
HIDING = {"kustomization.yaml": "resources: []\n", "pod.yaml": POD, "sg.tf": SG, "rds.yaml": RDS}
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not on PATH")


# -- 1. a kustomization hides nothing ----------------------------------------------------------


def test_an_empty_kustomization_at_the_root_hides_nothing_from_scan(tmp_path: Path) -> None:
    write(tmp_path, HIDING)
    code, report = scan(tmp_path)
    assert code == 1
    assert codes(report) >= JUDGED
    # Rendering nothing (or not rendering at all, without kubectl) is itself a gating finding.
    assert "kustomization.yaml" in found(report, "file-not-scanned")


def test_an_empty_kustomization_hides_nothing_from_the_pre_commit_hook(tmp_path: Path) -> None:
    write(tmp_path, HIDING)
    done = run(tmp_path, "pre-commit", "--no-config", "--format", "json", *sorted(HIDING))
    assert done.returncode == 1, done.stderr
    assert codes(json.loads(done.stdout)) >= JUDGED


def test_an_empty_kustomization_hides_nothing_from_the_action(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo, {"README.md": "infra\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pr")
    write(repo, HIDING)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 1, "base": {"sha": base}}}))
    output = tmp_path / "output"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))} | {
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(output),
        "INPUT_FORMATS": "github",
    }
    done = run(repo, module="iacgate.action", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "failed=true" in output.read_text()
    annotations = done.stdout
    for file, code in JUDGED:
        assert f"file={file}," in annotations and code in annotations


def test_a_kustomization_owns_only_what_it_lists_and_never_templates_or_terraform(
    tmp_path: Path,
) -> None:
    # It names a CloudFormation template and a Terraform file as resources: both are still
    # read; the manifest it does not list is scanned as it is.
    write(
        tmp_path,
        {
            "app/kustomization.yaml": "resources: [rds.yaml, sg.tf]\n",
            "app/rds.yaml": RDS,
            "app/sg.tf": SG,
            "app/unlisted.yaml": POD,
        },
    )
    code, report = scan(tmp_path)
    assert code == 1
    assert codes(report) >= {
        ("app/rds.yaml", "AWS-RDS-003"),
        ("app/sg.tf", "AWS-EC2-001"),
        ("app/unlisted.yaml", "K8S-001"),
    }
    # kubectl refuses a template as a resource: that kustomization is not judged, and gates.
    not_judged = set(found(report, "parse-error")) | set(found(report, "file-not-scanned"))
    assert "app/kustomization.yaml" in not_judged


@needs_kubectl
def test_listed_manifests_are_judged_through_the_rendering_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/kustomization.yaml": "namespace: shop\nresources: [pod.yaml]\n",
            "app/pod.yaml": POD,
        },
    )
    code, report = scan(tmp_path)
    assert code == 1
    privileged = {(f["file"], f["address"]) for f in report["findings"] if f["code"] == "K8S-001"}
    assert privileged == {("app", "core/Pod/shop/p")}  # once, as rendered
    assert not found(report, "file-not-scanned")


def test_a_component_is_judged_only_through_a_kustomization(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "comp/kustomization.yaml": (
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                "resources: [pod.yaml]\n"
            ),
            "comp/pod.yaml": POD,
        },
    )
    code, report = scan(tmp_path)
    assert code == 1
    assert "Component" in found(report, "file-not-scanned")["comp/kustomization.yaml"]


# -- 2. skipped is not passed ------------------------------------------------------------------


def test_files_that_cannot_be_judged_fail_the_gate_and_say_why(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            # Over the size limit: Terraform reads it; iacgate cannot.
            "big.tf": SG + "#" + "x" * (5 * 1024 * 1024) + "\n",
            # A Helm chart's template is not a manifest until rendered.
            "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
            "chart/templates/pod.yaml": "{{- if .Values.on }}\n" + POD + "{{- end }}\n",
            # Valid YAML, but its values are placeholders: judged raw, it would pass.
            "chart/values.yaml": "privileged: true\n",
            "chart/templates/quoted.yaml": POD.replace("        privileged: true\n", "")
            + '        privileged: "{{ .Values.privileged }}"\n',
            # Rendered verbatim by Helm: a manifest like any other.
            "chart/templates/static.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n",
        },
    )
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01ELF" + POD.encode())
    code, report = scan(tmp_path)
    assert code == 1
    not_scanned = found(report, "file-not-scanned")
    assert set(not_scanned) == {
        "big.tf",
        "chart/templates/pod.yaml",
        "chart/templates/quoted.yaml",
        "binary.yaml",
    }
    assert report["summary"]["resources"] == 1  # the static template, judged
    reasons = skipped(report)
    assert "limit" in reasons["big.tf"] and "limit" in not_scanned["big.tf"]
    assert "template" in reasons["chart/templates/pod.yaml"]
    assert "template" in reasons["chart/templates/quoted.yaml"]
    assert reasons["binary.yaml"] == "binary file"
    # The severity is configurable: below fail-on, the same tree passes (and still says why).
    (tmp_path / ".iacgate.yaml").write_text("file-not-scanned: low\n")
    done = run(tmp_path, "scan", "--format", "json", ".")
    assert done.returncode == 0, done.stderr
    lowered = {f["severity"] for f in json.loads(done.stdout)["findings"]}
    assert lowered == {"low"}


def test_files_that_can_be_judged_are_judged(tmp_path: Path) -> None:
    # Terraform accepts a NUL byte in a comment; a manifest that mentions {{ }} in a comment
    # is a manifest; a broken one that does is a parse error, not a template.
    (tmp_path / "nul.tf").write_bytes(b"# generated \x00 by a tool\n" + SG.encode())
    write(
        tmp_path,
        {
            "commented.yaml": "# rendered by {{ tool }}\n" + POD,
            "broken.yaml": "# {{ tool }}\n" + POD.replace("  name: p\n", "  name: p\n  name: q\n"),
        },
    )
    code, report = scan(tmp_path)
    assert code == 1
    assert codes(report) >= {("nul.tf", "AWS-EC2-001"), ("commented.yaml", "K8S-001")}
    assert "broken.yaml" in found(report, "parse-error")
    assert not found(report, "file-not-scanned")


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not on PATH")
def test_terraform_accepts_a_nul_byte_in_a_comment(tmp_path: Path) -> None:
    """What the test above relies on, asked of Terraform itself (no provider: offline)."""
    (tmp_path / "main.tf").write_bytes(b'# a \x00 b\nvariable "x" {\n  default = "a"\n}\n')
    env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull, CHECKPOINT_DISABLE="1")
    for command in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
        done = subprocess.run(
            ["terraform", *command], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv not available")
def test_unreadable_files_and_directories_fail_the_gate(tmp_path: Path) -> None:
    write(tmp_path, {"locked.tf": SG, "locked.yaml": POD, "closed/pod.yaml": POD})
    for name in ("locked.tf", "locked.yaml", "closed"):
        (tmp_path / name).chmod(0)
    # Root reads anything: drop the capability that lets it, for the scan only.
    drop = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")
    try:
        code, report = scan(tmp_path, prefix=drop if os.geteuid() == 0 else ())
    finally:
        for name in ("locked.tf", "locked.yaml", "closed"):
            (tmp_path / name).chmod(0o755)
    assert code == 1
    errors = found(report, "parse-error") | found(report, "file-not-scanned")
    assert {"locked.tf", "locked.yaml", "closed"} <= set(errors)


# -- 13. a file name that is not UTF-8 -----------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_one_files_finding(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    for name, text in ((b"bad\xff.yaml", POD), (b"bad\xfe.tf", SG), (b"dir\xfd/x.yaml", POD)):
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)
    write(tmp_path, {"good.yaml": POD})
    done = run(tmp_path, "scan", "--no-config", ".")
    assert done.returncode == 1, done.stderr
    # Escaped, never raw bytes (or lone surrogates) on the terminal.
    assert "bad\\xff.yaml" in done.stdout and "bad\\xfe.tf" in done.stdout
    assert "dir\\xfd" in done.stdout
    assert "\udcff" not in done.stdout and "\ufffd" not in done.stdout
    _code, report = scan(tmp_path)
    assert set(found(report, "file-not-scanned")) == {"bad\\xff.yaml", "bad\\xfe.tf", "dir\\xfd"}
    assert ("good.yaml", "K8S-001") in codes(report)
