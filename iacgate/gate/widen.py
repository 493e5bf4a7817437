"""What the pre-commit hook reads so that changed files are judged as a full scan judges them.

A hook receives only the changed files, but their findings depend on more:

- a Terraform file needs its whole module (the directory that holds it), so that references,
  variables and split resources (a bucket's public access block, a security group's rules)
  resolve: the directory is read and judged, as before;
- a Kubernetes manifest is judged with the objects around it: the NetworkPolicy that isolates a
  Deployment, the RoleBinding that grants its ServiceAccount, the Service that selects it often
  live in other, unchanged files. Every other manifest of the tree is read as **context**: in the
  graph, so rules see it, but not judged (its findings could not belong to the change anyway).

Context files are recognised cheaply before parsing: a YAML or JSON file whose text holds both
``apiVersion`` and ``kind``; Terraform files outside the changed modules and kustomization
directories are not context (a kustomization is rendered only when a changed file is in it, as
before). The hook reports only findings in the changed files (``Settings.only_files``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iacgate.model.resource import Resource
from iacgate.sources.terraform import is_terraform_file

# (predicate on a changed file, the path to read instead). First match wins; a source whose
# files depend on their neighbours adds its rule here.
WIDENERS: tuple[tuple[Callable[[Path], bool], Callable[[Path], Path]], ...] = (
    (
        lambda p: is_terraform_file(p.name),
        lambda p: p.parent,
    ),
)
CONTEXT_SUFFIXES = (".yaml", ".yml", ".json")
# Keys every manifest has, at the start of a line (YAML) or quoted anywhere (JSON).
_API_VERSION = re.compile(r"""(?m)^[ \t\-]*apiVersion[ \t]*:|"apiVersion"[ \t]*:""")
_KIND = re.compile(r"""(?m)^[ \t\-]*kind[ \t]*:|"kind"[ \t]*:""")
CONTEXT_MAX_BYTES = 1024 * 1024  # larger files are not read as context


def widen_one(path: Path) -> Path:
    for applies, widened in WIDENERS:
        if applies(path):
            return widened(path)
    return path


def widen(files: Sequence[Path]) -> list[Path]:
    """The smallest set of files and directories to read for ``files``, without duplicates
    (a file inside a directory that is read anyway is dropped)."""
    chosen: dict[Path, None] = {}
    for file in files:
        chosen.setdefault(widen_one(file))
    directories = [p for p in chosen if p.is_dir()]
    result = []
    for path in chosen:
        if any(d != path and _under(path, d) for d in directories):
            continue
        result.append(path)
    return result


def _under(path: Path, directory: Path) -> bool:
    try:
        path.absolute().relative_to(directory.absolute())
    except ValueError:
        return False
    return True


def looks_like_manifest(path: Path) -> bool:
    """A cheap test on the bytes of a file: does it hold ``apiVersion`` and ``kind`` keys?
    Bounded and safe on hostile trees (regular files only, never more than a megabyte)."""
    from iacgate.gate.files import UnreadableFile, read_limited

    try:
        text = read_limited(path, CONTEXT_MAX_BYTES)
    except UnreadableFile:
        return False
    return bool(_API_VERSION.search(text) and _KIND.search(text))


@dataclass(slots=True)
class HookPlan:
    """What one hook run reads and judges."""

    root: Path
    paths: list[Path]  # changed files, their module directories, and the root for context
    explicit: set[str]  # display paths read because they changed (or share a module)
    directories: list[str]  # display paths of widened module directories
    context: set[str] = field(default_factory=set)  # files read only as context
    seen: set[str] = field(default_factory=set)

    def accepts(self, display: str) -> bool:
        """The scan's path filter: changed files and their modules once; other manifests as
        context; nothing else."""
        if display in self.seen:
            return False  # named explicitly and found again by the walk of the root
        if (
            display in self.explicit
            or "." in self.directories  # a root module: the whole tree is its directory
            or any(display == d or display.startswith(d + "/") for d in self.directories)
        ):
            self.seen.add(display)
            return True
        if not display.endswith(CONTEXT_SUFFIXES) or is_terraform_file(display):
            return False  # Terraform outside the changed modules; kustomization directories
        path = self.root / display
        if not path.is_file() or not looks_like_manifest(path):
            return False
        self.seen.add(display)
        self.context.add(display)
        return True

    def judged(self, resource: Resource) -> bool:
        """Context resources are in the graph but not judged."""
        return resource.file not in self.context


def plan(files: Sequence[Path], root: Path) -> HookPlan:
    """The read plan of a hook run over ``files`` (paths as the hook received them)."""
    from iacgate.sources.discovery import display_path

    root = root.absolute()
    widened = widen(files)
    directories = [display_path(p, root) for p in widened if p.is_dir()]
    explicit = {display_path(p, root) for p in widened if not p.is_dir()}
    wants_context = any(
        not is_terraform_file(f.name)
        and f.name.endswith(CONTEXT_SUFFIXES)
        and looks_like_manifest(f)
        for f in files
    )
    paths = list(widened)
    if wants_context:
        paths.append(root)
    return HookPlan(root, paths, explicit, [d.rstrip("/") or "." for d in directories])
