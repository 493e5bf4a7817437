"""Rendered Helm output on standard input: ``helm template ... | iacgate scan -``.

``helm template`` writes one YAML stream in which every document starts with a comment naming
the template that produced it::

    ---
    # Source: shop/templates/deployment.yaml
    apiVersion: apps/v1
    ...

Each such document is read on its own and its findings are reported against that template:

- **file**: the path exactly as Helm wrote it after ``# Source:`` (``shop/templates/x.yaml``,
  subcharts as ``shop/charts/db/templates/y.yaml``);
- **line**: the line inside that rendered document, counting the first line after the
  ``# Source:`` comment as line 1. Where a template starts with its YAML (no leading template
  directives) and renders static parts verbatim, this is the template's own line; elsewhere it
  is the line in the rendered document, which ``helm template --show-only <file>`` prints
  (without the ``---`` and ``# Source`` lines).

Documents without a ``# Source:`` comment keep the stream's name (``<stdin>``) and their line
in the stream. A stream without any ``# Source:`` comment is read as one plain stream. A broken
document is a ``parse-error`` of its template only; the rest of the stream is still scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacgate.sources.kubernetes.records import Manifests
from iacgate.sources.router import FileResult, load_bytes, load_text
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, decode_bytes

SOURCE_COMMENT = re.compile(r"^#\s*Source:\s*(\S.*?)\s*$")
DOCUMENT_MARKER = re.compile(r"^---(?:[ \t].*)?$")


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """One document of a rendered stream that names its template."""

    source: str  # the template path after "# Source:"
    text: str  # the document after the comment line
    stream_line: int  # line of the stream where ``text`` starts (1-based)


@dataclass(frozen=True, slots=True)
class SplitStream:
    documents: tuple[RenderedDocument, ...]
    # The stream with every line of a named document blanked: what is left keeps its own lines.
    remainder: str
    has_remainder: bool


def split_stream(text: str) -> SplitStream | None:
    """Split a rendered stream at its documents; None when no document names a template."""
    lines = text.splitlines(keepends=True)
    documents: list[RenderedDocument] = []
    remainder = list(lines)
    has_remainder = False
    start = 0
    for end in [*(i for i, line in enumerate(lines) if DOCUMENT_MARKER.match(line)), len(lines)]:
        body = range(start, end)
        first = next((i for i in body if lines[i].strip()), None)
        if first is not None:
            match = SOURCE_COMMENT.match(lines[first].rstrip("\r\n"))
            if match:
                documents.append(
                    RenderedDocument(match.group(1), "".join(lines[first + 1 : end]), first + 2)
                )
                for i in body:
                    remainder[i] = "\n"
            else:
                has_remainder = True
        start = end + 1
    if not documents:
        return None
    return SplitStream(tuple(documents), "".join(remainder), has_remainder)


def _merge(into: FileResult, part: FileResult) -> None:
    into.records.extend(part.records)
    into.diagnostics.extend(part.diagnostics)
    into.recognised = into.recognised or part.recognised


def _keys(result: FileResult) -> set[str]:
    found = (records for records in result.records if isinstance(records, Manifests))
    return {key for manifests in found for key in manifests.object_keys()}


def load_stream(data: bytes, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FileResult]:
    """Read standard input: a Helm-rendered stream becomes one result per template."""
    if len(data) > max_bytes:
        return [load_bytes(data, display, max_bytes)]
    read = decode_bytes(data)
    if read.text is None:
        return [load_bytes(data, display, max_bytes)]
    split = split_stream(read.text)
    if split is None:
        return [load_text(read.text, display)]
    results: dict[str, FileResult] = {}
    seen: set[str] = set()
    for index, document in enumerate(split.documents):
        part = load_text(document.text, document.source)
        if _keys(part) & seen:
            # The same object rendered twice from one template: keep both, told apart.
            part = load_text(document.text, document.source, scope=f"{document.source}#{index}")
        seen.update(_keys(part))
        result = results.setdefault(document.source, FileResult(document.source))
        _merge(result, part)
    ordered = list(results.values())
    if split.has_remainder:
        ordered.insert(0, load_text(split.remainder, display))
    return ordered
