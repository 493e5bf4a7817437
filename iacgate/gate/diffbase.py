"""The merge base of a git reference and HEAD, extracted to a temporary directory.

Objects are read from the repository's object database and written to a private temporary
directory; the user's checkout, index and refs are never touched (no checkout, no worktree, no
stash). ``git archive`` is not used because ``export-ignore`` and ``export-subst`` attributes
would make the extracted tree differ from the commit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from iacgate.gate.errors import ConfigError

_SYMLINK_MODE = 0o120000


@dataclass(frozen=True, slots=True)
class BaseTree:
    root: Path  # the scan root's counterpart inside the extracted merge base
    commit: str  # the merge base's full sha
    ref: str  # the reference as the user named it


def _open_repo(root: Path) -> Any:
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigError(f"--diff-base: {root} is not inside a git repository") from None


def merge_base(root: Path, ref: str) -> tuple[Any, Any, str]:
    """The repository, the merge-base commit of ``ref`` and HEAD, and the scan root's path
    inside the repository."""
    import git

    repo = _open_repo(root)
    if repo.working_tree_dir is None:
        raise ConfigError("--diff-base: a bare repository has no working tree to compare")
    top = Path(repo.working_tree_dir).resolve()
    try:
        inner = root.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ConfigError(f"--diff-base: {root} is outside the repository {top}") from None
    try:
        bases = repo.merge_base(ref, "HEAD")
    except git.GitCommandError as exc:
        detail = (exc.stderr or str(exc)).strip().splitlines()
        message = detail[-1].removeprefix("stderr: ").strip("' ") if detail else str(exc)
        raise ConfigError(f"--diff-base {ref}: {message}") from None
    if not bases:
        raise ConfigError(f"--diff-base {ref}: no common ancestor with HEAD")
    return repo, bases[0], "" if inner == "." else inner


def write_tree(commit: Any, inner: str, dest: Path) -> None:
    """Write the blobs of ``commit`` under ``inner`` into ``dest`` (keeping relative paths)."""
    tree = commit.tree
    if inner:
        try:
            tree = tree / inner
        except KeyError:
            return  # the directory does not exist at the merge base: nothing to scan there
    prefix = PurePosixPath(inner) if inner else None
    for item in tree.traverse():
        if item.type != "blob":
            continue  # trees are created on demand; submodules ("commit") are not ours
        relative = PurePosixPath(item.path)
        if prefix is not None:
            relative = relative.relative_to(prefix)
        target = dest.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = item.data_stream.read()
        if item.mode == _SYMLINK_MODE:
            # The scanner's discovery decides whether a link may be followed.
            target.symlink_to(data.decode("utf-8", errors="replace"))
        else:
            target.write_bytes(data)


@contextmanager
def base_tree(root: Path, ref: str) -> Iterator[BaseTree]:
    """Extract the merge base of ``ref`` and HEAD; yields where the scan root's counterpart is."""
    _, commit, inner = merge_base(root, ref)
    with tempfile.TemporaryDirectory(prefix="iacgate-base-") as tmp:
        top = Path(tmp) / "tree"
        top.mkdir()
        write_tree(commit, inner, top)
        yield BaseTree(root=top, commit=commit.hexsha, ref=ref)


def map_paths(paths: tuple[str, ...], root: Path, base_root: Path) -> tuple[str, ...]:
    """The scan's path arguments, re-rooted in the extracted base tree (so both scans name every
    file the same way). Standard input and paths outside the root have no counterpart."""
    mapped = []
    for item in paths:
        if item == "-":
            continue
        try:
            relative = Path(item).absolute().relative_to(root.absolute())
        except ValueError:
            continue
        mapped.append(str(base_root / relative))
    return tuple(mapped)
