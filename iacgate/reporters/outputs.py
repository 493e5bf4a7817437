"""Several outputs in one run: ``--format F [-o FILE]`` plus ``--output FORMAT=PATH`` pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from iacgate.errors import OutputError as OutputError  # its old home
from iacgate.gate.report import GateReport
from iacgate.reporters import FORMATS, get_reporter
from iacgate.reporters.sarif_options import SarifOptions


@dataclass(frozen=True, slots=True)
class OutputSpec:
    format: str
    path: str | None  # None or "-": standard output


def parse_outputs(
    fmt: str, outputs: Sequence[str], formats: Sequence[str] = FORMATS
) -> list[OutputSpec]:
    """``--output FILE`` is where ``--format`` goes; ``--output FORMAT=PATH`` adds an output.
    Raises ValueError for an unknown format, a format without a file, a directory, or two
    plain destinations."""
    main: str | None = None
    extra: list[OutputSpec] = []
    for value in outputs:
        name, sep, path = value.partition("=")
        if not sep and value in formats:
            # "--output sarif" names a format, not a file called "sarif".
            raise ValueError(
                f"--output {value}: name the file: --output {value}=PATH "
                f"(or --format {value} -o PATH)"
            )
        if sep and name in formats:
            if not path:
                raise ValueError(f"--output {value}: no path after '='")
            extra.append(OutputSpec(name, path))
        elif sep and "/" not in name and name.isidentifier():
            raise ValueError(
                f"--output {value}: unknown format {name!r} (expected one of {', '.join(formats)})"
            )
        else:
            if main is not None:
                raise ValueError("--output FILE given twice; use --output FORMAT=PATH for more")
            main = value
    if sum(1 for s in extra if s.path == "-") + (main in (None, "-")) > 1:
        raise ValueError("only one output can go to standard output")
    specs = [OutputSpec(fmt, main), *extra]
    for spec in specs:
        if spec.path not in (None, "-") and Path(str(spec.path)).is_dir():
            raise ValueError(f"--output {spec.path}: is a directory; name a file")
    return specs


def write_outputs(
    report: GateReport,
    specs: Sequence[OutputSpec],
    colour: bool = False,
    sarif: SarifOptions | None = None,
) -> str:
    """Write every file output; return what goes to standard output. Raises ``OutputError``
    when a file cannot be written."""
    stdout = ""
    for spec in specs:
        to_stdout = spec.path in (None, "-")
        text = get_reporter(spec.format, colour and to_stdout, sarif)(report)
        if to_stdout:
            stdout += text
        else:
            assert spec.path is not None
            write_file(spec.path, text)
    return stdout


def write_file(path: str, text: str) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def emit(
    report: GateReport,
    fmt: str,
    outputs: Sequence[str],
    colour: bool,
    sarif: SarifOptions | None = None,
    sort: str = "location",
) -> str:
    """A gated report in every format asked for (``sort``: by location or by risk); returns
    what goes to standard output. Raises ValueError for bad ``outputs`` (:func:`parse_outputs`)."""
    if sort == "risk":
        from iacgate.gate.report import by_risk

        report = by_risk(report)
    specs = parse_outputs(fmt, outputs)
    colour = colour and any(s.path in (None, "-") for s in specs if s.format == "text")
    return write_outputs(report, specs, colour, sarif)
