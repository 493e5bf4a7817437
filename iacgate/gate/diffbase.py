"""The merge base of a git reference and HEAD, extracted to a temporary directory.

Objects are read from the repository's object database and written to a private temporary
directory; the user's checkout, index and refs are never touched (no checkout, no worktree, no
stash). ``git archive`` is not used because ``export-ignore`` and ``export-subst`` attributes
would make the extracted tree differ from the commit.

Renames between the merge base and the working tree are found as git finds them (``git diff
-M`` of the merge base against the working tree: ``git mv``, or a move staged with ``git
add``), and, for moves not yet known to git, by identical content between a file deleted since
the merge base and an untracked file. ``Renames`` maps the merge base's paths (files and the
directories they moved with) to the working tree's, so that findings whose identity includes a
file or directory (a Terraform root, a CloudFormation template, a parse error) keep their
fingerprints across a rename.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from iacgate.findings import Finding, finding_fingerprint
from iacgate.gate.errors import ConfigError

_SYMLINK_MODE = 0o120000


@dataclass(frozen=True, slots=True)
class Renames:
    """Paths at the merge base → paths in the working tree, relative to the scan root."""

    files: Mapping[str, str] = field(default_factory=dict)
    directories: Mapping[str, str] = field(default_factory=dict)

    def path(self, old: str) -> str:
        """``old`` as the working tree names it: a renamed file, a file or directory below a
        moved directory, a scope with a ``#`` suffix (a document, a stack name)."""
        if not old:
            return old
        head, sep, suffix = old.partition("#")
        if head in self.files:
            return self.files[head] + sep + suffix
        directory = head
        while directory:
            if directory in self.directories:
                return self.directories[directory] + head[len(directory) :] + sep + suffix
            directory = posixpath.dirname(directory)
        return old

    def finding(self, finding: Finding) -> Finding:
        """A merge-base finding as if it had been found in the working tree's paths."""
        scope = self.path(finding.scope)
        file = self.path(finding.file)
        if scope == finding.scope and file == finding.file:
            return finding
        # Parse errors and notices name their file as their address too.
        address = (
            self.path(finding.address) if finding.address == finding.scope else finding.address
        )
        moved = replace(finding, scope=scope, file=file, address=address)
        if scope == finding.scope and address == finding.address:
            return moved  # the identity did not move (a Kubernetes object, a file in its root)
        return replace(moved, fingerprint=finding_fingerprint(moved))


@dataclass(frozen=True, slots=True)
class BaseTree:
    root: Path  # the scan root's counterpart inside the extracted merge base
    commit: str  # the merge base's full sha
    ref: str  # the reference as the user named it
    renames: Renames = Renames()


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
    repo, commit, inner = merge_base(root, ref)
    renames = find_renames(repo, commit, inner)
    with tempfile.TemporaryDirectory(prefix="iacgate-base-") as tmp:
        top = Path(tmp) / "tree"
        top.mkdir()
        write_tree(commit, inner, top)
        yield BaseTree(root=top, commit=commit.hexsha, ref=ref, renames=renames)


# Untracked files larger than this are not hashed to find moves (a manifest is far smaller).
_MAX_HASHED = 5 * 1024 * 1024


def _blob_sha(path: Path) -> str | None:
    """git's object id of a regular file's content (what ``git hash-object`` prints)."""
    from iacgate.gate.files import UnreadableFile

    try:
        info = path.lstat()
        if not path.is_file() or path.is_symlink() or info.st_size > _MAX_HASHED:
            return None
        with path.open("rb") as handle:
            data = handle.read(_MAX_HASHED + 1)
    except (OSError, UnreadableFile):
        return None
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def find_renames(repo: Any, commit: Any, inner: str) -> Renames:
    """Files renamed between ``commit`` and the working tree, relative to ``inner`` (the scan
    root inside the repository), with the directories that moved as a whole."""
    import git

    pairs: list[tuple[str, str]] = []
    try:
        output = repo.git.diff("--name-status", "-M", "-z", "--no-ext-diff", commit.hexsha)
    except git.GitCommandError:
        return Renames()
    fields = output.split("\0")
    deleted: list[str] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")) and index + 2 < len(fields):
            if status.startswith("R"):
                pairs.append((fields[index + 1], fields[index + 2]))
            index += 3
            continue
        if status == "D" and index + 1 < len(fields):
            deleted.append(fields[index + 1])
        index += 2
    if deleted:
        pairs.extend(_moved_untracked(repo, commit, deleted))
    prefix = f"{inner}/" if inner else ""
    files: dict[str, str] = {}
    for old, new in pairs:
        if old.startswith(prefix) and new.startswith(prefix):
            files[old[len(prefix) :]] = new[len(prefix) :]
    scan_root = Path(repo.working_tree_dir) / inner
    return Renames(files, _moved_directories(files, scan_root))


def _moved_untracked(repo: Any, commit: Any, deleted: list[str]) -> list[tuple[str, str]]:
    """Moves git does not know yet: a file deleted since ``commit`` whose exact content is an
    untracked file's."""
    by_sha: dict[str, str] = {}
    for name in deleted:
        try:
            by_sha.setdefault(commit.tree[name].hexsha, name)
        except KeyError:
            continue
    top = Path(repo.working_tree_dir)
    found = []
    for name in repo.untracked_files:
        sha = _blob_sha(top / name)
        if sha is not None and sha in by_sha:
            found.append((by_sha.pop(sha), name))
    return found


def _moved_directories(files: Mapping[str, str], scan_root: Path) -> dict[str, str]:
    """Directories that are gone from the working tree and whose renamed files all went to one
    other directory (``git mv a b``)."""
    targets: dict[str, set[str]] = {}
    for old, new in files.items():
        old_dir, new_dir = posixpath.dirname(old), posixpath.dirname(new)
        if old_dir != new_dir and posixpath.basename(old) == posixpath.basename(new):
            targets.setdefault(old_dir, set()).add(new_dir)
        else:
            targets.setdefault(old_dir, set()).add("\0")  # a file renamed in place: no move
    return {
        old: next(iter(new))
        for old, new in targets.items()
        if len(new) == 1
        and "\0" not in new
        and old not in ("", os.curdir)
        and not (scan_root / old).exists()
    }


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
