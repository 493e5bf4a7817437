"""The GitHub Action: ``action.yml`` against the official schema, its composite steps executed
by bash with a simulated runner (``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``,
``GITHUB_EVENT_PATH``, ``GITHUB_WORKSPACE``), the documented workflow, and trust: nothing a pull
request adds is executed."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement

from ..conftest import REPO
from .helpers import deployment, git, init_repo, write
from .test_reporters import SCHEMAS

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
_EXPR = re.compile(r"\$\{\{\s*([a-z]+)\.([A-Za-z0-9_-]+)(?:\.outputs\.([A-Za-z0-9_-]+))?\s*\}\}")


def _schema(name: str) -> Any:
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_action_definition_is_valid() -> None:
    errors = list(_schema("github-action.json").iter_errors(ACTION))
    assert not errors, [e.message for e in errors]
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "config", "formats", "diff-base", "command"} <= set(
        ACTION["inputs"]
    )
    assert {"findings", "new", "fixed", "failed", "sarif-file"} <= set(ACTION["outputs"])
    steps = ACTION["runs"]["steps"]
    assert not any("uses" in s for s in steps), "no other action, no container image"
    # Inputs reach scripts through env only (no ${{ }} inside run: script injection).
    assert not any("${{" in s["run"] for s in steps)


def test_documented_workflow_is_valid() -> None:
    text = (REPO / "docs" / "github-action.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    # GitHub reads YAML 1.2, where `on` is a string; PyYAML (1.1) makes it True.
    workflows = [
        {("on" if k is True else k): v for k, v in yaml.safe_load(b).items()}
        for b in blocks
        if "jobs:" in b
    ]
    assert workflows
    for workflow in workflows:
        errors = list(_schema("github-workflow.json").iter_errors(workflow))
        assert not errors, [e.message for e in errors]
        steps = next(iter(workflow["jobs"].values()))["steps"]
        uses = [s.get("uses", "") for s in steps]
        assert any(u.startswith("actions/checkout") for u in uses)
        assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
        gate = next(s for s in steps if s.get("uses", "").startswith("iacgate/iacgate"))
        assert set(gate.get("with", {})) <= set(ACTION["inputs"])


def _pins(*names: str) -> dict[str, str]:
    pins = {}
    for file in names:
        for line in (REPO / "iacgate" / file).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, version = line.partition("==")
                assert version, f"not pinned: {line}"
                pins[name.lower().replace("_", "-")] = version
    return pins


def _closure(requirements: list[Requirement], pins: dict[str, str]) -> set[str]:
    """Every distribution ``requirements`` need, checked against ``pins``."""
    todo, seen = list(requirements), set()
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not pinned"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
        if name in seen:
            continue
        seen.add(name)
        todo.extend(Requirement(r) for r in metadata.requires(name) or ())
    return seen


def test_pinned_requirements_cover_the_runtime_dependencies_and_cloudformation() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = [Requirement(r) for r in project["dependencies"]]
    pins = _pins("action-requirements.txt")
    assert _closure(core, pins) == set(pins), "pinned but unused"
    # The cloudformation extra (SAM templates), installed by default: the second file pins
    # exactly what it adds.
    extra = [Requirement(r) for r in project["optional-dependencies"]["cloudformation"]]
    both = _pins("action-requirements.txt", "action-requirements-cloudformation.txt")
    assert _closure(core + extra, both) == set(both), "pinned but unused"
    step = ACTION["runs"]["steps"][0]
    assert ACTION["inputs"]["extras"]["default"] == "cloudformation"
    assert "action-requirements-cloudformation.txt" in step["run"]
    assert '"$GITHUB_ACTION_PATH[cloudformation]"' in step["run"]


# -- running the composite steps -------------------------------------------------------------


def _substitute(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        scope, name, output = match.groups()
        if scope == "inputs":
            return inputs[name]
        if scope == "steps" and output:
            return outputs.get(name, {}).get(output, "")
        raise AssertionError(f"unsupported expression {match.group(0)}")

    return _EXPR.sub(value, text)


def _read_outputs(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        found[key] = value
    return found


class Runner:
    """Executes ``action.yml``'s steps the way the Actions runner does for a composite
    action: each ``run`` under ``bash -e`` with the step's ``env``, a fresh GITHUB_OUTPUT file
    per step, and the action's outputs evaluated from the steps' outputs."""

    def __init__(self, temp: Path) -> None:
        self.temp = temp

    def run(
        self,
        workspace: Path,
        with_inputs: dict[str, str],
        event_name: str = "push",
        event: dict[str, Any] | None = None,
        steps: tuple[int, ...] | None = None,
    ) -> tuple[dict[str, str], list[subprocess.CompletedProcess[str]], Path]:
        inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
        inputs.update(with_inputs)
        event_path = self.temp / "event.json"
        event_path.write_text(json.dumps(event or {}))
        summary = workspace.parent / "summary.md"
        base_env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "INPUT_", "VIRTUAL_ENV"))
        }
        base_env.update(
            RUNNER_TEMP=str(self.temp),
            GITHUB_ACTION_PATH=str(REPO),
            GITHUB_WORKSPACE=str(workspace),
            GITHUB_EVENT_NAME=event_name,
            GITHUB_EVENT_PATH=str(event_path),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_ACTIONS="true",
        )
        step_outputs: dict[str, dict[str, str]] = {}
        done = []
        for index, step in enumerate(ACTION["runs"]["steps"]):
            if steps is not None and index not in steps:
                continue
            output_file = self.temp / f"output-{index}"
            output_file.write_text("")
            env = dict(base_env, GITHUB_OUTPUT=str(output_file))
            env.update(
                {
                    k: _substitute(str(v), inputs, step_outputs)
                    for k, v in step.get("env", {}).items()
                }
            )
            result = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=workspace,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            done.append(result)
            if "id" in step:
                step_outputs[step["id"]] = _read_outputs(output_file)
            if result.returncode != 0:
                break
        outputs = {
            name: _substitute(spec["value"], inputs, step_outputs)
            for name, spec in ACTION["outputs"].items()
        }
        return outputs, done, summary


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    """The install step, run once: a virtualenv from the pinned requirements and this
    checkout (skips where the package index cannot be reached)."""
    temp = tmp_path_factory.mktemp("runner")
    workspace = tmp_path_factory.mktemp("empty-workspace")
    runner = Runner(temp)
    # The core only: the extra's install (boto3, cfn-lint, sympy) would add minutes; its pins
    # are checked above.
    _, done, _ = runner.run(workspace, {"extras": ""}, steps=(0,))
    if done[0].returncode != 0:
        pytest.skip(f"cannot install the action's environment: {done[0].stderr[-800:]}")
    yield runner


def _pr_repo(root: Path) -> tuple[Path, str]:
    """Main with 3 violations; a pull request that fixes one and adds one."""
    repo = root / "repo"
    init_repo(
        repo,
        {
            "k8s/a.yaml": deployment("a", privileged=True),
            "k8s/b.yaml": deployment("b", privileged=True),
            "k8s/c.yaml": deployment("c", privileged=True),
            "k8s/d.yaml": deployment("d"),
            ".iacgate.yaml": "fail-on: high\n",
        },
    )
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pr")
    write(repo, {"k8s/d.yaml": deployment("d", privileged=True), "k8s/c.yaml": deployment("c")})
    git(repo, "commit", "-qam", "pr")
    return repo, base


def _pr_event(base: str) -> dict[str, Any]:
    return {"pull_request": {"number": 7, "base": {"sha": base, "ref": "main"}}}


def test_pull_request_run(runner: Runner, tmp_path: Path) -> None:
    repo, base = _pr_repo(tmp_path)
    outputs, done, summary = runner.run(
        repo,
        {"formats": "sarif,markdown,github,junit"},
        "pull_request",
        _pr_event(base),
        steps=(1,),
    )
    step = done[-1]
    assert step.returncode == 1, step.stderr
    assert outputs["new"] == "1" and outputs["fixed"] == "1" and outputs["findings"] == "3"
    assert outputs["failed"] == "true" and outputs["exit-code"] == "1"
    assert outputs["failing"] == "1" and outputs["sarif-file"] == "iacgate.sarif"
    # What the runner acts on: the gate's text output is fenced off by stop-commands.
    assert "::stop-commands::" in step.stdout
    annotations = _commands(step.stdout)
    assert annotations == [
        "::error file=k8s/d.yaml,line=16,endLine=16,title=K8S-001 privileged-container "
        "(critical%2C risk 61)::apps/Deployment/shop/d: container 'app' runs privileged"
    ]
    sarif = json.loads((repo / "iacgate.sarif").read_text())
    assert not list(_schema("sarif-schema-2.1.0.json").iter_errors(sarif))
    states = sorted(r["baselineState"] for r in sarif["runs"][0]["results"])
    assert states == ["new", "unchanged", "unchanged"]
    text = summary.read_text()
    assert "Compared with merge base of" in text and "**1 new**" in text and "### Fixed" in text
    assert (repo / "iacgate-junit.xml").is_file()
    assert git(repo, "status", "--porcelain") == "?? iacgate-junit.xml\n?? iacgate.sarif\n"


def test_push_run_without_diff_base_and_inputs(runner: Runner, tmp_path: Path) -> None:
    repo, _ = _pr_repo(tmp_path)
    outputs, done, summary = runner.run(
        repo,
        {"paths": "k8s/a.yaml k8s/d.yaml", "fail-on": "none", "formats": "sarif"},
        steps=(1,),
    )
    assert done[-1].returncode == 0, done[-1].stderr
    assert outputs["findings"] == "2" and outputs["new"] == "2" and outputs["fixed"] == "0"
    assert outputs["failed"] == "false"
    assert not summary.exists() and _commands(done[-1].stdout) == []
    outputs, done, _ = runner.run(repo, {"command": "deploy"}, steps=(1,))
    assert done[-1].returncode == 2 and "command: expected 'scan' or 'drift'" in done[-1].stdout


# -- trust -------------------------------------------------------------------------------------

_EVIL = (
    "import pathlib, os\n"
    "pathlib.Path(os.environ['IACGATE_TRUST_MARKER']).joinpath(__name__ + '.ran').write_text('x')\n"
)


def test_pull_request_cannot_make_the_action_run_its_code(runner: Runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(
        repo,
        {"k8s/a.yaml": deployment("a"), ".iacgate.yaml": "fail-on: high\n"},
    )
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pr")
    rule = (
        _EVIL + "from iacgate.rules.dsl import rule\nfrom iacgate.rules.metadata import Severity\n"
        "@rule(code='EVIL-001', name='evil', kind='k8s.apps.deployment', severity=Severity.LOW)\n"
        "def evil(r, c):\n    '''x\n\n    What it checks\n        x\n"
        "    Why it matters\n        x\n"
        "    How to fix\n        x\n    '''\n    return []\n"
    )
    write(
        repo,
        {
            # A pack in the tree and a configuration pointing at it, turning the gate off.
            "evil_pack/pack.toml": 'name = "evil"\nmodules = ["rules"]\n',
            "evil_pack/__init__.py": _EVIL,
            "evil_pack/rules.py": rule,
            ".iacgate.yaml": "packs: [./evil_pack, evil_pack]\nfail-on: none\n",
            "pyproject.toml": '[tool.iacgate]\npacks = ["./evil_pack"]\n',
            # Modules that would shadow iacgate's own if the workspace were on sys.path.
            "iacgate/__init__.py": _EVIL,
            "iacgate/action.py": _EVIL,
            "sitecustomize.py": _EVIL,
            "usercustomize.py": _EVIL,
            "k8s/b.yaml": deployment("b", privileged=True),
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr adds a pack")
    markers = tmp_path / "markers"
    markers.mkdir()
    os.environ["IACGATE_TRUST_MARKER"] = str(markers)
    try:
        outputs, done, _ = runner.run(repo, {}, "pull_request", _pr_event(base), steps=(1,))
        step = done[-1]
        assert list(markers.iterdir()) == [], step.stdout + step.stderr
        # The base commit's configuration applied: the new privileged container fails.
        assert step.returncode == 1 and outputs["failed"] == "true", step.stdout + step.stderr
        assert outputs["new"] == "1"
        assert "EVIL-001" not in (repo / "iacgate.sarif").read_text()

        # A local scan of the same tree refuses the configuration's pack directory until
        # the owner trusts it explicitly.
        venv_iacgate = runner.temp / "iacgate-venv" / "bin" / "iacgate"
        local = subprocess.run(
            [str(venv_iacgate), "scan", "k8s"], cwd=repo, capture_output=True, text=True
        )
        assert local.returncode == 2 and "pass --trust-config" in local.stderr
        assert list(markers.iterdir()) == []
        # The marker does detect execution: trusted, the configuration loads the pack
        # directory it names (and still never looks a package name up in the working tree).
        local = subprocess.run(
            [str(venv_iacgate), "scan", "k8s", "--trust-config"],
            cwd=repo,
            capture_output=True,
            text=True,
        )
        assert local.returncode == 2
        assert "evil_pack: not an installed policy pack" in local.stderr
        assert [p.name for p in markers.iterdir()] != []
    finally:
        del os.environ["IACGATE_TRUST_MARKER"]


def test_config_input_is_read_from_the_base_commit(runner: Runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo, {"k8s/a.yaml": deployment("a"), "ci/gate.yaml": "fail-on: high\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pr")
    write(repo, {"ci/gate.yaml": "fail-on: none\n", "k8s/b.yaml": deployment("b", privileged=True)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr relaxes the gate")
    event = _pr_event(base)
    outputs, done, _ = runner.run(
        repo, {"config": "ci/gate.yaml"}, "pull_request", event, steps=(1,)
    )
    assert done[-1].returncode == 1 and outputs["failed"] == "true", done[-1].stdout
    # On a push the workspace's configuration is the trusted one.
    outputs, done, _ = runner.run(repo, {"config": "ci/gate.yaml"}, steps=(1,))
    assert done[-1].returncode == 0 and outputs["failed"] == "false", done[-1].stdout
    _, done, _ = runner.run(repo, {"config": "../../etc/passwd"}, "pull_request", event, steps=(1,))
    assert done[-1].returncode == 2 and "must be a path inside the repository" in done[-1].stdout


def test_merge_queue_and_missing_base_fail_closed(runner: Runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo, {"k8s/a.yaml": deployment("a"), ".iacgate.yaml": "fail-on: high\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "pr")
    write(
        repo,
        {
            ".iacgate.yaml": "fail-on: none\n",
            "ci/new.yaml": "fail-on: none\n",
            "k8s/b.yaml": deployment("b", privileged=True),
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr relaxes the gate")
    # A merge queue runs the head of the queue: the base's configuration decides, as on a PR.
    group = {"merge_group": {"base_sha": base, "head_sha": git(repo, "rev-parse", "HEAD")}}
    outputs, done, _ = runner.run(repo, {}, "merge_group", group, steps=(1,))
    assert done[-1].returncode == 1 and outputs["failed"] == "true", done[-1].stdout
    assert outputs["new"] == "1"
    # A base that cannot be read never falls back to the pull request's configuration.
    missing = _pr_event("0" * 40)
    _, done, _ = runner.run(repo, {}, "pull_request", missing, steps=(1,))
    assert done[-1].returncode == 2, done[-1].stdout
    assert "::error title=iacgate::base commit 0000000000000000000000000000000000000000 is not" in (
        done[-1].stdout
    )
    _, done, _ = runner.run(repo, {}, "pull_request", {"pull_request": {}}, steps=(1,))
    assert done[-1].returncode == 2 and "names no base commit" in done[-1].stdout
    # A configuration the pull request adds is not in the base: refused, not replaced.
    event = _pr_event(base)
    _, done, _ = runner.run(repo, {"config": "ci/new.yaml"}, "pull_request", event, steps=(1,))
    assert done[-1].returncode == 2 and "is not in the base commit" in done[-1].stdout


def _commands(stdout: str) -> list[str]:
    """The workflow commands the runner acts on in a step's output: lines starting with ``::``
    (after blanks), except between ``::stop-commands::TOKEN`` and ``::TOKEN::``."""
    found, stopped = [], None
    for line in stdout.splitlines():
        text = line.strip()
        if stopped is not None:
            if text == f"::{stopped}::":
                stopped = None
            continue
        if text.startswith("::stop-commands::"):
            stopped = text.removeprefix("::stop-commands::")
            continue
        if text.startswith("::"):
            found.append(text)
    return found


def test_a_hostile_tree_cannot_issue_workflow_commands(runner: Runner, tmp_path: Path) -> None:
    """A pod name that carries ``::stop-commands::`` and a file named like an annotation: in
    the text output, the fence and the escaping keep the runner from acting on them, and the
    only commands it sees are the gate's own annotations."""
    repo = tmp_path / "repo"
    pod = (
        "apiVersion: v1\nkind: Pod\n"
        'metadata: {name: "x\\n::stop-commands::pwned\\n\\u001b]0;owned\\u0007", namespace: a}\n'
        "spec: {hostPID: true, containers: [{name: c, image: nginx}]}\n"
    )
    init_repo(
        repo,
        {
            "k8s/pod.yaml": pod,
            "::error file=README.md::fake.yaml": pod.replace("x\\n", "y\\n"),
        },
    )
    outputs, done, summary = runner.run(repo, {"formats": "github,markdown,json"}, steps=(1,))
    step = done[-1]
    assert step.returncode == 1 and outputs["failed"] == "true", step.stderr
    commands = _commands(step.stdout)
    assert commands, step.stdout
    assert all(c.startswith(("::error ", "::warning ", "::notice ")) for c in commands), commands
    assert not any("pwned" in c and "stop-commands" in c.split("::")[1] for c in commands)
    assert all("\x1b" not in line for line in step.stdout.splitlines())
    # The runner splits properties at commas and each at its first "=".
    properties = [c.split(" ", 1)[1].split("::", 1)[0] for c in commands if " " in c]
    files = {
        p.split("=", 1)[1]
        for props in properties
        for p in props.split(",")
        if p.startswith("file=")
    }
    assert files == {"k8s/pod.yaml", "%3A%3Aerror file=README.md%3A%3Afake.yaml"}, files
    # The text output shows both names, escaped: no line of it starts with "::".
    assert "\n\\x3a:error file=README.md::fake.yaml\n" in step.stdout
    assert "\\x0a::stop-commands::pwned" in step.stdout
    # The JSON report keeps the exact values (machines read it), and is written when asked.
    report = json.loads((repo / "iacgate.json").read_text())
    assert any("\n::stop-commands::pwned\n" in f["address"] for f in report["findings"])
    assert outputs["json-file"] == "iacgate.json"
    text = summary.read_text()
    assert "\x1b" not in text and not any(line.startswith("::") for line in text.splitlines())


def test_drift_command(runner: Runner, tmp_path: Path) -> None:
    """``command: drift`` against a snapshot: outputs, SARIF and the step summary."""
    from ..live.k8s.cluster import FakeCluster, system_components
    from ..live.k8s.conftest import SHOP
    from ..live.k8s.server import serving, write_kubeconfig
    from .sarif_checks import assert_uploadable

    cluster = FakeCluster()
    system_components(cluster)
    cluster.apply_dir(SHOP)
    repo = tmp_path / "repo"
    init_repo(repo, {f"k8s/{p.name}": p.read_text() for p in SHOP.iterdir()})
    snapshot = tmp_path / "prod.json"
    with serving(cluster) as server:
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", server.url, namespace="shop")
        from iacgate.cli import main as iacgate

        assert (
            iacgate(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(snapshot)]) == 0
        )
    inputs = {"command": "drift", "paths": "k8s", "snapshot": str(snapshot)}
    outputs, done, summary = runner.run(
        repo, {**inputs, "formats": "sarif,markdown,json"}, steps=(1,)
    )
    assert done[-1].returncode == 0, done[-1].stdout + done[-1].stderr
    assert outputs["drift"] == "0" and outputs["failed"] == "false"
    assert "no drift" in summary.read_text()
    # Drift behind the code: a Service deleted by hand.
    data = json.loads(snapshot.read_text())
    data["resources"] = [r for r in data["resources"] if r["address"] != "core/Service/shop/web"]
    snapshot.write_text(json.dumps(data))
    outputs, done, summary = runner.run(
        repo, {**inputs, "formats": "sarif,markdown,json"}, steps=(1,)
    )
    assert done[-1].returncode == 1, done[-1].stdout + done[-1].stderr
    assert outputs["failed"] == "true" and int(outputs["drift"]) >= 1
    sarif = json.loads((repo / "iacgate.sarif").read_text())
    assert_uploadable(sarif)
    assert json.loads((repo / "iacgate.json").read_text())["summary"]["missing"] >= 1
    assert "missing" in summary.read_text()
    _, done, _ = runner.run(repo, {"command": "drift", "paths": "k8s"}, steps=(1,))
    assert done[-1].returncode == 2 and "exactly one of the inputs live" in done[-1].stdout
