"""Kustomize directories: rendered with ``kubectl kustomize DIR`` and scanned as rendered.

A directory that holds ``kustomization.yaml`` (``.yml``, or ``Kustomization``) is an input of
kustomize, not a set of manifests: its files may be partial patches, and the objects it deploys
exist only after rendering. When a scanned directory tree holds one, the files below it are not
read one by one; the directory is rendered instead, with the ``kubectl`` found on ``PATH``:

- kubectl present: ``kubectl kustomize DIR`` runs with its defaults (no exec or KRM-function
  plugins, no Helm inflation, files restricted to the kustomization root), standard input
  closed, a timeout, and nothing from the scanned tree on its command line but the directory.
  Its output is scanned. Findings name the kustomization directory (``overlays/prod``) and the
  line in the rendered stream, the line ``kubectl kustomize overlays/prod`` prints. When the
  kustomization sets ``buildMetadata: [originAnnotations]``, each object names the file it came
  from and findings use it (``base/deployment.yaml``, relative to the scan root), with the line
  inside that rendered object (line 1 is the object's first line, as for Helm's ``# Source``).
- kubectl absent (or failing): the directory is reported as skipped with the reason; its files
  are not scanned raw, since patches read as whole objects would give false findings.

A file named on the command line is always read as it is, even inside a kustomization.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.results import FileResult
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.discovery import Candidate, Skip, discover, display_path
from iacgate.sources.kubernetes import manifests
from iacgate.sources.structured import Document, load_documents

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
TIMEOUT_SECONDS = 120
MAX_OUTPUT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Kustomization:
    directory: Path
    display: str  # the directory relative to the scan root


def is_kustomization_dir(directory: Path) -> bool:
    return any((directory / name).is_file() for name in KUSTOMIZATION_FILES)


def discover_inputs(
    targets: Sequence[Path], root: Path
) -> Iterator[Candidate | Skip | Kustomization]:
    """Like :func:`discover`, with every kustomization directory in a walked tree yielded once
    in place of the files below it."""
    for target in targets:
        if not target.is_dir():
            if target.name in KUSTOMIZATION_FILES and target.is_file():
                directory = target.parent
                yield Kustomization(directory, display_path(directory, root))
            else:
                yield from discover([target], root)
            continue
        owners: dict[Path, Path | None] = {}
        rendered: set[Path] = set()
        if is_kustomization_dir(target):
            owners[target] = target
        for item in discover([target], root):
            if not isinstance(item, Candidate):
                yield item
                continue
            owner = _owner(item.path.parent, target, owners)
            if owner is None:
                yield item
            elif owner not in rendered:
                rendered.add(owner)
                yield Kustomization(owner, display_path(owner, root))


def _owner(directory: Path, top: Path, cache: dict[Path, Path | None]) -> Path | None:
    """The nearest kustomization directory at or above ``directory`` (up to ``top``)."""
    chain: list[Path] = []
    found: Path | None = None
    current = directory
    while True:
        if current in cache:
            found = cache[current]
            break
        chain.append(current)
        if is_kustomization_dir(current):
            found = current
            break
        if current == top or current.parent == current:
            break
        current = current.parent
    for item in chain:
        cache[item] = found
    return found


def render(kustomization: Kustomization) -> FileResult:
    """Run ``kubectl kustomize`` on the directory and read its output; never raises."""
    import shutil
    import subprocess

    display = kustomization.display
    result = FileResult(display)
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        result.diagnostics.append(
            Diagnostic(
                DiagnosticKind.SKIPPED,
                display,
                "kustomization not rendered: kubectl is not on PATH (install kubectl, or scan "
                "`kubectl kustomize DIR | iacgate scan -`)",
            )
        )
        return result
    try:
        done = subprocess.run(
            [kubectl, "kustomize", str(kustomization.directory)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        result.diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                display,
                f"kubectl kustomize did not finish within {TIMEOUT_SECONDS} s",
            )
        )
        return result
    except OSError as exc:
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.SKIPPED, display, f"cannot run kubectl: {exc}")
        )
        return result
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        result.diagnostics.append(
            Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                display,
                "kubectl kustomize failed: "
                + (reason[-1] if reason else f"exit {done.returncode}"),
            )
        )
        return result
    if len(done.stdout) > MAX_OUTPUT_BYTES:
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.SKIPPED, display, "rendered output is over the size limit")
        )
        return result
    return load_rendered(done.stdout.decode("utf-8", "replace"), display)


def load_rendered(text: str, display: str) -> FileResult:
    """Resources from ``kubectl kustomize`` output of the directory ``display``."""
    from iacgate.sources.kubernetes.records import Manifests  # only when rendering

    result = FileResult(display)
    try:
        documents = load_documents(text, display)
    except SourceError as exc:
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.PARSE_ERROR, display, exc.message, exc.line, exc.column)
        )
        return result
    lines = text.splitlines()
    found = Manifests()
    for document in documents:
        spans = _provenance(document, lines, display)
        for obj in manifests.objects([document], display):
            obj_spans = spans if spans is not document.spans else obj.spans
            file = _file_of(obj_spans, display)
            found.add(obj.body, display, file, obj_spans, again=f"{display}#{document.index}")
            result.recognised = True
    if found.objects:
        result.records.append(found)
    return result


def _file_of(spans: Mapping[AttrPath, Location], default: str) -> str:
    root = spans.get(())
    return root.file if root is not None else default


def _provenance(document: Document, lines: list[str], display: str) -> dict[AttrPath, Location]:
    """The document's spans, moved to the file its origin annotation names (if any)."""
    body = document.value
    annotations = body.get("metadata", {}).get("annotations") if isinstance(body, dict) else None
    origin = annotations.get(ORIGIN_ANNOTATION) if isinstance(annotations, dict) else None
    path = _origin_path(origin)
    if path is None:
        return document.spans
    file = posixpath.normpath(posixpath.join(display, path)) if display != "." else path
    # Line 1 is the object's first line: after an explicit "---", the line below it.
    first = document.start_line
    explicit = 0 < first <= len(lines) and lines[first - 1].startswith("---")
    offset = first if explicit else first - 1
    return {
        key: Location(file, max(1, loc.start_line - offset), max(1, loc.end_line - offset))
        for key, loc in document.spans.items()
    }


def _origin_path(origin: object) -> str | None:
    """``path:`` of a local origin annotation (a small YAML map); None for remote origins."""
    if not isinstance(origin, str):
        return None
    fields = {}
    for line in origin.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    if fields.get("repo") or not fields.get("path"):
        return None
    path = fields["path"]
    return None if posixpath.isabs(path) else path
