"""The gated scan, end to end: configuration, rules, scan, baseline or merge base, gate.

The CLI, the pre-commit hook and the GitHub Action all go through :func:`run`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from iacgate import api
from iacgate.budget import DEFAULT_SCAN_SECONDS
from iacgate.findings import Finding
from iacgate.gate import baseline as baseline_mod
from iacgate.gate.config import GateConfig, check_selectors, find_config, load_config
from iacgate.gate.errors import ConfigError
from iacgate.gate.process import INHERIT, Policy, Settings, fixed_in_scope, judge
from iacgate.gate.report import GateReport
from iacgate.rules.metadata import Severity
from iacgate.rules.packs import load_rules
from iacgate.sources.discovery import display_path
from iacgate.sources.textfile import DEFAULT_MAX_BYTES, DEFAULT_MAX_PLAN_BYTES

if TYPE_CHECKING:
    # Types of the options only: the hook's plan and CloudFormation's parameters load when used.
    from iacgate.gate.widen import HookPlan
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions


@dataclass(frozen=True, slots=True)
class ScanOptions:
    paths: tuple[str, ...] = (".",)
    root: Path | None = None  # default: the working directory
    config: Path | None = None  # an explicit configuration file (--config)
    use_config: bool = True  # False: ignore any configuration file (--no-config)
    packs: tuple[str, ...] = ()  # --pack: replaces the configuration's packs
    fail_on: Severity | str | None = INHERIT  # --fail-on: overrides the configuration
    fail_on_risk: int | None = None  # --fail-on-risk: a risk score that fails the gate too
    baseline: Path | None = None
    diff_base: str | None = None
    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_plan_bytes: int = DEFAULT_MAX_PLAN_BYTES  # the --plan file's own limit
    jobs: int | None = None  # parsing worker processes; None: one per usable CPU
    tf_vars: tuple[tuple[str, str], ...] = ()  # --var NAME=VALUE, in order
    tf_var_files: tuple[str, ...] = ()  # --var-file
    only_files: tuple[str, ...] | None = None  # pre-commit: report only these files
    trust_config: bool = False  # --trust-config: the configuration may load directory packs
    hook: HookPlan | None = None  # pre-commit: what to read as context (gate/widen.py)
    plan: str | None = None  # --plan: a plan or state JSON file instead of paths
    plan_config: str | None = None  # its configuration directory (default: the plan's)
    include_deleted: bool = False  # --include-deleted: judge what the plan deletes
    today: dt.date | None = None
    # --cfn-param, --cfn-params, --cfn-stack-name, --validate
    cloudformation: CloudFormationOptions | None = None
    time_limit: float | None = None  # --time-limit: seconds per scan (None: configuration)
    allow_remote_kustomize: bool = False  # --allow-remote-kustomize (command line only)


def load_gate_config(options: ScanOptions, root: Path) -> GateConfig:
    today = options.today or dt.date.today()
    if options.config is not None:
        if not options.config.is_file():
            raise ConfigError(f"--config {options.config}: no such file")
        return load_config(options.config, today=today)
    if not options.use_config:
        return GateConfig()
    found = find_config(root)
    return load_config(found, today=today) if found is not None else GateConfig()


def require_trust(config: GateConfig, trusted: bool) -> None:
    """A directory pack runs the Python in it. Named by a configuration file (which a pull
    request can add or change, in any directory above the scan), it loads only when the user
    trusts that configuration explicitly."""
    if trusted or not config.directory_packs:
        return
    first = config.directory_packs[0]
    at = f"{first.file}:{first.line}" if first.line else first.file
    raise ConfigError(
        f"{at}: packs: {first.written} is a directory pack; loading it runs the Python in it, "
        f"and a configuration file in the scanned tree must not decide that. If you trust this "
        f"configuration, pass --trust-config; or name the pack on the command line "
        f"(--pack {first.directory})"
    )


def settings_for(options: ScanOptions) -> Settings:
    root = (options.root or Path.cwd()).absolute()
    config = load_gate_config(options, root)
    if options.packs:
        known = load_rules(list(options.packs))
    elif config.packs is not None:
        require_trust(config, options.trust_config)
        # The configuration wrote its directories as paths, resolved against its own
        # directory (gate/config.py): a bare name is an installed package, never a folder of
        # the working tree -- the one resolver's rule (rules/packs.load_pack).
        known = load_rules(list(config.packs))
    else:
        known = load_rules()
    if config.selectors or config.exceptions:
        reference = known
        if options.packs or config.packs is not None:
            # Selectors may name bundled rules that this run's packs leave out.
            codes = {r.meta.code for r in known}
            reference = known + [r for r in load_rules() if r.meta.code not in codes]
        check_selectors(config, reference)
    active = tuple(r for r in known if config.rules.allows(r))
    only = None
    if options.only_files is not None:
        only = frozenset(display_path(Path(f), root) for f in options.only_files)
    return Settings(
        config=config,
        rules=active,
        known_rules=tuple(known),
        fail_on=options.fail_on,
        fail_on_risk=options.fail_on_risk,
        root=root,
        today=options.today or dt.date.today(),
        report_unmatched=options.only_files is None,
        only_files=only,
        targets=tuple(Path(p).absolute() for p in options.paths if p != "-"),
    )


def _scan(
    options: ScanOptions, settings: Settings, paths: Sequence[str], root: Path
) -> api.ScanReport:
    if options.plan is not None:
        return api.scan_plan(
            options.plan,
            options.plan_config,
            rules=list(settings.rules),
            root=root,
            max_file_bytes=options.max_plan_bytes,
            tf_vars=dict(options.tf_vars),
            tf_var_files=options.tf_var_files,
            include_deleted=options.include_deleted,
        )
    policy = Policy(settings)
    path_filter: Callable[[str], bool] = policy.includes
    judge = None
    hook = options.hook
    if hook is not None and root == settings.root:  # the hook's plan is for the working tree

        def hook_filter(display: str) -> bool:
            return policy.includes(display) and hook.accepts(display)

        path_filter, judge = hook_filter, hook.judged
    return api.scan(
        paths,
        rules=list(settings.rules),
        root=root,
        max_file_bytes=options.max_file_bytes,
        jobs=options.jobs,
        path_filter=path_filter,
        tf_vars=dict(options.tf_vars),
        tf_var_files=options.tf_var_files,
        cloudformation=options.cloudformation,
        time_limit=_time_limit(options, settings.config),
        allow_remote_kustomize=options.allow_remote_kustomize,
        judge=judge,
    )


def _time_limit(options: ScanOptions, config: GateConfig) -> float:
    for value in (options.time_limit, config.time_limit):
        if value is not None:
            return value
    return DEFAULT_SCAN_SECONDS


def run(options: ScanOptions) -> GateReport:
    """Scan and gate. Raises ``ConfigError`` and ``PackError`` for the CLI to report."""
    settings = settings_for(options)
    if options.baseline is not None and options.diff_base is not None:
        raise ConfigError("use --baseline or --diff-base, not both")
    scan = _scan(options, settings, options.paths, settings.root)
    if options.hook is not None:
        settings = replace(settings, context_files=frozenset(options.hook.context))
    if options.diff_base is not None:
        return _against_merge_base(options, settings, scan, options.diff_base)
    baseline_file = options.baseline or settings.config.baseline
    if baseline_file is not None:
        known = baseline_mod.load(baseline_file)
        scanned = {result: None for result in _scanned_files(scan)}
        return judge(
            scan,
            settings,
            known=known.entries,
            compared_with=f"baseline {known.file}",
            fixed_filter=fixed_in_scope(settings.root, scanned),
        )
    return judge(scan, settings)


def _scanned_files(scan: api.ScanReport) -> set[str]:
    files = {f.file for f in scan.findings}
    if scan.graph is not None:
        files.update(r.file for r in scan.graph.resources() if r.file)
    return files


def _against_merge_base(
    options: ScanOptions, settings: Settings, scan: api.ScanReport, ref: str
) -> GateReport:
    from iacgate.gate import diffbase
    from iacgate.gate.process import BaseIgnores
    from iacgate.gate.report import SuppressionKind

    with diffbase.base_tree(settings.root, ref) as base:
        base_settings = replace(
            settings, root=base.root, path_root=settings.root, report_unmatched=True
        )
        base_paths = diffbase.map_paths(options.paths, settings.root, base.root)
        base_settings = replace(base_settings, targets=tuple(Path(p) for p in base_paths))
        base_scan = _scan(options, base_settings, base_paths, base.root)
        before = judge(base_scan, base_settings)
    # The merge base's findings as the working tree names its files (git mv follows).
    renames = base.renames
    moved = [(renames.finding(g.finding), g) for g in before.findings]
    known = [baseline_mod.entry(finding) for finding, _ in moved]
    base_ignores = BaseIgnores(
        directives=frozenset(
            (renames.path(file), rule, reason) for file, rule, reason in before.inline_ignores
        ),
        suppressed=frozenset(
            finding.fingerprint
            for finding, gated in moved
            if gated.suppression is not None and gated.suppression.kind is SuppressionKind.INLINE
        ),
    )
    return judge(
        scan,
        replace(settings, base_ignores=base_ignores),
        known=known,
        compared_with=f"merge base of {ref} and HEAD ({base.commit[:12]})",
    )


def baseline_findings(options: ScanOptions) -> list[Finding]:
    """What ``baseline create`` records: every finding that is reported and not suppressed."""
    settings = settings_for(options)
    scan = _scan(options, settings, options.paths, settings.root)
    report = judge(scan, settings)
    return [g.finding for g in report.findings if g.suppression is None]
