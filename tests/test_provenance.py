"""Where a report comes from: repository, commit and branch read from ``.git`` files (checked
against real git), safely on hostile trees, and never a reason for a scan to fail."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from iacgate.provenance import clean_url, git_revision, utc_now

from .conftest import run_cli

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    git(
        root,
        "remote",
        "add",
        "origin",
        "https://ci-bot:s3cr3t-token@git.example.com/acme/infra.git",
    )
    return root


@needs_git
def test_commit_branch_and_remote_agree_with_git(repository: Path) -> None:
    head = git(repository, "rev-parse", "HEAD")
    found = git_revision(repository / ".")
    assert found == {
        "repository": "https://git.example.com/acme/infra.git",  # no credentials
        "commit": head,
        "branch": "main",
    }
    sub = repository / "modules" / "net"
    sub.mkdir(parents=True)
    assert git_revision(sub)["commit"] == head  # found from a directory below the top


@needs_git
def test_packed_refs_detached_heads_and_worktrees(repository: Path, tmp_path: Path) -> None:
    head = git(repository, "rev-parse", "HEAD")
    git(repository, "pack-refs", "--all")
    assert not (repository / ".git" / "refs" / "heads" / "main").exists()
    assert git_revision(repository)["commit"] == head
    git(repository, "checkout", "-q", "--detach")
    detached = git_revision(repository)
    assert detached["commit"] == head and "branch" not in detached
    git(repository, "checkout", "-q", "main")
    worktree = tmp_path / "wt"
    git(repository, "worktree", "add", "-q", "-b", "feature", str(worktree))
    (worktree / "x.tf").write_text("locals {}\n")
    git(worktree, "add", ".")
    git(worktree, "commit", "-qm", "second")
    assert git_revision(worktree) == {
        "repository": "https://git.example.com/acme/infra.git",
        "commit": git(worktree, "rev-parse", "HEAD"),
        "branch": "feature",
    }


def test_no_repository_gives_nothing(tmp_path: Path) -> None:
    assert git_revision(tmp_path) == {}


def test_hostile_git_files_give_nothing_and_never_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    fifo.mkdir()
    os.mkfifo(fifo / ".git")  # opening a FIFO for reading would block
    assert git_revision(fifo) == {}
    linked = tmp_path / "linked"
    (linked / ".git" / "refs" / "heads").mkdir(parents=True)
    (linked / ".git" / "HEAD").symlink_to("/etc/passwd")
    assert git_revision(linked) == {}
    escaping = tmp_path / "escaping"
    (escaping / ".git").mkdir(parents=True)
    (escaping / ".git" / "HEAD").write_text("ref: refs/../../../../etc/hostname\n")
    assert git_revision(escaping) == {}
    huge = tmp_path / "huge"
    (huge / ".git").mkdir(parents=True)
    (huge / ".git" / "HEAD").write_text("0" * 40 + "\n" * 100_000)
    assert git_revision(huge) == {}
    odd = tmp_path / "odd"
    (odd / ".git").mkdir(parents=True)
    (odd / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (odd / ".git" / "refs" / "heads").mkdir(parents=True)
    (odd / ".git" / "refs" / "heads" / "main").write_text("not-a-sha\n")
    (odd / ".git" / "config").write_text('[remote "origin"]\n\turl = https://x/\x1b[2J\n')
    assert git_revision(odd) == {"branch": "main"}  # no commit, no terminal escape


def test_remote_urls_lose_credentials_query_and_fragment() -> None:
    assert (
        clean_url("https://u:p@h.example:8443/a/b.git?token=x#f")
        == "https://h.example:8443/a/b.git"
    )
    assert clean_url("git@github.com:org/repo.git") == "github.com:org/repo.git"
    assert clean_url("ssh://git@host/x") == "ssh://host/x"
    assert clean_url("/srv/git/repo") == "/srv/git/repo"
    assert clean_url("https://h/\x07") is None
    assert clean_url("x" * 600) is None


def test_utc_now_is_iso_8601_utc() -> None:
    assert len(utc_now()) == 20 and utc_now().endswith("Z") and utc_now()[10] == "T"


@needs_git
def test_scan_report_target_names_the_commit_and_never_the_credentials(repository: Path) -> None:
    done = run_cli("scan", "--format", "json", "--fail-on", "none", ".", cwd=repository)
    assert done.returncode == 0, done.stderr
    target = json.loads(done.stdout)["target"]
    assert target["commit"] == git(repository, "rev-parse", "HEAD")
    assert "s3cr3t" not in done.stdout and "ci-bot" not in done.stdout


def test_a_scan_outside_any_repository_still_reports(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    (tmp_path / ".git").write_text("gitdir: /nonexistent/elsewhere\n")  # a dangling worktree
    done = run_cli("scan", "--format", "json", "--fail-on", "none", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target"] == {"type": "files", "paths": ["."]}
