"""The gate configuration: ``.iacgate.yaml`` or ``[tool.iacgate]`` in ``pyproject.toml``.

The file is validated against ``config.schema.json`` (shipped beside this module) before
anything else reads it; a bad file is a ``ConfigError`` naming the file, the line, the path
inside the document and what was expected. jsonschema is imported only when a file is read.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from iacgate.findings import NOT_SCANNED
from iacgate.gate.errors import ConfigError
from iacgate.gate.globs import match_name, match_path
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath, format_path
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity

CONFIG_NAMES = (".iacgate.yaml", ".iacgate.yml")
PYPROJECT = "pyproject.toml"


class UnknownPolicy(StrEnum):
    REPORT = "report"  # shown, never fails the gate (the default, DESIGN.md section 2)
    FAIL = "fail"  # an UNKNOWN verdict at or above fail-on fails the gate
    IGNORE = "ignore"  # dropped from the report


@dataclass(frozen=True, slots=True)
class Selection:
    """Rule selectors: ``select`` (empty means every rule) minus ``ignore``."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def allows(self, rule: Rule) -> bool:
        if self.select and not any(selector_matches(s, rule) for s in self.select):
            return False
        return not any(selector_matches(s, rule) for s in self.ignore)

    def allows_code(self, code: str, rules: Mapping[str, Rule]) -> bool:
        """For findings: reserved (CORE) codes are never deselected."""
        rule = rules.get(code)
        return True if rule is None else self.allows(rule)


@dataclass(frozen=True, slots=True)
class Environment:
    """Settings for the files under some paths (``prod/**`` stricter than ``sandbox/**``)."""

    name: str
    paths: tuple[str, ...]
    rules: Selection = Selection()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | str | None = "inherit"  # "inherit": the top-level value
    unknown: UnknownPolicy | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class ExceptionRecord:
    """An accepted risk: which findings it covers, who owns it and until when."""

    rule: str
    owner: str
    reason: str
    expires: dt.date
    address: str | None = None
    kind: str | None = None
    path: str | None = None
    namespace: str | None = None
    account: str | None = None
    ticket: str | None = None
    file: str = ""  # where the record was written, for notices
    line: int = 0


@dataclass(frozen=True, slots=True)
class GateConfig:
    """A validated configuration. ``base_dir`` is the directory the file's relative paths and
    globs are relative to (the directory holding the file)."""

    file: str | None = None
    base_dir: Path | None = None
    packs: tuple[str, ...] | None = None  # resolved: package names or absolute directories
    rules: Selection = Selection()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | str | None = "inherit"  # "inherit": the CLI default (high)
    unknown: UnknownPolicy = UnknownPolicy.REPORT
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    environments: tuple[Environment, ...] = ()
    exceptions: tuple[ExceptionRecord, ...] = ()
    exceptions_max_days: int | None = None
    baseline: Path | None = None
    time_limit: float | None = None  # seconds per scan; None: the default (0: no limit)
    spans: Mapping[AttrPath, Location] = field(default_factory=dict, compare=False, repr=False)


def selector_matches(selector: str, rule: Rule) -> bool:
    """``K8S-001``, ``privileged-container``, ``K8S-*``, ``tag:NAME``, ``framework:NAME``,
    ``pack:NAME``."""
    meta = rule.meta
    prefix, _, value = selector.partition(":")
    if value:
        if prefix == "tag":
            return any(match_name(value, tag) for tag in meta.tags)
        if prefix == "framework":
            return any(match_name(value, name) for name, _ in meta.frameworks)
        if prefix == "pack":
            return match_name(value, rule.pack)
    return match_name(selector, meta.code) or match_name(selector, meta.name)


def severity_override(
    overrides: Iterable[tuple[str, Severity]], rule: Rule | None, code: str
) -> Severity | None:
    """The last matching override wins (so an environment can refine the top level)."""
    found: Severity | None = None
    for selector, severity in overrides:
        if (rule is not None and selector_matches(selector, rule)) or selector == code:
            found = severity
    return found


# -- discovery ---------------------------------------------------------------------------------


def find_config(start: Path, top: Path | None = None) -> Path | None:
    """The nearest ``.iacgate.yaml`` (or a ``pyproject.toml`` with ``[tool.iacgate]``) from
    ``start`` upwards, stopping at the repository root (the directory holding ``.git``) or at
    ``top``."""
    current = start.absolute()
    stop = top.absolute() if top is not None else None
    while True:
        for name in CONFIG_NAMES:
            if (current / name).is_file():
                return current / name
        pyproject = current / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (current / ".git").exists() or current == stop or current.parent == current:
            return None
        current = current.parent


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "iacgate" in tool


# -- loading -----------------------------------------------------------------------------------


@cache
def config_schema() -> dict[str, Any]:
    text = Path(__file__).with_name("config.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def exceptions_file_schema() -> dict[str, Any]:
    base = config_schema()
    return {
        "$schema": base["$schema"],
        "type": "object",
        "additionalProperties": False,
        "required": ["exceptions"],
        "properties": {"version": {"const": 1}, "exceptions": {"$ref": "#/$defs/exceptions"}},
        "$defs": base["$defs"],
    }


def _plain(value: Any) -> Any:
    """TOML dates become ISO text so one schema validates both file formats."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_document(path: Path) -> tuple[Any, dict[AttrPath, Location], str]:
    """The configuration mapping of a YAML/JSON file or a pyproject's ``[tool.iacgate]``, with
    spans (YAML only) and a display name."""
    display = shown_path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display}: cannot read: {exc}") from None
    if path.name == PYPROJECT:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{display}: not valid TOML: {exc}") from None
        section = data.get("tool", {}).get("iacgate")
        if section is None:
            raise ConfigError(f"{display}: no [tool.iacgate] section")
        return _plain(section), {}, f"{display} [tool.iacgate]"
    from iacgate.sources.diagnostics import SourceError
    from iacgate.sources.structured import load_documents

    try:
        docs = load_documents(text, display, json_text=path.suffix.lower() == ".json")
    except SourceError as exc:
        raise ConfigError(f"{display}:{exc.line}: {exc.message}") from None
    if len(docs) != 1:
        raise ConfigError(f"{display}: expected one YAML document, found {len(docs)}")
    value = docs[0].value
    return ({} if value is None else value), docs[0].spans, display


def shown_path(path: Path) -> str:
    """A file's name as reports show it: relative to the working directory when inside it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def validate(
    data: Any, schema: Mapping[str, Any], display: str, spans: Mapping[AttrPath, Location]
) -> None:
    """Raise a ``ConfigError`` listing every schema violation with its line and path."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    lines = []
    for error in errors[:10]:
        path: AttrPath = tuple(error.absolute_path)
        where = format_path(path) or "(top level)"
        loc = _nearest(spans, path)
        prefix = f"{display}:{loc.start_line}" if loc is not None else display
        lines.append(f"{prefix}: at {where}: {_expected(error)}")
    if len(errors) > 10:
        lines.append(f"... and {len(errors) - 10} more")
    raise ConfigError("\n".join(lines))


def _expected(error: Any) -> str:
    """A schema error in words: what was expected, and what was found."""
    validator = error.validator
    if validator == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        return f"expected one of {choices}, found {error.instance!r}"
    if validator == "type":
        return f"expected {error.validator_value}, found {type(error.instance).__name__}"
    if validator == "required":
        return f"{error.message.split(' is a required')[0]} is required"
    if validator == "anyOf" and error.schema.get("anyOf", [{}])[0].get("required"):
        names = ", ".join(next(iter(s["required"])) for s in error.validator_value)
        return f"an exception needs a resource selector: one of {names}"
    if validator == "pattern" and "[0-9]{4}" in str(error.validator_value):
        return f"expected a date YYYY-MM-DD, found {error.instance!r}"
    return str(error.message)


def _nearest(spans: Mapping[AttrPath, Location], path: AttrPath) -> Location | None:
    for end in range(len(path), -1, -1):
        found = spans.get(path[:end])
        if found is not None:
            return found
    return None


def load_config(path: Path, *, today: dt.date | None = None) -> GateConfig:
    """Read, validate and resolve a configuration file."""
    path = path.absolute()
    data, spans, display = read_document(path)
    validate(data, config_schema(), display, spans)
    base = path.parent
    # Records point at the file itself (SARIF needs a plain path), not "pyproject.toml [tool…]".
    records = list(
        _exceptions(data.get("exceptions", []), spans, ("exceptions",), shown_path(path))
    )
    if "exceptions-file" in data:
        records.extend(load_exceptions_file(base / data["exceptions-file"]))
    max_days = data.get("exceptions-max-days")
    config = GateConfig(
        file=display,
        base_dir=base,
        packs=_packs(data["packs"], base) if "packs" in data else None,
        rules=_selection(data.get("rules", {})),
        # ``file-not-scanned: low`` is the first severity override: ``severity`` may refine it.
        severity=_severities(
            {NOT_SCANNED[0]: data["file-not-scanned"]} if "file-not-scanned" in data else {}
        )
        + _severities(data.get("severity", {})),
        fail_on=_fail_on(data["fail-on"]) if "fail-on" in data else "inherit",
        unknown=UnknownPolicy(data.get("unknown", "report")),
        include=tuple(data.get("paths", {}).get("include", ())),
        exclude=tuple(data.get("paths", {}).get("exclude", ())),
        environments=tuple(
            _environment(item, _line(spans, ("environments", i)))
            for i, item in enumerate(data.get("environments", []))
        ),
        exceptions=tuple(records),
        exceptions_max_days=max_days,
        baseline=base / data["baseline"] if "baseline" in data else None,
        time_limit=float(data["time-limit"]) if "time-limit" in data else None,
        spans=spans,
    )
    check_lifetimes(config.exceptions, max_days, today or dt.date.today())
    return config


def load_exceptions_file(path: Path) -> list[ExceptionRecord]:
    data, spans, display = read_document(path)
    validate(data, exceptions_file_schema(), display, spans)
    return list(_exceptions(data["exceptions"], spans, ("exceptions",), display))


def check_lifetimes(
    records: Iterable[ExceptionRecord], max_days: int | None, today: dt.date
) -> None:
    """An exception may not be granted for longer than the configured maximum lifetime."""
    if max_days is None:
        return
    limit = today + dt.timedelta(days=max_days)
    for record in records:
        if record.expires > limit:
            raise ConfigError(
                f"{record.file}:{record.line}: exception for {record.rule} (owner {record.owner}) "
                f"expires {record.expires.isoformat()}, beyond the maximum lifetime of "
                f"{max_days} days (latest allowed today: {limit.isoformat()})"
            )


def _line(spans: Mapping[AttrPath, Location], path: AttrPath) -> int:
    loc = spans.get(path)
    return loc.start_line if loc is not None else 0


def _packs(items: list[str], base: Path) -> tuple[str, ...]:
    """Directories are resolved against the config file's directory, never the working
    directory; anything without a slash is an installed package name."""
    return tuple(
        str((base / item).resolve()) if "/" in item or item.startswith(".") else item
        for item in items
    )


def _selection(data: Mapping[str, Any]) -> Selection:
    return Selection(tuple(data.get("select", ())), tuple(data.get("ignore", ())))


def _severities(data: Mapping[str, str]) -> tuple[tuple[str, Severity], ...]:
    return tuple((selector, Severity.parse(name)) for selector, name in data.items())


def _fail_on(text: str) -> Severity | None:
    return None if text == "none" else Severity.parse(text)


def _environment(data: Mapping[str, Any], line: int) -> Environment:
    return Environment(
        name=data["name"],
        paths=tuple(data["paths"]),
        rules=_selection(data.get("rules", {})),
        severity=_severities(data.get("severity", {})),
        fail_on=_fail_on(data["fail-on"]) if "fail-on" in data else "inherit",
        unknown=UnknownPolicy(data["unknown"]) if "unknown" in data else None,
        line=line,
    )


def _exceptions(
    items: list[Mapping[str, Any]],
    spans: Mapping[AttrPath, Location],
    prefix: AttrPath,
    display: str,
) -> Iterable[ExceptionRecord]:
    for index, item in enumerate(items):
        where = (*prefix, index)
        try:
            expires = dt.date.fromisoformat(item["expires"])
        except ValueError:
            raise ConfigError(
                f"{display}:{_line(spans, (*where, 'expires'))}: at "
                f"{format_path((*where, 'expires'))}: not a calendar date: {item['expires']!r}"
            ) from None
        yield ExceptionRecord(
            rule=item["rule"],
            owner=item["owner"],
            reason=item["reason"],
            expires=expires,
            address=item.get("address"),
            kind=item.get("kind"),
            path=item.get("path"),
            namespace=item.get("namespace"),
            account=item.get("account"),
            ticket=item.get("ticket"),
            file=display,
            line=_line(spans, where),
        )


def in_paths(path: str, patterns: Iterable[str]) -> bool:
    return any(match_path(p, path) for p in patterns)
