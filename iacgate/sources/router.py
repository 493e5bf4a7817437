"""Read each file once and hand it to the source that recognises its content.

``FileResult`` lives in ``model`` (shared by sources and the pipeline); it is re-exported here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from iacgate.model.results import FileResult
from iacgate.sources.cloudformation import route as cfn_route
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.kubernetes import manifests
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, TextResult, decode_bytes, read_text

if TYPE_CHECKING:  # read when a template is: most scans' files are no templates
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions

__all__ = ["FileResult", "load_bytes", "load_file", "load_text"]


_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$", re.MULTILINE)
TEMPLATE_REASON = "template, not YAML: render it first (helm template ... | iacgate scan -)"


def _chart_template(path: Path) -> bool:
    """Whether ``path`` lies in a Helm chart's ``templates/`` directory (beside ``Chart.yaml``)."""
    for parent in path.absolute().parents:
        if parent.name == "templates" and (parent.parent / "Chart.yaml").is_file():
            return True
    return False


def _template_text(text: str) -> bool:
    """Go/Jinja templates ({{ ... }}) are not YAML until rendered. Braces in comments do not
    make a template: a broken manifest that mentions ``{{`` in a comment is a parse error."""
    if "{{" not in text:
        return False
    code = _COMMENT.sub("", text)
    return "{{" in code and "}}" in code


def load_text(
    text: str,
    display: str,
    scope: str | None = None,
    *,
    path: Path | None = None,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
    owned: bool = False,
) -> FileResult:
    """Route one text; ``scope`` (default: ``display``) keeps resource keys unique per input.

    An ``owned`` text is listed by a kustomization, which judges it as rendered: only what a
    kustomization cannot own (a CloudFormation template) is kept from it."""
    scope = scope or display
    result = FileResult(display)
    if owned and "Resources" not in text:
        result.recognised = True  # no template: judged through its kustomization only
        return result
    try:
        # One parse for every source: CloudFormation's short-form tags are kept as values.
        documents, tags = cfn_route.parse(text, display)
    except SourceError as exc:
        if owned:
            result.recognised = True  # kustomize reads it, and reports it if it is broken
        elif _template_text(text):
            result.diagnostics.append(
                Diagnostic(DiagnosticKind.NOT_SCANNED, display, TEMPLATE_REASON)
            )
        else:
            result.diagnostics.append(
                Diagnostic(DiagnosticKind.PARSE_ERROR, display, exc.message, exc.line, exc.column)
            )
        return result
    if path is not None and _template_text(text) and _chart_template(path):
        # It parses, but its values are placeholders ("{{ .Values.privileged }}"): judging
        # them would pass what the chart's values set. Only its rendering can be judged.
        result.diagnostics.append(Diagnostic(DiagnosticKind.NOT_SCANNED, display, TEMPLATE_REASON))
        return result
    routed = cfn_route.route(documents, tags, text, display, path, root, cloudformation)
    if owned and (routed is None or not routed.recognised):
        result.recognised = True
        return result
    if routed is not None:
        result.recognised = routed.recognised
        result.diagnostics.extend(routed.diagnostics)
        result.includes.extend(routed.includes)
        if routed.template is not None:
            result.records.append(routed.template)
        return result
    if manifests.is_manifest(documents):
        from iacgate.sources.kubernetes.records import Manifests  # manifests only

        result.recognised = True
        found = Manifests()
        for obj in manifests.objects(documents, display):
            # The same object twice in one file: keep both, told apart by document.
            found.add(obj.body, scope, display, obj.spans, again=f"{scope}#{obj.document}")
        result.records.append(found)
    return result


def _from_text_result(read: TextResult, display: str) -> FileResult | str:
    if read.skipped is not None:
        result = FileResult(display)
        result.diagnostics.append(Diagnostic(DiagnosticKind.NOT_SCANNED, display, read.skipped))
        return result
    if read.error is not None:
        result = FileResult(display)
        result.diagnostics.append(Diagnostic(DiagnosticKind.PARSE_ERROR, display, read.error))
        return result
    assert read.text is not None
    return read.text


def load_file(
    path: Path,
    display: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    root: Path | None = None,
    cloudformation: CloudFormationOptions | None = None,
    owned: bool = False,
) -> FileResult:
    """Read one file and route it by content. Never raises for bad input."""
    read = _from_text_result(read_text(path, max_bytes), display)
    if isinstance(read, FileResult):
        return read
    return load_text(
        read, display, path=path, root=root, cloudformation=cloudformation, owned=owned
    )


def load_bytes(
    data: bytes,
    display: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    cloudformation: CloudFormationOptions | None = None,
) -> FileResult:
    """Like :func:`load_file` for standard input."""
    if len(data) > max_bytes:
        result = FileResult(display)
        result.diagnostics.append(
            Diagnostic(DiagnosticKind.SKIPPED, display, f"input is over the {max_bytes} byte limit")
        )
        return result
    read = _from_text_result(decode_bytes(data), display)
    if isinstance(read, FileResult):
        return read
    return load_text(read, display, cloudformation=cloudformation)
