"""Shared helpers for the Terraform reader tests: write a configuration, evaluate it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from iacgate.sources.terraform.evaluate import Budget, Evaluator, Scope
from iacgate.sources.terraform.hcl import parse_expression
from iacgate.sources.terraform.reader import TerraformRead, evaluate_directories
from iacgate.sources.terraform.records import TerraformResource
from iacgate.sources.terraform.variables import VariableOptions


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def evaluate(
    root: Path,
    files: dict[str, str] | None = None,
    *,
    dirs: list[str] | None = None,
    options: VariableOptions | None = None,
    seconds: float = 30.0,
) -> TerraformRead:
    """Write ``files`` under ``root`` and evaluate every directory that holds a ``.tf`` file."""
    if files:
        write(root, files)
    if dirs is None:
        found = {p.parent for p in root.rglob("*.tf")} | {p.parent for p in root.rglob("*.tf.json")}
        directories = sorted(d for d in found if ".terraform" not in d.parts)
    else:
        directories = [root / d for d in dirs]
    return evaluate_directories(directories, root, options, seconds=seconds)


def records(read: TerraformRead) -> dict[str, TerraformResource]:
    return {r.address: r for root in read.roots for r in root.records}


def value(text: str, **bindings: Any) -> Any:
    """The value of one expression with ``bindings`` as its only names."""
    evaluator = Evaluator(Budget(10.0))
    return evaluator.value(parse_expression(text), Scope(None, bindings), set())
