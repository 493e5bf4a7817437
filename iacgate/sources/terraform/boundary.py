"""What the Terraform reader may read: the directory trees a scan allows, checked on real paths.

Two boundaries apply (see docs/security.md):

- **file functions** (``file``, ``fileset``, ``templatefile``, the file hashes) and the root
  module's variables files read only inside the **scanned paths** (the directories named on the
  command line; a named file stands for its directory). Not the working directory: ``cd / &&
  iacgate scan /src`` must not read ``/proc/self/environ``, and scanning ``infra/`` from a
  repository root must not read ``../gha-creds-*.json``.
- **module sources** (``source = "../modules/vpc"``, ``.terraform/modules``) stay inside the
  scan root, as before: a module is Terraform code, read through the bounded reader as code. A
  module outside the scanned paths is evaluated, but its file functions see only the scanned
  paths (a pull request chooses its module sources, so they cannot widen what files are read).

Either way every path is checked after resolving symlinks (``realpath``), and nothing inside a
version-control directory (``.git``, ``.hg``, ``.svn``) is ever read: a checkout's
``.git/config`` holds the token it was cloned with.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

VCS_DIRS = frozenset({".git", ".hg", ".svn"})


@dataclass(frozen=True, slots=True)
class ReadBoundary:
    """Directory trees (real, absolute paths) that reads must stay inside."""

    trees: tuple[str, ...]

    @staticmethod
    def of(directories: Iterable[Path]) -> ReadBoundary:
        trees = {os.path.realpath(directory) for directory in directories}
        # A tree inside another adds nothing; the widest ones are enough.
        ordered = sorted(trees, key=len)
        kept: list[str] = []
        for tree in ordered:
            if not any(_under(tree, outer) for outer in kept):
                kept.append(tree)
        return ReadBoundary(tuple(sorted(kept)))

    def admits(self, real: str) -> bool:
        """Whether the real path ``real`` is inside a tree and in no VCS directory there."""
        for tree in self.trees:
            if _under(real, tree):
                rest = real[len(tree) :]
                return VCS_DIRS.isdisjoint(Path(rest).parts)
        return False

    def resolve(self, path: Path) -> Path | None:
        """The real path of ``path`` when the boundary admits it, else None."""
        real = os.path.realpath(path)
        return Path(real) if self.admits(real) else None


def _under(path: str, tree: str) -> bool:
    if tree == os.sep:
        return path.startswith(os.sep)
    return path == tree or path.startswith(tree + os.sep)
