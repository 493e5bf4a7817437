"""Pack loading: manifests, explicit paths, duplicate codes, docstring headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate.rules.metadata import parse_doc
from iacgate.rules.packs import PackError, check_unique, load_directory, load_package, load_rules

RULE_MODULE = '''
from iacgate.rules import Severity, ok, rule

@rule(code="{code}", name="{name}", kind="k8s.core.pod", severity=Severity.LOW)
def check(resource, ctx):
    """Summary.

    What it checks
        Something.
    Why it matters
        Reasons.
    How to fix
        Steps.
    """
    return ok()
'''


def _pack(directory: Path, name: str, code: str, rule_name: str) -> Path:
    directory.mkdir()
    (directory / "pack.toml").write_text(f'name = "{name}"\nmodules = ["checks"]\n')
    (directory / "checks.py").write_text(RULE_MODULE.format(code=code, name=rule_name))
    return directory


def test_bundled_pack_loads_from_its_package() -> None:
    pack = load_package("policy_packs.k8s_core")
    assert pack.name == "k8s_core"
    assert all(r.pack == "k8s_core" for r in pack.rules)
    assert [r.meta.code for r in pack.rules] == sorted(
        r.meta.code for r in pack.rules
    ) or pack.rules


def test_directory_pack_loads_only_listed_modules(tmp_path: Path) -> None:
    directory = _pack(tmp_path / "mine", "mine", "MINE-001", "my-rule")
    (directory / "unlisted.py").write_text("raise SystemExit('must not be imported')\n")
    pack = load_directory(directory)
    assert [r.meta.code for r in pack.rules] == ["MINE-001"]
    assert pack.rules[0].meta.problems() == []


def test_duplicate_codes_name_both_origins(tmp_path: Path) -> None:
    first = _pack(tmp_path / "a", "a", "DUP-001", "first-rule")
    second = _pack(tmp_path / "b", "b", "DUP-001", "second-rule")
    rules = [*load_directory(first).rules, *load_directory(second).rules]
    with pytest.raises(PackError) as caught:
        check_unique(rules)
    message = str(caught.value)
    assert "DUP-001" in message
    assert message.count(":check") == 2  # both module:function origins


def test_duplicate_with_bundled_pack_is_refused(tmp_path: Path) -> None:
    clash = _pack(tmp_path / "clash", "clash", "K8S-001", "another-name")
    with pytest.raises(PackError, match="K8S-001"):
        load_rules(["policy_packs.k8s_core", str(clash)])


@pytest.mark.parametrize(
    ("manifest", "message"),
    [("", "lacks 'name'"), ('name = "x"\nmodules = "a"\n', "list"), ("name = [", "TOML")],
)
def test_bad_manifests(tmp_path: Path, manifest: str, message: str) -> None:
    (tmp_path / "pack.toml").write_text(manifest)
    with pytest.raises(PackError, match=message):
        load_directory(tmp_path)


def test_missing_module_and_import_error(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text('name = "x"\nmodules = ["gone"]\n')
    with pytest.raises(PackError, match="not found"):
        load_directory(tmp_path)
    (tmp_path / "pack.toml").write_text('name = "x"\nmodules = ["broken"]\n')
    (tmp_path / "broken.py").write_text("import does_not_exist_anywhere\n")
    with pytest.raises(PackError, match="cannot import"):
        load_directory(tmp_path)


def test_unknown_package_is_a_pack_error() -> None:
    with pytest.raises(PackError, match="not an installed policy pack"):
        load_package("no_such_pack_anywhere")


def test_docstring_sections() -> None:
    doc = parse_doc(
        """Short summary
        on two lines.

        What it checks
            A.
        Why it matters
            B, with
            two lines.
        How to fix
            C::

                code
        """
    )
    assert doc.summary == "Short summary on two lines."
    assert doc.section("Why it matters") == "B, with\ntwo lines."
    assert "    code" in doc.section("How to fix")
