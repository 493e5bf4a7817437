"""Is this file a CloudFormation template? Cheap enough to ask of every YAML/JSON file.

The router parses every YAML/JSON file with CloudFormation's tag handler and asks this module
whether the result is a template; the template reader (``template.py``, with intrinsics, SAM
and ``Fn::ForEach``) is imported only when one is.
"""

from __future__ import annotations

import re
from typing import Any

from iacgate.sources.cloudformation.tags import TagCollector
from iacgate.sources.structured import Document, load_documents

_TYPE = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)*$")
FOREACH_PREFIX = "Fn::ForEach::"


def looks_like_type(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("Custom::") or bool(_TYPE.match(value)))


def is_template_value(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if "AWSTemplateFormatVersion" in value:
        return True
    resources = value.get("Resources")
    if not isinstance(resources, dict):
        return False
    return any(
        isinstance(body, dict) and looks_like_type(body.get("Type"))
        for key, body in resources.items()
        if not key.startswith(FOREACH_PREFIX)
    ) or any(key.startswith(FOREACH_PREFIX) for key in resources)


def is_template(documents: list[Document]) -> bool:
    """A template is a single document (CloudFormation reads no YAML streams)."""
    return len(documents) == 1 and is_template_value(documents[0].value)


def _is_json(text: str, display: str) -> bool:
    return display.lower().endswith(".json") or text.lstrip()[:1] in ("{", "[")


def parse_with(text: str, display: str, tags: TagCollector) -> list[Document]:
    """Load a file that may be a template; raises ``SourceError`` for malformed input."""
    return load_documents(text, display, tag_handler=tags, json_text=_is_json(text, display))
