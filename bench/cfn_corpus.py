"""Read a CloudFormation corpus and summarise it: templates, resources by type, Unknowns by
reason, parse errors and skips. Run it under ``/usr/bin/time -v`` for wall time and peak RSS:

    /usr/bin/time -v python bench/cfn_corpus.py ../shared/corpus/aws-cloudformation-templates
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from iacgate.api import read_inputs
from iacgate.model.unknown import Unknown
from iacgate.sources.diagnostics import DiagnosticKind

# Names in reasons vary per template; the reason's shape is what counts.
_NAMES = [
    (re.compile(r"physical id of \S+"), "physical id of <resource>"),
    (
        re.compile(r"^\S+\.\S+ \(known after deploy\)"),
        "<resource>.<attribute> (known after deploy)",
    ),
    (re.compile(r"parameter \S+ has no default.*"), "parameter without default or value"),
    (re.compile(r"parameter \S+ of nested stack .*"), "nested stack parameter not passed"),
    (re.compile(r"parameter \S+ is NoEcho.*"), "NoEcho parameter (withheld)"),
    (re.compile(r"parameter \S+ is read from SSM.*"), "SSM parameter type"),
    (re.compile(r"Fn::ImportValue .*"), "Fn::ImportValue"),
    (re.compile(r"Fn::FindInMap \S+ with an unknown key.*"), "Fn::FindInMap with an unknown key"),
    (re.compile(r"Fn::If on condition \S+.*"), "Fn::If on an unknown condition"),
    (re.compile(r"Fn::Transform .*"), "Fn::Transform macro"),
    (re.compile(r"invalid (\S+):.*"), r"invalid \1"),
]


def _shape(reason: str) -> str:
    for pattern, shape in _NAMES:
        if pattern.search(reason):
            return pattern.sub(shape, reason) if "\\1" in shape else shape
    return reason


def _unknowns(value: Any) -> Iterator[Unknown]:
    if isinstance(value, Unknown):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _unknowns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _unknowns(item)


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else ".").absolute()
    started = time.perf_counter()
    results, skipped = read_inputs([str(root)], root)
    elapsed = time.perf_counter() - started
    templates = [r for r in results if r.recognised and r.resources]
    types: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for result in results:
        for resource in result.resources:
            sources[resource.source] += 1
            types[str(resource.origin.get("cloudformation_type", resource.kind))] += 1
            for unknown in _unknowns(resource.attributes):
                reasons[_shape(unknown.reason)] += 1
    print(f"files read: {len(results)}; templates with resources: {len(templates)}")
    print(f"resources: {sum(types.values())} by source {dict(sources)}")
    print(f"read in {elapsed:.2f} s")
    print("\nresources by type (top 40):")
    for name, count in types.most_common(40):
        print(f"  {count:5} {name}")
    print(f"  ({len(types)} types)")
    print("\nUnknown values by reason:")
    for reason, count in reasons.most_common():
        print(f"  {count:5} {reason}")
    print("\nparse errors:")
    for result in results:
        for diagnostic in result.diagnostics:
            if diagnostic.kind is DiagnosticKind.PARSE_ERROR:
                print(f"  {diagnostic.file}:{diagnostic.line}: {diagnostic.message}")
    print("\nskipped:")
    for result in results:
        for diagnostic in result.diagnostics:
            if diagnostic.kind is DiagnosticKind.SKIPPED:
                print(f"  {diagnostic.file}:{diagnostic.line}: {diagnostic.message}")
    for diagnostic in skipped:
        print(f"  {diagnostic.file}: {diagnostic.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
