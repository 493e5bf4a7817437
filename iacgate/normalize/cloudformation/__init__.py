"""CloudFormation records into canonical resources: the same kinds and attribute values as
Terraform and the live APIs (``docs/model.md``).

Call :func:`to_resources` once per root template with every record it yielded (nested stacks
included): separate resources (``AWS::S3::BucketPolicy``, ``AWS::EC2::SecurityGroupIngress``,
``AWS::IAM::Policy``, ...) fold into their owner only when both are in the same call. Types
without a canonical kind keep their resolved properties under a raw kind derived from the type
(``AWS::SageMaker::Model`` -> ``cfn.aws.sage_maker.model``): they count, carry their lines and
take part in the graph, and no rule targets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown
from iacgate.normalize import aws
from iacgate.normalize.cloudformation.core import View, origin_of
from iacgate.sources.cloudformation.records import SOURCE, CloudFormationResource, scope_of

__all__ = ["SOURCE", "Normalized", "raw_kind", "scope_of", "supported_types", "to_resources"]

# From the kind declarations (``model/aws/kinds``) and their code (``normalize/aws``).
NORMALIZER = aws.Normalizer("cloudformation")
supported_types = NORMALIZER.supported_types

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def raw_kind(cfn_type: str) -> str:
    """``AWS::EC2::SecurityGroup`` -> ``cfn.aws.ec2.security_group``."""
    parts = [_CAMEL.sub("_", part).lower() for part in cfn_type.split("::")]
    return ".".join(("cfn", *parts))


@dataclass(frozen=True, slots=True)
class Normalized:
    resources: tuple[Resource, ...]
    spans: dict[str, dict[AttrPath, Location]]  # by resource key
    # (source key, canonical path, target key): references written in the template.
    edges: tuple[tuple[str, AttrPath, str], ...] = ()
    # Separate resources whose owner is not in the template (a bucket declared elsewhere).
    unattached: tuple[str, ...] = field(default_factory=tuple)


def _raw(record: CloudFormationResource, scope: str) -> Resource:
    properties = record.properties
    return Resource(
        kind=raw_kind(record.type),
        address=record.address,
        scope=scope,
        attributes={} if isinstance(properties, Unknown) else dict(properties),
        source=SOURCE,
        file=record.file,
        origin=origin_of(record),
    )


def to_resources(
    records: Iterable[CloudFormationResource], stack_name: str | None = None
) -> Normalized:
    """Canonical resources of one root template (scope: the template, and the stack name)."""
    records = list(records)
    scope = scope_of(records[-1].template, stack_name) if records else ""
    ctx, other = NORMALIZER.read(View(r) for r in records)
    raw = [v.record for v in other]
    resources: list[Resource] = []
    spans: dict[str, dict[AttrPath, Location]] = {}
    edges: list[tuple[str, AttrPath, str]] = []
    # Folded resources are part of their owner: a reference to one means its owner.
    folded_into: dict[str, str] = {}
    # A managed policy naming its roles is noted as folded into them but stays a node of its
    # own: references to it mean it.
    for draft in ctx.drafts.values():
        for address in draft.folded:
            if address not in ctx.drafts:  # a managed policy is attached, not folded away
                folded_into.setdefault(address, draft.address)
    for resource, resource_spans, refs in NORMALIZER.finished(ctx, scope=scope, source=SOURCE):
        # References by canonical path, for the AWS edge resolvers (graph/aws.py), which
        # also give them a type (uses-role, encrypted-by, ...).
        refs = [(path, folded_into.get(target, target)) for path, target in refs]
        if refs:
            resource = replace(resource, origin={**resource.origin, "references": tuple(refs)})
        resources.append(resource)
        spans[resource.key] = resource_spans
        for path, target in refs:
            edges.append((resource.key, path, f"{scope}::{target}"))
    for record in raw:
        resource = _raw(record, scope)
        resources.append(resource)
        spans[resource.key] = dict(record.spans)
        for ref in record.references:
            target = folded_into.get(ref.target, ref.target)
            edges.append((resource.key, ref.path, f"{scope}::{target}"))
    return Normalized(tuple(resources), spans, tuple(edges), tuple(ctx.unattached))
