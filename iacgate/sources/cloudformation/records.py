"""The record every CloudFormation template yields per resource (plain, SAM-expanded, nested).

Values are the resource's ``Properties`` with every intrinsic function resolved as far as the
template allows: parameters, mappings, conditions and pseudo parameters are substituted,
``AWS::NoValue`` removes the property, and what only exists after deployment (a resource's
physical id, ``Fn::GetAtt``, ``Fn::ImportValue``, ``Fn::GetAZs``) is ``Unknown`` with the reason.
``Ref`` and ``Fn::GetAtt`` to other resources are kept as references, with the property path
where they were written, for the graph. The AWS normalizer consumes only this record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown
from iacgate.sources.cloudformation.parameters import CloudFormationOptions

SOURCE = "cloudformation"


def scope_of(template: str, stack_name: str | None) -> str:
    """The root template's path, with the stack name when one is given (one template can be
    deployed as several stacks)."""
    return f"{template}#{stack_name}" if stack_name else template


@dataclass(frozen=True, slots=True)
class Reference:
    """``path`` (inside ``properties``) was written as ``Ref``/``Fn::GetAtt`` (or a ``Fn::Sub``
    variable) naming ``target``, the address of another resource of the same template
    (``Bucket``; inside a nested stack ``Network/Vpc``). ``attribute`` is the ``Fn::GetAtt``
    attribute, None for ``Ref``. ``certain`` is False when the reference sits in a branch of a
    ``Fn::If`` whose condition is unknown: the relation may or may not exist."""

    path: AttrPath
    target: str
    attribute: str | None = None
    certain: bool = True


@dataclass(frozen=True, slots=True)
class CloudFormationResource:
    # Address in the scan: the logical id; inside nested stacks the stack resources' logical
    # ids first, joined by "/" (``Network/PublicSubnet``).
    address: str
    logical_id: str
    type: str  # AWS::S3::Bucket (after SAM expansion: never AWS::Serverless::*)
    # Resolved properties; the whole section is Unknown when it cannot be read statically
    # (a ``Fn::Transform`` include, a condition that picks between two property maps).
    properties: Mapping[str, Any] | Unknown
    template: str  # the root template (display path): the scope of every resource in it
    file: str  # the template file this resource was written in (a nested template's own file)
    # Where each path of ``properties`` was written; () is the resource entry itself.
    spans: Mapping[AttrPath, Location] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    # The resource's ``Condition``: its name, and whether it holds (True, or Unknown when its
    # inputs are not known). Resources whose condition is false are not created, so no record.
    condition: str | None = None
    created: bool | Unknown = True
    depends_on: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    deletion_policy: str | Unknown | None = None
    update_replace_policy: str | Unknown | None = None
    # Property paths whose value came from a ``NoEcho`` parameter (the value itself is withheld).
    sensitive: frozenset[AttrPath] = frozenset()
    # Property paths whose value came from a parameter a parameter file set: (file, line)s.
    origins: Mapping[AttrPath, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # Nested stacks: the logical ids of the stack resources leading here, outermost first, and
    # where each of those stack resources was written (an ignore there covers this resource).
    stack_path: tuple[str, ...] = ()
    enclosing: tuple[Location, ...] = ()
    # SAM: the AWS::Serverless::* resource this one was generated from; "" for what SAM creates
    # implicitly (``ServerlessRestApi``); None for resources written as CloudFormation.
    sam_source: str | None = None


@dataclass(frozen=True, slots=True)
class CloudFormationTemplate:
    """Every record of one root template (nested stacks included): what the normalizer takes
    in one call, so that separate resources fold into their owners. ``validate`` carries what
    ``--validate`` needs once the resources' canonical kinds are known."""

    records: tuple[CloudFormationResource, ...]
    stack_name: str | None = None
    validate: Validation | None = None
    source: str = SOURCE


@dataclass(frozen=True, slots=True)
class Validation:
    """A template to check with cfn-lint (``--validate``): its text, the options it was read
    with, and the values of its ``NoEcho`` parameters, which cfn-lint's messages must not
    show."""

    text: str
    display: str
    options: CloudFormationOptions
    secrets: tuple[str, ...] = ()
