"""The read boundary: real paths, nested trees, VCS directories."""

from __future__ import annotations

from pathlib import Path

from iacgate.sources.terraform.boundary import ReadBoundary


def test_trees_real_paths_and_vcs_directories(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / "sub.git").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "a" / "link").symlink_to(tmp_path / "other", target_is_directory=True)
    boundary = ReadBoundary.of([tmp_path / "a", tmp_path / "a" / "b"])
    assert boundary.trees == (str(tmp_path / "a"),)  # a tree inside another adds nothing
    assert boundary.resolve(tmp_path / "a" / "b" / "x.json") == tmp_path / "a" / "b" / "x.json"
    assert boundary.resolve(tmp_path / "a" / "b" / ".." / "x") == tmp_path / "a" / "x"
    assert boundary.resolve(tmp_path / "a" / ".." / "other" / "x") is None
    assert boundary.resolve(tmp_path / "a" / "link" / "x") is None  # checked after resolving
    assert boundary.resolve(tmp_path / "a" / ".git" / "config") is None
    assert boundary.resolve(tmp_path / "a" / "sub.git" / "config") is not None
    assert not boundary.admits(str(tmp_path / "ab"))  # a prefix of a name is not a parent
    assert ReadBoundary.of([Path("/")]).admits("/etc/hostname")
    assert not ReadBoundary(()).admits(str(tmp_path))
