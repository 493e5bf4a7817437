"""Inline ignores: comments (YAML, HCL), Kubernetes annotations, CloudFormation Metadata.

Every form names the rule and gives a reason::

    # iacgate:ignore K8S-001 the node agent needs the host's devices
    metadata: {annotations: {iacgate.io/ignore: "K8S-001: node agent; K8S-009: batch job"}}
    Metadata: {iacgate: {ignore: [{rule: AWS-S3-002, reason: public website}]}}

A comment covers the line it is written on (a trailing comment) or the next code line (a
comment on a line of its own). It suppresses a finding of the named rule when that line is the
finding's line, the first line of any block enclosing the finding's attribute path, the first
line of the resource, or the first line of a block the source recorded as enclosing the
resource (``Resource.origin["enclosing"]``: a Terraform module call). Annotations and Metadata
cover their own resource. A directive without a reason suppresses nothing and is reported; a
directive that suppresses nothing is reported as unused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iacgate.findings import Finding
from iacgate.gate.notices import IGNORE_UNUSED, IGNORE_WITHOUT_REASON, notice
from iacgate.model.locations import Location, LocationTable
from iacgate.model.paths import parse_path
from iacgate.model.resource import Resource

MARKER = "iacgate:ignore"
ANNOTATION = "iacgate.io/ignore"
# Resource.origin keys a source may fill: CloudFormation's resource ``Metadata`` mapping, and
# the locations of blocks that enclose a resource (a Terraform module call, outermost first).
ORIGIN_METADATA = "metadata"
ORIGIN_ENCLOSING = "enclosing"

_COMMENT = re.compile(r"(?:^|(?<=\s))(?:#|//|/\*)\s*iacgate:ignore\b(?P<rest>.*)$")
_RULES = re.compile(r"\s*(?P<rules>[A-Za-z0-9_.-]+(?:\s*,\s*[A-Za-z0-9_.-]+)*)(?P<reason>.*)$")
_COMMENT_ONLY = re.compile(r"^\s*(?:#|//|/\*|\*|$)")
_DOC_MARKERS = ("---", "...")


@dataclass(frozen=True, slots=True)
class IgnoreDirective:
    rules: tuple[str, ...]  # codes or names, as written
    reason: str
    form: str  # "comment", "annotation", "metadata"
    file: str  # where it was written
    line: int
    target_line: int = 0  # comments: the line they cover
    resource_key: str = ""  # annotations and Metadata: the resource they cover


# -- reading -----------------------------------------------------------------------------------


def _split_rules_reason(text: str) -> tuple[tuple[str, ...], str] | None:
    found = _RULES.match(text)
    if found is None:
        return None
    rules = tuple(r.strip() for r in found.group("rules").split(","))
    reason = found.group("reason").strip().lstrip(":-—").strip()
    return rules, reason


def comment_directives(text: str, file: str) -> list[IgnoreDirective]:
    """Every ``iacgate:ignore`` comment in a YAML or HCL text."""
    if MARKER not in text:
        return []
    lines = text.splitlines()
    found: list[IgnoreDirective] = []
    for number, line in enumerate(lines, 1):
        if MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        rest = match.group("rest").removesuffix("*/")
        parsed = _split_rules_reason(rest)
        rules, reason = parsed if parsed is not None else ((), "")
        code_before = line[: match.start()].strip()
        target = number if code_before else _next_code_line(lines, number)
        found.append(IgnoreDirective(rules, reason, "comment", file, number, target_line=target))
    return found


def _next_code_line(lines: Sequence[str], number: int) -> int:
    """The first line after ``number`` (1-based) that is neither blank, a comment nor a YAML
    document marker: a comment on its own line covers the code below it."""
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if _COMMENT_ONLY.match(lines[index]) or stripped in _DOC_MARKERS:
            continue
        return index + 1
    return 0


def _annotation_directives(resource: Resource, locations: LocationTable) -> list[IgnoreDirective]:
    annotations = resource.get(("metadata", "annotations"))
    if not isinstance(annotations, Mapping):
        return []
    value = annotations.get(ANNOTATION)
    if not isinstance(value, str):
        return []
    where = locations.get(resource.key, ("metadata", "annotations", ANNOTATION))
    file, line = (where.file, where.start_line) if where else (resource.file or "", 0)
    found = []
    for entry in value.split(";"):
        if not entry.strip():
            continue
        head, sep, reason = entry.partition(":")
        rules = tuple(r.strip() for r in head.split(",") if r.strip())
        found.append(
            IgnoreDirective(
                rules, reason.strip() if sep else "", "annotation", file, line, 0, resource.key
            )
        )
    return found


def _metadata_directives(resource: Resource, locations: LocationTable) -> list[IgnoreDirective]:
    metadata = resource.origin.get(ORIGIN_METADATA)
    if not isinstance(metadata, Mapping):
        return []
    own = metadata.get("iacgate")
    items = own.get("ignore") if isinstance(own, Mapping) else None
    if not isinstance(items, list):
        return []
    where = locations.get(resource.key)
    file, line = (where.file, where.start_line) if where else (resource.file or "", 0)
    found = []
    for item in items:
        if isinstance(item, Mapping):
            rule = item.get("rule")
            rules = tuple(rule) if isinstance(rule, list) else (str(rule),) if rule else ()
            reason = item.get("reason")
            found.append(
                IgnoreDirective(
                    tuple(str(r) for r in rules),
                    reason.strip() if isinstance(reason, str) else "",
                    "metadata",
                    file,
                    line,
                    0,
                    resource.key,
                )
            )
        elif isinstance(item, str):  # "- AWS-S3-002" with no reason is still a directive
            found.append(IgnoreDirective((item,), "", "metadata", file, line, 0, resource.key))
    return found


# Readers for directives attached to the resource itself; a source whose format has its own
# place for them adds a reader here.
ATTACHED_READERS: tuple[Callable[[Resource, LocationTable], list[IgnoreDirective]], ...] = (
    _annotation_directives,
    _metadata_directives,
)


def collect(
    resources: Iterable[Resource],
    locations: LocationTable,
    read_text: Callable[[str], str | None],
) -> list[IgnoreDirective]:
    """Every directive in the scanned files and on the scanned resources."""
    directives: list[IgnoreDirective] = []
    files: dict[str, None] = {}
    for resource in resources:
        for reader in ATTACHED_READERS:
            directives.extend(reader(resource, locations))
        if resource.file:
            files.setdefault(resource.file)
        for enclosing in _enclosing(resource):
            files.setdefault(enclosing.file)
    for file in files:
        text = read_text(file)
        if text is not None:
            directives.extend(comment_directives(text, file))
    return directives


# -- matching ----------------------------------------------------------------------------------


def _names(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.name


class IgnoreMatcher:
    """Matches findings to directives and remembers which directives were used.

    ``min_reason(directive)`` is the shortest reason the directive's place accepts
    (``ignores.min-reason-length``): a shorter one counts as no reason."""

    def __init__(
        self,
        directives: Sequence[IgnoreDirective],
        resources: Mapping[str, Resource],
        locations: LocationTable,
        min_reason: Callable[[IgnoreDirective], int] = lambda _: 1,
    ) -> None:
        self.directives = list(directives)
        self.resources = resources
        self.locations = locations
        self.reasoned = [len(d.reason) >= max(1, min_reason(d)) for d in self.directives]
        self.min_reason = min_reason
        self.by_line: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.by_resource: dict[str, list[int]] = defaultdict(list)
        for index, directive in enumerate(self.directives):
            if directive.resource_key:
                self.by_resource[directive.resource_key].append(index)
            elif directive.target_line:
                self.by_line[(directive.file, directive.target_line)].append(index)
        self.used: set[tuple[int, str]] = set()

    def _candidate_lines(self, finding: Finding, key: str) -> set[tuple[str, int]]:
        lines = {(finding.file, finding.start_line)}
        path = parse_path(finding.path) if finding.path else ()
        for end in range(len(path), -1, -1):
            loc = self.locations.exact(key, path[:end])
            if loc is not None:
                lines.add((loc.file, loc.start_line))
        resource = self.resources.get(key)
        if resource is not None:
            for loc in _enclosing(resource):
                lines.add((loc.file, loc.start_line))
        return lines

    def match(self, finding: Finding) -> IgnoreDirective | None:
        """The directive (with a reason) that suppresses ``finding``, or None."""
        key = f"{finding.scope}::{finding.address}"
        indexes = list(self.by_resource.get(key, ()))
        if self.by_line:
            for spot in self._candidate_lines(finding, key):
                indexes.extend(self.by_line.get(spot, ()))
        names = _names(finding)
        for index in sorted(indexes):
            directive = self.directives[index]
            for token in directive.rules:
                if token in names and self.reasoned[index]:
                    self.used.add((index, token))
                    return directive
        return None

    def keys(self) -> list[tuple[str, str, str]]:
        """(file, rule, reason) of every directive that could suppress: what a later scan
        compares with to tell ignores it adds (``ignores.only-from-base``)."""
        return [
            (d.file, token, d.reason)
            for index, d in enumerate(self.directives)
            if self.reasoned[index]
            for token in d.rules
        ]

    def notices(self, is_known: Callable[[str], bool | None]) -> list[Finding]:
        """Ignores without reason, and ignores that suppressed nothing. ``is_known(token)`` is
        True for an active rule, False for a known rule that was not run (not reported), None
        for a name no loaded rule has."""
        found: list[Finding] = []
        for index, directive in enumerate(self.directives):
            subject = _subject(directive)
            if not directive.rules or not self.reasoned[index]:
                what = ", ".join(directive.rules) or "no rule"
                wanted = max(1, self.min_reason(directive))
                why = (
                    f"its reason is too short ({len(directive.reason)} characters; "
                    f"ignores.min-reason-length is {wanted})"
                    if directive.rules and directive.reason
                    else "it has no reason"
                )
                found.append(
                    notice(
                        IGNORE_WITHOUT_REASON,
                        directive.file,
                        directive.line,
                        subject,
                        f"ignore of {what} suppresses nothing: {why}; write "
                        f"'iacgate:ignore RULE reason' (rule and reason are both required)",
                    )
                )
                continue
            for token in directive.rules:
                if (index, token) in self.used:
                    continue
                known = is_known(token)
                if known is False:
                    continue
                why = "names no known rule" if known is None else "matches no finding"
                found.append(
                    notice(
                        IGNORE_UNUSED,
                        directive.file,
                        directive.line,
                        subject,
                        f"ignore of {token} {why}; remove it",
                        path=token,
                    )
                )
        return found


def _subject(directive: IgnoreDirective) -> str:
    """What a notice about a directive names (no line: fingerprints survive edits above it)."""
    if directive.form == "comment":
        return f"{MARKER} {','.join(directive.rules) or '?'}"
    address = directive.resource_key.partition("::")[2]
    where = f"annotation {ANNOTATION}" if directive.form == "annotation" else "Metadata iacgate"
    return f"{address} ({where})"


def _enclosing(resource: Resource) -> list[Location]:
    value: Any = resource.origin.get(ORIGIN_ENCLOSING)
    if not isinstance(value, list | tuple):
        return []
    return [loc for loc in value if isinstance(loc, Location)]
