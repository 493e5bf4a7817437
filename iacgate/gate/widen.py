"""What to read so that changed files can be judged with their references resolved.

A pre-commit hook receives only the changed files. A Kubernetes manifest or a CloudFormation
template is self-contained, so the file itself is enough; a Terraform file needs its whole
module (the directory that holds it). One function decides this for every source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

# (predicate on a changed file, the path to read instead). First match wins; a source whose
# files depend on their neighbours adds its rule here.
WIDENERS: tuple[tuple[Callable[[Path], bool], Callable[[Path], Path]], ...] = (
    (
        lambda p: p.name.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json")),
        lambda p: p.parent,
    ),
)


def widen_one(path: Path) -> Path:
    for applies, widened in WIDENERS:
        if applies(path):
            return widened(path)
    return path


def widen(files: Sequence[Path]) -> list[Path]:
    """The smallest set of files and directories to read for ``files``, without duplicates
    (a file inside a directory that is read anyway is dropped)."""
    chosen: dict[Path, None] = {}
    for file in files:
        chosen.setdefault(widen_one(file))
    directories = [p for p in chosen if p.is_dir()]
    result = []
    for path in chosen:
        if any(d != path and _under(path, d) for d in directories):
            continue
        result.append(path)
    return result


def _under(path: Path, directory: Path) -> bool:
    try:
        path.absolute().relative_to(directory.absolute())
    except ValueError:
        return False
    return True
