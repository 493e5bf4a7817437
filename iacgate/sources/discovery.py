"""Finding the files to scan: walk directories without following symlinks out of the tree."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Directories that never hold the user's own IaC (or hold copies of it).
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
    # Terraform's working directory: provider binaries and copies of downloaded modules
    # (read through .terraform/modules/modules.json by their callers, never as roots).
    | {".terraform"}
)
SCANNED_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".tf", ".tfvars"})


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # where to read it
    display: str  # how to name it in findings (relative to the root when inside it)


@dataclass(frozen=True, slots=True)
class Skip:
    display: str
    reason: str


def display_path(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def discover(targets: list[Path], root: Path) -> Iterator[Candidate | Skip]:
    """Files under ``targets`` that a source may read, in a stable order.

    Named files are always candidates. In directories, only known suffixes are; symlinked
    directories are not entered and symlinked files are read only when they resolve inside the
    root, so a link cannot make the scan read (or loop over) what lies outside it.
    """
    seen: set[str] = set()
    for target in targets:
        if target.is_dir():
            yield from _walk(target, root, seen)
        elif target.exists() or target.is_symlink():
            display = display_path(target, root)
            if display in seen:
                continue
            seen.add(display)
            if target.exists() and not target.is_file():
                # FIFOs and devices would block or never end: never read them.
                yield Skip(display, "not a regular file")
            else:
                yield Candidate(target, display)
        else:
            yield Skip(target.as_posix(), "no such file or directory")


def _walk(directory: Path, root: Path, seen: set[str]) -> Iterator[Candidate | Skip]:
    # Strings, not Paths, in this loop: it runs once per file of the tree, and pathlib's
    # parsing dominated the cost of scanning large trees.
    root_text = str(root)
    start = os.path.abspath(directory)
    if start == root_text or start.startswith(root_text + os.sep):
        strip, prefix = len(root_text) + 1, ""
    else:  # outside the root: shown as the user named it
        strip, prefix = len(start), directory.as_posix()
    scan_root = Path(start)

    def show(path: str) -> str:
        shown = prefix + path[strip:] if len(path) > len(root_text) or prefix else ""
        return shown.replace(os.sep, "/") if os.sep != "/" else shown

    stack = [start]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                items = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            yield Skip(show(current) or ".", f"cannot list directory: {exc.strerror}")
            continue
        subdirs: list[str] = []
        for entry in items:
            name = entry.name
            if entry.is_symlink():
                if entry.is_dir():
                    yield Skip(show(entry.path), "symlinked directory not followed")
                    continue
                if os.path.splitext(name)[1].lower() not in SCANNED_SUFFIXES:
                    continue
                if not _inside(Path(entry.path), scan_root):
                    yield Skip(show(entry.path), "symlink points outside the scan root")
                    continue
            elif entry.is_dir(follow_symlinks=False):
                if name not in SKIP_DIRS:
                    subdirs.append(entry.path)
                continue
            if os.path.splitext(name)[1].lower() not in SCANNED_SUFFIXES:
                continue
            if not entry.is_file():
                yield Skip(show(entry.path), "not a regular file")
                continue
            display = show(entry.path)
            if display not in seen:
                seen.add(display)
                yield Candidate(Path(entry.path), display)
        stack.extend(reversed(subdirs))
