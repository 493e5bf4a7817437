"""Reading templates from text in tests."""

from __future__ import annotations

from pathlib import Path

from iacgate.sources.cloudformation import route
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.cloudformation.records import CloudFormationResource
from iacgate.sources.cloudformation.template import TemplateResult, read_template


def read(
    text: str,
    name: str = "template.yaml",
    *,
    path: Path | None = None,
    root: Path | None = None,
    parameters: dict[str, str] | None = None,
    stack_name: str | None = None,
) -> TemplateResult:
    documents, tags = route.parse(text, name)
    assert len(documents) == 1
    options = CloudFormationOptions(parameters or {}, stack_name=stack_name)
    return read_template(documents[0], name, path=path, root=root, options=options, rain=tags.rain)


def by_address(result: TemplateResult) -> dict[str, CloudFormationResource]:
    return {record.address: record for record in result.records}


def properties(text: str, address: str = "R", **kwargs: object) -> dict[str, object]:
    """The resolved properties of one resource of a template (no diagnostics allowed)."""
    result = read(text, **kwargs)  # type: ignore[arg-type]
    assert [d.message for d in result.diagnostics] == []
    found = by_address(result)[address].properties
    assert isinstance(found, dict)
    return found
