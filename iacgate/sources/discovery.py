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
# Files read by name whatever their suffix: kustomize's third spelling of its file.
SCANNED_NAMES = frozenset({"Kustomization"})


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # where to read it
    display: str  # how to name it in findings (relative to the root when inside it)
    # The kustomization directory (display) that lists this file: it is judged as rendered
    # there, and read on its own only for what a kustomization cannot own (templates).
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    display: str
    reason: str
    # Whether what was skipped may hold IaC that nothing else judges (a gating
    # ``file-not-scanned`` finding); False for what is judged elsewhere or never IaC.
    gating: bool = True


def utf8_name(name: str) -> bool:
    """Whether a file name decoded from the file system is valid UTF-8 (Python keeps the
    undecodable bytes as lone surrogates, which cannot be encoded, hashed or printed)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_name(name: str) -> str:
    """A name that is not UTF-8, shown with its bytes escaped (``bad\\xff.yaml``)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def display_path(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _scanned_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SCANNED_SUFFIXES or name in SCANNED_NAMES


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
        if not utf8_name(str(target)):
            yield Skip(safe_name(str(target)), "file name is not valid UTF-8")
        elif target.is_dir():
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
            if not utf8_name(name):
                # Never descended into or read: its name cannot be shown, hashed or matched.
                if entry.is_dir(follow_symlinks=False) or _scanned_name(name):
                    yield Skip(safe_name(show(entry.path)), "file name is not valid UTF-8")
                continue
            if entry.is_symlink():
                if entry.is_dir():
                    # Inside the walked directory its files are scanned where they really
                    # are; anywhere else they are not judged by this scan.
                    inside = _inside(Path(entry.path), scan_root)
                    yield Skip(show(entry.path), "symlinked directory not followed", not inside)
                    continue
                if not _scanned_name(name):
                    continue
                if not _inside(Path(entry.path), scan_root):
                    yield Skip(show(entry.path), "symlink points outside the scan root")
                    continue
            elif entry.is_dir(follow_symlinks=False):
                if name not in SKIP_DIRS:
                    subdirs.append(entry.path)
                continue
            if not _scanned_name(name):
                continue
            if not entry.is_file():
                yield Skip(show(entry.path), "not a regular file")
                continue
            display = show(entry.path)
            if display not in seen:
                seen.add(display)
                yield Candidate(Path(entry.path), display)
        stack.extend(reversed(subdirs))
