"""The gate step: a ``ScanReport`` in, a ``GateReport`` out.

Order: environment settings (rule selection, UNKNOWN handling, severity overrides), inline
ignores, exceptions, the gate's own notices, new/existing against a baseline or a merge base,
and finally which findings fail the gate. Works on any finding: files, live or drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from iacgate.api import ScanReport
from iacgate.findings import Finding, FindingStatus
from iacgate.gate import baseline as baseline_mod
from iacgate.gate.accepted_risks import ExceptionMatcher
from iacgate.gate.config import (
    Environment,
    GateConfig,
    IgnorePolicy,
    Selection,
    UnknownPolicy,
    in_paths,
    severity_override,
)
from iacgate.gate.files import tree_reader
from iacgate.gate.ignores import IgnoreDirective, IgnoreMatcher, collect
from iacgate.gate.report import (
    FixedFinding,
    GatedFinding,
    GateReport,
    State,
    Suppression,
    SuppressionKind,
)
from iacgate.gate.threshold import GATING_STATUSES
from iacgate.model.locations import LocationTable
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity

DEFAULT_FAIL_ON = Severity.HIGH
INHERIT = "inherit"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the gate step needs besides the scan."""

    config: GateConfig = field(default_factory=GateConfig)
    rules: tuple[Rule, ...] = ()  # the rules that ran
    known_rules: tuple[Rule, ...] = ()  # every loaded rule (selected or not)
    fail_on: Severity | str | None = INHERIT  # from the command line: overrides the config
    # --fail-on-risk: a failing finding whose risk score reaches it fails the gate too.
    fail_on_risk: int | None = None
    root: Path = Path()  # the scan root: display paths are relative to it
    # Where display paths are rooted for the configuration's globs; differs from ``root`` when
    # the scanned tree is an extracted copy (the merge base of a diff-base run).
    path_root: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    report_unmatched: bool = True  # off when only part of the tree is judged (pre-commit)
    only_files: frozenset[str] | None = None  # report only findings in these files
    # The scanned paths: with the root, the only places a scanned file is read again from.
    targets: tuple[Path, ...] = ()
    # Under --diff-base: the inline ignores of the merge base (``ignores.only-from-base``).
    base_ignores: BaseIgnores | None = None
    # pre-commit: files read only as context (gate/widen.py); what they skip is not the change's.
    context_files: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BaseIgnores:
    """The inline ignores at the merge base, in the working tree's paths."""

    directives: frozenset[tuple[str, str, str]]  # (file, rule as written, reason)
    suppressed: frozenset[str]  # fingerprints an inline ignore suppressed there

    def holds(self, directive: IgnoreDirective, finding: Finding) -> bool:
        """Was this ignore already there? The same rule and reason in the same file, or the
        same finding suppressed inline (the ignore moved with its code)."""
        return finding.fingerprint in self.suppressed or any(
            (directive.file, token, directive.reason) in self.directives
            for token in directive.rules
        )


@dataclass(frozen=True, slots=True)
class Resolved:
    """One environment's effective settings."""

    name: str
    selection: Selection
    severity: tuple[tuple[str, Severity], ...]
    fail_on: Severity | None
    unknown: UnknownPolicy
    ignores: IgnorePolicy = field(default_factory=IgnorePolicy)


class Policy:
    """Resolves the settings that apply to a file (its environment) and maps scan paths to the
    configuration's own relative paths."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        config = settings.config
        self.prefix = _prefix(settings.path_root or settings.root, config.base_dir)
        top_fail = _first(settings.fail_on, config.fail_on, DEFAULT_FAIL_ON)
        self.default = Resolved(
            "", Selection(), config.severity, top_fail, config.unknown, config.ignores
        )
        self.environments = [(env, self._resolve(env)) for env in config.environments]
        self.by_code: dict[str, Rule] = {r.meta.code: r for r in settings.known_rules}
        self.by_code.update({r.meta.code: r for r in settings.rules})

    def _resolve(self, env: Environment) -> Resolved:
        fail_on = _first(self.settings.fail_on, env.fail_on, self.default.fail_on)
        return Resolved(
            env.name,
            env.rules,
            (*self.default.severity, *env.severity),
            fail_on,
            env.unknown or self.default.unknown,
            self.default.ignores.merged(env.ignores),
        )

    def config_path(self, file: str) -> str:
        """``file`` (relative to the scan root) relative to the configuration's directory."""
        if self.prefix is None or not file or file.startswith(("/", "<")):
            return file
        return self.prefix + file

    def environment(self, path: str) -> Resolved:
        if path:
            for env, resolved in self.environments:
                if in_paths(path, env.paths):
                    return resolved
        return self.default

    def includes(self, file: str) -> bool:
        """The configuration's ``paths``: whether a discovered file is read at all."""
        config = self.settings.config
        path = self.config_path(file)
        if config.include and not in_paths(path, config.include):
            return False
        return not in_paths(path, config.exclude)

    def is_known(self, token: str) -> bool | None:
        active = {r.meta.code for r in self.settings.rules} | {
            r.meta.name for r in self.settings.rules
        }
        if token in active or token.startswith("CORE-"):
            return True
        if any(token in (r.meta.code, r.meta.name) for r in self.settings.known_rules):
            return False
        return None


def _first(*values: Severity | str | None) -> Severity | None:
    for value in values:
        if value != INHERIT:
            return value if isinstance(value, Severity) or value is None else DEFAULT_FAIL_ON
    return DEFAULT_FAIL_ON


def _prefix(root: Path, base: Path | None) -> str | None:
    if base is None:
        return None
    try:
        relative = root.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative + "/"


def refusal(directive: IgnoreDirective, finding: Finding, env: Resolved, settings: Settings) -> str:
    """Why the ignore policy (``ignores:``) does not let ``directive`` suppress ``finding``;
    empty when it may."""
    policy = env.ignores
    at = f"{directive.file}:{directive.line}" if directive.line else directive.file
    if not policy.inline:
        return f"inline ignore at {at} not honoured: ignores.inline is deny"
    if finding.severity > policy.max_severity:
        return (
            f"inline ignore at {at} not honoured: a {finding.severity.label} finding needs an "
            f"exception with an owner and an expiry date (ignores.max-severity is "
            f"{policy.max_severity.label})"
        )
    base = settings.base_ignores
    if policy.only_from_base and base is not None and not base.holds(directive, finding):
        return (
            f"inline ignore at {at} not honoured: it is new since the merge base and "
            f"ignores.only-from-base is set"
        )
    return ""


def gates(finding: Finding, env: Resolved, fail_on_risk: int | None = None) -> bool:
    """Whether a finding fails the gate: at or above the severity threshold, or (with
    ``fail_on_risk``) with a risk score at or above it; either threshold is enough."""
    by_severity = env.fail_on is not None and finding.severity >= env.fail_on
    by_risk = (
        fail_on_risk is not None and finding.risk is not None and finding.risk.score >= fail_on_risk
    )
    if not by_severity and not by_risk:
        return False
    if finding.status is FindingStatus.UNKNOWN:
        return env.unknown is UnknownPolicy.FAIL
    return finding.status in GATING_STATUSES


@dataclass(slots=True)
class _Staged:
    finding: Finding
    env: Resolved
    suppression: Suppression | None = None
    notes: tuple[str, ...] = ()


def judge(
    scan: ScanReport,
    settings: Settings,
    *,
    known: Sequence[FixedFinding] | None = None,
    compared_with: str | None = None,
    fixed_filter: Callable[[FixedFinding], bool] | None = None,
) -> GateReport:
    """Apply the configuration to a scan. With ``known`` (a baseline, or the findings at the
    merge base), each finding is new or existing and the gone ones are listed as fixed."""
    policy = Policy(settings)
    staged, inline_keys = _stage(scan, settings, policy)
    findings = [s.finding for s in staged]
    existing = [False] * len(staged)
    fixed: list[FixedFinding] | None = None
    if known is not None:
        existing, fixed = baseline_mod.split(findings, known)
        if fixed_filter is not None:
            fixed = [f for f in fixed if fixed_filter(f)]
        if settings.only_files is not None:
            fixed = [f for f in fixed if f.file in settings.only_files]
        fixed.sort(key=lambda f: (f.file, f.code, f.address, f.path))
    gated = []
    for item, old in zip(staged, existing, strict=True):
        state = None if known is None else (State.EXISTING if old else State.NEW)
        fails = (
            item.suppression is None
            and not old
            and gates(item.finding, item.env, settings.fail_on_risk)
        )
        gated.append(
            GatedFinding(item.finding, fails, state, item.suppression, item.env.name, item.notes)
        )
    gated.sort(key=lambda g: g.finding.sort_key())
    if settings.context_files:
        skipped = tuple(d for d in scan.skipped if d.file not in settings.context_files)
        scan = replace(scan, skipped=skipped)
    return GateReport(
        scan=scan,
        findings=tuple(gated),
        failed=any(g.gating for g in gated),
        rules=settings.rules,
        fixed=None if fixed is None else tuple(fixed),
        compared_with=compared_with,
        fail_on=policy.default.fail_on,
        fail_on_risk=settings.fail_on_risk,
        inline_ignores=tuple(inline_keys),
    )


def _stage(
    scan: ScanReport, settings: Settings, policy: Policy
) -> tuple[list[_Staged], list[tuple[str, str, str]]]:
    graph = scan.graph
    resources = {r.key: r for r in graph.resources()} if graph is not None else {}
    locations = graph.locations if graph is not None else LocationTable()
    reader = tree_reader(settings.root, (settings.root, *settings.targets))
    directives = collect(resources.values(), locations, reader)

    def min_reason(directive: IgnoreDirective) -> int:
        return policy.environment(policy.config_path(directive.file)).ignores.min_reason_length

    ignores = IgnoreMatcher(directives, resources, locations, min_reason)
    exceptions = ExceptionMatcher(settings.config.exceptions, settings.today)
    staged: list[_Staged] = []
    for finding in scan.findings:
        path = policy.config_path(finding.file)
        env = policy.environment(path)
        if not env.selection.allows_code(finding.code, policy.by_code):
            continue
        if finding.status is FindingStatus.UNKNOWN and env.unknown is UnknownPolicy.IGNORE:
            continue
        override = severity_override(env.severity, policy.by_code.get(finding.code), finding.code)
        if override is not None and override is not finding.severity:
            finding = replace(finding, severity=override)
        item = _Staged(finding, env)
        directive = ignores.match(finding)
        if directive is not None:
            refused = refusal(directive, finding, env, settings)
            if refused:
                item.notes += (refused,)
            else:
                item.suppression = Suppression(
                    SuppressionKind.INLINE, directive.reason, directive.file, directive.line
                )
                base = settings.base_ignores
                if base is not None and not base.holds(directive, finding):
                    item.notes += (
                        f"suppressed by an inline ignore this change adds "
                        f"({directive.file}:{directive.line})",
                    )
        if item.suppression is None:
            record, notes = exceptions.match(finding, path)
            item.notes += tuple(notes)
            if record is not None:
                item.suppression = Suppression(
                    SuppressionKind.EXCEPTION,
                    record.reason,
                    record.file,
                    record.line,
                    record.owner,
                    record.expires,
                    record.ticket,
                )
        staged.append(item)
    notices = ignores.notices(policy.is_known)
    notices += exceptions.notices(settings.report_unmatched)
    for notice in notices:
        staged.append(_Staged(notice, policy.environment(policy.config_path(notice.file))))
    if settings.only_files is not None:
        changed = settings.only_files
        staged = [s for s in staged if belongs_to_change(s.finding, changed)]
    return staged, ignores.keys()


def belongs_to_change(finding: Finding, changed: frozenset[str]) -> bool:
    """Whether the pre-commit hook reports ``finding``: it is located in a changed file, or the
    value it judged was written in one (a ``.tfvars`` line, a variable default, a local, a
    module argument: ``Finding.origins``), so a commit that only sets ``ssh_cidr`` in
    ``terraform.tfvars`` is refused for the security group it opens in an unchanged file."""
    return finding.file in changed or any(file in changed for file, _ in finding.origins)


def fixed_in_scope(root: Path, scanned: Mapping[str, object]) -> Callable[[FixedFinding], bool]:
    """A baseline entry counts as fixed only where this scan could have seen it again: its file
    was scanned, or no longer exists."""

    def keep(item: FixedFinding) -> bool:
        if item.file in scanned:
            return True
        return not item.file or not (root / item.file).exists()

    return keep
