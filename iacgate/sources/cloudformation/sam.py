"""SAM templates (``Transform: AWS::Serverless-2016-10-31``) expanded through cfn-lint's transform.

cfn-lint wraps the SAM translator with a local copy of the managed-policy map, so the
expansion runs offline. It is imported only here, only for SAM templates: any ``cfnlint`` import
loads all of cfn-lint (~0.7 s). Each generated resource remembers the ``AWS::Serverless::*``
resource it came from (SAM names what it generates after its source: ``Fn`` gives ``Fn``,
``FnRole``, ``FnApiEventPermissionProd``), so its lines point at the SAM source.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.unknown import Unknown

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SAM_PREFIX = "AWS::Serverless::"
# The region SAM generates ARNs for when the template's region is not given; ARN partitions in
# SAM output are written with ``${AWS::Partition}`` where it matters, so this rarely shows.
DEFAULT_REGION = "us-east-1"

# cfn-lint replaces local artifact paths (CodeUri: ./src) by this placeholder before
# translating: the real location exists only after ``sam package``, so it is Unknown here.
_PLACEHOLDER_URI = "s3://bucket/value"
_PLACEHOLDERS: tuple[dict[str, str], ...] = (
    {"S3Bucket": "bucket", "S3Key": "value"},
    {"Bucket": "bucket", "Key": "value"},
)
_ARTIFACT = Unknown("local artifact: its S3 location is set when the template is packaged")


@dataclass(slots=True)
class Expansion:
    resources: dict[str, Any] = field(default_factory=dict)  # generated or rewritten resources
    conditions: dict[str, Any] = field(default_factory=dict)  # conditions SAM added
    sources: dict[str, str | None] = field(
        default_factory=dict
    )  # id -> SAM resource (None: implicit)
    errors: list[str] = field(default_factory=list)


def transforms_of(template: Mapping[str, Any]) -> list[str]:
    declared = template.get("Transform")
    items = declared if isinstance(declared, list) else [declared] if declared else []
    return [item for item in items if isinstance(item, str)] + [
        str(item.get("Name")) for item in items if isinstance(item, dict) and item.get("Name")
    ]


def is_sam(template: Mapping[str, Any]) -> bool:
    return SAM_TRANSFORM in transforms_of(template)


def expand(plain: dict[str, Any], region: str | None) -> Expansion:
    """Translate a SAM template (long-form intrinsics, no short tags) to CloudFormation."""
    from cfnlint.template.transforms._sam import Transform  # heavy: SAM templates only

    original = plain.get("Resources") or {}
    sam_ids = sorted(
        (key for key, body in original.items() if _is_sam_resource(body)), key=len, reverse=True
    )
    # The translator tells SAM its region through the environment; put it back afterwards.
    saved = os.environ.get("AWS_DEFAULT_REGION")
    try:
        transform = Transform("template", plain, region or DEFAULT_REGION)
        matches = transform.transform_template()
        output = transform.template()
    finally:
        if saved is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = saved
    result = Expansion()
    if matches:
        result.errors = [str(getattr(m, "message", m)) for m in matches]
        return result
    # cfn-lint's node types subclass dict and str; plain JSON types from here on.
    translated = json.loads(json.dumps(output))
    for logical_id, body in (translated.get("Resources") or {}).items():
        before = original.get(logical_id)
        if before is not None and not _is_sam_resource(before):
            continue  # written as CloudFormation: read from the template with its own lines
        result.resources[logical_id] = _unplaceholder(body)
        result.sources[logical_id] = next(
            (sam_id for sam_id in sam_ids if logical_id.startswith(sam_id)), None
        )
    known = plain.get("Conditions") or {}
    for name, body in (translated.get("Conditions") or {}).items():
        if name not in known:
            result.conditions[name] = body
    return result


def _is_sam_resource(body: Any) -> bool:
    return isinstance(body, dict) and str(body.get("Type", "")).startswith(SAM_PREFIX)


def _unplaceholder(value: Any) -> Any:
    if value == _PLACEHOLDER_URI or value in _PLACEHOLDERS:
        return _ARTIFACT
    if isinstance(value, dict):
        return {key: _unplaceholder(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unplaceholder(item) for item in value]
    return value
