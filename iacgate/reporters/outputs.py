"""Several outputs in one run: ``--format F [-o FILE]`` plus ``--output FORMAT=PATH`` pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from iacgate.gate.report import GateReport
from iacgate.reporters import FORMATS, get_reporter


@dataclass(frozen=True, slots=True)
class OutputSpec:
    format: str
    path: str | None  # None or "-": standard output


def parse_outputs(fmt: str, outputs: Sequence[str]) -> list[OutputSpec]:
    """``--output FILE`` is where ``--format`` goes; ``--output FORMAT=PATH`` adds an output.
    Raises ValueError for an unknown format or two plain destinations."""
    main: str | None = None
    extra: list[OutputSpec] = []
    for value in outputs:
        name, sep, path = value.partition("=")
        if sep and name in FORMATS:
            if not path:
                raise ValueError(f"--output {value}: no path after '='")
            extra.append(OutputSpec(name, path))
        elif sep and "/" not in name and name.isidentifier():
            raise ValueError(
                f"--output {value}: unknown format {name!r} (expected one of {', '.join(FORMATS)})"
            )
        else:
            if main is not None:
                raise ValueError("--output FILE given twice; use --output FORMAT=PATH for more")
            main = value
    if sum(1 for s in extra if s.path == "-") + (main in (None, "-")) > 1:
        raise ValueError("only one output can go to standard output")
    return [OutputSpec(fmt, main), *extra]


def write_outputs(report: GateReport, specs: Sequence[OutputSpec], colour: bool = False) -> str:
    """Write every file output; return what goes to standard output."""
    stdout = ""
    for spec in specs:
        to_stdout = spec.path in (None, "-")
        text = get_reporter(spec.format, colour and to_stdout)(report)
        if to_stdout:
            stdout += text
        else:
            assert spec.path is not None
            target = Path(spec.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return stdout
