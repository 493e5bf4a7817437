"""Where the router hands CloudFormation its files: one parse, detection, records.

The router parses every YAML/JSON file once with CloudFormation's tag handler. A template is
read here; a file that is no template but used a CloudFormation tag is refused like any unknown
tag; everything else goes on to the other sources untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iacgate.sources.cloudformation import detect
from iacgate.sources.cloudformation.tags import TagCollector
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind
from iacgate.sources.structured import Document

if TYPE_CHECKING:  # imported when a template is read: most files are not templates
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions
    from iacgate.sources.cloudformation.records import CloudFormationTemplate


@dataclass(slots=True)
class Routed:
    recognised: bool
    template: CloudFormationTemplate | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)


def parse(text: str, display: str) -> tuple[list[Document], TagCollector]:
    tags = TagCollector()
    return detect.parse_with(text, display, tags), tags


def _template_in_stream(documents: list[Document], display: str) -> Diagnostic | None:
    """A document that looks like a template in a stream of several: CloudFormation reads one
    document, and Kubernetes would read none of it, so say so instead of passing it on."""
    if len(documents) < 2:
        return None
    for document in documents:
        value = document.value
        if detect.is_template_value(value) and "apiVersion" not in value and "kind" not in value:
            return Diagnostic(
                DiagnosticKind.PARSE_ERROR,
                display,
                f"document {document.index + 1} of {len(documents)} is a CloudFormation "
                "template, but CloudFormation reads a file of one YAML document: put the "
                "template in a file of its own (nothing in this file was judged)",
                document.start_line,
            )
    return None


def route(
    documents: list[Document],
    tags: TagCollector,
    text: str,
    display: str,
    path: Path | None,
    root: Path | None,
    options: CloudFormationOptions | None,
) -> Routed | None:
    """The file's CloudFormation reading, or None when the file is not CloudFormation's."""
    if not detect.is_template(documents):
        stream = _template_in_stream(documents, display)
        if stream is not None:
            return Routed(recognised=True, diagnostics=[stream])
        if tags.first is None:
            return None
        tag, line = tags.first
        refused = Diagnostic(DiagnosticKind.PARSE_ERROR, display, f"unknown YAML tag {tag!r}", line)
        return Routed(recognised=False, diagnostics=[refused])
    from iacgate.sources.cloudformation import template as cfn_template
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions
    from iacgate.sources.cloudformation.records import CloudFormationTemplate, Validation

    options = options or CloudFormationOptions()
    try:
        result = cfn_template.read_template(
            documents[0], display, path=path, root=root, options=options, rain=tags.rain
        )
    except Exception as exc:  # our defect: say so for this file and let the scan go on
        failed = Diagnostic(
            DiagnosticKind.PARSE_ERROR,
            display,
            f"iacgate could not read this template (internal error: {type(exc).__name__}: "
            f"{exc}); please report it",
        )
        return Routed(recognised=True, diagnostics=[failed])
    validation = None
    if options.validate:
        from iacgate.sources.cloudformation import validate

        secrets = validate.secret_values(documents[0].value, options)
        validation = Validation(text, display, options, tuple(secrets))
    template = CloudFormationTemplate(tuple(result.records), options.stack_name, validation)
    return Routed(
        recognised=True,
        template=template,
        diagnostics=result.diagnostics,
        includes=result.includes,
    )
