"""What the pre-commit hook reads so that changed files are judged as a full scan judges them.

A hook receives only the changed files, but their findings depend on more:

- a Terraform file needs its whole module (the directory that holds it), so that references,
  variables and split resources (a bucket's public access block, a security group's rules)
  resolve: the directory is read and judged, and so are the directories that call it as a
  local module (transitively), so that the module is judged with its callers' arguments;
- a Kubernetes manifest is judged with the objects around it: the NetworkPolicy that isolates a
  Deployment, the RoleBinding that grants its ServiceAccount, the Service that selects it often
  live in other, unchanged files. Every other manifest of the tree is read as **context**: in the
  graph, so rules see it, but not judged (its findings could not belong to the change anyway).

Context files are recognised cheaply before parsing: a YAML or JSON file whose text holds both
``apiVersion`` and ``kind``; Terraform files outside the changed modules and kustomization
directories are not context. A kustomization is rendered, and its objects judged, when its
rendering reads a changed file (its kustomization file, a patch, a base's resource): its objects
carry those files as origins, so their findings are the change's. The hook reports the findings
in the changed files and those whose judged value was written in one (``Settings.only_files``,
``gate/process.py``).

Files that set values for the whole scan, named on the command line (the hook's ``args``), are
read with what they configure: a changed ``--var-file`` reads every Terraform module of the
tree; a changed ``--cfn-params`` file reads every CloudFormation template (recognised cheaply,
like manifests). Their findings are judged, and reported when their value came from the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Sequence
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
# A template's marks: the format version, or a resource type (YAML or JSON).
_TEMPLATE = re.compile(
    r"""(?m)AWSTemplateFormatVersion"""
    r"""|^[ \t\-]*Type[ \t]*:[ \t]*["']?AWS::|"Type"[ \t]*:[ \t]*"AWS::"""
)


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


# A module call's local source: ``source = "../modules/sg"`` (HCL) or ``"source": "./x"``.
_LOCAL_SOURCE = re.compile(r"""(?m)^\s*"?source"?\s*[=:]\s*"(\.{1,2}/[^"]*|\.{1,2})"\s*,?\s*$""")
MAX_CALLER_FILES = 20_000  # Terraform files looked at for calls of a changed module


def callers(directories: Collection[Path], root: Path) -> set[Path]:
    """The directories under ``root`` whose Terraform files call one of ``directories`` as a
    local module, transitively (a caller's callers too): a changed module is judged as its
    callers instantiate it, with their arguments. A cheap text search, bounded and safe on
    hostile trees (regular files only, never more than a megabyte each, no links followed)."""
    from iacgate.gate.files import UnreadableFile, read_limited
    from iacgate.sources.discovery import SKIP_DIRS

    calls: dict[Path, set[Path]] = {}  # module directory -> directories calling it
    seen = 0
    for current, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in SKIP_DIRS]
        for name in names:
            if not name.endswith((".tf", ".tf.json")):
                continue
            seen += 1
            if seen > MAX_CALLER_FILES:
                return set()  # too large a tree to search on every commit
            path = Path(current) / name
            if path.is_symlink():
                continue  # it may lead out of the tree, which is never read
            try:
                text = read_limited(path, CONTEXT_MAX_BYTES)
            except UnreadableFile:
                continue
            if "module" not in text:
                continue
            for match in _LOCAL_SOURCE.finditer(text):
                target = Path(os.path.normpath(Path(current) / match.group(1)))
                calls.setdefault(target, set()).add(Path(current))
    found: set[Path] = set()
    pending = [Path(os.path.normpath(d.absolute())) for d in directories]
    while pending:
        for caller in calls.get(pending.pop(), ()):
            if caller not in found:
                found.add(caller)
                pending.append(caller)
    return found


def looks_like_template(path: Path) -> bool:
    """A cheap test on the bytes of a file: does it look like a CloudFormation template?"""
    from iacgate.gate.files import UnreadableFile, read_limited

    try:
        text = read_limited(path, CONTEXT_MAX_BYTES)
    except UnreadableFile:
        return False
    return bool(_TEMPLATE.search(text))


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
    templates: bool = False  # a parameter file changed: every template is read and judged
    changed: frozenset[Path] = frozenset()  # the changed files, absolute and resolved

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
        if is_terraform_file(display):
            return False  # Terraform outside the changed modules
        path = self.root / display
        if not display.endswith(CONTEXT_SUFFIXES) and path.is_dir():
            return self._renders_a_change(display, path)
        if (
            self.templates
            and display.endswith((*CONTEXT_SUFFIXES, ".template"))
            and path.is_file()
            and looks_like_template(path)
        ):
            self.seen.add(display)
            return True  # judged: its findings may come from the changed parameter file
        if not display.endswith(CONTEXT_SUFFIXES):
            return False  # kustomization directories
        if not path.is_file() or not looks_like_manifest(path):
            return False
        self.seen.add(display)
        self.context.add(display)
        return True

    def _renders_a_change(self, display: str, directory: Path) -> bool:
        """A kustomization is rendered (and its objects judged) when its rendering reads a
        changed file: its own kustomization file, a patch, a base's resource."""
        from iacgate.sources.kubernetes.kustomize import is_kustomization_dir, rendering_inputs

        if not self.changed or not is_kustomization_dir(directory):
            return False
        inputs = {Path(os.path.realpath(p)) for p in rendering_inputs(directory, self.root)}
        if not inputs & self.changed:
            return False
        self.seen.add(display)
        return True

    def judged(self, resource: Resource) -> bool:
        """Context resources are in the graph but not judged."""
        return resource.file not in self.context


def plan(
    files: Sequence[Path],
    root: Path,
    variable_files: Collection[str] = (),
    parameter_files: Collection[str] = (),
) -> HookPlan:
    """The read plan of a hook run over ``files`` (paths as the hook received them).
    ``variable_files`` (``--var-file``) and ``parameter_files`` (``--cfn-params``) are the
    command line's value files, as display paths."""
    from iacgate.sources.discovery import display_path

    root = root.absolute()
    widened = widen(files)
    directories = [display_path(p, root) for p in widened if p.is_dir()]
    explicit = {display_path(p, root) for p in widened if not p.is_dir()}
    changed = {display_path(f, root) for f in files}
    wants_context = any(
        not is_terraform_file(f.name)
        and f.name.endswith(CONTEXT_SUFFIXES)
        and looks_like_manifest(f)
        for f in files
    )
    every_module = bool(changed & set(variable_files))
    templates = bool(changed & set(parameter_files))
    paths = list(widened)
    if every_module:
        directories.append(".")  # values for every root module: read them all
    else:
        modules = [p for p in widened if p.is_dir()]
        called = callers(modules, root) if modules else set()
        for caller in sorted(called - set(modules)):
            paths.append(caller)
            directories.append(display_path(caller, root))
    if wants_context or every_module or templates:
        paths.append(root)
    return HookPlan(
        root,
        paths,
        explicit,
        [d.rstrip("/") or "." for d in directories],
        templates=templates,
        changed=frozenset(Path(os.path.realpath(f)) for f in files),
    )
