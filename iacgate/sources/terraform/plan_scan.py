"""Reading a plan (or state) file for a scan: records with the source locations they point at.

Findings on a plan must point at the ``.tf`` line that produced the value, not at a line of
the JSON: each plan resource is looked up in the configuration directory (evaluated by the
HCL reader) by its address, module path and instance key. A resource the configuration does
not show (a remote module not downloaded, a configuration directory that is not given) points
at its entry in the JSON file instead, with the column where its address is written.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.results import FileResult
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.terraform import is_config_file
from iacgate.sources.terraform.plan import (
    ModuleCall,
    TerraformDocument,
    load_json,
    read_document,
)
from iacgate.sources.terraform.records import TerraformResource, TerraformRoot
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, TextResult, read_text

SOURCES = {"plan": "terraform-plan", "state": "terraform-state", "tfstate": "terraform-state"}
_ADDRESS = re.compile(r'"address"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclasses.dataclass(frozen=True, slots=True)
class PlanRead:
    """A plan/state file's results and what the reading found out about it."""

    result: FileResult
    document: TerraformDocument | None
    located: int = 0  # resources whose location comes from the configuration
    in_json: int = 0  # resources located in the JSON file only


def _error(display: str, message: str, line: int = 0, column: int = 0) -> FileResult:
    result = FileResult(display)
    result.recognised = True
    result.diagnostics.append(
        Diagnostic(DiagnosticKind.PARSE_ERROR, display, message, line, column)
    )
    return result


class _JsonLocator:
    """Where each resource address is first written in the JSON text (one regex pass)."""

    def __init__(self, text: str, display: str) -> None:
        self.display = display
        # terraform show -json writes one line: the newline scan and the escapes are rare work.
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.offsets: dict[str, int] = {}
        for match in _ADDRESS.finditer(text):
            address = match.group(1)
            if "\\" in address:
                try:
                    address = json.loads(f'"{address}"')
                except ValueError:
                    continue
            self.offsets.setdefault(address, match.start())

    def locate(self, address: str) -> Location:
        offset = self.offsets.get(address)
        if offset is None:
            return Location(self.display, 1, 1)
        line = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[line - 1] + 1 if line else 0
        return Location(self.display, line + 1, line + 1, offset - start + 1)


def _config_index(
    config_dir: Path, scan_root: Path, document: TerraformDocument, options: Any
) -> tuple[Any, list[Diagnostic]]:
    """The HCL reader's index of the configuration (None when there is nothing to read)."""
    try:
        has_tf = any(is_config_file(p.name) for p in config_dir.iterdir())
    except OSError:
        has_tf = False
    if not has_tf:
        return None, []
    from iacgate.sources.terraform.reader import load_configuration
    from iacgate.sources.terraform.variables import VariableOptions

    if options is None:
        # The plan records the variable values it was made with: the configuration expands
        # count and for_each the same way when it gets them too.
        values = {k: _as_hcl(v) for k, v in document.variables.items() if v is not None}
        options = VariableOptions(values, ())
    try:
        return load_configuration(config_dir, scan_root, options), []
    except Exception as exc:  # the locations are a help; the plan's findings still count
        return None, [
            Diagnostic(
                DiagnosticKind.SKIPPED,
                config_dir.as_posix(),
                f"configuration not read for plan locations: {type(exc).__name__}: {exc}",
            )
        ]


def _as_hcl(value: Any) -> str:
    """A JSON value as the text ``-var name=TEXT`` takes (strings bare, others as literals)."""
    return value if isinstance(value, str) else json.dumps(value)


def _module_calls(
    config_dir: Path, scan_root: Path, calls: Sequence[ModuleCall]
) -> dict[str, Location]:
    """Where each module call of the plan's configuration is written (local sources only)."""
    from iacgate.sources.terraform.modules import ModuleLoader

    loader = ModuleLoader(scan_root.resolve())
    sources = {call.path: call.source for call in calls}
    directories: dict[str, Path] = {"": config_dir.resolve()}
    found: dict[str, Location] = {}
    for call in sorted(calls, key=lambda c: c.path.count(".")):
        parent, separator, name = call.path.rpartition(".module.")
        if not separator:
            parent, name = "", call.path.removeprefix("module.")
        caller = directories.get(parent)
        if caller is None:
            continue
        try:
            declared = loader.module(caller).modules.get(name)
        except Exception:  # unreadable module directory: no call site
            continue
        if declared is None:
            continue
        found[call.path] = declared.location()
        source = sources.get(call.path, "")
        if source.startswith(("./", "../")):
            directories[call.path] = (caller / source).resolve()
    return found


def read_plan(
    path: Path,
    display: str,
    *,
    config_dir: Path | None,
    scan_root: Path,
    options: Any = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    include_deleted: bool = False,
) -> PlanRead:
    """Read a plan or state file into one Terraform root of records (never raises for bad
    input); the pipeline normalizes them."""
    return read_plan_text(
        read_text(path, max_bytes),
        display,
        config_dir=config_dir,
        scan_root=scan_root,
        options=options,
        include_deleted=include_deleted,
    )


def read_plan_text(
    read: TextResult,
    display: str,
    *,
    config_dir: Path | None,
    scan_root: Path,
    options: Any = None,
    include_deleted: bool = False,
) -> PlanRead:
    """:func:`read_plan` of text read elsewhere (standard input, a remote state object)."""
    if read.text is None:
        message = read.error or read.skipped or "unreadable"
        if read.skipped == "binary file":
            message = "binary file (a saved plan? give the output of terraform show -json)"
        return PlanRead(_error(display, message), None)
    try:
        document = read_document(load_json(read.text), include_deleted=include_deleted)
    except SourceError as exc:
        return PlanRead(_error(display, exc.message, exc.line, exc.column), None)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        # A shape the reader did not expect: the file is malformed; the scan goes on.
        return PlanRead(
            _error(display, f"malformed plan or state: {type(exc).__name__}: {exc}"), None
        )
    result = FileResult(display)
    result.recognised = True
    index = None
    calls: dict[str, Location] = {}
    if config_dir is not None:
        index, problems = _config_index(config_dir, scan_root, document, options)
        result.diagnostics.extend(problems)
        if index is not None:
            calls = _module_calls(config_dir, scan_root, document.module_calls)
    json_locator = _JsonLocator(read.text, display)
    records: list[TerraformResource] = []
    located = in_json = 0
    for record in document.records:
        spans: Mapping[AttrPath, Location] | None = None
        if index is not None:
            found = index.locate(record.address)
            if found is not None:
                spans = found.attributes
                located += 1
        if spans is None:
            spans = {(): json_locator.locate(record.address)}
            in_json += 1
        records.append(dataclasses.replace(record, spans=dict(spans)))
    result.records.append(
        TerraformRoot(display, SOURCES[document.kind], tuple(records), module_calls=calls)
    )
    for note in document.notes:
        result.diagnostics.append(Diagnostic(DiagnosticKind.SKIPPED, display, note))
    return PlanRead(result, document, located, in_json)
