"""Evaluate every Terraform root under a directory and print what stayed unknown, and why.

python bench/terraform_corpus.py ../shared/corpus/terraform-aws-modules
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

from iacgate.sources.discovery import Candidate, discover
from iacgate.sources.terraform.reader import evaluate_directories, unknown_values


def _reason_class(reason: str) -> str:
    """Group reasons: drop the addresses and names so that similar causes count together."""
    text = re.sub(r'\["[^"]*"\]|\[\d+\]', "", reason)
    text = re.sub(r"\b(module|data|var|local)\.[\w.-]+", r"\1.X", text)
    text = re.sub(r"\baws_\w+\.[\w-]+(\.[\w-]+)*", "RESOURCE.ATTR", text)
    text = re.sub(r"\(line \d+\)", "", text)
    text = re.sub(r"'[^']*'", "'…'", text)
    return text[:110]


def _leaves(value: object) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def main(target: str) -> None:
    root = Path(target).resolve()
    started = time.perf_counter()
    directories = {
        item.path.parent
        for item in discover([root], root)
        if isinstance(item, Candidate) and item.path.name.endswith((".tf", ".tf.json"))
    }
    read = evaluate_directories(directories, root)
    elapsed = time.perf_counter() - started
    records = [r for root_result in read.roots for r in root_result.records]
    managed = [r for r in records if r.mode == "managed"]
    unknown = Counter()
    leaves = sum(_leaves(record.values) for record in records)
    for record in records:
        for item in unknown_values(record.values):
            unknown[_reason_class(item.reason)] += 1
    errors = [d for d in read.diagnostics if d.kind == "parse-error"]
    print(
        f"module directories {len(directories)}, roots {len(read.roots)}, files {len(read.files)}"
    )
    print(f"records {len(records)} (managed {len(managed)}, data {len(records) - len(managed)})")
    print(f"attribute values (leaves) {leaves}, unknown {sum(unknown.values())}")
    references = sum(len(r.references) for r in records)
    print(f"references {references}, shared module instances {read.shared_instances}")
    print(f"diagnostics {len(errors)}")
    for diagnostic in errors[:30]:
        print(f"  {diagnostic.file}:{diagnostic.line} {diagnostic.message}")
    print("top unknown reasons:")
    for reason, count in unknown.most_common(15):
        print(f"  {count:6} {reason}")
    slow = sorted(read.roots, key=lambda r: -r.seconds)[:5]
    print("slowest roots:", ", ".join(f"{r.scope} {r.seconds:.2f}s" for r in slow))
    print(f"wall {elapsed:.2f}s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
