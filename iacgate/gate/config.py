"""The gate configuration: ``.iacgate.yaml`` or ``[tool.iacgate]`` in ``pyproject.toml``.

The file is validated against ``config.schema.json`` (shipped beside this module) before
anything else reads it; a bad file is a ``ConfigError`` naming the file, the line, the path
inside the document and what was expected. jsonschema is imported only when a file is read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
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
MAX_CONFIG_BYTES = 1024 * 1024  # a configuration or exceptions file; real ones are a few KB


@dataclass(frozen=True, slots=True)
class IgnorePolicy:
    """What inline ignores may suppress (``ignores:``). The defaults fail closed: a critical
    finding needs an exception (an owner and an end date), and a reason must say something."""

    inline: bool = True  # "deny": inline ignores suppress nothing
    max_severity: Severity = Severity.HIGH  # the most severe finding an ignore may suppress
    min_reason_length: int = 10  # shorter reasons count as no reason
    only_from_base: bool = False  # --diff-base: honour only ignores present at the merge base

    def merged(self, data: Mapping[str, Any]) -> IgnorePolicy:
        """This policy with the keys of an ``ignores:`` mapping applied."""
        return IgnorePolicy(
            inline=data["inline"] == "allow" if "inline" in data else self.inline,
            max_severity=(
                Severity.parse(data["max-severity"])
                if "max-severity" in data
                else self.max_severity
            ),
            min_reason_length=data.get("min-reason-length", self.min_reason_length),
            only_from_base=data.get("only-from-base", self.only_from_base),
        )


@dataclass(frozen=True, slots=True)
class SelectorRef:
    """A rule selector as written in a configuration, to check once the rules are loaded."""

    selector: str
    where: str  # the path inside the document, e.g. rules.ignore[1]
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class PackRef:
    """A directory pack named by a configuration file: it runs Python, so it needs trust."""

    written: str
    directory: str  # resolved, absolute
    file: str
    line: int


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
    ignores: Mapping[str, Any] = field(default_factory=dict)  # keys over the top level's


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
    ignores: IgnorePolicy = IgnorePolicy()
    selectors: tuple[SelectorRef, ...] = ()  # every rule selector, checked against the rules
    directory_packs: tuple[PackRef, ...] = ()  # the entries of ``packs`` that are directories
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
            # Any entry by that name: a link to a device or a FIFO is then refused when read
            # (exit 2), never skipped as if there were no configuration.
            if os.path.lexists(current / name):
                return current / name
        pyproject = current / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (current / ".git").exists() or current == stop or current.parent == current:
            return None
        current = current.parent


def _has_tool_section(path: Path) -> bool:
    from iacgate.gate.files import UnreadableFile, read_limited

    try:
        data = tomllib.loads(read_limited(path, MAX_CONFIG_BYTES))
    except (UnreadableFile, tomllib.TOMLDecodeError):
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
    from iacgate.gate.files import read_bounded

    display = shown_path(path)
    text = read_bounded(path, display, "the file", MAX_CONFIG_BYTES)
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
    placed = []
    for error in errors:
        path: AttrPath = tuple(error.absolute_path)
        extra = _unexpected_keys(error)
        if extra:
            # A misspelt key: point at the key itself, not at the mapping that holds it.
            path = (*path, extra[0])
        where = format_path(path) or "(top level)"
        loc = _nearest(spans, path)
        prefix = f"{display}:{loc.start_line}" if loc is not None else display
        placed.append((loc.start_line if loc else 0, f"{prefix}: at {where}: {_expected(error)}"))
    placed.sort(key=lambda item: item[0])  # in the order of the file
    lines = [text for _, text in placed[:10]]
    if len(errors) > 10:
        lines.append(f"... and {len(errors) - 10} more")
    raise ConfigError("\n".join(lines))


def _unexpected_keys(error: Any) -> list[str]:
    """The keys an ``additionalProperties: false`` error is about."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, Mapping):
        return []
    allowed = set(error.schema.get("properties", {}))
    return sorted(str(k) for k in error.instance if k not in allowed)


def _expected(error: Any) -> str:
    """A schema error in words: what was expected, and what was found."""
    validator = error.validator
    extra = _unexpected_keys(error)
    if extra:
        import difflib

        allowed = sorted(error.schema.get("properties", {}))
        close = difflib.get_close_matches(extra[0], allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of {allowed})"
        return f"unknown key {extra[0]!r}{hint}"
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
    """Read, validate and resolve a configuration file. Files it names (exceptions file,
    baseline, pack directories) must lie inside its repository (``files.repository_root``)."""
    from iacgate.gate.files import repository_root, within

    path = path.absolute()
    data, spans, display = read_document(path)
    validate(data, config_schema(), display, spans)
    base = path.parent
    boundary = repository_root(path)
    shown = shown_path(path)
    # Records point at the file itself (SARIF needs a plain path), not "pyproject.toml [tool…]".
    records = list(_exceptions(data.get("exceptions", []), spans, ("exceptions",), shown))
    if "exceptions-file" in data:
        where = f"{display}:{_line(spans, ('exceptions-file',))}"
        named = within(base / data["exceptions-file"], boundary, where, "exceptions-file")
        records.extend(load_exceptions_file(named))
    baseline = None
    if "baseline" in data:
        where = f"{display}:{_line(spans, ('baseline',))}"
        baseline = within(base / data["baseline"], boundary, where, "baseline")
    packs = _packs(data["packs"], base) if "packs" in data else None
    directory_packs = []
    for index, (written, resolved) in enumerate(
        zip(data.get("packs", ()), packs or (), strict=True)
    ):
        if written != resolved:  # a directory, resolved against the file's directory
            line = _line(spans, ("packs", index))
            within(Path(resolved), boundary, f"{display}:{line}", "pack directory")
            directory_packs.append(PackRef(written, resolved, shown, line))
    max_days = data.get("exceptions-max-days")
    top_ignores = IgnorePolicy().merged(data.get("ignores", {}))
    config = GateConfig(
        file=display,
        base_dir=base,
        packs=packs,
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
        time_limit=float(data["time-limit"]) if "time-limit" in data else None,
        baseline=baseline,
        ignores=top_ignores,
        selectors=tuple(_selector_refs(data, spans, shown)),
        directory_packs=tuple(directory_packs),
        spans=spans,
    )
    check_lifetimes(config.exceptions, max_days, today or dt.date.today())
    return config


def _selector_refs(
    data: Mapping[str, Any], spans: Mapping[AttrPath, Location], file: str
) -> list[SelectorRef]:
    """Every rule selector of a configuration with its place: rule selections and severity
    overrides, at the top level and in each environment."""
    found = []
    scopes: list[tuple[AttrPath, Mapping[str, Any]]] = [((), data)]
    scopes += [(("environments", i), env) for i, env in enumerate(data.get("environments", []))]
    for prefix, scope in scopes:
        for key in ("select", "ignore"):
            for index, selector in enumerate(scope.get("rules", {}).get(key, [])):
                where = (*prefix, "rules", key, index)
                found.append(SelectorRef(selector, format_path(where), file, _line(spans, where)))
        for selector in scope.get("severity", {}):
            where = (*prefix, "severity", selector)
            found.append(SelectorRef(selector, format_path(where), file, _line(spans, where)))
    return found


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
        ignores=dict(data.get("ignores", {})),
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


# -- checking selectors against the loaded rules -------------------------------------------------


def _reserved() -> dict[str, str]:
    """The scanner's own codes and names (parse errors, the gate's notices): selectable in
    severity overrides, never unknown."""
    from iacgate.findings import INTERNAL_ERROR, PARSE_ERROR
    from iacgate.gate.notices import NOTICE_KINDS

    names = {code: kind.name for code, kind in NOTICE_KINDS.items()}
    names.update(dict((PARSE_ERROR, INTERNAL_ERROR)))
    return names


def selector_problem(selector: str, rules: Iterable[Rule]) -> str | None:
    """Why ``selector`` selects nothing among ``rules`` (None when it selects something)."""
    import difflib

    rules = list(rules)
    if any(selector_matches(selector, rule) for rule in rules):
        return None
    reserved = _reserved()
    if any(match_name(selector, code) or match_name(selector, n) for code, n in reserved.items()):
        return None
    prefix, _, value = selector.partition(":")
    if value and prefix in ("tag", "framework", "pack"):
        if prefix == "tag":
            known = sorted({t for r in rules for t in r.meta.tags})
        elif prefix == "framework":
            known = sorted({name for r in rules for name, _ in r.meta.frameworks})
        else:
            known = sorted({r.pack for r in rules if r.pack})
        close = difflib.get_close_matches(value, known, n=1)
        hint = f"did you mean {prefix}:{close[0]}?" if close else f"known: {', '.join(known)}"
        return f"no loaded rule has {prefix} {value!r} ({hint})"
    names = [r.meta.code for r in rules] + [r.meta.name for r in rules] + list(reserved)
    close = difflib.get_close_matches(selector, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no loaded rule matches {selector!r}{hint}"


def check_selectors(config: GateConfig, rules: Sequence[Rule]) -> None:
    """Refuse (exit 2) a configuration whose selectors name no rule: a misspelt code in
    ``rules.ignore`` or an exception would otherwise silently do nothing."""
    problems = []
    for ref in config.selectors:
        problem = selector_problem(ref.selector, rules)
        if problem is not None:
            at = f"{ref.file}:{ref.line}" if ref.line else ref.file
            problems.append(f"{at}: at {ref.where}: {problem}")
    for record in config.exceptions:
        problem = selector_problem(record.rule, rules)
        if problem is not None:
            at = f"{record.file}:{record.line}" if record.line else record.file
            problems.append(f"{at}: exception for {record.rule}: {problem}")
    if problems:
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ConfigError("\n".join(problems[:10]) + more)
