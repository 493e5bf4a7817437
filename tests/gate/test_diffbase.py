"""New findings only: ``--diff-base REF`` against the merge base, in real git repositories."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ..conftest import run_cli
from .helpers import cli, deployment, git, init_repo, scan_json, write


def _fingerprint_of_repo(repo: Path) -> tuple[str, str, str, str]:
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
        index,
        git(repo, "worktree", "list", "--porcelain"),
    )


def test_three_existing_one_new_one_fixed(tmp_path: Path) -> None:
    """The issue's acceptance test, as a user runs it (a whole process)."""
    repo = tmp_path / "repo"
    init_repo(
        repo,
        {
            "k8s/a.yaml": deployment("a", privileged=True),
            "k8s/b.yaml": deployment("b", privileged=True),
            "k8s/c.yaml": deployment("c", privileged=True),
            "k8s/d.yaml": deployment("d"),
        },
    )
    git(repo, "checkout", "-q", "-b", "feature")
    # The change: d gains a violation, c is fixed, a moves down a few lines (still existing).
    write(repo, {"k8s/d.yaml": deployment("d", privileged=True), "k8s/c.yaml": deployment("c")})
    (repo / "k8s/a.yaml").write_text("# owned by team a\n\n" + deployment("a", privileged=True))
    git(repo, "commit", "-qam", "change")
    before = _fingerprint_of_repo(repo)

    done = run_cli("scan", "--diff-base", "main", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "k8s/d.yaml:16  CRITICAL K8S-001 privileged-container [new]" in done.stdout
    shown = done.stdout.split("compared with")[0]
    assert "k8s/a.yaml" not in shown and "k8s/b.yaml" not in shown
    assert "2 existing (not shown), 1 fixed" in done.stdout
    assert "fixed k8s/c.yaml  K8S-001 privileged-container  apps/Deployment/shop/c" in done.stdout

    done = run_cli("scan", "--diff-base", "main", "--format", "json", cwd=repo)
    report = json.loads(done.stdout)
    states = sorted(
        (f["address"].rsplit("/", 1)[1], f["state"], f["gating"]) for f in report["findings"]
    )
    assert states == [("a", "existing", False), ("b", "existing", False), ("d", "new", True)]
    assert [f["address"] for f in report["fixed"]] == ["apps/Deployment/shop/c"]
    assert report["compared_with"].startswith("merge base of main and HEAD (")
    assert _fingerprint_of_repo(repo) == before


def test_working_tree_changes_count_and_checkout_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    init_repo(repo, {"a.yaml": deployment("a", privileged=True)})
    git(repo, "checkout", "-q", "-b", "work")
    write(repo, {"new.yaml": deployment("n", privileged=True)})  # untracked
    (repo / "a.yaml").write_text(deployment("a"))  # modified, unstaged
    git(repo, "add", "a.yaml")  # ... and staged
    (repo / "a.yaml").write_text(deployment("a") + "# unstaged edit\n")
    before = _fingerprint_of_repo(repo)
    code, report = scan_json(
        ".", "--diff-base", "main", cwd=repo, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert [(f["file"], f["state"]) for f in report["findings"]] == [("new.yaml", "new")]
    assert [f["file"] for f in report["fixed"]] == ["a.yaml"]
    assert _fingerprint_of_repo(repo) == before
    assert (repo / "a.yaml").read_text().endswith("# unstaged edit\n")


def test_merge_base_not_the_tip_of_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Findings added on main after the branch point are not this branch's 'fixed' ones."""
    repo = tmp_path / "repo"
    init_repo(repo, {"a.yaml": deployment("a", privileged=True)})
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"f.yaml": deployment("f", privileged=True)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "feature")
    git(repo, "checkout", "-q", "main")
    write(repo, {"m.yaml": deployment("m", privileged=True)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "checkout", "-q", "feature")
    code, report = scan_json(
        "--diff-base", "main", cwd=repo, monkeypatch=monkeypatch, capsys=capsys
    )
    assert [(f["file"], f["state"]) for f in report["findings"]] == [
        ("a.yaml", "existing"),
        ("f.yaml", "new"),
    ]
    assert report["fixed"] == [] and code == 1


def test_scan_from_a_subdirectory_and_of_a_subset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    init_repo(
        repo,
        {
            "infra/prod/a.yaml": deployment("a", privileged=True),
            "infra/dev/b.yaml": deployment("b", privileged=True),
        },
    )
    git(repo, "checkout", "-q", "-b", "x")
    (repo / "infra/dev/b.yaml").write_text(deployment("b"))
    write(repo, {"infra/prod/c.yaml": deployment("c", privileged=True)})
    _code, report = scan_json(
        "prod", "--diff-base", "main", cwd=repo / "infra", monkeypatch=monkeypatch, capsys=capsys
    )
    assert [(f["file"], f["state"]) for f in report["findings"]] == [
        ("prod/a.yaml", "existing"),
        ("prod/c.yaml", "new"),
    ]
    assert report["fixed"] == []  # dev/ was not scanned, so nothing there counts as fixed


def test_bad_reference_and_no_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    init_repo(repo, {"a.yaml": deployment("a")})
    code, _, err = cli(
        "scan", "--diff-base", "no-such-branch", cwd=repo, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and "--diff-base no-such-branch:" in err
    plain = tmp_path / "plain"
    plain.mkdir()
    code, _, err = cli(
        "scan", "--diff-base", "main", cwd=plain, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and "is not inside a git repository" in err
    code, _, err = cli(
        "scan",
        "--diff-base",
        "main",
        "--baseline",
        "x.json",
        cwd=repo,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 2 and "not both" in err


_OPEN_SSH_TF = (
    'resource "aws_security_group" "ssh" {\n  name = "ssh"\n  ingress {\n'
    '    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n'
    '    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
)
_BROKEN_TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n"


def test_renames_keep_findings_existing(tmp_path: Path) -> None:
    """``git mv`` of a manifest, of a Terraform root and of a broken file, and a plain ``mv``
    not yet staged: nothing is new, nothing is fixed (a whole process, as a user runs it)."""
    repo = tmp_path / "repo"
    init_repo(
        repo,
        {
            "k8s/api.yaml": deployment("api", privileged=True),
            "infra/net/main.tf": _OPEN_SSH_TF,
            "cfn/broken.yaml": _BROKEN_TEMPLATE,
            "k8s/worker.yaml": deployment("worker", privileged=True),
        },
    )
    git(repo, "checkout", "-q", "-b", "tidy")
    git(repo, "mv", "k8s/api.yaml", "k8s/api-deploy.yaml")
    git(repo, "mv", "infra/net", "infra/network")
    git(repo, "mv", "cfn/broken.yaml", "cfn/stack.yaml")
    git(repo, "commit", "-qm", "rename")
    # Moved in the working tree only: git sees a deletion and an untracked file.
    (repo / "k8s/worker.yaml").rename(repo / "k8s/worker-deploy.yaml")

    done = run_cli("scan", "--diff-base", "main", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    states = sorted((f["code"], f["file"], f["state"]) for f in report["findings"])
    assert ("K8S-001", "k8s/api-deploy.yaml", "existing") in states
    assert ("K8S-001", "k8s/worker-deploy.yaml", "existing") in states
    assert ("AWS-EC2-001", "infra/network/main.tf", "existing") in states
    assert ("CORE-001", "cfn/stack.yaml", "existing") in states
    assert {state for _, _, state in states} == {"existing"}
    assert report["fixed"] == []

    # A real change next to the rename is still new.
    write(repo, {"k8s/api-deploy.yaml": deployment("api", privileged=True, namespace="pay")})
    done = run_cli("scan", "--diff-base", "main", "--format", "json", cwd=repo)
    report = json.loads(done.stdout)
    assert done.returncode == 1
    new = [(f["code"], f["address"]) for f in report["findings"] if f["state"] == "new"]
    assert ("K8S-001", "apps/Deployment/pay/api") in new
    assert [f["address"] for f in report["fixed"] if f["code"] == "K8S-001"] == [
        "apps/Deployment/shop/api"
    ]
