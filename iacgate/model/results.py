"""What one input file contributed to a scan: the records its source read, and (once the
pipeline has normalized them) the canonical resources they became.

Sources fill ``records``: the native records of one normalizer call each (a Terraform root, a
CloudFormation template, the objects of a manifest), with their spans and diagnostics. They
never make canonical resources; ``iacgate.pipeline`` does, and moves the result into
``resources``, ``spans`` and ``edges``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from iacgate.model.diagnostics import Diagnostic
from iacgate.model.findings import Finding
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource


class RecordSet(Protocol):
    """Records that one normalizer call takes together (the pipeline knows each source's)."""

    @property
    def source(self) -> str:
        """The source name its resources will carry (``terraform``, ``cloudformation``...)."""
        ...


# Why a resource read was not judged (the report's ``summary.not_judged``).
NO_KIND = "no-kind"  # a type iacgate does not model (azurerm_*, an unmodelled aws_*)
NO_OWNER = "no-owner"  # a split resource whose owner argument names nothing
NO_RULE = "no-rule"  # modelled nowhere else and judged by no rule (a CRD, a
# CloudFormation type iacgate does not model)
NOT_JUDGED_REASONS = {
    NO_KIND: "without a canonical kind",
    NO_OWNER: "naming no owner",
    NO_RULE: "of a kind no rule judges",
}


@dataclass(slots=True)
class FileResult:
    """What one file contributed: records (from its source), resources (from the pipeline),
    their spans, and diagnostics."""

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
    # What was read but not judged, as (reason, type): a Terraform resource of a type without
    # a canonical kind, a split resource naming no owner (the summary's ``not_judged``).
    unjudged: list[tuple[str, str]] = field(default_factory=list)
    # Records still to normalize (the pipeline empties this list).
    records: list[RecordSet] = field(default_factory=list)
