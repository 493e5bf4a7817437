"""fileset(): Terraform's glob patterns (results checked against terraform 1.11), bounded and
inside the read boundary."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate.sources.terraform import fileset
from iacgate.sources.terraform.boundary import ReadBoundary

FILES = ("a.json", "b.txt", "c.json", "sub/d.json", "sub/deep/e.json", "other/f.txt", "x[1].json")
# pattern -> what terraform 1.11 returns for fileset(path.module, pattern) over FILES
EXPECTED = {
    "*.json": ["a.json", "c.json", "x[1].json"],
    "**/*.json": ["a.json", "c.json", "sub/d.json", "sub/deep/e.json", "x[1].json"],
    "{sub,other}/*": ["other/f.txt", "sub/d.json"],
    "[ab].*": ["a.json", "b.txt"],
    "[^ab].*": ["c.json"],
    "?.json": ["a.json", "c.json"],
    "../sib/*.json": ["../sib/g.json"],
    "../*/g.json": ["../sib/g.json"],
    "./sub/*.json": ["sub/d.json"],
    "sub/**": ["sub/d.json", "sub/deep/e.json"],
    "x\\[1].json": ["x[1].json"],
    "**/deep/*.json": ["sub/deep/e.json"],
    "/sub/*.json": ["sub/d.json"],
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    (tmp_path / "sib").mkdir()
    (tmp_path / "sib" / "g.json").write_text("")
    return root


def test_patterns_match_as_in_terraform(tree: Path) -> None:
    boundary = ReadBoundary.of([tree.parent])
    for pattern, expected in EXPECTED.items():
        assert fileset.fileset(tree, pattern, boundary) == expected, pattern
    assert fileset.fileset(tree, "**", boundary) == sorted(FILES)


def test_nothing_outside_the_boundary_or_through_links(tree: Path) -> None:
    boundary = ReadBoundary.of([tree])
    for outside in ("../sib/*.json", "../*/g.json"):
        with pytest.raises(fileset.NotSearched):
            fileset.fileset(tree, outside, boundary)
    (tree / "link").symlink_to(tree.parent / "sib", target_is_directory=True)
    (tree / "file-link.json").symlink_to(tree.parent / "sib" / "g.json")
    (tree / "inner-link.json").symlink_to(tree / "a.json")
    (tree / ".git").mkdir()
    (tree / ".git" / "config.json").write_text("")
    found = fileset.fileset(tree, "**", boundary)
    assert "inner-link.json" in found  # a link to a file inside is a file, as in Terraform
    assert not [f for f in found if "link/" in f or f == "file-link.json" or ".git" in f]
    with pytest.raises(fileset.NotSearched):
        fileset.fileset(tree, "link/*", boundary)


def test_bad_patterns_and_bounds(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    boundary = ReadBoundary.of([tree])
    for bad in ("[a", "{a,b", "a\\"):
        with pytest.raises(fileset.GlobError):
            fileset.fileset(tree, bad, boundary)
    # Many stars cannot make matching slow: the engine is linear.
    assert fileset.fileset(tree, "*a" * 40 + "*b", boundary) == []
    monkeypatch.setattr(fileset, "MAX_ENTRIES", 5)
    with pytest.raises(fileset.NotSearched):
        fileset.fileset(tree, "**", boundary)
