"""The gate reads scanned files a second time, for their ignore comments: only inside the scan's
boundaries, wherever links point (each directory is resolved once, as realpath would)."""

from __future__ import annotations

import os
from pathlib import Path

from iacgate.gate.files import tree_reader

IGNORED = "# iacgate:ignore K8S-001 the reason is long enough to count\nkind: Pod\n"


def test_the_second_read_follows_links_inside_the_tree_and_refuses_the_rest(
    tmp_path: Path,
) -> None:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    (tree / "a" / "b").mkdir(parents=True)
    outside.mkdir()
    (tree / "a" / "b" / "pod.yaml").write_text(IGNORED)
    (outside / "pod.yaml").write_text(IGNORED)
    (tree / "a" / "plain.yaml").write_text("kind: Pod\n")
    (tree / "links").mkdir()
    (tree / "links" / "dir").symlink_to(tree / "a" / "b")
    (tree / "links" / "file.yaml").symlink_to(tree / "a" / "b" / "pod.yaml")
    (tree / "links" / "away").symlink_to(outside)
    (tree / "links" / "away.yaml").symlink_to(outside / "pod.yaml")
    (tree / "links" / "relative").symlink_to(Path("..") / ".." / "outside")
    read = tree_reader(tree, [tree])
    inside = ["a/b/pod.yaml", "links/dir/pod.yaml", "links/file.yaml", "a/../a/b/pod.yaml"]
    refused = [
        "links/away/pod.yaml",
        "links/away.yaml",
        "links/relative/pod.yaml",
        "a/../../outside/pod.yaml",
        str(outside / "pod.yaml"),
        "a/missing.yaml",
        "a/plain.yaml",  # read, but without an ignore comment
        "<stdin>",
    ]
    # Twice: the second round goes through the directories already resolved.
    for _ in range(2):
        assert [read(name) == IGNORED for name in inside] == [True] * len(inside)
        assert [read(name) for name in refused] == [None] * len(refused)
    # A link swapped in after its directory was resolved: the file's own link still counts.
    (tree / "a" / "b" / "late.yaml").symlink_to(outside / "pod.yaml")
    assert read("a/b/late.yaml") is None
    assert read(os.fspath(tree / "a" / "b" / "pod.yaml")) == IGNORED
