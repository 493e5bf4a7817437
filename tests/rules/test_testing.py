"""``iacgate test PACK_DIR``: a third-party pack's rules against its own fixtures, as a whole
process (the bundled packs run through the same runner: tests/rules/test_fixtures.py)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from iacgate.rules import testing

from ..conftest import REPO, run_cli

RULE = '''"""A third-party pack: what a pack author writes, importing only the rule API."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, reason
from iacgate.rules import rule, unknown


@rule(
    code="ACME-001",
    name="single-replica-deployment",
    kind="k8s.apps.deployment",
    severity=Severity.LOW,
)
def single_replica(deployment: Resource, ctx: Context) -> Verdict:
    """A Deployment runs one replica.

    What it checks
        ``spec.replicas`` is at least 2.
    Why it matters
        One replica means downtime at every node drain.
    How to fix
        Set ``spec.replicas: 2`` or more.
    """
    replicas = deployment.get("spec.replicas")
    if is_unknown(replicas):
        return unknown(reason(replicas, "the replica count"), "spec.replicas")
    if isinstance(replicas, int) and replicas < 2:
        return fail(f"{replicas} replica", "spec.replicas")
    return ok()
'''

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}{mark}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""


def _pack(root: Path) -> Path:
    pack = root / "acme"
    fixtures = pack / "tests" / "ACME-001" / "kubernetes"
    fixtures.mkdir(parents=True)
    (pack / "pack.toml").write_text('name = "acme"\nversion = "1.0"\nmodules = ["replicas"]\n')
    (pack / "replicas.py").write_text(RULE)
    (fixtures / "pass_two.yaml").write_text(MANIFEST.format(replicas=2, mark=""))
    (fixtures / "fail_one.yaml").write_text(MANIFEST.format(replicas=1, mark="  # expect"))
    return pack


def test_a_pack_whose_rules_answer_as_its_fixtures_say_passes(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    done = run_cli("test", str(pack), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "2 of 2 fixtures as expected"


def test_a_wrong_expectation_fails_and_is_printed(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    fixtures = pack / "tests" / "ACME-001" / "kubernetes"
    # A fixture that says "pass" but fails, and a failure marked on the wrong line.
    (fixtures / "pass_one.yaml").write_text(MANIFEST.format(replicas=1, mark=""))
    (fixtures / "fail_one.yaml").write_text("# expect\n" + MANIFEST.format(replicas=1, mark=""))
    done = run_cli("test", str(pack), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert (
        "ACME-001/kubernetes/pass_one.yaml: expected a pass, got fail: 1 replica (line 6)" in lines
    )
    assert (
        "ACME-001/kubernetes/fail_one.yaml: expected a failure on line 1 (# expect), found none"
        in lines
    )
    assert "ACME-001/kubernetes/fail_one.yaml: unexpected failure on line 7: 1 replica" in lines
    assert lines[-1] == "1 of 3 fixtures as expected, 2 not"


def test_a_pack_without_fixtures_is_a_usage_error(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    done = run_cli("test", str(pack), "--fixtures", str(tmp_path / "missing"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no fixtures directory" in done.stderr


def test_fixtures_for_a_rule_the_pack_lacks_are_mismatches(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    stray = pack / "tests" / "ACME-999" / "kubernetes"
    stray.mkdir(parents=True)
    (stray / "pass_x.yaml").write_text(MANIFEST.format(replicas=2, mark=""))
    result = testing.run_pack(str(pack))
    assert [(str(o.case), o.mismatches) for o in result.failed] == [
        ("ACME-999/kubernetes/pass_x.yaml", ("no rule ACME-999 in the pack",))
    ]


FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def test_the_first_rule_walkthrough_of_the_docs_passes_as_written(tmp_path: Path) -> None:
    """docs/writing-rules.md builds a pack step by step: its blocks, written out, pass
    ``iacgate test`` with the output the page shows."""
    page = (REPO / "docs" / "writing-rules.md").read_text("utf-8")
    section = page.split("## Your first AWS rule", 1)[1].split("\n## ", 1)[0]
    pack = tmp_path / "acme_aws"
    written, shown = [], ""
    for _indent, language, body in FENCE.findall(section):
        text = textwrap.dedent(body).rstrip("\n")
        first = text.splitlines()[0]
        if language == "console":
            shown = text
        elif language in ("toml", "python", "hcl", "yaml") and first.startswith("# "):
            target = pack / first.removeprefix("# ")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text + "\n")
            written.append(first.removeprefix("# "))
    assert len(written) == 7, written  # the manifest, the rule, five fixtures
    command, *expected = shown.splitlines()
    assert command == "$ iacgate test ./acme_aws"
    done = run_cli("test", "./acme_aws", cwd=tmp_path)
    assert (done.returncode, done.stdout.splitlines()) == (0, expected), done.stderr
