"""Rule metadata: severity, compliance mappings and the documented docstring headings."""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from iacgate.model.severity import Severity

DOC_HEADINGS = ("What it checks", "Why it matters", "How to fix")
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

__all__ = [
    "CODE_PATTERN",
    "DOC_HEADINGS",
    "NAME_PATTERN",
    "RuleDoc",
    "RuleMeta",
    "Severity",
    "parse_doc",
]


@dataclass(frozen=True, slots=True)
class RuleDoc:
    summary: str
    sections: tuple[tuple[str, str], ...]

    def section(self, heading: str) -> str:
        return dict(self.sections).get(heading, "")


@functools.cache
def parse_doc(docstring: str | None) -> RuleDoc:
    """Split a rule docstring into its summary line and its fixed-heading sections.

    A heading is a line that reads exactly like one of ``DOC_HEADINGS``; its body is every
    following line up to the next heading, dedented.
    """
    text = inspect.cleandoc(docstring or "")
    lines = text.splitlines()
    summary_lines: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        stripped = line.strip().rstrip(":")
        if stripped in DOC_HEADINGS and line == line.lstrip():
            sections.append((stripped, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            summary_lines.append(line)
    return RuleDoc(
        summary=" ".join(part.strip() for part in summary_lines if part.strip()),
        sections=tuple(
            (heading, textwrap.dedent("\n".join(body)).strip()) for heading, body in sections
        ),
    )


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    severity: Severity
    kinds: tuple[str, ...]
    frameworks: tuple[tuple[str, tuple[str, ...]], ...]
    tags: tuple[str, ...]
    # The rule's docstring, or how to get it: a rule made from its pack's index reads it from
    # its module when first asked. Parsed when first read too: a scan reads a handful of the
    # hundreds of docstrings, so none is read or parsed at start-up.
    doc_source: str | Callable[[], str | None] | None

    @property
    def docstring(self) -> str | None:
        source = self.doc_source
        return source() if callable(source) else source

    @property
    def doc(self) -> RuleDoc:
        return parse_doc(self.docstring)

    @property
    def summary(self) -> str:
        return self.doc.summary

    def framework_ids(self, framework: str) -> tuple[str, ...]:
        return dict(self.frameworks).get(framework, ())

    def problems(self) -> list[str]:
        """Metadata defects, in words; empty when the rule is fit to ship."""
        found: list[str] = []
        if not CODE_PATTERN.match(self.code):
            found.append(f"code {self.code!r} does not look like PREFIX-NNN")
        if not NAME_PATTERN.match(self.name):
            found.append(f"name {self.name!r} is not kebab-case")
        if not self.kinds:
            found.append("no kinds")
        if not self.doc.summary:
            found.append("docstring has no summary line")
        for heading in DOC_HEADINGS:
            if not self.doc.section(heading):
                found.append(f"docstring lacks a {heading!r} section")
        return found
