"""Read each file once and hand it to the source that recognises its content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iacgate.findings import Finding
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.normalize import kubernetes as k8s_normalize
from iacgate.sources.cloudformation import route as cfn_route
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.kubernetes import manifests
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, TextResult, decode_bytes, read_text


@dataclass(slots=True)
class FileResult:
    """What one file contributed: resources, their spans, and diagnostics."""

    file: str
    resources: list[Resource] = field(default_factory=list)
    spans: dict[str, dict[AttrPath, Location]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    recognised: bool = False  # some source claimed the file
    # Files read as part of this one (nested CloudFormation stacks): when the scan also names
    # them on their own, their standalone reading is dropped so nothing is reported twice.
    includes: list[str] = field(default_factory=list)
    # Findings a source reports itself (cfn-lint's template checks under ``--validate``).
    findings: list[Finding] = field(default_factory=list)
    # References the source resolved itself: (source key, attribute path, target key).
    edges: list[tuple[str, AttrPath, str]] = field(default_factory=list)


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
        result.findings.extend(routed.findings)
        result.edges.extend(routed.edges)
        for resource, spans in routed.resources:
            result.resources.append(resource)
            result.spans[resource.key] = spans
        return result
    if manifests.is_manifest(documents):
        result.recognised = True
        for obj in manifests.objects(documents, display):
            resource = k8s_normalize.to_resource(
                obj.body, scope=scope, source="kubernetes", file=display
            )
            if resource.key in result.spans:
                # The same object twice in one file: keep both, told apart by document.
                resource = k8s_normalize.to_resource(
                    obj.body, scope=f"{scope}#{obj.document}", source="kubernetes", file=display
                )
            result.resources.append(resource)
            result.spans[resource.key] = obj.spans
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
