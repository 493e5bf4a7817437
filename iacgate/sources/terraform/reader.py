"""Terraform configurations in a scan: discovered files -> module roots -> records.

Public entry points:

- :func:`read_terraform` (used by ``api.scan``): every discovered ``.tf`` / ``.tf.json`` /
  ``.tfvars`` file, grouped by directory, evaluated root by root (see ``modules.find_roots``).
- :func:`evaluate_configuration`: the records of one configuration directory.
- :func:`load_configuration` -> ``ConfigurationIndex.locate(address)``: where a resource block
  and each of its attributes were written, for an address such as ``module.a.aws_s3_bucket.b``
  or ``module.a["x"].aws_s3_bucket.b[0]`` (the plan reader points plan findings at ``.tf``
  lines with it).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.results import FileResult
from iacgate.model.unknown import Unknown
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.terraform.boundary import ReadBoundary
from iacgate.sources.terraform.config import ParsedFile, is_config_file, is_vars_file
from iacgate.sources.terraform.instance import InstanceRecord
from iacgate.sources.terraform.modules import ModuleLoader, Session, display_of, find_roots
from iacgate.sources.terraform.records import Reference, TerraformResource, TerraformRoot
from iacgate.sources.terraform.values import BudgetExceeded, strip_record
from iacgate.sources.terraform.variables import VariableOptions, root_inputs
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, read_text

SOURCE = "terraform"


@dataclass(frozen=True, slots=True)
class RootResult:
    directory: Path
    scope: str
    records: tuple[TerraformResource, ...]
    seconds: float


@dataclass(slots=True)
class TerraformRead:
    """Everything one scan's Terraform reading produced."""

    roots: list[RootResult] = field(default_factory=list)
    files: dict[str, ParsedFile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    shared_instances: int = 0


def finish_record(record: InstanceRecord) -> TerraformResource:
    """A root-level instance record as the shared record type.

    Reference targets are written relative to the record's own module instance (the contract
    of ``Reference``); dependencies on resources outside that module (passed in through
    variables) cannot be written that way and are left out.
    """
    references: list[Reference] = []
    values, sensitive, origins = strip_record(record.values)
    prefix = f"{record.module}." if record.module else ""
    for path, deps in record.deps.items():
        for dep in sorted(deps):
            if dep.startswith("var."):
                continue
            elif dep.startswith(prefix):
                references.append(Reference(path, dep[len(prefix) :]))
    provider = record.type.split("_", 1)[0]
    return TerraformResource(
        address=record.address,
        mode=record.mode,
        type=record.type,
        name=record.name,
        module=record.module,
        index=record.index,
        values=values,
        spans=record.spans,
        references=tuple(references),
        provider=provider,
        sensitive=frozenset(sensitive),
        origins={
            path: tuple(sorted((o.file, o.line) for o in found)) for path, found in origins.items()
        },
    )


def _vars_files(session: Session, directory: Path) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """The variables files Terraform loads by itself, and why any of them was not read."""
    try:
        names = sorted(
            p
            for p in directory.iterdir()
            if p.name in ("terraform.tfvars", "terraform.tfvars.json")
            or p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))
        )
    except OSError:
        return [], []
    files: list[ParsedFile] = []
    refused: list[Diagnostic] = []
    for path in names:
        if session.files.resolve(path) is None:
            refused.append(
                Diagnostic(
                    DiagnosticKind.PARSE_ERROR,
                    display_of(path, session.scan_root),
                    "variables file not read: it links outside the scanned paths",
                )
            )
            continue
        files.append(session.loader.file(path))
    return files, refused


def _evaluate_root(
    session: Session,
    directory: Path,
    options: VariableOptions,
    option_files: Sequence[ParsedFile],
) -> tuple[list[TerraformResource], list[Diagnostic]]:
    config = session.loader.module(directory)
    vars_files, refused = _vars_files(session, directory)
    inputs, diagnostics = root_inputs(config, vars_files, option_files, options)
    diagnostics.extend(refused)
    session.start_root()
    instance = session.instantiate(directory, inputs, directory, (), ())
    try:
        records = instance.records()
    except BudgetExceeded as exc:
        # Module instances left half-evaluated must not be shared with the next root.
        session.instances.clear()
        first = config.files[0] if config.files else config.display
        late = time.monotonic() > session.budget.deadline
        diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                first,
                f"Terraform module {config.display}: {exc}"
                + (f" ({session.seconds:.0f} s)" if late else "")
                + "; its resources are not reported",
            )
        )
        return [], diagnostics
    except RecursionError:
        session.instances.clear()
        first = config.files[0] if config.files else config.display
        diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                first,
                f"Terraform module {config.display} is nested too deeply to evaluate",
            )
        )
        return [], diagnostics
    return [finish_record(r) for r in records], diagnostics


def evaluate_directories(
    directories: Iterable[Path],
    scan_root: Path,
    options: VariableOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    seconds: float = 60.0,
    targets: Sequence[Path] | None = None,
) -> TerraformRead:
    """Load the module directories, find the roots among them and evaluate each root.

    ``targets`` are the scanned paths: file functions read only inside them (default: the
    scan root; see ``boundary.py``)."""
    options = options or VariableOptions()
    scan_root = scan_root.resolve()
    files = ReadBoundary.of(_target_directories(targets)) if targets is not None else None
    loader = ModuleLoader(scan_root, max_bytes, files)
    session = Session(scan_root, loader, seconds, files)
    configs = {d: loader.module(d) for d in sorted({d.resolve() for d in directories})}
    configs = {d: c for d, c in configs.items() if c.files}
    option_files = [loader.file(Path(f).resolve()) for f in options.files]
    read = TerraformRead()
    for directory in find_roots(configs):
        started = time.perf_counter()
        records, diagnostics = _evaluate_root(session, directory, options, option_files)
        read.diagnostics.extend(diagnostics)
        scope = display_of(directory, scan_root)
        read.roots.append(
            RootResult(directory, scope, tuple(records), time.perf_counter() - started)
        )
    read.files = {parsed.display: parsed for parsed in loader.files.values()}
    for parsed in loader.files.values():
        if parsed.diagnostic is not None:
            read.diagnostics.append(parsed.diagnostic)
    # What a module's files declare wrongly together (a resource declared twice, an attribute
    # at the top level): Terraform refuses the module, so these gate too.
    seen = set(read.diagnostics)
    for module in loader.modules.values():
        for diagnostic in module.diagnostics:
            if diagnostic not in seen:
                seen.add(diagnostic)
                read.diagnostics.append(diagnostic)
    read.diagnostics.extend(session.diagnostics.values())
    read.shared_instances = session.shared_hits
    return read


def _target_directories(targets: Sequence[Path]) -> list[Path]:
    """A named directory is read as a tree; a named file stands for its directory (its
    module is the directory)."""
    return [t if t.is_dir() else t.parent for t in (Path(t).absolute() for t in targets)]


# What a caller does with each group's results in the process that read them (the pipeline
# normalizes there, so that normalizing is spread over the workers too).
Finish = Callable[[list[FileResult]], list[FileResult]]


def _unchanged(results: list[FileResult]) -> list[FileResult]:
    return results


def read_terraform(
    files: Sequence[tuple[Path, str]],
    scan_root: Path,
    options: VariableOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    targets: Sequence[Path] | None = None,
    finish: Finish = _unchanged,
) -> list[FileResult]:
    """FileResults for the discovered Terraform files: one per file read, with its
    diagnostics; each root's records (a ``TerraformRoot``) sit in the result of the file its
    first resource block is written in.

    ``targets`` are the scanned paths, which file functions must stay inside (default: the
    scan root). With ``jobs`` > 1 and many files, independent groups of module directories
    (see ``components``) are evaluated in worker processes; the results do not depend on it.
    ``finish`` (a module-level function: it is sent to the workers) runs on each group's
    results where they were read.
    """
    directories = sorted({path.parent for path, _ in files if is_config_file(path.name)})
    many = jobs > 1 and len(files) >= PARALLEL_MIN_FILES
    groups = components(directories, max_bytes) if many else []
    if len(groups) > 1:
        batches = _balance(groups, jobs)
        from concurrent.futures import ProcessPoolExecutor

        results: list[FileResult] = []
        with ProcessPoolExecutor(max_workers=len(batches)) as pool:
            futures = [
                pool.submit(_finished, finish, batch, files, scan_root, options, max_bytes, targets)
                for batch in batches
            ]
            for future in futures:
                results.extend(future.result())
        return _merge(results)
    return finish(_read_group(directories, files, scan_root, options, max_bytes, targets))


def _finished(finish: Finish, *group: Any) -> list[FileResult]:
    """:func:`_read_group` then ``finish``, in a worker process."""
    return finish(_read_group(*group))


PARALLEL_MIN_FILES = 64
_LOCAL_SOURCE = re.compile(r'["\']?source["\']?\s*[=:]\s*"(\.{1,2}(?:[/\\][^"]*)?)"')


def components(directories: Sequence[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[list[Path]]:
    """Module directories grouped so that a module and everything calling it share a group.

    Call edges come from a text scan for literal local ``source`` values (commented-out ones
    included): a superset of the real calls, so roots found within a group are the roots
    found over all directories.
    """
    known = {d.resolve(): d for d in directories}
    parent = {d: d for d in known}

    def find(node: Path) -> Path:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for directory in known:
        try:
            names = [p for p in directory.iterdir() if is_config_file(p.name)]
        except OSError:
            continue
        for name in names:
            if name.is_symlink():
                continue  # a .tf link is read by the module loader, checked there
            read = read_text(name, max_bytes)  # the bounded reader: never a FIFO or /dev/zero
            if read.text is None:
                continue
            text = read.text
            for match in _LOCAL_SOURCE.finditer(text):
                target = (directory / match.group(1)).resolve()
                if target in known:
                    parent[find(target)] = find(directory)
    groups: dict[Path, list[Path]] = {}
    for directory in known:
        groups.setdefault(find(directory), []).append(known[directory])
    return [sorted(g) for g in sorted(groups.values(), key=lambda g: sorted(g)[0])]


def _size(group: list[Path]) -> int:
    total = 0
    for directory in group:
        with contextlib.suppress(OSError):
            total += sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
    return total


def _balance(groups: list[list[Path]], jobs: int) -> list[list[Path]]:
    """Largest groups first, each to the lightest batch."""
    batches: list[tuple[int, list[Path]]] = [(0, []) for _ in range(min(jobs, len(groups)))]
    for group in sorted(groups, key=_size, reverse=True):
        batches.sort(key=lambda b: b[0])
        weight, members = batches[0]
        batches[0] = (weight + _size(group), members + group)
    return [sorted(members) for _, members in batches if members]


def _merge(results: list[FileResult]) -> list[FileResult]:
    """One result per file (a module read by two workers reports its diagnostics once)."""
    merged: dict[str, FileResult] = {}
    for result in results:
        existing = merged.get(result.file)
        if existing is None:
            merged[result.file] = result
            continue
        existing.records.extend(result.records)
        existing.resources.extend(result.resources)
        existing.spans.update(result.spans)
        seen = set(existing.diagnostics)
        existing.diagnostics.extend(d for d in result.diagnostics if d not in seen)
    return list(merged.values())


def _read_group(
    directories: Sequence[Path],
    files: Sequence[tuple[Path, str]],
    scan_root: Path,
    options: VariableOptions | None,
    max_bytes: int,
    targets: Sequence[Path] | None = None,
) -> list[FileResult]:
    read = evaluate_directories(directories, scan_root, options, max_bytes, targets=targets)
    results: dict[str, FileResult] = {}
    wanted = {d.resolve() for d in directories}
    for path, display in files:
        if is_config_file(path.name) and path.parent.resolve() not in wanted:
            continue
        if is_vars_file(path.name) and path.parent.resolve() not in wanted and wanted:
            continue
        results.setdefault(display_of(path.resolve(), scan_root.resolve()), FileResult(display))
    for display in read.files:
        results.setdefault(display, FileResult(display))
    for result in results.values():
        result.recognised = True
    for diagnostic in read.diagnostics:
        results.setdefault(diagnostic.file, FileResult(diagnostic.file)).diagnostics.append(
            diagnostic
        )
    # Every root of the group, in order, with the result of the first file read: the pipeline
    # moves each resource to the result of the file its block is written in.
    roots = [TerraformRoot(r.scope, SOURCE, r.records, per_file=True) for r in read.roots]
    if roots:
        host = next(iter(results.values()), None)
        if host is None:
            host = results.setdefault(roots[0].scope, FileResult(roots[0].scope))
        host.records.extend(roots)
    return list(results.values())


# -- locations for plan resources -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockLocations:
    """Where a resource block was written and where each of its attribute paths was."""

    block: Location
    attributes: Mapping[AttrPath, Location]


def _base(address: str) -> str:
    out: list[str] = []
    depth = 0
    quoted = False
    for char in address:
        if quoted:
            if char == "\\":
                continue
            if char == '"':
                quoted = False
            continue
        if char == '"' and depth:
            quoted = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


class ConfigurationIndex:
    """Evaluated records of one configuration directory, looked up by address.

    ``locate`` accepts instance addresses (``module.a["x"].aws_s3_bucket.b[0]``, as in a plan)
    and configuration addresses (``module.a.aws_s3_bucket.b``, as in a plan's
    ``configuration``); without an exact match the first instance of the same configuration
    address answers (attribute lines are the same unless dynamic blocks differ per instance).
    """

    def __init__(self, records: Iterable[TerraformResource]) -> None:
        self.exact: dict[str, TerraformResource] = {}
        self.by_base: dict[str, TerraformResource] = {}
        for record in records:
            self.exact.setdefault(record.address, record)
            self.by_base.setdefault(_base(record.address), record)

    def locate(self, address: str) -> BlockLocations | None:
        record = self.exact.get(address) or self.by_base.get(_base(address))
        if record is None or () not in record.spans:
            return None
        return BlockLocations(record.spans[()], record.spans)


def load_configuration(
    directory: Path,
    scan_root: Path | None = None,
    options: VariableOptions | None = None,
) -> ConfigurationIndex:
    """Evaluate ``directory`` as a root module and index its records by address.

    Locations name files relative to ``scan_root`` (default: the directory itself).
    """
    directory = directory.resolve()
    read = evaluate_directories([directory], scan_root or directory, options, targets=[directory])
    records: list[TerraformResource] = []
    for root in read.roots:
        if root.directory == directory:
            records.extend(root.records)
    return ConfigurationIndex(records)


def unknown_values(value: Any) -> Iterable[Unknown]:
    """Every Unknown inside a record's values (for statistics)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Unknown):
            yield item
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
