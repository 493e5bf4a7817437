"""Every example of the gate's documentation runs.

Each fenced block of the pages below is classified by the HTML comment on the line before it:

- ``<!-- example: KIND ... -->``: run by the test for that kind (a configuration loaded and used
  for a scan, a manifest scanned with its expected suppressions, a workflow validated against
  GitHub's schema, error messages reproduced, a report compared with a real one);
- ``<!-- run: ... -->`` or no comment on a ``sh`` block: every ``iacgate`` command in it runs in a
  prepared git repository and must exit 0 or 1 (2 would be a usage error in the docs);
- ``<!-- not run: REASON -->``: the reason is required (an install command, a live cluster).

A block without any of these fails the test, so a new example cannot go unchecked. Dates in
examples are checked as of ``DOCS_TODAY`` (when they were written), so the suite does not start
failing the day an example exception expires.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from iacgate.gate import baseline as baseline_mod
from iacgate.gate.config import GateConfig, check_selectors, load_exceptions_file
from iacgate.gate.run import ScanOptions, run
from iacgate.rules.packs import load_rules

from ..conftest import FIXTURES, REPO
from .helpers import cli, deployment, git, init_repo, write
from .sarif_checks import SCHEMAS

DOCS_TODAY = dt.date(2026, 12, 7)
PAGES = (
    "README.md",
    "docs/gate.md",
    "docs/configuration.md",
    "docs/ignores.md",
    "docs/exceptions.md",
    "docs/baselines.md",
    "docs/pre-commit.md",
    "docs/github-action.md",
    "docs/json-output.md",
)
KINDS = (
    "config",
    "pyproject",
    "exceptions-file",
    "config-errors",
    "scan",
    "workflow",
    "pre-commit-config",
    "baseline",
    "json-report",
)


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    language: str
    text: str
    marker: str  # the HTML comment before the fence, without <!-- -->

    @property
    def kind(self) -> str:
        if self.marker.startswith("example:"):
            return self.marker.removeprefix("example:").split()[0]
        if self.marker.startswith("not run:"):
            return "not run"
        if self.marker.startswith("run:") or (not self.marker and self.language in ("sh", "bash")):
            return "commands"
        return "unmarked"

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


_FENCE = re.compile(r"^(\s*)```(\w*)\s*$")


def blocks(page: str) -> list[Block]:
    lines = (REPO / page).read_text().splitlines()
    found = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, language = opening.groups()
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        before = lines[index - 1].strip() if index else ""
        marker = before[4:-3].strip() if before.startswith("<!--") else ""
        body = "\n".join(line.removeprefix(indent) for line in lines[index + 1 : end]) + "\n"
        found.append(Block(page, index + 1, language, body, marker))
        index = end + 1
    return found


ALL = [block for page in PAGES for block in blocks(page)]


def of_kind(kind: str) -> list[Block]:
    return [b for b in ALL if b.kind == kind]


def test_every_block_is_run_or_says_why() -> None:
    assert len(ALL) > 30
    unmarked = [str(b) for b in ALL if b.kind == "unmarked"]
    assert not unmarked, f"blocks neither run nor marked 'not run: why': {unmarked}"
    unknown = [str(b) for b in ALL if b.kind not in (*KINDS, "commands", "not run")]
    assert not unknown, unknown
    reasonless = [str(b) for b in ALL if b.kind == "not run" and len(b.marker) < 12]
    assert not reasonless, reasonless
    for kind in KINDS:
        assert of_kind(kind), f"no example of kind {kind}"


def test_every_gate_page_is_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    for page in PAGES[1:]:
        name = page.removeprefix("docs/")
        assert f"(docs/{name})" in readme or name == "json-output.md"
        assert (REPO / page).is_file()


# -- a repository the examples run in --------------------------------------------------------

_PACK_RULE = (
    "from iacgate.rules import dsl\n"
    "from iacgate.rules.metadata import Severity\n"
    "from iacgate.rules.verdicts import ok\n\n"
    "@dsl.rule(code='PLAT-001', name='platform-labels', kind='k8s.apps.deployment',\n"
    "          severity=Severity.LOW)\n"
    "def labels(resource, ctx):\n"
    '    """Deployments carry the platform labels.\n\n    What it checks\n        x\n\n'
    '    Why it matters\n        x\n\n    How to fix\n        x\n    """\n'
    "    return ok()\n"
)


def _exceptions_file() -> str:
    (block,) = of_kind("exceptions-file")
    return block.text


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A git repository with what the examples name: the bundled examples, a manifest, a
    Terraform root and variables file, a state file, a policy-pack directory, an exceptions
    file, a baseline; ``main`` (also as ``origin/main``) and a checked-out feature branch."""
    root = tmp_path_factory.mktemp("docs") / "repo"
    files = {
        "k8s/web.yaml": deployment("web", privileged=True),
        "k8s/prod/api.yaml": deployment("api"),
        "infra/main.tf": (
            'variable "env" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.env\n}\n'
        ),
        "prod.tfvars": 'env = "prod"\n',
        "policies/platform/pack.toml": 'name = "platform"\nmodules = ["labels"]\n',
        "policies/platform/labels.py": _PACK_RULE,
        "security/exceptions.yaml": _exceptions_file(),
        ".iacgate-baseline.json": baseline_mod.render([]),
    }
    init_repo(root, files)
    shutil.copytree(REPO / "docs" / "examples", root / "docs" / "examples")
    shutil.copy(FIXTURES / "terraform" / "live_aws" / "state.json", root / "plan.json")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "examples")
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, {"k8s/new.yaml": deployment("new", privileged=True)})
    yield root


def _commands(text: str) -> list[list[str]]:
    """The ``iacgate`` commands of a shell block (continuations joined, comments and
    ``&&`` chains split), as argument lists."""
    joined = re.sub(r"\\\n\s*", " ", text)
    found: list[list[str]] = []
    for line in joined.splitlines():
        current: list[str] = []
        for token in [*shlex.split(line, comments=True), "&&"]:
            if token == "&&":
                if current:
                    found.append(current)
                current = []
            else:
                current.append(token)
    return found


@pytest.mark.parametrize("block", of_kind("commands"), ids=str)
def test_documented_commands_run(
    block: Block,
    sandbox: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = _commands(block.text)
    assert commands, block
    for argv in commands:
        assert argv[0] == "iacgate", f"{block}: a run block holds only iacgate commands: {argv}"
        code, _, err = cli(*argv[1:], cwd=sandbox, monkeypatch=monkeypatch, capsys=capsys)
        assert code in (0, 1), f"{block}: {shlex.join(argv)} exited {code}: {err[-2000:]}"


# -- configuration examples -------------------------------------------------------------------


def _gate_with(config: Path, sandbox: Path) -> list[str]:
    """Load ``config`` as iacgate does and run the gate with it; the codes of the findings."""
    options = ScanOptions(
        paths=(str(sandbox / "k8s"),),
        root=sandbox,
        config=config,
        trust_config=True,
        today=DOCS_TODAY,
        jobs=1,
    )
    report = run(options)
    return [g.finding.code for g in report.findings]


@pytest.mark.parametrize("block", of_kind("config"), ids=str)
def test_configuration_examples_load_and_gate(block: Block, sandbox: Path) -> None:
    # Relative paths in a configuration are relative to its own directory: the repository's.
    config = sandbox / f".iacgate-{block.line}.yaml"
    config.write_text(block.text)
    found = _gate_with(config, sandbox)
    # No example exception has expired, and every selector names a loaded rule.
    assert "CORE-012" not in found, block


def test_pyproject_example_loads_and_gates(sandbox: Path, tmp_path: Path) -> None:
    (block,) = of_kind("pyproject")
    assert tomllib.loads(block.text)["tool"]["iacgate"]
    project = tmp_path / "pyproject.toml"
    project.write_text(block.text)
    shutil.copytree(sandbox / "k8s", tmp_path / "k8s")
    assert "CORE-012" not in _gate_with(project, tmp_path)


def test_exceptions_file_example_loads(tmp_path: Path) -> None:
    (block,) = of_kind("exceptions-file")
    records = load_exceptions_file(_written(tmp_path / "exceptions.yaml", block.text))
    assert records and all(r.expires >= DOCS_TODAY for r in records)
    check_selectors(GateConfig(exceptions=tuple(records)), load_rules())


def _written(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# The configurations that produce the documented error messages, in the order of the blocks.
_ERROR_CONFIGS = (
    "version: 1\nunknown: sometimes\nfial-on: medium\nrules:\n  select: [K8S-001, 3]\n",
    "version: 1\nrules:\n  ignore: [K8S-999]\nseverity:\n  'framework:cis-k8s-1.8': medium\n",
    "version: 1\nfail-on: high\nrules: {}\nseverity: {}\nunknown: report\npacks:\n"
    "  - ./policies/platform\n",
)


def test_documented_configuration_errors_are_what_iacgate_prints(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    documented = of_kind("config-errors")
    assert len(documented) == len(_ERROR_CONFIGS)
    for block, text in zip(documented, _ERROR_CONFIGS, strict=True):
        (sandbox / ".iacgate.yaml").write_text(text)
        try:
            code, _, err = cli("scan", "k8s", cwd=sandbox, monkeypatch=monkeypatch, capsys=capsys)
        finally:
            (sandbox / ".iacgate.yaml").unlink()
        assert code == 2, block
        shown = err.replace(str(sandbox), "/home/me/repo")
        for line in block.text.strip().splitlines():
            assert line.strip() in shown, (str(block), line, shown)


# -- scanned examples ---------------------------------------------------------------------------

_SUFFIX = {"yaml": ".yaml", "hcl": ".tf", "json": ".json"}


@pytest.mark.parametrize("block", of_kind("scan"), ids=str)
def test_ignore_examples_suppress_what_they_say(
    block: Block,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{3}\b", block.marker))
    assert expected, block
    (tmp_path / f"example{_SUFFIX[block.language]}").write_text(block.text)
    _, out, _ = cli(
        "scan", "--format", "json", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    report = json.loads(out)
    suppressed = {f["code"] for f in report["findings"] if "suppressed" in f}
    assert suppressed == expected, (block, report["findings"])
    notices = [f["message"] for f in report["findings"] if f["code"] in ("CORE-010", "CORE-011")]
    assert not notices, (block, notices)


# -- workflows, hooks, reports --------------------------------------------------------------------

ACTION = yaml.safe_load((REPO / "action.yml").read_text())


def _schema(name: str) -> Any:
    """A validator for one of the shared schemas; they refer to each other by ``$id``."""
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values() if "$id" in s
    )
    schema = schemas[name]
    return jsonschema.validators.validator_for(schema)(schema, registry=registry)


@pytest.mark.parametrize("block", of_kind("workflow"), ids=str)
def test_documented_workflows_are_valid(block: Block) -> None:
    # GitHub reads YAML 1.2, where `on` is a string; PyYAML (1.1) makes it True.
    workflow = {("on" if k is True else k): v for k, v in yaml.safe_load(block.text).items()}
    errors = list(_schema("github-workflow.json").iter_errors(workflow))
    assert not errors, [e.message for e in errors]
    steps = next(iter(workflow["jobs"].values()))["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    gate = next(s for s in steps if s.get("uses", "").startswith("iacgate/iacgate@"))
    assert set(gate.get("with", {})) <= set(ACTION["inputs"])
    # Pinned to a commit, not a tag that does not exist (or could move).
    assert re.fullmatch(r"iacgate/iacgate@[0-9a-f]{40}", gate["uses"])
    # Step outputs reach scripts through env only: no ${{ }} inside run (script injection).
    assert not any("${{" in s.get("run", "") for s in steps)
    if gate["with"].get("command") == "drift":
        assert "schedule" in workflow["on"]
        assert workflow["permissions"]["id-token"] == "write"
        assert any(u.startswith("aws-actions/configure-aws-credentials") for u in uses)
        assert any(u.startswith("actions/upload-artifact") for u in uses)
        assert any("gh issue create" in s.get("run", "") for s in steps)
        assert {"json", "sarif"} <= set(gate["with"]["formats"].split(","))


@pytest.mark.parametrize("block", of_kind("pre-commit-config"), ids=str)
def test_documented_pre_commit_configurations_are_valid(block: Block) -> None:
    document = yaml.safe_load(block.text)
    errors = list(_schema("pre-commit-config.json").iter_errors(document))
    assert not errors, [e.message for e in errors]
    for repository in document["repos"]:
        if repository["repo"] == "local":
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", repository["rev"]), "rev must be a commit SHA"
        (hook,) = repository["hooks"]
        project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
        extra = project["optional-dependencies"]["cloudformation"]
        assert hook["additional_dependencies"] == extra


def test_documented_baseline_loads(tmp_path: Path) -> None:
    (block,) = of_kind("baseline")
    loaded = baseline_mod.load(_written(tmp_path / "baseline.json", block.text))
    assert json.loads(block.text)["version"] == baseline_mod.BASELINE_VERSION
    assert [e.code for e in loaded.entries] == ["K8S-001"]


def test_documented_json_report_matches_a_real_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = of_kind("json-report")
    documented = json.loads(block.text.replace("…", ""))
    target = "docs/examples/kubernetes/insecure/web.yaml"
    assert target in block.marker
    _, out, _ = cli(
        "scan", "--format", "json", target, cwd=REPO, monkeypatch=monkeypatch, capsys=capsys
    )
    real = json.loads(out)
    assert set(documented) <= set(real) | {"skipped"}
    assert set(documented["summary"]) <= set(real["summary"])
    (shown,) = documented["findings"]
    match = next(f for f in real["findings"] if f["code"] == shown["code"])
    assert {k: v for k, v in match.items() if k in shown and k != "fingerprint"} == {
        k: v for k, v in shown.items() if k != "fingerprint"
    }
