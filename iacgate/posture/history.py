"""A history of reports: JSON files read, checked and reduced to runs, in ``generated_at`` order.

Three kinds of document are read: scan reports (``iacgate scan --format json``), drift reports
(``iacgate drift --format json``) and inventory snapshots (``iacgate inventory``). Each becomes
a compact run holding only what the posture figures need, so a year of nightly reports fits in
memory. A file that cannot be used (unreadable, not JSON, not an iacgate report, an unsupported
version, malformed, or without a time) is never dropped silently: it becomes a ``Problem`` that
every output lists.

The strings in these files come from scanned trees and live systems: hostile. They are kept as
data here; each renderer escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.errors import IacgateError
from iacgate.rules.metadata import Severity

MAX_REPORT_BYTES = 512 * 1024 * 1024
MAX_FILES = 20_000  # files read from one history directory
TOP_PER_RUN = 25  # highest risks kept per run (the report shows the top ten)
SCAN, DRIFT, INVENTORY = "scan", "drift", "inventory"
ISSUE_STATUSES = frozenset({"fail", "error"})  # findings that need a fix (not "unknown")
PARSE_ERROR_CODE = "CORE-001"
CORE_PREFIX = "CORE-"
SUPPORTED_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Problem:
    """A file of the history that was not used, and why."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Issue:
    """A failing finding, as the history tracks it: by fingerprint."""

    fingerprint: str
    code: str
    name: str
    severity: Severity
    file: str


@dataclass(frozen=True, slots=True)
class Risk:
    """One finding among a run's highest risks."""

    code: str
    name: str
    severity: Severity
    status: str
    address: str
    file: str
    line: int
    message: str
    fingerprint: str
    score: float | None  # the finding's ``risk.score`` (0-100) when the report carries one

    def rank(self) -> tuple[int, float, int, str, str, int, str]:
        """Scored findings first, highest score first; then severity, rule, file."""
        return (
            0 if self.score is not None else 1,
            -(self.score or 0.0),
            -int(self.severity),
            self.code,
            self.file,
            self.line,
            self.address,
        )


@dataclass(frozen=True, slots=True)
class AcceptedRisk:
    """A finding an exception covers: who owns the exception and until when."""

    owner: str
    expires: dt.date
    reason: str
    ticket: str
    record: str  # where the exception is written: "file:line", or "" when unknown
    code: str
    address: str


@dataclass(frozen=True, slots=True)
class RuleCounts:
    """One rule's checks by outcome in one run (the scan report's ``rules``)."""

    code: str
    name: str
    severity: Severity
    frameworks: tuple[tuple[str, tuple[str, ...]], ...]
    passed: int
    failed: int
    unknown: int
    not_judged: int


@dataclass(frozen=True, slots=True)
class Run:
    """What every kind of document shares: where it came from, when, and what it judged."""

    file: str
    generated_at: dt.datetime  # aware, UTC
    stream: str  # the series the document belongs to: same target, comparable over time
    label: str  # the stream, for people
    duration_seconds: float | None
    tool_version: str


@dataclass(frozen=True, slots=True)
class ScanRun(Run):
    issues: Mapping[str, Issue]  # fingerprint -> failing finding, suppressed ones included
    open_by_severity: Mapping[Severity, int]  # unsuppressed failing findings
    open_by_code: Mapping[tuple[str, Severity], int]  # the same, by rule code and severity
    unknown: int  # unsuppressed findings a rule could not decide
    suppressed: int
    rules: tuple[RuleCounts, ...] | None  # None: the report predates per-rule counts
    rule_codes: frozenset[str] | None
    unjudged_files: frozenset[str]  # parse errors and skipped files: absence there proves nothing
    resources: int
    judged: int | None  # None: the report predates the count
    files: int
    skipped: int
    parse_errors: int
    top: tuple[Risk, ...]
    accepted: tuple[AcceptedRisk, ...]

    def judges(self, issue: Issue) -> bool:
        """Whether this run would have reported ``issue`` had it still been there: its file
        was read and its rule ran. When not, the issue's absence is no evidence of a fix."""
        if issue.file in self.unjudged_files:
            return False
        if self.rule_codes is None or issue.code.startswith(CORE_PREFIX):
            return True  # the scanner's own findings (parse errors) are always looked for
        return issue.code in self.rule_codes


@dataclass(frozen=True, slots=True)
class DriftRun(Run):
    provider: str
    scope: str
    declared: int
    in_sync: int
    missing: int
    changed: int
    unmanaged: int
    security: int
    unverified: int
    accepted: tuple[AcceptedRisk, ...]


@dataclass(frozen=True, slots=True)
class CoverageCount:
    kind: str
    where: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class InventoryRun(Run):
    provider: str
    scope: str
    coverage: tuple[CoverageCount, ...]
    resources: int


@dataclass(frozen=True, slots=True)
class History:
    runs: tuple[Run, ...]  # ordered by generated_at, then file
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def of(self, kind: type[Run]) -> list[Any]:
        return [run for run in self.runs if isinstance(run, kind)]

    def streams(self, kind: type[Run]) -> dict[str, list[Any]]:
        """Runs of one kind by stream, each in time order; streams in order of first run."""
        out: dict[str, list[Any]] = {}
        for run in self.of(kind):
            out.setdefault(run.stream, []).append(run)
        return out

    def latest(self, kind: type[Run]) -> list[Any]:
        """The newest run of each stream."""
        return [runs[-1] for runs in self.streams(kind).values()]


class Unusable(IacgateError):
    """A document that cannot be part of the history; the message says why."""


# -- reading files ------------------------------------------------------------------------


def discover(directory: Path) -> tuple[list[Path], list[Problem]]:
    """Every ``*.json`` under ``directory`` (symlinked directories are not followed)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for parent, dirs, files in os.walk(directory, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".json"):
                if len(found) >= MAX_FILES:
                    problems.append(
                        Problem(str(directory), f"more than {MAX_FILES} reports: the rest unread")
                    )
                    return found, problems
                found.append(Path(parent) / name)
    return found, problems


def _read(path: Path) -> Any:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise Unusable(f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Unusable("not a regular file")
        if info.st_size > MAX_REPORT_BYTES:
            raise Unusable(f"larger than {MAX_REPORT_BYTES} bytes")
        data = handle.read(MAX_REPORT_BYTES + 1)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise Unusable(f"not valid JSON{where}") from None
    except RecursionError:
        raise Unusable("JSON nested too deeply") from None


def load(files: Sequence[Path], directory: Path | None = None) -> History:
    """Read reports named one by one and every report under ``directory``."""
    problems: list[Problem] = []
    paths = list(files)
    if directory is not None:
        found, trouble = discover(directory)
        paths.extend(found)
        problems.extend(trouble)
    runs: list[Run] = []
    seen: set[Path] = set()
    interned: dict[str, Issue] = {}  # one Issue per fingerprint across runs
    for path in paths:
        key = path.absolute()
        if key in seen:
            continue
        seen.add(key)
        name = str(path)
        try:
            runs.append(parse(_read(path), name, interned))
        except Unusable as exc:
            problems.append(Problem(name, str(exc)))
    runs.sort(key=lambda r: (r.generated_at, r.file))
    return History(tuple(runs), tuple(problems))


# -- checking documents --------------------------------------------------------------------


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise Unusable(f"{where}{key!r} is missing or malformed")
    return value


def _count(data: Mapping[str, Any], key: str, where: str = "") -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Unusable(f"{where}{key!r} is not a count")
    return value


def _optional_count(data: Mapping[str, Any], key: str) -> int | None:
    return _count(data, key) if key in data else None


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _severity(text: Any, where: str) -> Severity:
    try:
        return Severity.parse(str(text))
    except ValueError:
        raise Unusable(f"{where}unknown severity {str(text)[:40]!r}") from None


def parse_time(text: Any) -> dt.datetime | None:
    """An ISO 8601 time with a zone (``2024-05-01T02:00:00Z``), as aware UTC; else None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None  # a time without a zone cannot be ordered against the others
    return moment.astimezone(dt.UTC)


def _duration(data: Mapping[str, Any]) -> float | None:
    value = data.get("duration_seconds")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def _tool_version(data: Mapping[str, Any]) -> str:
    tool = data.get("tool")
    return _str(tool, "version") if isinstance(tool, Mapping) else ""


def kind_of(data: Any) -> str:
    if not isinstance(data, Mapping):
        raise Unusable("not an iacgate report (a JSON object is expected)")
    if data.get("format") == "iacgate-snapshot":
        return INVENTORY
    declared = data.get("report")
    if declared in (SCAN, DRIFT):
        return str(declared)
    # Reports written before they named themselves.
    if isinstance(data.get("items"), list) and "provider" in data:
        return DRIFT
    if isinstance(data.get("findings"), list) and isinstance(data.get("summary"), Mapping):
        return SCAN
    raise Unusable("not an iacgate scan report, drift report or inventory snapshot")


def parse(data: Any, name: str, interned: dict[str, Issue] | None = None) -> Run:
    """One document as a run; :class:`Unusable` when it cannot be one."""
    kind = kind_of(data)
    version = str(data.get("version"))
    wanted = "1" if kind == INVENTORY else SUPPORTED_VERSION
    if version != wanted:
        raise Unusable(f"{kind} report version {version[:20]!r} is not supported (reads {wanted})")
    moment = parse_time(data.get("generated_at"))
    if moment is None and kind != SCAN:
        moment = parse_time(data.get("collected_at"))  # drift and snapshots: when read
    if moment is None:
        raise Unusable("no generated_at (a UTC time): the report cannot be placed in the history")
    if kind == INVENTORY:
        return _inventory(data, name, moment)
    if kind == DRIFT:
        return _drift(data, name, moment)
    return _scan(data, name, moment, interned if interned is not None else {})


def _stream(target: Any) -> tuple[str, str]:
    """(key, label) of a scan's target: the same target over time is one stream."""
    if not isinstance(target, Mapping) or not target:
        return "scan:?", "(target not recorded)"
    kind = _str(target, "type")
    if kind == "live":
        scope = _str(target, "scope") or "?"
        return f"live:{scope}", scope
    repository = _str(target, "repository")
    if kind == "plan":
        plan = _str(target, "plan")
        return f"plan:{repository}:{plan}", f"{repository or 'plan'} ({plan})"
    raw = target.get("paths")
    paths = [p for p in raw if isinstance(p, str)] if isinstance(raw, list) else []
    shown = " ".join(paths)
    return f"files:{repository}:{shown}", f"{repository} ({shown})" if repository else shown


def _rules(data: Mapping[str, Any]) -> tuple[RuleCounts, ...] | None:
    raw = data.get("rules")
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise Unusable("'rules' is not a list")
    out: list[RuleCounts] = []
    for index, item in enumerate(raw):
        where = f"rules[{index}]: "
        if not isinstance(item, Mapping):
            raise Unusable(f"{where}not an object")
        frameworks = item.get("frameworks", {})
        if not isinstance(frameworks, Mapping) or not all(
            isinstance(ids, list) and all(isinstance(i, str) for i in ids)
            for ids in frameworks.values()
        ):
            raise Unusable(f"{where}'frameworks' is malformed")
        out.append(
            RuleCounts(
                code=_get(item, "code", str, where),
                name=_str(item, "name"),
                severity=_severity(item.get("severity"), where),
                frameworks=tuple((str(k), tuple(v)) for k, v in sorted(frameworks.items())),
                passed=_count(item, "passed", where),
                failed=_count(item, "failed", where),
                unknown=_count(item, "unknown", where),
                not_judged=_count(item, "not_judged", where),
            )
        )
    return tuple(out)


def _accepted(suppression: Any, code: str, address: str) -> AcceptedRisk | None:
    if not isinstance(suppression, Mapping) or suppression.get("kind", "exception") != "exception":
        return None
    try:
        expires = dt.date.fromisoformat(_str(suppression, "expires"))
    except ValueError:
        return None
    file, line = _str(suppression, "file"), suppression.get("line")
    record = f"{file}:{line}" if file and isinstance(line, int) and line else file
    return AcceptedRisk(
        owner=_str(suppression, "owner"),
        expires=expires,
        reason=_str(suppression, "reason"),
        ticket=_str(suppression, "ticket"),
        record=record,
        code=code,
        address=address,
    )


def _score(finding: Mapping[str, Any]) -> float | None:
    risk = finding.get("risk")
    score = risk.get("score") if isinstance(risk, Mapping) else None
    if isinstance(score, bool) or not isinstance(score, int | float):
        return None
    return min(100.0, max(0.0, float(score)))


_SEVERITIES = {s.label: s for s in Severity}


def _text(value: Any) -> str:
    return value if type(value) is str else ""


def _risk(item: Mapping[str, Any], severity: Severity) -> Risk:
    line = item.get("start_line")
    return Risk(
        code=_text(item.get("code")),
        name=_text(item.get("name")),
        severity=severity,
        status=_text(item.get("status")),
        address=_text(item.get("address")),
        file=_text(item.get("file")),
        line=line if type(line) is int else 0,
        message=_text(item.get("message")),
        fingerprint=_text(item.get("fingerprint")),
        score=_score(item),
    )


def _scan(
    data: Mapping[str, Any], name: str, moment: dt.datetime, interned: dict[str, Issue]
) -> ScanRun:
    findings = _get(data, "findings", list, "")
    summary = _get(data, "summary", Mapping, "")
    issues: dict[str, Issue] = {}
    by_severity: dict[Severity, int] = {}
    by_code: dict[tuple[str, Severity], int] = {}
    unknown = suppressed = parse_errors = 0
    unjudged: set[str] = set()
    ranked: list[tuple[Any, ...]] = []
    accepted: list[AcceptedRisk] = []
    # The hot loop of a long history (a report per night, thousands of findings each): plain
    # dict lookups and exact type checks (JSON gives exactly str, int, dict, list).
    for index, item in enumerate(findings):
        if type(item) is not dict:
            raise Unusable(f"findings[{index}]: not an object")
        code, status, fingerprint = item.get("code"), item.get("status"), item.get("fingerprint")
        label = item.get("severity")
        severity = _SEVERITIES.get(label) if type(label) is str else None
        if type(code) is not str or type(status) is not str or type(fingerprint) is not str:
            raise Unusable(f"findings[{index}]: 'code', 'status' or 'fingerprint' is malformed")
        if severity is None:
            raise Unusable(f"findings[{index}]: unknown severity {str(label)[:40]!r}")
        file = item.get("file")
        file = file if type(file) is str else ""
        suppression = item.get("suppressed")
        if code == PARSE_ERROR_CODE and file:
            unjudged.add(file)
            parse_errors += 1
        if suppression is not None:
            suppressed += 1
            found = _accepted(suppression, code, _text(item.get("address")))
            if found is not None:
                accepted.append(found)
        if status not in ISSUE_STATUSES:
            unknown += suppression is None
            continue
        issue = interned.get(fingerprint)
        rule_name = _text(item.get("name"))
        if issue is None or (issue.code, issue.severity, issue.file, issue.name) != (
            code,
            severity,
            file,
            rule_name,
        ):
            issue = Issue(fingerprint, code, rule_name, severity, file)
            interned.setdefault(fingerprint, issue)
        issues[fingerprint] = issue
        if suppression is not None:
            continue
        by_severity[severity] = by_severity.get(severity, 0) + 1
        by_code[(code, severity)] = by_code.get((code, severity), 0) + 1
        score = _score(item) if "risk" in item else None
        ranked.append((score is None, -(score or 0.0), -severity, code, file, index))
    top = [
        _risk(findings[r[-1]], _SEVERITIES[findings[r[-1]]["severity"]])
        for r in heapq.nsmallest(TOP_PER_RUN, ranked)
    ]
    top.sort(key=Risk.rank)
    skipped = data.get("skipped", [])
    if not isinstance(skipped, list):
        raise Unusable("'skipped' is not a list")
    for entry in skipped:
        if isinstance(entry, Mapping) and isinstance(entry.get("file"), str):
            unjudged.add(entry["file"])
    key, label = _stream(data.get("target"))
    rules = _rules(data)
    return ScanRun(
        file=name,
        generated_at=moment,
        stream=key,
        label=label,
        duration_seconds=_duration(data),
        tool_version=_tool_version(data),
        issues=issues,
        open_by_severity=by_severity,
        open_by_code=by_code,
        unknown=unknown,
        suppressed=suppressed,
        rules=rules,
        rule_codes=frozenset(r.code for r in rules) if rules is not None else None,
        unjudged_files=frozenset(unjudged),
        resources=_count(summary, "resources", "summary: "),
        judged=_optional_count(summary, "judged_resources"),
        files=_count(summary, "files", "summary: "),
        skipped=len(skipped),
        parse_errors=parse_errors,
        top=tuple(top),
        accepted=tuple(accepted),
    )


def _drift(data: Mapping[str, Any], name: str, moment: dt.datetime) -> DriftRun:
    summary = _get(data, "summary", Mapping, "")
    items = _get(data, "items", list, "")
    scope = _get(data, "scope", str, "")
    accepted: list[AcceptedRisk] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise Unusable("items: an entry is not an object")
        for hit in item.get("suppressed") or ():
            if isinstance(hit, Mapping):
                found = _accepted(
                    {**hit, "kind": "exception"}, _str(hit, "code"), _str(item, "address")
                )
                if found is not None:
                    accepted.append(found)
    where = "summary: "
    return DriftRun(
        file=name,
        generated_at=moment,
        stream=f"drift:{scope}",
        label=scope,
        duration_seconds=_duration(data),
        tool_version=_tool_version(data),
        provider=_str(data, "provider"),
        scope=scope,
        declared=_count(summary, "declared", where),
        in_sync=_count(summary, "in_sync", where),
        missing=_count(summary, "missing", where),
        changed=_count(summary, "changed", where),
        unmanaged=_count(summary, "unmanaged", where),
        security=_count(summary, "security", where),
        unverified=_count(summary, "unverified", where),
        accepted=tuple(accepted),
    )


def _inventory(data: Mapping[str, Any], name: str, moment: dt.datetime) -> InventoryRun:
    scope = _get(data, "scope", str, "")
    entries: list[CoverageCount] = []
    for index, item in enumerate(_get(data, "coverage", list, "")):
        where = f"coverage[{index}]: "
        if not isinstance(item, Mapping):
            raise Unusable(f"{where}not an object")
        entries.append(
            CoverageCount(
                kind=_get(item, "kind", str, where),
                where=_get(item, "where", str, where),
                status=_get(item, "status", str, where),
                count=_count(item, "count", where),
            )
        )
    return InventoryRun(
        file=name,
        generated_at=moment,
        stream=f"inventory:{scope}",
        label=scope,
        duration_seconds=_duration(data),
        tool_version=_tool_version(data),
        provider=_str(data, "provider"),
        scope=scope,
        coverage=tuple(sorted(entries, key=lambda e: (e.kind, e.where))),
        resources=len(_get(data, "resources", list, "")),
    )
