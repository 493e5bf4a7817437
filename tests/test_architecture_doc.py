"""docs/architecture.md lists every package and top-level module of ``iacgate/``, and nothing
that is gone: the map stays the territory."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"
ROW = re.compile(r"^\| `(iacgate/[^`]*)` \| (.+) \|$", re.MULTILINE)


def _listed(text: str) -> dict[str, str]:
    return {path: what for path, what in ROW.findall(text)}


def _present(root: Path = ROOT) -> set[str]:
    package = root / "iacgate"
    folders = {
        f"{path.parent.relative_to(root).as_posix()}/"
        for path in package.rglob("*.py")
        if path.parent != package and "__pycache__" not in path.parts
    }
    modules = {f"iacgate/{path.name}" for path in package.glob("*.py")}
    return folders | modules


def test_every_package_and_module_is_described_and_none_that_is_gone() -> None:
    listed = _listed(PAGE.read_text("utf-8"))
    present = _present()
    assert sorted(present - set(listed)) == [], "add these to docs/architecture.md"
    assert sorted(set(listed) - present) == [], "gone: remove them from docs/architecture.md"
    assert all(len(what) > 20 for what in listed.values())


def test_the_check_reads_the_tables_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "iacgate" / "new").mkdir(parents=True)
    (tmp_path / "iacgate" / "new" / "mod.py").write_text("")
    (tmp_path / "iacgate" / "cli.py").write_text("")
    assert _present(tmp_path) == {"iacgate/new/", "iacgate/cli.py"}
    assert _listed("| `iacgate/new/` | Something new, described in words. |\n") == {
        "iacgate/new/": "Something new, described in words."
    }
