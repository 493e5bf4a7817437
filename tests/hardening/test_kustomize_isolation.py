"""kubectl kustomize without network or cluster: what it is given, and what is refused
before it runs. A fake kubectl on PATH records its environment and arguments; the real one
(where installed) shows that no cluster and no repository outside the tree is reached."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..gate.helpers import write
from .bounded import found, scan

KUSTOMIZATION = "kustomization.yaml"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not on PATH")


@pytest.fixture
def fake_kubectl(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """(an environment whose PATH finds the fake first, the file it records to)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "record"
    script = bin_dir / "kubectl"
    script.write_text(
        "#!/bin/sh\n"
        f'{{ echo "ARGS=$*"; echo "CWD=$(pwd)"; env; }} > "{record}"\n'
        f"printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {{name: rendered}}\\n'\n"
    )
    script.chmod(0o755)
    env = dict(
        os.environ,
        PATH=f"{bin_dir}:{os.environ['PATH']}",
        KUBECONFIG=str(tmp_path / "kubeconfig"),
        AWS_SECRET_ACCESS_KEY="planted-secret",
        GITHUB_TOKEN="planted-token",
    )
    yield env, record


def _recorded(record: Path) -> tuple[str, str, dict[str, str]]:
    lines = record.read_text().splitlines()
    args = lines[0].removeprefix("ARGS=")
    cwd = lines[1].removeprefix("CWD=")
    env = dict(line.split("=", 1) for line in lines[2:] if "=" in line)
    return args, cwd, env


def test_kubectl_runs_with_no_cluster_no_home_and_no_network(
    tmp_path: Path, fake_kubectl: tuple[dict[str, str], Path]
) -> None:
    env, record = fake_kubectl
    tree = tmp_path / "tree"
    write(tree, {"k/kustomization.yaml": "resources: [cm.yaml]\n", "k/cm.yaml": CM})
    _code, report = scan(tree, env=env)
    assert report["summary"]["resources"] == 1, report  # the fake's rendering was read
    args, cwd, seen = _recorded(record)
    assert args == f"kustomize {tree / 'k'}"
    assert seen["KUBECONFIG"] == os.devnull
    for private in ("HOME", "TMPDIR", "XDG_CONFIG_HOME"):
        assert seen[private] == cwd != os.environ.get("HOME")
        assert not cwd.startswith(str(tree))
    assert not Path(cwd).exists()  # removed after the run
    assert seen["GIT_ALLOW_PROTOCOL"] == ""
    assert seen["GIT_CONFIG_KEY_0"] == "protocol.allow" and seen["GIT_CONFIG_VALUE_0"] == "never"
    assert seen["HTTPS_PROXY"] == seen["HTTP_PROXY"] == "http://127.0.0.1:9"
    # A minimal environment: nothing of the caller's but PATH.
    assert "AWS_SECRET_ACCESS_KEY" not in seen and "GITHUB_TOKEN" not in seen
    assert set(seen) - {"PATH", "PWD", "SHLVL", "_", "OLDPWD"} <= {
        "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR", "KUBECONFIG", "LANG",
        "GIT_TERMINAL_PROMPT", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_COUNT",
        "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_CONFIG_KEY_1", "GIT_CONFIG_VALUE_1",
        "GIT_ALLOW_PROTOCOL", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
        "ALL_PROXY", "NO_PROXY", "no_proxy",
    }  # fmt: skip


REMOTE = {
    "url/kustomization.yaml": "resources:\n- https://github.com/org/repo//base?ref=v1\n",
    "shorthand/kustomization.yaml": "resources:\n- github.com/org/repo/base\n",
    "local-clone/kustomization.yaml": "resources:\n- file:///srv/repo//base\n",
    "patch-url/kustomization.yaml": (
        "resources: [cm.yaml]\npatches:\n- path: https://example.com/p.yaml\n"
    ),
    "patch-url/cm.yaml": CM,
    # Remote only through a local base: refused all the same.
    "overlay/kustomization.yaml": "resources: [../base]\n",
    "base/kustomization.yaml": "resources: [cm.yaml, git@github.com:org/repo.git]\n",
    "base/cm.yaml": CM,
}


def test_remote_resources_are_refused_before_kubectl_runs(
    tmp_path: Path, fake_kubectl: tuple[dict[str, str], Path]
) -> None:
    env, record = fake_kubectl
    tree = tmp_path / "tree"
    write(tree, REMOTE)
    write(tmp_path, {"outside/kustomization.yaml": "resources: [cm.yaml]\n", "outside/cm.yaml": CM})
    write(tree, {"escape/kustomization.yaml": "resources: [../../outside]\n"})
    code, report = scan(tree, env=env)
    assert code == 1
    refused = found(report, "file-not-scanned")
    for directory in ("url", "shorthand", "local-clone", "patch-url", "overlay", "base"):
        assert "fetches remote resources" in refused[f"{directory}/{KUSTOMIZATION}"], directory
        assert "--allow-remote-kustomize" in refused[f"{directory}/{KUSTOMIZATION}"]
    assert "outside the scanned target" in refused[f"escape/{KUSTOMIZATION}"]
    assert not record.exists(), "kubectl ran"


def test_remote_resources_are_fetched_only_when_allowed(
    tmp_path: Path, fake_kubectl: tuple[dict[str, str], Path]
) -> None:
    env, record = fake_kubectl
    write(tmp_path / "tree", {"url/kustomization.yaml": REMOTE["url/kustomization.yaml"]})
    _code, report = scan(tmp_path / "tree", "--allow-remote-kustomize", ".", env=env)
    assert report["summary"]["resources"] == 1
    _, _, seen = _recorded(record)
    assert seen["GIT_ALLOW_PROTOCOL"] == "https:ssh:git"  # never file:// or ext::
    assert seen["GIT_CONFIG_KEY_1"] == "protocol.file.allow"
    assert seen["GIT_CONFIG_VALUE_1"] == "never"
    assert "HTTPS_PROXY" not in seen or seen["HTTPS_PROXY"] != "http://127.0.0.1:9"


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@needs_kubectl
def test_the_real_kubectl_contacts_no_cluster(tmp_path: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        kubeconfig = tmp_path / "kubeconfig"
        kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\ncurrent-context: x\n"
            f"clusters: [{{name: c, cluster: {{server: 'http://127.0.0.1:{server.server_port}'}}}}]\n"
            "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
            "users: [{name: u, user: {token: abc}}]\n"
        )
        write(
            tmp_path / "tree", {"k/kustomization.yaml": "resources: [cm.yaml]\n", "k/cm.yaml": CM}
        )
        env = dict(os.environ, KUBECONFIG=str(kubeconfig))
        _code, report = scan(tmp_path / "tree", env=env)
    finally:
        server.shutdown()
        server.server_close()
    assert report["summary"]["resources"] == 1
    assert _Recorder.paths == []  # kubectl asked the kubeconfig's server nothing


@needs_kubectl
def test_the_real_kubectl_clones_no_repository_outside_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside-repo"
    write(outside, {"base/kustomization.yaml": "resources: [cm.yaml]\n", "base/cm.yaml": CM})
    git = ["git", "-C", str(outside), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    reference = f"file://{outside}//base"
    write(tmp_path / "tree", {"k/kustomization.yaml": f"resources:\n- {reference}\n"})
    code, report = scan(tmp_path / "tree")
    assert code == 1 and report["summary"]["resources"] == 0
    assert "fetches remote resources" in found(report, "file-not-scanned")[f"k/{KUSTOMIZATION}"]
    # Allowed remote resources still never use git's file transport.
    code, report = scan(tmp_path / "tree", "--allow-remote-kustomize", ".")
    assert code == 1 and report["summary"]["resources"] == 0
    assert "transport 'file' not allowed" in found(report, "parse-error")[f"k/{KUSTOMIZATION}"]
