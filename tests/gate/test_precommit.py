"""The pre-commit hook: its definition against the official schema, widening, and the real
``pre-commit`` package refusing a bad commit and accepting a good one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml

from iacgate.gate.widen import widen

from ..conftest import REPO
from .helpers import cli, deployment, git, write
from .test_reporters import SCHEMAS


def _validate(document: object, schema_name: str) -> None:
    import json

    schema = json.loads((SCHEMAS / schema_name).read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(document)


def test_hook_definition_is_valid() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    _validate(hooks, "pre-commit-hooks.json")
    (hook,) = hooks
    assert hook["entry"] == "iacgate pre-commit" and hook["language"] == "python"


def test_documented_config_is_valid() -> None:
    text = (REPO / "docs" / "pre-commit.md").read_text()
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    _validate(yaml.safe_load(block), "pre-commit-config.json")


def test_widening_reads_a_terraform_module_and_a_manifest_alone(tmp_path: Path) -> None:
    write(tmp_path, {"mod/main.tf": "", "mod/vars.tf": "", "k8s/a.yaml": "", "k8s/b.yaml": ""})
    files = [tmp_path / "mod/main.tf", tmp_path / "mod/vars.tf", tmp_path / "k8s/a.yaml"]
    assert widen(files) == [tmp_path / "mod", tmp_path / "k8s/a.yaml"]
    # A changed file inside a directory that is read anyway is not read twice.
    assert widen([tmp_path / "mod/x.yaml", tmp_path / "mod/main.tf"]) == [tmp_path / "mod"]


def test_hook_reports_only_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "old.yaml": deployment("old", privileged=True),
            "unused.yaml": deployment("u", privileged_comment="# iacgate:ignore K8S-001 x"),
            "new.yaml": deployment("new"),
            ".iacgate.yaml": (
                "exceptions:\n"
                "  - {rule: K8S-002, kind: x, owner: o, reason: r, expires: 2999-01-01}\n"
            ),
        },
    )
    code, out, err = cli(
        "pre-commit", "new.yaml", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    # Neither old.yaml's finding, the unused ignore elsewhere nor the unmatched exception.
    assert code == 0, out + err
    assert "0 finding(s)" in out
    code, out, _ = cli(
        "pre-commit", "old.yaml", "new.yaml", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1 and "old.yaml:16  CRITICAL K8S-001" in out
    code, out, _ = cli("pre-commit", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and out == ""


def _hook_repository(target: Path) -> str:
    """A git repository holding this checkout's files (committed or not), as pre-commit
    clones hook repositories; returns its commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source = REPO / name
        if name.startswith("tests/") or not source.is_file():
            continue
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(source.read_bytes())
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "hook")
    return git(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    base = tmp_path_factory.mktemp("precommit")
    hook = base / "hook"
    hook.mkdir()
    rev = _hook_repository(hook)
    work = base / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    config = {"repos": [{"repo": str(hook), "rev": rev, "hooks": [{"id": "iacgate"}]}]}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, PRE_COMMIT_HOME=str(base / "cache"), NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run(
        [*pre_commit, "install-hooks"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    if installed.returncode != 0:
        pytest.skip(f"pre-commit could not install the hook environment: {installed.stdout[-500:]}")
    subprocess.run([*pre_commit, "install"], cwd=work, env=env, check=True, capture_output=True)
    yield work, env


def _commit(work: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        env,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@e",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@e",
    )
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_real_pre_commit_refuses_a_bad_commit_and_accepts_a_good_one(
    hooked_repo: tuple[Path, dict[str, str]],
) -> None:
    work, env = hooked_repo
    write(work, {"k8s/good.yaml": deployment("good")})
    git(work, "add", "-A")
    good = _commit(work, env, "good")
    assert good.returncode == 0, good.stdout + good.stderr
    shown = good.stdout + good.stderr  # git hooks print where the hook's streams go
    assert "iacgate" in shown and "Passed" in shown

    write(work, {"k8s/bad.yaml": deployment("bad", privileged=True)})
    git(work, "add", "-A")
    bad = _commit(work, env, "bad")
    assert bad.returncode != 0
    assert "k8s/bad.yaml:16  CRITICAL K8S-001 privileged-container" in bad.stdout + bad.stderr
    assert git(work, "log", "--format=%s") == "good\n"  # the bad commit was refused

    # A reasoned inline ignore cannot silence a critical finding by default (it needs an
    # exception with an owner and an expiry date)...
    write(
        work,
        {
            "k8s/bad.yaml": deployment(
                "bad", privileged=True, privileged_comment="# iacgate:ignore K8S-001 device plugin"
            )
        },
    )
    git(work, "add", "-A")
    refused = _commit(work, env, "ignored with reason")
    assert refused.returncode != 0
    assert "ignores.max-severity is high" in refused.stdout + refused.stderr
    # ...until the repository's configuration allows it.
    write(work, {".iacgate.yaml": "ignores: {max-severity: critical}\n"})
    git(work, "add", "-A")
    fixed = _commit(work, env, "ignored with reason")
    assert fixed.returncode == 0, fixed.stdout


def _without_policy(name: str, namespace: str = "shop") -> str:
    """A hardened Deployment alone (``deployment`` adds its namespace's NetworkPolicy)."""
    return deployment(name, namespace=namespace).split("---\n", 1)[0]


_POLICY = (
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
    "metadata: {name: default-deny, namespace: NS}\n"
    "spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n"
)


def test_hook_judges_a_changed_manifest_with_the_unchanged_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    default_account = (
        "apiVersion: v1\nkind: ServiceAccount\n"
        "metadata: {name: default, namespace: shop}\nautomountServiceAccountToken: false\n"
    )
    write(
        tmp_path,
        {
            "k8s/web.yaml": _without_policy("web").replace(
                "      automountServiceAccountToken: false\n", ""
            ),
            "k8s/policies/shop.yaml": _POLICY.replace("NS", "shop"),
            "k8s/accounts.json": json.dumps(yaml.safe_load(default_account)),
            "k8s/other.yaml": deployment("other", privileged=True, namespace="tools"),
            "infra/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
            "docs/mkdocs.yml": "site_name: x\nnav: [index.md]\n",
            "chart/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\n{{ .Values.x }}\n",
        },
    )
    args = ("pre-commit", "--format", "json", "k8s/web.yaml")
    code, out, err = cli(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    report = json.loads(out)
    # The NetworkPolicy and the ServiceAccount in other files count, as in a full scan; the
    # other file's own finding is not the change's.
    assert code == 0 and report["findings"] == [], err
    code, full, _ = cli(
        "scan", "--format", "json", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    in_web = [f for f in json.loads(full)["findings"] if f["file"] == "k8s/web.yaml"]
    assert in_web == []
    # Context is read, not judged, and neither Terraform nor files without manifests are read.
    code, alone, _ = cli(
        "scan",
        "--format",
        "json",
        "--no-config",
        "k8s/web.yaml",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert report["summary"]["checks"] == json.loads(alone)["summary"]["checks"]
    assert report["summary"]["files"] == 5
    # What context files skip (an unrendered template) is not the change's to report.
    assert report["skipped"] == []

    # The context decides: without the policy and the account, the same change is refused.
    (tmp_path / "k8s/policies/shop.yaml").unlink()
    (tmp_path / "k8s/accounts.json").unlink()
    code, out, _ = cli(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    found = sorted(f["code"] for f in json.loads(out)["findings"])
    assert found == ["K8S-031", "K8S-035"], found


def test_real_pre_commit_reads_network_policies_from_unchanged_files(
    hooked_repo: tuple[Path, dict[str, str]],
) -> None:
    work, env = hooked_repo
    # Medium: the namespace rule's severity.
    write(work, {".iacgate.yaml": "ignores: {max-severity: critical}\nfail-on: medium\n"})
    write(work, {"k8s/pay/policy.yaml": _POLICY.replace("NS", "payments")})
    git(work, "add", "-A")
    assert _commit(work, env, "policy").returncode == 0
    write(work, {"k8s/pay/api.yaml": _without_policy("api", namespace="payments")})
    git(work, "add", "-A")
    hardened = _commit(work, env, "a hardened deployment, isolated by the existing policy")
    assert hardened.returncode == 0, hardened.stdout + hardened.stderr
    # The same deployment in a namespace without a policy is refused.
    write(work, {"k8s/pay/batch.yaml": _without_policy("batch", namespace="batch")})
    git(work, "add", "-A")
    open_namespace = _commit(work, env, "unisolated")
    assert open_namespace.returncode != 0
    assert (
        "K8S-035 namespace-without-network-policy" in open_namespace.stdout + open_namespace.stderr
    )


# A security group whose SSH source is a variable, an open one written literally (a problem the
# repository already has, not the change's), and a module that takes its source as an argument.
_SSH_MODULE = """\
variable "cidr" {
  type = string
}

resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
"""
_ROOT = """\
variable "ssh_cidr" {
  type = string
}

variable "environment" {
  type = string
}

resource "aws_security_group" "bastion" {
  name = "bastion"
  tags = { Environment = var.environment }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}

resource "aws_security_group" "legacy" {
  name = "legacy"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
_CALLER = 'module "ssh" {\n  source = "../../modules/ssh"\n  cidr   = "CIDR"\n}\n'


def test_real_pre_commit_refuses_what_a_tfvars_or_module_argument_change_opens(
    hooked_repo: tuple[Path, dict[str, str]],
) -> None:
    work, env = hooked_repo
    write(
        work,
        {
            "tf/main.tf": _ROOT,
            "tf/terraform.tfvars": 'ssh_cidr    = "10.0.0.0/8"\nenvironment = "dev"\n',
            "modules/ssh/main.tf": _SSH_MODULE,
            "env/prod/main.tf": _CALLER.replace("CIDR", "10.1.0.0/16"),
        },
    )
    git(work, "add", "-A")
    # The legacy group is open already: the repository starts with that problem (and with
    # whatever an earlier test left staged).
    git(work, "commit", "-q", "--no-verify", "-m", "terraform")

    # Only the variables file changes; the group it opens is in an unchanged file.
    write(work, {"tf/terraform.tfvars": 'ssh_cidr    = "0.0.0.0/0"\nenvironment = "dev"\n'})
    git(work, "add", "-A")
    opened = _commit(work, env, "open ssh through tfvars")
    shown = opened.stdout + opened.stderr
    assert opened.returncode != 0, shown
    assert "tf/main.tf:16  HIGH     AWS-EC2-001" in shown
    assert "aws_security_group.bastion" in shown and "from tf/terraform.tfvars:1" in shown
    assert "aws_security_group.legacy" not in shown  # not the change's
    git(work, "reset", "-q", "--hard", "HEAD")

    # A change to a line no finding's value comes from is not refused for the open group.
    write(work, {"tf/terraform.tfvars": 'ssh_cidr    = "10.0.0.0/8"\nenvironment = "prod"\n'})
    git(work, "add", "-A")
    unrelated = _commit(work, env, "rename the environment")
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr

    # Only a module call's argument changes; the group is in the module's unchanged file.
    write(work, {"env/prod/main.tf": _CALLER.replace("CIDR", "0.0.0.0/0")})
    git(work, "add", "-A")
    argument = _commit(work, env, "open ssh through a module argument")
    shown = argument.stdout + argument.stderr
    assert argument.returncode != 0, shown
    assert "modules/ssh/main.tf:11  HIGH     AWS-EC2-001" in shown
    assert "module.ssh.aws_security_group.ssh" in shown and "from env/prod/main.tf:3" in shown
    git(work, "reset", "-q", "--hard", "HEAD")
    assert git(work, "log", "-1", "--format=%s") == "rename the environment\n"
