"""Attacks on the gate itself, each reproduced as a hostile tree or input and run as a whole
process under the hardening limits (1.5 GB of address space, 60 s of CPU): a configuration in the
tree that runs code, inline ignores that silence critical findings with a one-character reason,
reads that leave the tree or never end, and output that drives terminals and CI runners."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

MEMORY_LIMIT = 1536 * 1024 * 1024
CPU_LIMIT = 60
PAYLOAD = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\n"
PRIVILEGED = (
    "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: a}}\n"
    "spec:\n  containers:\n    - name: c\n      image: nginx\n"
    "      securityContext:\n        privileged: true{comment}\n"
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def iacgate(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script (what pre-commit and the Action run), bounded."""
    script = Path(sys.executable).parent / "iacgate"
    return subprocess.run(
        [str(script), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
        preexec_fn=_limits,
        timeout=120,
        check=False,
    )


def _git(repo: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@e",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@e",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


# -- code from the scanned tree -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("config_name", "config_text"),
    [
        (".iacgate.yaml", "packs: [./evil]\n"),
        ("pyproject.toml", '[tool.iacgate]\npacks = ["./evil"]\n'),
    ],
)
def test_a_configuration_in_the_tree_cannot_load_its_own_packs(
    tmp_path: Path, config_name: str, config_text: str
) -> None:
    repo = tmp_path / "repo"
    (repo / "evil").mkdir(parents=True)
    (repo / "app").mkdir()
    marker = tmp_path / "MARKER"
    (repo / "evil" / "pack.toml").write_text('name = "evil"\nmodules = ["rules"]\n')
    (repo / "evil" / "rules.py").write_text(PAYLOAD.format(marker=str(marker)))
    (repo / config_name).write_text(config_text)
    (repo / "app" / "pod.yaml").write_text(PRIVILEGED.format(name="p", comment=""))
    _git(repo, "init", "-q")
    # From the root, from a subdirectory (the configuration is found upwards), and as the
    # pre-commit hook runs it.
    for args, cwd in (
        (("scan", "app"), repo),
        (("scan", "."), repo / "app"),
        (("pre-commit", "app/pod.yaml"), repo),
    ):
        done = iacgate(*args, cwd=cwd)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "packs: ./evil is a directory pack" in done.stderr
        assert "--trust-config" in done.stderr
        assert not marker.exists(), f"{args}: code from the scanned tree ran"
    # Trust is explicit: then (and only then) the pack runs.
    done = iacgate("scan", "app", "--trust-config", cwd=repo)
    assert marker.exists(), done.stderr


# -- inline ignores -----------------------------------------------------------------------------


def test_a_one_character_reason_does_not_silence_a_critical_finding(tmp_path: Path) -> None:
    comment = "  # iacgate:ignore K8S-001,K8S-002 ."
    (tmp_path / "pod.yaml").write_text(PRIVILEGED.format(name="p", comment=comment))
    done = iacgate("scan", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    privileged = [f for f in report["findings"] if f["code"] == "K8S-001"]
    assert len(privileged) == 1 and "suppressed" not in privileged[0] and privileged[0]["gating"]
    reasons = [f["message"] for f in report["findings"] if f["code"] == "CORE-010"]
    assert reasons and "too short (1 characters" in reasons[0]
    # A real reason is still not enough for a critical finding by default...
    comment = "  # iacgate:ignore K8S-001 the node agent needs the host's devices"
    (tmp_path / "pod.yaml").write_text(PRIVILEGED.format(name="p", comment=comment))
    done = iacgate("scan", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(done.stdout)
    privileged = [f for f in report["findings"] if f["code"] == "K8S-001"]
    assert done.returncode == 1 and "suppressed" not in privileged[0]
    assert "needs an exception" in privileged[0]["notes"][0]
    # ... and a repository can forbid inline ignores altogether.
    (tmp_path / ".iacgate.yaml").write_text("ignores: {inline: deny, max-severity: critical}\n")
    done = iacgate("scan", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode == 1
    (tmp_path / ".iacgate.yaml").write_text("ignores: {max-severity: critical}\n")
    done = iacgate("scan", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout


def test_a_change_cannot_add_its_own_ignores_when_only_the_base_counts(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    config = "ignores: {only-from-base: true, max-severity: critical}\nfail-on: high\n"
    reasoned = "  # iacgate:ignore K8S-001 the CNI agent needs it (SEC-12)"
    (repo / ".iacgate.yaml").write_text(config)
    (repo / "cni.yaml").write_text(PRIVILEGED.format(name="cni", comment=reasoned))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-q", "-b", "pr")
    (repo / "app.yaml").write_text(PRIVILEGED.format(name="app", comment=reasoned))
    # The ignore that was on the base still holds after its file is renamed.
    _git(repo, "mv", "cni.yaml", "kube-system-cni.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "pr")
    done = iacgate("scan", "--diff-base", "main", "--format", "json", ".", cwd=repo)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    by_name = {f["address"]: f for f in report["findings"] if f["code"] == "K8S-001"}
    assert "suppressed" in by_name["core/Pod/a/cni"]
    added = by_name["core/Pod/a/app"]
    assert "suppressed" not in added and added["gating"]
    assert "new since the merge base and ignores.only-from-base is set" in added["notes"][0]
    # Without the option the new ignore holds, and the report says the change added it.
    (repo / ".iacgate.yaml").write_text("ignores: {max-severity: critical}\n")
    done = iacgate("scan", "--diff-base", "main", "--format", "json", ".", cwd=repo)
    report = json.loads(done.stdout)
    added = next(
        f for f in report["findings"] if f["address"] == "core/Pod/a/app" and f["code"] == "K8S-001"
    )
    assert done.returncode == 0 and "suppressed" in added
    assert added["notes"] == ["suppressed by an inline ignore this change adds (app.yaml:9)"]


# -- reads: bounded, inside the tree ------------------------------------------------------------


def _helm_stream(source: str) -> str:
    return "---\n# Source: " + source + "\n" + PRIVILEGED.format(name="p", comment="")


def test_a_rendered_stream_cannot_make_the_ignore_reader_leave_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    # A file outside the scanned tree whose line 7 (the image line of the rendered document)
    # would excuse the unpinned image.
    lines = ["# filler"] * 6 + ["image: x  # iacgate:ignore K8S-010 read from outside the tree"]
    (outside / "chart.yaml").write_text("\n".join(lines) + "\n")
    work = tmp_path / "work"
    work.mkdir()
    for source in ("../outside/chart.yaml", str(outside / "chart.yaml")):
        done = iacgate("scan", "--format", "json", "-", cwd=work, stdin=_helm_stream(source))
        assert done.returncode == 1, done.stderr
        report = json.loads(done.stdout)
        finding = next(f for f in report["findings"] if f["code"] == "K8S-010")
        assert finding["start_line"] == 7 and "suppressed" not in finding, source
    # Devices and FIFOs named by the stream are never opened (they would never end).
    fifo = work / "templates" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    for source in ("../../../../../../../dev/zero", "/dev/zero", "templates/pipe.yaml"):
        done = iacgate("scan", "--format", "json", "-", cwd=work, stdin=_helm_stream(source))
        assert done.returncode == 1, (source, done.stderr[-2000:])
        assert any(f["code"] == "K8S-001" for f in json.loads(done.stdout)["findings"])


def test_configuration_inputs_are_bounded_and_inside_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pod.yaml").write_text(PRIVILEGED.format(name="p", comment=""))
    _git(repo, "init", "-q")
    os.mkfifo(repo / "pipe.yaml")
    cases = {
        "exceptions-file: /dev/zero\n": "is outside",
        "exceptions-file: ../../../../../../../../dev/zero\n": "is outside",
        "exceptions-file: pipe.yaml\n": "not a regular file",
        "baseline: /dev/zero\n": "is outside",
        "baseline: pipe.yaml\n": "not a regular file",
    }
    for text, expected in cases.items():
        (repo / ".iacgate.yaml").write_text(text)
        done = iacgate("scan", "pod.yaml", cwd=repo)
        assert done.returncode == 2, (text, done.stderr[-2000:])
        assert expected in done.stderr, (text, done.stderr)
    # The configuration file itself, as a link to an endless device.
    (repo / ".iacgate.yaml").unlink()
    (repo / ".iacgate.yaml").symlink_to("/dev/zero")
    done = iacgate("scan", "pod.yaml", cwd=repo)
    assert done.returncode == 2 and "not a regular file" in done.stderr
    (repo / ".iacgate.yaml").unlink()
    (repo / ".iacgate.yaml").write_text("exceptions-file: big.yaml\n")
    (repo / "big.yaml").write_text("exceptions: []\n" + "#" * (2 * 1024 * 1024) + "\n")
    done = iacgate("scan", "pod.yaml", cwd=repo)
    assert done.returncode == 2 and "over the 1048576 limit" in done.stderr


# -- output: terminals, CI runners, Markdown, XML -----------------------------------------------

HOSTILE_NAME = "x\\n::stop-commands::token\\n\\u001b]8;;http://evil/\\u0007\\u202egnp.exe"


def test_output_never_carries_commands_escapes_or_markup(tmp_path: Path) -> None:
    pod = PRIVILEGED.format(name=f'"{HOSTILE_NAME}"', comment="").replace(
        "image: nginx", 'image: "nginx`![x](http://evil/i.png)[a](http://evil)<img src=x>"'
    )
    (tmp_path / "pod.yaml").write_text(pod)
    (tmp_path / "::error file=README.md::x.yaml").write_text(pod.replace("x\\n", "y\\n"))
    done = iacgate(
        "scan",
        ".",
        "--output",
        "junit=out/junit.xml",
        "--output",
        "markdown=out/summary.md",
        "--output",
        "github=out/annotations.txt",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    for name, text in (
        ("text", done.stdout),
        ("markdown", (tmp_path / "out/summary.md").read_text()),
        ("junit", (tmp_path / "out/junit.xml").read_text()),
    ):
        for line in text.splitlines():
            assert not line.lstrip().startswith("::"), (name, line)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, name
    assert "\\x0a::stop-commands::token\\x0a\\x1b]8;;http://evil/\\x07\\u202egnp.exe" in done.stdout
    # Annotations are workflow commands by design: one per finding, no other.
    annotations = (tmp_path / "out/annotations.txt").read_text().splitlines()
    assert all(a.startswith(("::error ", "::warning ", "::notice ")) for a in annotations)
    assert not any("\x1b" in a or "%0A::" in a.split("::", 2)[1] for a in annotations)
    # JUnit stays well-formed XML although names carry control characters.
    suites = ET.parse(tmp_path / "out/junit.xml").getroot()
    names = [case.get("name") or "" for case in suites.iter("testcase")]
    assert any("\\x0a::stop-commands::token" in n for n in names)
    # Markdown, rendered by GitHub's own renderer (raw HTML allowed, as a worst case): no image,
    # no link (not even an autolinked URL) and no HTML from the tree.
    from cmarkgfm import github_flavored_markdown_to_html
    from cmarkgfm.cmark import Options

    html = github_flavored_markdown_to_html(
        (tmp_path / "out/summary.md").read_text(), options=Options.CMARK_OPT_UNSAFE
    )
    assert "<img" not in html and "<a " not in html and "<table>" in html
    # The value itself is shown as written.
    shown = re.sub(r"<[^>]+>", "", html)
    assert "nginx`![x](http://evil/i.png)[a](http://evil)&lt;img src=x&gt;" in shown


def test_configuration_errors_quote_the_file_harmlessly(tmp_path: Path) -> None:
    (tmp_path / ".iacgate.yaml").write_text(
        'rules: {ignore: ["K8S-999\\u001b]0;owned\\u0007\\n::error::fake\\u202e"]}\n'
    )
    (tmp_path / "pod.yaml").write_text(PRIVILEGED.format(name="p", comment=""))
    done = iacgate("scan", "pod.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "no loaded rule matches" in done.stderr
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr
    assert not any(line.lstrip().startswith("::") for line in done.stderr.splitlines())
