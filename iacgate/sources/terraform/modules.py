"""Module directories: loading them once, sharing their instances, and finding the roots.

A directory holding ``.tf`` / ``.tf.json`` files is a module. A scanned module is a **root**
when no *other* scanned module calls it through a local ``source`` (``./x``, ``../..``): a
module that is only ever called is judged through its callers, with their arguments, and not a
second time on its own defaults. A module calling itself does not count as a caller, and modules
that only call each other in a cycle (no entry from a root) become roots too, so that no file
goes unjudged. Downloaded modules (``.terraform/modules``, listed in ``modules.json``) are used
for remote sources when present and are never roots.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iacgate.budget import deadline as scan_deadline
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.discovery import utf8_name
from iacgate.sources.terraform.boundary import ReadBoundary
from iacgate.sources.terraform.config import (
    Declared,
    ModuleConfig,
    ParsedFile,
    build_module,
    is_config_file,
    is_local_source,
    parse_file,
    source_of,
)
from iacgate.sources.terraform.evaluate import Budget
from iacgate.sources.terraform.instance import ModuleInstance, frozen_inputs
from iacgate.sources.terraform.references import undeclared
from iacgate.sources.terraform.values import BudgetExceeded
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, read_text

DEFAULT_ROOT_SECONDS = 60.0
# Resource and module instances one root may create, a module's records counting again at each
# level they are lifted to: count = 10000 modules of count = 10000 resources stop here.
MAX_ROOT_INSTANCES = 100_000


def display_of(path: Path, scan_root: Path) -> str:
    try:
        relative = path.relative_to(scan_root).as_posix()
    except ValueError:
        return path.as_posix()
    return relative or "."


class ModuleLoader:
    """Parses each file once and builds each module directory once."""

    def __init__(
        self,
        scan_root: Path,
        max_bytes: int = DEFAULT_MAX_BYTES,
        links: ReadBoundary | None = None,
    ) -> None:
        self.scan_root = scan_root
        self.max_bytes = max_bytes
        self.files: dict[Path, ParsedFile] = {}
        self.modules: dict[Path, ModuleConfig] = {}
        # Where a linked .tf file may lead (besides its own module's tree): the scanned paths.
        self.links = links or ReadBoundary.of([scan_root])

    def file(self, path: Path) -> ParsedFile:
        parsed = self.files.get(path)
        if parsed is None:
            parsed = parse_file(path, display_of(path, self.scan_root), self.max_bytes)
            self.files[path] = parsed
        return parsed

    def module(self, directory: Path, names: Iterable[Path] | None = None) -> ModuleConfig:
        config = self.modules.get(directory)
        if config is None:
            refused: list[Diagnostic] = []
            if names is None:
                names, refused = self._config_files(directory)
            parsed = [self.file(p) for p in names]
            config = build_module(directory, display_of(directory, self.scan_root), parsed)
            config.diagnostics.extend(refused)
            blocks = [(b, p.display) for p in parsed if p.body is not None for b in p.body.blocks]
            config.diagnostics.extend(undeclared(config, blocks))
            self.modules[directory] = config
        return config

    def _config_files(self, directory: Path) -> tuple[list[Path], list[Diagnostic]]:
        """The ``.tf`` / ``.tf.json`` files of a module directory, as Terraform reads them:
        a link counts when it resolves to a regular file inside the scanned paths or the
        module's own tree; one that leads elsewhere is not read, and said so (Terraform would
        read it)."""
        try:
            candidates = sorted(
                p
                for p in directory.iterdir()
                if is_config_file(p.name) and utf8_name(p.name)  # reported by discovery
            )
        except OSError:
            return [], []
        names: list[Path] = []
        refused: list[Diagnostic] = []
        inside = ReadBoundary((*self.links.trees, os.path.realpath(directory)))
        for path in candidates:
            if not path.is_symlink():
                if path.is_file():
                    names.append(path)
                continue
            real = inside.resolve(path)
            if real is not None and real.is_file():
                names.append(path)
            else:
                refused.append(
                    Diagnostic(
                        DiagnosticKind.PARSE_ERROR,
                        display_of(path, self.scan_root),
                        "not read: the link leads out of the scanned paths or not to a file",
                    )
                )
        return names, refused


class Session:
    """One scan's Terraform state: loader, shared module instances, diagnostics, budget, and
    what may be read: ``files`` for file functions and variables files, ``modules`` for module
    sources (see ``boundary.py``)."""

    def __init__(
        self,
        scan_root: Path,
        loader: ModuleLoader,
        seconds: float = DEFAULT_ROOT_SECONDS,
        files: ReadBoundary | None = None,
    ) -> None:
        self.scan_root = scan_root.resolve()
        self.modules = ReadBoundary.of([self.scan_root])
        self.files = files if files is not None else self.modules
        self.loader = loader
        self.seconds = seconds
        self.budget = Budget(seconds)
        self.instances: dict[tuple[Any, ...], ModuleInstance] = {}
        self.diagnostics: dict[tuple[str, int, str], Diagnostic] = {}
        self._downloads: dict[Path, dict[str, Path]] = {}
        self.shared_hits = 0
        self.instances_left = MAX_ROOT_INSTANCES

    def diagnose(
        self,
        file: str,
        line: int,
        message: str,
        kind: DiagnosticKind = DiagnosticKind.PARSE_ERROR,
    ) -> None:
        key = (file, line, message)
        if key not in self.diagnostics:
            self.diagnostics[key] = Diagnostic(kind, file, message, line)

    def start_root(self) -> None:
        self.budget.deadline = min(Budget(self.seconds).deadline, scan_deadline().at)
        self.budget.produced = 0
        self.instances_left = MAX_ROOT_INSTANCES

    def over_instances(self, what: str) -> None:
        """``what`` took the root past its limit of instances (``instances_left`` < 0): the
        root is not evaluated, and a gating diagnostic names the block that went over."""
        raise BudgetExceeded(
            f"{what} goes over {MAX_ROOT_INSTANCES} resource and module instances in one "
            "root module, so it is not expanded"
        )

    def instantiate(
        self,
        directory: Path,
        inputs: dict[str, Any],
        root_dir: Path,
        chain: tuple[Path, ...],
        call_path: tuple[str, ...],
        declared: Declared | None = None,
    ) -> ModuleInstance:
        config = self.loader.module(directory)
        # path.* and file() results depend on the root; remote sources on its modules.json.
        remote = any(not is_local_source(source_of(d) or ".") for d in config.modules.values())
        root_part: tuple[Any, ...] = (root_dir,) if config.uses_path else ()
        if remote:
            root_part = (root_dir, call_path)
        frozen = frozen_inputs(inputs)
        key = (directory, frozen, *root_part)
        found = self.instances.get(key) if frozen is not None else None
        if found is not None:
            self.shared_hits += 1
            return found
        instance = ModuleInstance(self, config, inputs, root_dir, chain, call_path)
        if frozen is not None:
            self.instances[key] = instance
        return instance

    def downloaded_module(self, root_dir: Path, call_path: tuple[str, ...]) -> Path | None:
        """Where ``terraform init`` put the module at ``call_path`` (from modules.json)."""
        table = self._downloads.get(root_dir)
        if table is None:
            table = {}
            manifest = self.modules.resolve(root_dir / ".terraform" / "modules" / "modules.json")
            read = read_text(manifest, self.loader.max_bytes) if manifest else None
            try:
                data = json.loads(read.text) if read is not None and read.text else {}
            except (ValueError, RecursionError):
                data = {}
            for entry in data.get("Modules", []) if isinstance(data, dict) else []:
                if isinstance(entry, dict) and isinstance(entry.get("Key"), str):
                    directory = entry.get("Dir")
                    if isinstance(directory, str) and entry["Key"]:
                        table[entry["Key"]] = (root_dir / directory).resolve()
            self._downloads[root_dir] = table
        return table.get(".".join(call_path))


def local_calls(config: ModuleConfig) -> list[tuple[Declared, Path]]:
    """The module blocks of ``config`` with a local source, and the directory each names."""
    out: list[tuple[Declared, Path]] = []
    for declared in config.modules.values():
        source = source_of(declared)
        if source is not None and is_local_source(source):
            out.append((declared, (config.directory / source).resolve()))
    return out


def find_roots(configs: dict[Path, ModuleConfig]) -> list[Path]:
    """The scanned module directories to evaluate as roots (see the module docstring)."""
    callers: dict[Path, set[Path]] = {d: set() for d in configs}
    callees: dict[Path, set[Path]] = {d: set() for d in configs}
    for directory, config in configs.items():
        for _, target in local_calls(config):
            if target != directory and target in configs:
                callers[target].add(directory)
                callees[directory].add(target)
    roots = [d for d in sorted(configs) if not callers[d]]
    reached: set[Path] = set()

    def reach(start: Path) -> None:
        stack = [start]
        while stack:
            current = stack.pop()
            if current in reached:
                continue
            reached.add(current)
            stack.extend(callees[current])

    for root in roots:
        reach(root)
    for directory in sorted(configs):
        if directory not in reached:  # only reachable through a cycle: judge it on its own
            roots.append(directory)
            reach(directory)
    return roots
