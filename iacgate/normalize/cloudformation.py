"""CloudFormation records into canonical resources.

Resource types without a canonical AWS kind yet keep their properties as written (resolved)
under a raw kind derived from the type (``AWS::SageMaker::Model`` -> ``cfn.aws.sage_maker.model``),
so they still count, carry their lines and take part in the graph; no rule targets raw kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown
from iacgate.sources.cloudformation.records import CloudFormationResource

SOURCE = "cloudformation"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def raw_kind(cfn_type: str) -> str:
    """``AWS::EC2::SecurityGroup`` -> ``cfn.aws.ec2.security_group``."""
    parts = [_CAMEL.sub("_", part).lower() for part in cfn_type.split("::")]
    return ".".join(("cfn", *parts))


def scope_of(template: str, stack_name: str | None) -> str:
    """The template path, with the stack name when one is given (one template, many stacks)."""
    return f"{template}#{stack_name}" if stack_name else template


def origin_of(record: CloudFormationResource) -> dict[str, object]:
    origin: dict[str, object] = {"type": record.type, "logical_id": record.logical_id}
    if record.condition is not None:
        origin["condition"] = record.condition
        origin["created"] = record.created
    if record.stack_path:
        origin["stack_path"] = list(record.stack_path)
    if record.sam_source is not None:
        origin["sam_source"] = record.sam_source
    if record.depends_on:
        origin["depends_on"] = list(record.depends_on)
    if record.deletion_policy is not None:
        origin["deletion_policy"] = record.deletion_policy
    return origin


def to_resource(record: CloudFormationResource, stack_name: str | None = None) -> Resource:
    properties = record.properties
    return Resource(
        kind=raw_kind(record.type),
        address=record.address,
        scope=scope_of(record.template, stack_name),
        attributes={} if isinstance(properties, Unknown) else dict(properties),
        source=SOURCE,
        file=record.file,
        origin=origin_of(record),
    )


def to_resources(
    records: Iterable[CloudFormationResource], stack_name: str | None = None
) -> list[tuple[Resource, dict[AttrPath, Location]]]:
    """Each record's resource and the spans of its attribute paths."""
    return [(to_resource(record, stack_name), dict(record.spans)) for record in records]
