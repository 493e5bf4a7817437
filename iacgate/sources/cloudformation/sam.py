"""SAM templates (``Transform: AWS::Serverless-2016-10-31``) expanded by the SAM translator.

The translator (``aws-sam-translator``, the library AWS's own transform runs) works offline with
its bundled managed-policy map. It is imported only here, only for SAM templates (~0.3 s; going
through cfn-lint's wrapper would load all of cfn-lint, ~0.7 s). Local artifact paths are
replaced first, as ``sam validate`` does, because the translator accepts only S3 locations.
Each generated resource remembers the ``AWS::Serverless::*`` resource it came from (SAM names
what it generates after its source: ``Fn`` gives ``Fn``, ``FnRole``,
``FnApiEventPermissionProd``), so its lines point at the SAM source.
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


def expand(plain: dict[str, Any], region: str | None) -> Expansion:
    """Translate a SAM template (long-form intrinsics, no short tags) to CloudFormation."""
    # Heavy, and for SAM templates only.
    import logging

    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    _reuse_policy_templates()
    original = plain.get("Resources") or {}
    sam_ids = sorted(
        (key for key, body in original.items() if _is_sam_resource(body)), key=len, reverse=True
    )
    template = json.loads(json.dumps(plain))  # the translator edits what it is given
    parameters = _prepare(template)
    # The translator learns its region from the environment only; put it back afterwards.
    saved = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = region or DEFAULT_REGION
    errors: list[str] = []
    output: dict[str, Any] = {}
    logging.getLogger("samtranslator").setLevel(logging.CRITICAL)  # its errors are ours to say
    try:
        translator = Translator(
            managed_policy_map={},
            sam_parser=Parser(),
            boto_session=_Region(region or DEFAULT_REGION),
        )
        output = translator.translate(
            sam_template=template, parameter_values=parameters, passthrough_metadata=True
        )
    except InvalidDocumentException as exc:
        errors = [str(getattr(cause, "message", cause)) for cause in exc.causes]
    finally:
        if saved is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = saved
    result = Expansion()
    if errors:
        result.errors = errors
        return result
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


class _Region:
    """What the translator asks of a boto3 session: its region (for ``AWS::Region`` and the
    partition). Given this, it builds no session per template (~8 ms each, and a session reads
    the user's AWS configuration files, which a scan has no business with)."""

    def __init__(self, region_name: str) -> None:
        self.region_name = region_name


def _reuse_policy_templates() -> None:
    """Build the translator's policy-templates plugin once per process, not once per template.

    Every ``translate`` makes its plugins anew, and this one validates the translator's bundled
    policy templates against their JSON schema as it is made: ~50 ms a template, three quarters
    of a SAM template's translation. The plugin only reads those bundled templates (it keeps no
    state of the template it transformed), so one instance serves them all. The translator
    looks the factory up by its module-level name, which is what is replaced here."""
    from functools import cache

    from samtranslator.translator import translator

    factory = translator.make_policy_template_for_function_plugin
    if not hasattr(factory, "cache_info"):
        translator.make_policy_template_for_function_plugin = cache(factory)


# Per serverless type, the properties that point at a local artifact (``CodeUri: ./src``).
_ARTIFACT_PROPERTIES = {
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
}


def _prepare(template: dict[str, Any]) -> dict[str, Any]:
    """Make a source template translatable offline; returns the parameter values to give.

    Local artifact paths become an S3 placeholder (read back as Unknown); an alias or code hash
    taken from a parameter gets a stand-in value, as the translator needs one to name things.
    """
    parameters: dict[str, Any] = {}
    declared = template.get("Parameters") or {}

    def alias(value: Any) -> None:
        if isinstance(value, dict) and list(value) == ["Ref"] and value["Ref"] in declared:
            parameters[value["Ref"]] = "Alias"

    defaults = (template.get("Globals") or {}).get("Function") or {}
    if isinstance(defaults, dict):
        alias(defaults.get("AutoPublishAlias"))
    for body in (template.get("Resources") or {}).values():
        if not isinstance(body, dict) or not isinstance(body.get("Properties"), dict):
            continue
        kind, props = body.get("Type"), body["Properties"]
        if kind == "AWS::Serverless::Function":
            _to_placeholder(props, "ImageUri" if props.get("PackageType") == "Image" else "CodeUri")
            alias(props.get("AutoPublishAlias"))
            if isinstance(props.get("AutoPublishCodeSha256"), dict):
                props["AutoPublishCodeSha256"] = "unknown-sha256"
        elif kind == "AWS::Serverless::Api":
            inline = ("DefinitionBody", "Auth", "Cors", "DisableExecuteApiEndpoint")
            if not any(key in props for key in inline):
                _to_placeholder(props, "DefinitionUri")
        elif kind == "AWS::Serverless::Application" and isinstance(props.get("Location"), dict):
            props["Location"] = _PLACEHOLDER_URI
        for key in _ARTIFACT_PROPERTIES.get(str(kind), ()):
            if props.get(key):
                _to_placeholder(props, key)
    return parameters


def _to_placeholder(props: dict[str, Any], key: str) -> None:
    value = props.get(key, ".")
    if isinstance(value, str) and value.startswith("s3://"):
        return  # already a real location
    if isinstance(value, dict) and not any(k == "Ref" or k.startswith("Fn::") for k in value):
        return  # {Bucket, Key}: a real location too
    props[key] = _PLACEHOLDER_URI


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
