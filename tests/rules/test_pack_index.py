"""Pack indexes: current for the bundled packs, lazy, and never silently wrong."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iacgate.rules import index
from iacgate.rules.dsl import LazyCheck, RuleLoadError
from iacgate.rules.packs import BUNDLED_PACKS, load_package, package_dir, parse_manifest

REGENERATE = (
    "python -c 'from iacgate.rules import index; "
    'index.write("policy_packs.k8s_core"); index.write("policy_packs.aws_core")\''
)


@pytest.mark.parametrize("package", BUNDLED_PACKS)
def test_bundled_index_is_current(package: str) -> None:
    directory = package_dir(package)
    manifest = parse_manifest((directory / "pack.toml").read_text("utf-8"), package)
    imported = load_package(package, use_index=False)
    expected = index.render(imported.name, manifest, list(imported.rules))
    written = (directory / index.INDEX_FILE).read_text("utf-8")
    assert written == expected, f"{package}/index.json is stale: run {REGENERATE}"


@pytest.mark.parametrize("package", BUNDLED_PACKS)
def test_rules_from_the_index_are_the_imported_rules(package: str) -> None:
    lazy = load_package(package)
    imported = load_package(package, use_index=False)
    assert [r.meta.code for r in lazy.rules] == [r.meta.code for r in imported.rules]
    for made, real in zip(lazy.rules, imported.rules, strict=True):
        assert isinstance(made.check, LazyCheck)
        assert (made.origin, made.pack, made.meta.kinds, made.meta.frameworks) == (
            real.origin,
            real.pack,
            real.meta.kinds,
            real.meta.frameworks,
        )
        assert made.meta.docstring == real.meta.docstring
        assert made.function() is real.check


def test_a_scan_imports_only_the_rule_modules_of_the_kinds_it_meets(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    probe = (
        "import sys\n"
        "from iacgate.cli import main\n"
        "try:\n"
        f"    main(['scan', '--no-config', {str(tmp_path)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('policy_packs.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert "policy_packs.aws_core.s3" in loaded  # the bucket's rules ran
    assert not [m for m in loaded if m.startswith("policy_packs.k8s_core.")], loaded


def _package(root: Path, code_in_index: str) -> str:
    package = root / "indexed_pack"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pack.toml").write_text('name = "indexed"\nmodules = ["checks"]\n')
    (package / "checks.py").write_text(
        "from iacgate.rules import Severity, ok, rule\n\n"
        '@rule(code="IDX-001", name="indexed-rule", kind="k8s.core.pod", severity=Severity.LOW)\n'
        "def check(resource, ctx):\n"
        '    """Summary."""\n'
        "    return ok()\n"
    )
    entry = {
        "code": code_in_index,
        "frameworks": {},
        "function": "check",
        "kinds": ["k8s.core.pod"],
        "module": "indexed_pack.checks",
        "name": "indexed-rule",
        "severity": "low",
        "tags": [],
    }
    head = {"index_version": 1, "name": "indexed", "version": "1", "description": ""}
    (package / "index.json").write_text(json.dumps({**head, "rules": [entry]}))
    return "indexed_pack"


def test_a_stale_index_is_an_error_when_its_rule_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    pack = load_package(_package(tmp_path, "IDX-002"))
    assert [r.meta.code for r in pack.rules] == ["IDX-002"]  # what the index says
    with pytest.raises(RuleLoadError, match="index is stale"):
        pack.rules[0].function()
    monkeypatch.delitem(sys.modules, "indexed_pack", raising=False)
    monkeypatch.delitem(sys.modules, "indexed_pack.checks", raising=False)


def test_a_current_index_loads_the_module_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "indexed_pack", raising=False)
    monkeypatch.delitem(sys.modules, "indexed_pack.checks", raising=False)
    pack = load_package(_package(tmp_path, "IDX-001"))
    assert "indexed_pack.checks" not in sys.modules
    assert pack.rules[0].meta.summary == "Summary."  # reading the docstring imports it
    assert "indexed_pack.checks" in sys.modules
    monkeypatch.delitem(sys.modules, "indexed_pack.checks")
