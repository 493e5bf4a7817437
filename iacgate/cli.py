"""The command line: the only place that prints and picks exit codes.

Exit codes (DESIGN.md section 5): 0 passed; 1 gate failed; 2 usage or configuration error;
3 internal error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from iacgate import __version__
from iacgate.gate.errors import ConfigError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


LIVE_PROVIDERS = ("k8s", "aws")
F = TypeVar("F", bound=Callable[..., Any])


def _k8s_target_options(function: F) -> F:
    """Where a live Kubernetes command connects, and which namespaces it reads."""
    options = (
        click.option(
            "--kubeconfig",
            default=None,
            help="Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).",
        ),
        click.option("--context", default=None, help="Kubeconfig context (default: current)."),
        click.option(
            "--in-cluster", is_flag=True, help="Use the service account of the pod we run in."
        ),
        click.option(
            "--namespace",
            "-n",
            "namespaces",
            multiple=True,
            help="Read only this namespace (repeatable; default: all, or for drift the "
            "namespaces the manifests use).",
        ),
    )
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class _K8sTarget:
    kubeconfig: str | None
    context: str | None
    in_cluster: bool
    namespaces: tuple[str, ...]


def _progress() -> Callable[[int, int, str], None] | None:
    """A one-line progress indicator on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        click.echo(f"\r\033[K[{done}/{total}] {what}", err=True, nl=False)
        if done == total:
            click.echo("\r\033[K", err=True, nl=False)

    return show


def _k8s_connect(target: _K8sTarget) -> Any:
    from iacgate.live.errors import LiveError
    from iacgate.live.k8s.connection import Target, connect

    try:
        return connect(Target(target.kubeconfig, target.context, target.in_cluster))
    except LiveError as exc:
        raise ConfigError(str(exc)) from None


def _k8s_collect(connection: Any, namespaces: tuple[str, ...] | None, kinds: Any = None) -> Any:
    from iacgate.live.errors import LiveError
    from iacgate.live.k8s.collect import CollectOptions
    from iacgate.live.k8s.kinds import API_KINDS
    from iacgate.pipeline import collect_k8s as collect

    options = CollectOptions(namespaces=namespaces, kinds=kinds or API_KINDS)
    try:
        return _timed(collect, connection, options, _progress())
    except LiveError as exc:
        raise ConfigError(str(exc)) from None
    finally:
        connection.close()


def _timed(collect: Callable[..., Any], *args: Any) -> Any:
    """A collection, with its wall time in the snapshot (``duration_seconds``)."""
    started = time.perf_counter()
    snapshot = collect(*args)
    return replace(snapshot, duration_seconds=round(time.perf_counter() - started, 3))


def _read_snapshot(path: str) -> Any:
    from iacgate.live.errors import LiveError
    from iacgate.live.snapshot import read

    try:
        return read(Path(path))
    except LiveError as exc:
        raise ConfigError(str(exc)) from None


def _aws_target_options(function: F) -> F:
    """Where a live AWS command reads: standard AWS configuration, plus these overrides; with
    --org, every member account of the organization."""
    options = (
        click.option("--profile", default=None, help="AWS profile (default: $AWS_PROFILE)."),
        click.option(
            "--region",
            "regions",
            multiple=True,
            help="Region to read (repeatable, or comma-separated; 'all': every enabled region; "
            "default: the profile's or $AWS_REGION). Global services are read once.",
        ),
        click.option(
            "--endpoint-url",
            default=None,
            help="Send every AWS call here (default: $AWS_ENDPOINT_URL, else AWS).",
        ),
        click.option(
            "--org",
            "organization",
            is_flag=True,
            help="Read every active member account of the AWS organization (ListAccounts), each "
            "through --role-name.",
        ),
        click.option(
            "--role-name",
            default=None,
            help="With --org: the role assumed in each member account "
            "[default: OrganizationAccountAccessRole].",
        ),
        click.option(
            "--accounts",
            "accounts",
            multiple=True,
            help="With --org: only these account ids (repeatable, or comma-separated).",
        ),
        click.option(
            "--exclude-accounts",
            "exclude_accounts",
            multiple=True,
            help="With --org: not these account ids (repeatable, or comma-separated).",
        ),
        click.option(
            "--no-global",
            is_flag=True,
            help="Do not read global kinds (IAM, CloudFront, the S3 bucket list): another "
            "shard reads them (see 'iacgate org shards').",
        ),
    )
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class _Aws:
    """A live AWS command's target: where, which accounts, which kinds."""

    target: Any  # live.aws.session.Target
    selection: Any = None  # live.aws.organizations.Selection, with --org
    no_global: bool = False


def _aws_target(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool = False,
    role_name: str | None = None,
    accounts: tuple[str, ...] = (),
    exclude_accounts: tuple[str, ...] = (),
    no_global: bool = False,
) -> _Aws:
    from iacgate.live.aws.session import Target

    split = tuple(r for value in regions for r in value.replace(",", " ").split() if r)
    target = Target(profile=profile, regions=split, endpoint_url=endpoint_url)
    if not organization:
        if role_name or accounts or exclude_accounts:
            raise click.UsageError("--role-name, --accounts and --exclude-accounts need --org")
        return _Aws(target, None, no_global)
    from iacgate.live.aws.organizations import DEFAULT_ROLE, Selection, account_ids
    from iacgate.live.errors import LiveError

    try:
        selection = Selection(
            role_name=role_name or DEFAULT_ROLE,
            accounts=account_ids(accounts),
            exclude=account_ids(exclude_accounts),
        )
    except LiveError as exc:
        raise click.BadParameter(str(exc)) from None
    return _Aws(target, selection, no_global)


def _need_boto3() -> None:
    import importlib.util

    if importlib.util.find_spec("boto3") is None:
        raise click.UsageError("live AWS needs boto3: pip install 'iacgate[aws]'")


def _aws_options(aws: _Aws, kinds: Any = None) -> Any:
    from iacgate.live.aws.collect import CollectOptions
    from iacgate.live.aws.kinds import AWS_KINDS

    chosen = tuple(kinds or AWS_KINDS)
    if aws.no_global:
        chosen = tuple(k for k in chosen if k.regional)
    return CollectOptions(kinds=chosen)


def _aws_collect(aws: _Aws, kinds: Any = None) -> Any:
    _need_boto3()
    from iacgate.live.errors import LiveError
    from iacgate.pipeline import collect_live

    try:
        options = _aws_options(aws, kinds)
        return _timed(collect_live, aws.target, options, aws.selection, _progress())
    except LiveError as exc:
        raise ConfigError(str(exc)) from None


def _live_or_snapshot(
    live: str | None, snapshot_file: str | None, target: _K8sTarget, aws: Any = None
) -> Any:
    if live and snapshot_file:
        raise click.UsageError("--live and --snapshot exclude each other")
    if snapshot_file:
        return _read_snapshot(snapshot_file)
    if live == "aws":
        return _aws_collect(aws)
    return _k8s_collect(_k8s_connect(target), target.namespaces or None)


def _report_gaps(snapshot: Any) -> None:
    for unread in snapshot.coverage.unread:
        named = f" ({unread.name})" if unread.name else ""
        click.echo(
            f"iacgate: not read: account {unread.where}{named}: {unread.status.value}: "
            f"{unread.detail}",
            err=True,
        )
    for gap in snapshot.coverage.read_gaps:
        where = "" if gap.where == "*" else f" in {gap.where}"
        click.echo(
            f"iacgate: not collected: {gap.kind}{where}: {gap.status.value}: {gap.detail}",
            err=True,
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="iacgate", message="%(prog)s %(version)s")
def cli() -> None:
    """iacgate: one policy-as-code gate for Terraform, CloudFormation, Kubernetes and live state."""


def _gate_options(function: Callable[..., None]) -> Callable[..., None]:
    """Options shared by every command that runs the gate (scan, baseline create, pre-commit)."""
    options = [
        click.option(
            "--fail-on",
            default=None,
            help="Lowest severity that fails the gate (info, low, medium, high, critical) or "
            "'none'. Overrides the configuration. [default: high]",
        ),
        click.option(
            "--fail-on-risk",
            default=None,
            type=click.IntRange(0, 100),
            help="Also fail the gate on any failing finding whose risk score (0-100) is at "
            "least this, whatever its severity (docs/risk.md).",
        ),
        click.option("--pack", "packs", multiple=True, help="Policy pack (package or directory)."),
        click.option("--config", "config", default=None, help="Configuration file to use."),
        click.option("--no-config", is_flag=True, help="Ignore .iacgate.yaml / pyproject.toml."),
        click.option(
            "--trust-config",
            is_flag=True,
            help="Let the configuration load the directory packs it names (their Python runs). "
            "Only for a configuration you trust: one in the scanned tree can come from anyone "
            "who can change the tree.",
        ),
        click.option(
            "--max-file-size",
            default=None,
            type=click.IntRange(min=1),
            help="Files larger than this many bytes are skipped and reported "
            "[default: 5242880; for the --plan file 268435456].",
        ),
        click.option(
            "--jobs",
            "-j",
            default=0,
            type=click.IntRange(min=0),
            help="Worker processes for parsing (0: one per usable CPU; 1: no workers).",
        ),
        click.option(
            "--var",
            "tf_vars",
            multiple=True,
            metavar="NAME=VALUE",
            help="Set a Terraform root module variable (like terraform -var).",
        ),
        click.option(
            "--var-file",
            "tf_var_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help="Read Terraform variables from a .tfvars file (like terraform -var-file).",
        ),
        click.option(
            "--cfn-param",
            "cfn_params",
            multiple=True,
            metavar="KEY=VALUE",
            help="CloudFormation parameter value (pseudo parameters too: AWS::Region=eu-west-1).",
        ),
        click.option(
            "--cfn-params",
            "cfn_param_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help="CloudFormation parameter file in the AWS CLI JSON format.",
        ),
        click.option("--cfn-stack-name", default=None, help="CloudFormation stack name."),
        click.option(
            "--validate",
            is_flag=True,
            help="Also run cfn-lint's template checks on CloudFormation templates.",
        ),
        click.option(
            "--time-limit",
            default=None,
            type=click.FloatRange(min=0),
            metavar="SECONDS",
            help="Stop starting new work after this long; what was not judged fails the gate "
            "(0: no limit). Overrides the configuration. [default: 300]",
        ),
        click.option(
            "--allow-remote-kustomize",
            is_flag=True,
            help="Let kustomizations fetch remote resources (git, HTTP); refused otherwise.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _scan_options(
    paths: Sequence[str],
    fail_on: str | None,
    packs: Sequence[str],
    config: str | None,
    no_config: bool,
    max_file_size: int | None,
    jobs: int = 0,
    cfn_params: Sequence[str] = (),
    cfn_param_files: Sequence[str] = (),
    cfn_stack_name: str | None = None,
    validate: bool = False,
    tf_vars: Sequence[str] = (),
    tf_var_files: Sequence[str] = (),
    **extra: Any,
) -> Any:
    from iacgate.gate.run import ScanOptions
    from iacgate.gate.threshold import parse_fail_on
    from iacgate.sources.textfile import DEFAULT_MAX_BYTES, DEFAULT_MAX_PLAN_BYTES

    variables: dict[str, str] = {}
    for item in tf_vars:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--var")
        variables[name.strip()] = value
    threshold: Any = "inherit"
    if fail_on is not None:
        try:
            threshold = parse_fail_on(fail_on)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    return ScanOptions(
        paths=tuple(paths) or (".",),
        config=Path(config) if config else None,
        use_config=not no_config,
        packs=tuple(packs),
        fail_on=threshold,
        # An explicit --max-file-size applies to every file, the --plan file included.
        max_file_bytes=max_file_size or DEFAULT_MAX_BYTES,
        max_plan_bytes=max_file_size or DEFAULT_MAX_PLAN_BYTES,
        jobs=jobs or None,
        cloudformation=_cloudformation_options(
            cfn_params, cfn_param_files, cfn_stack_name, validate
        ),
        tf_vars=tuple(variables.items()),
        tf_var_files=tuple(tf_var_files),
        **extra,
    )


def _cloudformation_options(
    assignments: Sequence[str], files: Sequence[str], stack_name: str | None, validate: bool
) -> Any:
    from iacgate.sources.cloudformation import parameters

    try:
        given = [parameters.parse_parameter_file(Path(f)) for f in files]
        given.append(dict(parameters.parse_assignment(a) for a in assignments))
    except parameters.ParameterError as exc:
        raise click.BadParameter(str(exc), param_hint="--cfn-param/--cfn-params") from None
    # Where each value given by a file was written (the last file that sets it wins, and an
    # assignment on the command line overrides every file).
    origins: dict[str, tuple[str, int]] = {}
    for file, values in zip(files, given, strict=False):
        display = _display(Path(file))
        lines = parameters.value_lines(Path(file), values)
        origins.update({name: (display, lines[name]) for name in values})
    for name in given[-1]:
        origins.pop(name, None)
    if validate:
        import importlib.util

        if importlib.util.find_spec("cfnlint") is None:
            raise click.UsageError(
                "--validate needs cfn-lint: pip install 'iacgate[cloudformation]'"
            )
    return parameters.CloudFormationOptions(
        parameters.merge(given), stack_name=stack_name, validate=validate, origins=origins
    )


def _display(path: Path) -> str:
    """A file as findings name it: relative to the working directory when inside it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.absolute().as_posix()


def _emit(
    report: Any, fmt: str, outputs: Sequence[str], sarif: Any = None, sort: str = "location"
) -> None:
    from iacgate.reporters.outputs import OutputError, parse_outputs, write_outputs

    if sort == "risk":
        from iacgate.gate.report import by_risk

        report = by_risk(report)
    try:
        specs = parse_outputs(fmt, outputs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    colour = any(s.path in (None, "-") for s in specs if s.format == "text") and (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    try:
        text = write_outputs(report, specs, colour, sarif)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    if text:
        click.echo(text, nl=False)
    raise click.exceptions.Exit(EXIT_FAILED if report.failed else EXIT_OK)


_FORMATS = ("text", "json", "sarif", "junit", "markdown", "github")


def _sarif_options(help_base_url: str | None, unknown: str = "note") -> Any:
    from iacgate.reporters.sarif import DEFAULT_HELP_BASE_URL, SarifOptions

    base = help_base_url or DEFAULT_HELP_BASE_URL
    if not base.startswith(("https://", "http://")):
        raise click.BadParameter(
            f"expected an http(s) URL, got {base!r}", param_hint="--help-base-url"
        )
    return SarifOptions(help_base_url=base, unknown=unknown)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    help="FILE for --format, or FORMAT=PATH for another output (repeatable).",
)
@_gate_options
@click.option("--baseline", default=None, help="Report only findings not in this baseline.")
@click.option("--diff-base", default=None, help="Gate only on findings new since this git ref.")
@click.option(
    "--help-base-url",
    default=None,
    metavar="URL",
    help="SARIF: where rule pages live (<URL>/<pack>/<CODE>.md) "
    "[default: the project's docs/rules on GitHub].",
)
@click.option(
    "--sarif-unknown",
    type=click.Choice(["note", "omit"]),
    default="note",
    show_default=True,
    help="SARIF: UNKNOWN verdicts as notes of a companion rule <CODE>/unknown, or left out.",
)
@click.option(
    "--plan",
    "plan",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Scan a Terraform plan or state (terraform show -json); PATHS is then at most the "
    "configuration directory it was made from (default: the plan file's directory).",
)
@click.option(
    "--include-deleted",
    is_flag=True,
    help="With --plan: also judge resources the plan deletes (origin action 'delete').",
)
@click.option(
    "--live",
    type=click.Choice(LIVE_PROVIDERS),
    default=None,
    help="Scan what runs instead of files: the rules on the live graph (posture).",
)
@click.option(
    "--snapshot",
    "snapshot_file",
    default=None,
    type=click.Path(dir_okay=False),
    help="Scan a snapshot written by 'iacgate inventory'.",
)
@click.option(
    "--sort",
    type=click.Choice(("location", "risk")),
    default="location",
    show_default=True,
    help="Order of the findings: by file and line, or by risk score (highest first).",
)
@_k8s_target_options
@_aws_target_options
def scan(
    paths: tuple[str, ...],
    fmt: str,
    outputs: tuple[str, ...],
    sort: str,
    baseline: str | None,
    diff_base: str | None,
    help_base_url: str | None,
    sarif_unknown: str,
    plan: str | None,
    include_deleted: bool,
    live: str | None,
    snapshot_file: str | None,
    kubeconfig: str | None,
    context: str | None,
    in_cluster: bool,
    namespaces: tuple[str, ...],
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool,
    role_name: str | None,
    accounts: tuple[str, ...],
    exclude_accounts: tuple[str, ...],
    no_global: bool,
    **gate: Any,
) -> None:
    """Scan files and directories (default: .); '-' reads a manifest stream from stdin.

    With --live k8s|aws (or --snapshot FILE) the rules judge the live cluster or account.
    """
    from iacgate.gate.run import run

    sarif = _sarif_options(help_base_url, sarif_unknown)
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        # A mistyped path must not turn into a passing gate.
        raise click.BadParameter(
            f"no such file or directory: {', '.join(missing)}", param_hint="PATHS"
        )
    if plan is not None and (len(paths) > 1 or (paths and not Path(paths[0]).is_dir())):
        raise click.BadParameter(
            "with --plan, give at most one configuration directory", param_hint="PATHS"
        )
    options = _scan_options(
        paths if plan is None else (plan,),
        baseline=Path(baseline) if baseline else None,
        diff_base=diff_base,
        plan=plan,
        plan_config=paths[0] if plan is not None and paths else None,
        include_deleted=include_deleted,
        **gate,
    )
    aws = None
    if live == "aws" or organization or no_global or role_name or accounts or exclude_accounts:
        # Only then: a file scan does not load the live AWS modules.
        aws = _aws_target(
            profile,
            regions,
            endpoint_url,
            organization,
            role_name,
            accounts,
            exclude_accounts,
            no_global,
        )
        if (aws.selection is not None or no_global) and live != "aws":
            raise click.UsageError("--org and --no-global read live AWS: they need --live aws")
    if live or snapshot_file:
        if paths:
            raise click.UsageError("--live/--snapshot scan no files: drop the PATHS")
        from iacgate.pipeline import gated_posture

        snapshot = _live_or_snapshot(
            live, snapshot_file, _K8sTarget(kubeconfig, context, in_cluster, namespaces), aws
        )
        posture = replace(gated_posture(snapshot, options), artifact=snapshot_file)
        _emit(posture, fmt, outputs, sarif, sort)
    _emit(run(options), fmt, outputs, sarif, sort)


@cli.group()
def baseline() -> None:
    """Record the current findings so that later scans report only new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1)
@click.option("--output", "-o", default=".iacgate-baseline.json", show_default=True)
@_gate_options
def baseline_create(paths: tuple[str, ...], output: str, **gate: Any) -> None:
    """Write the fingerprints of every unsuppressed finding under PATHS to a baseline file."""
    from iacgate.gate import baseline as baseline_file
    from iacgate.gate.run import baseline_findings

    findings = baseline_findings(_scan_options(paths, **gate))
    _write(baseline_file.render(findings), output)
    click.echo(f"baseline: {len(findings)} finding(s) written to {output}", err=True)


@cli.command("pre-commit")
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every Terraform file again instead of reusing the user's parse cache "
    "(also: IACGATE_NO_CACHE=1; see docs/pre-commit.md).",
)
@_gate_options
def pre_commit(files: tuple[str, ...], fmt: str, no_cache: bool, **gate: Any) -> None:
    """Judge changed FILES (as pre-commit passes them) with the tree around them; report
    the findings in them and those whose values were written in them."""
    from iacgate.gate.run import run
    from iacgate.gate.widen import TERRAFORM_SUFFIXES, plan

    if not files:
        raise click.exceptions.Exit(EXIT_OK)
    # Value files on the command line: their change is judged with what they configure.
    hook = plan(
        [Path(f) for f in files],
        Path.cwd(),
        variable_files={_display(Path(f)) for f in gate.get("tf_var_files", ())},
        parameter_files={_display(Path(f)) for f in gate.get("cfn_param_files", ())},
    )
    options = _scan_options(
        [str(p) for p in hook.paths], only_files=tuple(files), hook=hook, **gate
    )
    # A changed Terraform file has its whole module read: most of it is parsed already.
    cached = not no_cache and any(f.endswith(TERRAFORM_SUFFIXES) for f in files)
    if cached:
        from iacgate.sources.terraform import parse_cache

        parse_cache.enable()
    try:
        report = run(options)
    finally:
        if cached:
            parse_cache.disable()
    _emit(report, fmt, ())


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
@click.option("--framework", default=None, help="Only rules mapped to this framework.")
@click.option(
    "--coverage",
    "show_coverage",
    is_flag=True,
    help="Each control of --framework as covered, partly covered, not covered or not "
    "checkable from IaC (without --framework: every framework's percentages).",
)
def rules(fmt: str, packs: tuple[str, ...], framework: str | None, show_coverage: bool) -> None:
    """List every rule with its code, name, severity, kinds, frameworks and pack."""
    from iacgate.rules.packs import load_rules

    selected = load_rules(list(packs) if packs else None)
    if show_coverage:
        from iacgate.rules import coverage
        from iacgate.rules.frameworks import FRAMEWORKS

        try:
            click.echo(coverage.report(selected, framework, fmt), nl=False)
        except KeyError:
            known = ", ".join(FRAMEWORKS)
            raise click.BadParameter(
                f"no control catalogue for {framework!r} (one of: {known})",
                param_hint="--framework",
            ) from None
        return
    if framework:
        selected = [r for r in selected if r.meta.framework_ids(framework)]
    selected.sort(key=lambda r: r.meta.code)
    if fmt == "json":
        rows = [
            {
                "code": r.meta.code,
                "name": r.meta.name,
                "severity": r.meta.severity.label,
                "kinds": list(r.meta.kinds),
                "frameworks": {k: list(v) for k, v in r.meta.frameworks},
                "tags": list(r.meta.tags),
                "pack": r.pack,
                "summary": r.meta.summary,
            }
            for r in selected
        ]
        click.echo(json.dumps({"version": "1", "rules": rows}, indent=2))
        return
    for r in selected:
        mapped = "; ".join(f"{k} {', '.join(v)}" for k, v in r.meta.frameworks)
        if framework:
            mapped = f"{framework} {', '.join(r.meta.framework_ids(framework))}"
        kinds = r.meta.kinds[0] + (f" (+{len(r.meta.kinds) - 1})" if len(r.meta.kinds) > 1 else "")
        click.echo(
            f"{r.meta.code:10} {r.meta.severity.label:8} {r.meta.name:32} {kinds:32} "
            f"[{r.pack}]" + (f"  {mapped}" if mapped else "")
        )


@cli.command()
@click.argument("code")
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
def explain(code: str, packs: tuple[str, ...]) -> None:
    """Show a rule's documentation: what it checks, why it matters, how to fix it."""
    from iacgate.rules.docs import render_markdown
    from iacgate.rules.packs import load_rules

    for item in load_rules(list(packs) if packs else None):
        if code in (item.meta.code, item.meta.name):
            click.echo(render_markdown(item), nl=False)
            return
    raise click.BadParameter(f"no rule with code or name {code!r}", param_hint="CODE")


@cli.group()
def inventory() -> None:
    """Collect a live inventory into a snapshot (see docs/snapshot.md)."""


@inventory.command("k8s")
@_k8s_target_options
@click.option("--output", "-o", default=None, help="Write the snapshot to FILE (default: stdout).")
@click.option(
    "--fail-on-incomplete", is_flag=True, help="Exit 1 when any list could not be read fully."
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only this kind (Deployment, deployments or k8s.apps.deployment; repeatable).",
)
def inventory_k8s(
    kubeconfig: str | None,
    context: str | None,
    in_cluster: bool,
    namespaces: tuple[str, ...],
    output: str | None,
    fail_on_incomplete: bool,
    kinds: tuple[str, ...],
) -> None:
    """Read every kind the Kubernetes rules use from a cluster into a snapshot."""
    from iacgate.live.k8s.kinds import API_KINDS, select
    from iacgate.live.snapshot import dumps

    try:
        chosen = select(kinds) if kinds else API_KINDS
    except KeyError as exc:
        names = ", ".join(k.kind for k in API_KINDS)
        raise click.BadParameter(f"unknown kind {exc.args[0]!r} (one of: {names})") from None
    target = _K8sTarget(kubeconfig, context, in_cluster, namespaces)
    snapshot = _k8s_collect(_k8s_connect(target), namespaces or None, chosen)
    _write(dumps(snapshot), output)
    _report_gaps(snapshot)
    coverage = snapshot.coverage
    click.echo(
        f"iacgate: {len(snapshot.resources)} resources from {snapshot.scope}; "
        f"{coverage.complete}/{coverage.attempted} lists complete",
        err=True,
    )
    incomplete = fail_on_incomplete and bool(coverage.gaps)
    raise click.exceptions.Exit(EXIT_FAILED if incomplete else EXIT_OK)


@inventory.command("aws")
@_aws_target_options
@click.option("--output", "-o", default=None, help="Write the snapshot to FILE (default: stdout).")
@click.option(
    "--fail-on-incomplete", is_flag=True, help="Exit 1 when any kind could not be read fully."
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only this kind (aws.s3.bucket or bucket, role, ...; repeatable).",
)
def inventory_aws(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool,
    role_name: str | None,
    accounts: tuple[str, ...],
    exclude_accounts: tuple[str, ...],
    no_global: bool,
    output: str | None,
    fail_on_incomplete: bool,
    kinds: tuple[str, ...],
) -> None:
    """Read every canonical AWS kind from an account into a snapshot (read-only); with --org,
    from every member account of the organization."""
    from iacgate.live.snapshot import dumps

    chosen = None
    if kinds:
        from iacgate.live.aws.kinds import AWS_KINDS, select

        try:
            chosen = select(kinds)
        except KeyError as exc:
            names = ", ".join(k.kind for k in AWS_KINDS)
            raise click.BadParameter(f"unknown kind {exc.args[0]!r} (one of: {names})") from None
    aws = _aws_target(
        profile,
        regions,
        endpoint_url,
        organization,
        role_name,
        accounts,
        exclude_accounts,
        no_global,
    )
    snapshot = _aws_collect(aws, chosen)
    _write(dumps(snapshot), output)
    _report_gaps(snapshot)
    coverage = snapshot.coverage
    listed = snapshot.target.get("accounts")
    read = f"{sum(1 for a in listed if a.get('read'))}/{len(listed)} accounts, " if listed else ""
    click.echo(
        f"iacgate: {len(snapshot.resources)} resources from {snapshot.scope} "
        f"({read}{', '.join(snapshot.target.get('regions') or [])}); "
        f"{coverage.complete}/{coverage.attempted} kind and region lists complete",
        err=True,
    )
    # An account that could not be read was not judged: that fails the run (exclude it on
    # purpose with --exclude-accounts); other gaps only with --fail-on-incomplete.
    failed = bool(coverage.unread) or (fail_on_incomplete and bool(coverage.gaps))
    raise click.exceptions.Exit(EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@click.argument("more_declared", nargs=-1, metavar="[PATHS]...")
@click.option(
    "--declared",
    "declared_paths",
    multiple=True,
    help="What declares the state (repeatable): Kubernetes manifests; for AWS a Terraform "
    "state or plan JSON, s3://BUCKET/KEY (a state in S3), a Terraform directory (its "
    "backend \"s3\" state, else its configuration), '-' (terraform show -json on stdin), a "
    "CloudFormation template (with --stack). {account} expands over the accounts of --org.",
)
@click.option(
    "--live", type=click.Choice(LIVE_PROVIDERS), default=None, help="Compare with the live scope."
)
@click.option(
    "--snapshot",
    "snapshot_file",
    default=None,
    type=click.Path(dir_okay=False),
    help="Compare with a snapshot written by 'iacgate inventory'.",
)
@click.option(
    "--print-permissions",
    type=click.Choice(LIVE_PROVIDERS),
    default=None,
    help="Print the read-only role the live collector needs, and exit.",
)
@click.option(
    "--fail-on-unmanaged", is_flag=True, help="Exit 1 when unmanaged resources are found."
)
@click.option(
    "--fail-on-incomplete",
    is_flag=True,
    help="Exit 1 when part of the live scope could not be read or a declaration not checked.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "sarif"]),
    default="text",
    show_default=True,
)
@click.option(
    "--state-version",
    default=None,
    help="AWS: read this version (S3 VersionId) of the one remote state declared.",
)
@click.option(
    "--stack",
    default=None,
    help="AWS: the deployed CloudFormation stack of the declared template (logical ids are "
    "matched to physical ids through DescribeStackResources).",
)
@click.option("--config", "config", default=None, help="Configuration file (for exceptions).")
@click.option("--no-config", is_flag=True, help="Ignore .iacgate.yaml / pyproject.toml.")
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    help="FILE for --format, or FORMAT=PATH for another output of the same run (repeatable).",
)
@click.option(
    "--help-base-url",
    default=None,
    metavar="URL",
    help="SARIF: where rule pages live [default: the project's docs/rules on GitHub].",
)
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
@click.option(
    "--default-namespace",
    default=None,
    help="Namespace of manifests that name none (default: the context's namespace).",
)
@click.option(
    "--all-namespaces",
    is_flag=True,
    help="Read namespaced kinds cluster-wide instead of per managed namespace.",
)
@_k8s_target_options
@_aws_target_options
def drift(
    more_declared: tuple[str, ...],
    declared_paths: tuple[str, ...],
    live: str | None,
    snapshot_file: str | None,
    print_permissions: str | None,
    fail_on_unmanaged: bool,
    fail_on_incomplete: bool,
    fmt: str,
    outputs: tuple[str, ...],
    help_base_url: str | None,
    packs: tuple[str, ...],
    default_namespace: str | None,
    all_namespaces: bool,
    kubeconfig: str | None,
    context: str | None,
    in_cluster: bool,
    namespaces: tuple[str, ...],
    stack: str | None,
    state_version: str | None,
    config: str | None,
    no_config: bool,
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool,
    role_name: str | None,
    accounts: tuple[str, ...],
    exclude_accounts: tuple[str, ...],
    no_global: bool,
) -> None:
    """Compare what the code declares with the live cluster or account (or a snapshot).

    Reports missing, changed (attribute by attribute) and unmanaged resources; changes that
    make a rule fail are security drift, listed first. Exit 0 no drift, 1 drift, 2 usage error.
    """
    started = time.perf_counter()
    aws = _aws_target(
        profile,
        regions,
        endpoint_url,
        organization,
        role_name,
        accounts,
        exclude_accounts,
        no_global,
    )
    if print_permissions == "aws":
        from iacgate.live.aws.permissions import render as render_policy

        role = aws.selection.role_name if aws.selection is not None else None
        click.echo(render_policy(organization_role=role), nl=False)
        return
    if print_permissions:
        from iacgate.live.k8s.permissions import render as render_role

        click.echo(render_role(), nl=False)
        return
    paths = declared_paths + more_declared
    if not paths:
        raise click.UsageError("name the declared state: --declared PATH")
    from iacgate.reporters.drift import FORMATS as DRIFT_FORMATS
    from iacgate.reporters.outputs import parse_outputs

    try:
        specs = parse_outputs(fmt, outputs, DRIFT_FORMATS)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    finish = _DriftFinish(
        specs,
        fail_on_unmanaged,
        fail_on_incomplete,
        config,
        no_config,
        snapshot_file,
        _sarif_options(help_base_url),
    )
    if bool(live) == bool(snapshot_file):
        raise click.UsageError("compare with exactly one of --live k8s|aws or --snapshot FILE")
    missing = [
        p
        for p in paths
        if p != "-" and "{account}" not in p and "://" not in p and not Path(p).exists()
    ]
    if missing:
        raise click.UsageError(f"no such file or directory: {', '.join(missing)}")
    from iacgate.drift import run
    from iacgate.rules.packs import load_rules

    rules = load_rules(list(packs) if packs else None)
    root = Path.cwd()
    snapshot = _read_snapshot(str(snapshot_file)) if snapshot_file else None
    if live == "aws" or (snapshot is not None and snapshot.provider == "aws"):
        if snapshot is not None and aws.selection is not None:
            raise click.UsageError("--org reads the organization: it does not apply to --snapshot")
        report = _aws_drift(paths, root, rules, snapshot, aws, stack, state_version)
        report = replace(report, duration_seconds=round(time.perf_counter() - started, 3))
        _finish_drift(report, finish, rules)
        return
    if stack or state_version or aws.selection is not None or no_global:
        raise click.UsageError(
            "--stack, --state-version, --org and --no-global apply to AWS drift (--live aws or "
            "an AWS snapshot)"
        )
    connection = None
    if live:
        connection = _k8s_connect(_K8sTarget(kubeconfig, context, in_cluster, namespaces))
        namespace = default_namespace or connection.namespace
    else:
        assert snapshot is not None
        if snapshot.provider not in run.PROFILES:
            raise ConfigError(f"{snapshot_file}: no drift support for {snapshot.provider!r}")
        namespace = default_namespace or str(snapshot.target.get("namespace") or "default")
    declared = run.read_declared_k8s(paths, root, namespace)
    if declared.errors:
        if connection is not None:
            connection.close()
        listed = "; ".join(
            f"{d.file}:{d.line}: {d.message}" if d.line else f"{d.file}: {d.message}"
            for d in declared.errors
        )
        raise ConfigError(f"declared input cannot be read: {listed}")
    if not any(r.kind.startswith("k8s.") for r in declared.graph.resources()):
        if connection is not None:
            connection.close()
        raise ConfigError(f"no Kubernetes objects in the declared input: {', '.join(paths)}")
    if connection is not None:
        plan = run.k8s_collect_options(declared, namespaces, all_namespaces)
        snapshot = _k8s_collect(connection, plan.namespaces, plan.kinds)
    assert snapshot is not None
    report = run.drift(declared, snapshot, rules, checkout=root)
    report = replace(report, duration_seconds=round(time.perf_counter() - started, 3))
    _finish_drift(report, finish, rules)


def _aws_drift(
    paths: Sequence[str],
    root: Path,
    rules: Any,
    snapshot: Any,
    aws: _Aws,
    stack_name: str | None,
    state_version: str | None,
) -> Any:
    """Declared Terraform/CloudFormation against a live AWS collection or snapshot."""
    if snapshot is None or stack_name or any(p.startswith("s3://") for p in paths):
        _need_boto3()
    from iacgate.drift.aws_run import AwsDrift, aws_drift

    request = AwsDrift(
        paths=tuple(paths),
        root=root,
        target=aws.target,
        snapshot=snapshot,
        stack=stack_name,
        state_version=state_version,
        organization=aws.selection,
        collect=_aws_options(aws),
    )
    return aws_drift(request, rules, _progress())


@dataclass(frozen=True)
class _DriftFinish:
    """How a drift run ends: its outputs, its gate and where the live state came from."""

    specs: Any  # list[OutputSpec]
    fail_on_unmanaged: bool
    fail_on_incomplete: bool
    config: str | None
    no_config: bool
    snapshot_file: str | None
    sarif: Any  # SarifOptions


def _finish_drift(report: Any, finish: _DriftFinish, rules: Any) -> None:
    """Exceptions of the gate configuration, the gate, the reports, the exit code."""
    from iacgate.drift import run
    from iacgate.drift.exceptions import apply_exceptions
    from iacgate.gate.run import ScanOptions, load_gate_config
    from iacgate.reporters.drift import render
    from iacgate.reporters.outputs import OutputError, write_file

    options = ScanOptions(
        config=Path(finish.config) if finish.config else None, use_config=not finish.no_config
    )
    gate_config = load_gate_config(options, Path.cwd().absolute())
    report, _ = apply_exceptions(report, gate_config.exceptions)
    failed = run.gate(
        report,
        fail_on_unmanaged=finish.fail_on_unmanaged,
        fail_on_incomplete=finish.fail_on_incomplete,
    )
    for spec in finish.specs:
        to_stdout = spec.path in (None, "-")
        text = render(
            report,
            failed,
            spec.format,
            colour=to_stdout and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
            rules=rules,
            artifact=finish.snapshot_file,
            sarif=finish.sarif,
        )
        if to_stdout:
            click.echo(text, nl=False)
            continue
        try:
            write_file(spec.path, text)
        except OutputError as exc:
            raise click.UsageError(str(exc)) from None
    raise click.exceptions.Exit(EXIT_FAILED if failed else EXIT_OK)


@cli.command("graph")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "dot", "graphml")),
    default="json",
    show_default=True,
)
@click.option(
    "--focus",
    default=None,
    help="Only the neighbourhood of this resource (address, node id or physical id).",
)
@click.option(
    "--radius",
    default=2,
    show_default=True,
    type=click.IntRange(min=0),
    help="With --focus: keep nodes up to this many edges away.",
)
@click.option(
    "--live",
    "lives",
    type=click.Choice(LIVE_PROVIDERS),
    multiple=True,
    help="The graph of what runs (repeatable: --live aws --live k8s is one graph).",
)
@click.option(
    "--snapshot",
    "snapshot_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="The graph of a snapshot written by 'iacgate inventory' (repeatable).",
)
@click.option("--output", "-o", default=None, help="Write to FILE instead of stdout.")
@_k8s_target_options
@_aws_target_options
def graph(
    paths: tuple[str, ...],
    fmt: str,
    focus: str | None,
    radius: int,
    lives: tuple[str, ...],
    snapshot_files: tuple[str, ...],
    output: str | None,
    kubeconfig: str | None,
    context: str | None,
    in_cluster: bool,
    namespaces: tuple[str, ...],
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool,
    role_name: str | None,
    accounts: tuple[str, ...],
    exclude_accounts: tuple[str, ...],
    no_global: bool,
) -> None:
    """Export the resource graph (default: of .) as JSON, Graphviz DOT or GraphML."""
    from iacgate.graph.export import FocusError, render

    if (lives or snapshot_files) and paths:
        raise click.UsageError("--live/--snapshot export what runs: drop the PATHS")
    if lives or snapshot_files:
        from iacgate.pipeline import live_graph

        snapshots = [_read_snapshot(f) for f in snapshot_files]
        for live in dict.fromkeys(lives):
            snapshots.append(
                _live_or_snapshot(
                    live,
                    None,
                    _K8sTarget(kubeconfig, context, in_cluster, namespaces),
                    _aws_target(
                        profile,
                        regions,
                        endpoint_url,
                        organization,
                        role_name,
                        accounts,
                        exclude_accounts,
                        no_global,
                    ),
                )
            )
        resource_graph = live_graph(snapshots)
    else:
        from iacgate.api import graph as read_graph

        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise click.BadParameter(
                f"no such file or directory: {', '.join(missing)}", param_hint="PATHS"
            )
        resource_graph = read_graph(paths or (".",))
    try:
        text = render(resource_graph, fmt, focus, radius)
    except FocusError as exc:
        raise click.BadParameter(str(exc), param_hint="--focus") from None
    _write(text, output)


@cli.command("report")
@click.argument("reports", nargs=-1, metavar="[REPORT.json]...")
@click.option(
    "--history",
    "history_dir",
    default=None,
    help="A directory of reports, read recursively (*.json): e.g. the nightly CI artifacts.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "markdown", "json", "openmetrics"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", "-o", default=None, help="Write the report to FILE instead of stdout.")
def report(reports: tuple[str, ...], history_dir: str | None, fmt: str, output: str | None) -> None:
    """Posture over time from scan, drift and inventory JSON reports, read in generated_at
    order: compliance per framework and control, coverage, drift rate, trends, mean times to
    detect and remediate, expiring exceptions, top risks (docs/reporting.md)."""
    from iacgate.posture.history import load
    from iacgate.posture.report import build
    from iacgate.reporters.posture import get_renderer

    if not reports and history_dir is None:
        raise click.UsageError("name REPORT.json files or --history DIR")
    missing = [r for r in reports if not Path(r).is_file()]
    if missing:
        raise click.BadParameter(f"no such file: {', '.join(missing)}", param_hint="REPORT.json")
    if history_dir is not None and not Path(history_dir).is_dir():
        raise click.BadParameter(f"no such directory: {history_dir}", param_hint="--history")
    history = load([Path(r) for r in reports], Path(history_dir) if history_dir else None)
    for problem in history.problems:
        # File names come from an artifact directory: shown without control characters.
        shown = "".join(c if c.isprintable() else "?" for c in f"{problem.file}: {problem.reason}")
        click.echo(f"iacgate: report: not used: {shown}", err=True)
    if not history.runs:
        raise ConfigError("no usable report: nothing to report on")
    _write(get_renderer(fmt)(build(history)), output)


@cli.command("merge")
@click.argument("reports", nargs=-1, required=True, metavar="REPORT.json...")
@click.option("--output", "-o", default=None, help="Write the merged report to FILE.")
@click.option(
    "--scope",
    default=None,
    help="The merged report's scope (default: the shards' common scope, else PROVIDER:merged).",
)
@click.option(
    "--fail-on-unmanaged", is_flag=True, help="Drift: exit 1 when unmanaged resources are found."
)
@click.option(
    "--fail-on-incomplete",
    is_flag=True,
    help="Drift, inventory: exit 1 when part of the scope could not be read or a declaration "
    "not checked.",
)
def merge(
    reports: tuple[str, ...],
    output: str | None,
    scope: str | None,
    fail_on_unmanaged: bool,
    fail_on_incomplete: bool,
) -> None:
    """Merge the JSON reports of shards (scan, drift or inventory; one type) into one report:
    deduplicated by fingerprint, accounts and regions kept, coverage summed, the gate and its
    exit code recomputed."""
    from iacgate.merge import Gate, MergeError
    from iacgate.merge import merge as merge_reports

    gate = Gate(fail_on_unmanaged=fail_on_unmanaged, fail_on_incomplete=fail_on_incomplete)
    try:
        merged = merge_reports([Path(r) for r in reports], scope=scope, gate=gate)
    except MergeError as exc:
        raise ConfigError(str(exc)) from None
    _write(merged.render(), output)
    for warning in merged.warnings:
        shown = "".join(c if c.isprintable() else "?" for c in warning)
        click.echo(f"iacgate: merge: {shown}", err=True)
    raise click.exceptions.Exit(EXIT_FAILED if merged.failed else EXIT_OK)


@cli.group()
def org() -> None:
    """AWS Organizations: plan a nightly job over every member account."""


@org.command("shards")
@click.option("--profile", default=None, help="AWS profile (default: $AWS_PROFILE).")
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="Region to read (repeatable, or comma-separated; 'all': every region each account "
    "enables) [default: the profile's or $AWS_REGION].",
)
@click.option("--endpoint-url", default=None, help="Send every AWS call here.")
@click.option("--accounts", multiple=True, help="Only these account ids (comma-separated).")
@click.option("--exclude-accounts", multiple=True, help="Not these account ids.")
@click.option(
    "--shards",
    "count",
    default=256,
    show_default=True,
    type=click.IntRange(min=1),
    help="At most this many shards (a GitHub Actions matrix holds at most 256 jobs).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["github-matrix", "json", "text"]),
    default="github-matrix",
    show_default=True,
)
def org_shards(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    accounts: tuple[str, ...],
    exclude_accounts: tuple[str, ...],
    count: int,
    fmt: str,
) -> None:
    """Print the active member accounts x regions, cut into shards: one job each."""
    _need_boto3()
    from iacgate.live.aws.organizations import members
    from iacgate.live.aws.session import configured_region, make_session
    from iacgate.live.aws.shards import github_matrix, plan
    from iacgate.live.errors import LiveError

    aws = _aws_target(profile, regions, endpoint_url, True, None, accounts, exclude_accounts)
    try:
        session = make_session(aws.target)
        organization = members(aws.target, aws.selection, session)
        wanted = aws.target.regions or tuple(filter(None, [configured_region(session)]))
    except LiveError as exc:
        raise ConfigError(str(exc)) from None
    if not wanted:
        raise click.UsageError("name the regions: --region (or set AWS_REGION)")
    shards = plan([a.id for a in organization.accounts], wanted, count)
    if fmt == "text":
        for shard in shards:
            flags = "" if shard.globals else " --no-global"
            click.echo(
                f"{shard.name}: --accounts {','.join(shard.accounts)} "
                f"--region {','.join(shard.regions)}{flags}"
            )
        return
    if fmt == "github-matrix":
        click.echo(json.dumps(github_matrix(shards), separators=(",", ":")))
        return
    click.echo(json.dumps([s.matrix_entry() for s in shards], indent=2))


@cli.command()
@click.option("--output", "-o", default="docs/rules", show_default=True, help="Docs directory.")
@click.option("--check", is_flag=True, help="Only compare; exit 1 when the docs are stale.")
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
def docs(output: str, check: bool, packs: tuple[str, ...]) -> None:
    """Write one Markdown page per rule and an index by framework (docs/rules), and the
    compliance coverage page beside them (docs/compliance.md)."""
    from iacgate.rules import docs as rule_docs
    from iacgate.rules.packs import load_rules

    selected = load_rules(list(packs) if packs else None)
    target = Path(output)
    if check:
        diff = rule_docs.compare(selected, target)
        if diff.stale:
            click.echo(f"{target}: rule docs are stale ({diff.describe()}); run `iacgate docs`")
            raise click.exceptions.Exit(EXIT_FAILED)
        click.echo(f"{target}: rule docs are up to date ({len(selected)} rules)")
        return
    diff = rule_docs.write(selected, target)
    changes = f" (updated: {diff.describe()})" if diff.stale else ""
    page = os.path.normpath(target / rule_docs.COMPLIANCE)
    click.echo(f"{target}: {len(selected)} rule pages and {page}{changes}")


# A scan allocates millions of long-lived objects (values, spans, resources) and frees few:
# CPython's default first-generation threshold (700 allocations) makes it trace them again and
# again. At 50,000 a scan of 20,000 plan resources takes 3.8 s instead of 5.1 s, 10,000
# manifests 3.6 s instead of 4.4 s, with the same peak memory (collection still runs: cycles
# exist, and turning it off costs memory).
GC_THRESHOLDS = (50_000, 20, 100)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (callable from tests)."""
    import gc

    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        return _main(argv)
    except MemoryError:
        pass  # handled below, once the frames holding the scan's data are released
    finally:
        gc.set_threshold(*previous)  # in-process callers (tests) get their own back
    return _out_of_memory()


OUT_OF_MEMORY = (
    b"iacgate: internal error: out of memory: the scan was stopped and nothing was judged "
    b"(exit 3). Scan less at once, or raise the memory limit.\n"
)


def _out_of_memory() -> int:
    """Exit 3, never 1: running out of memory is not a verdict on the scanned files.

    Written with ``os.write``: no allocation may be needed to say it (printing a traceback
    needs memory the process may not have, and an exception escaping ``main`` exits 1)."""
    import contextlib

    with contextlib.suppress(OSError):
        os.write(2, OUT_OF_MEMORY)
    return EXIT_INTERNAL


def _main(argv: Sequence[str] | None) -> int:
    from iacgate.rules.packs import PackError

    try:
        # In non-standalone mode click returns the code of an ``Exit`` instead of raising it.
        code = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_FAILED
    except (PackError, ConfigError) as exc:
        from iacgate.reporters.escape import safe_text

        # The message quotes the configuration (a file of the scanned tree): shown, not obeyed.
        click.echo(f"iacgate: configuration error: {safe_text(str(exc))}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        raise  # main() reports it once this frame (and what it holds) is gone
    except Exception as exc:  # anything else is our bug: say so, with exit code 3
        if type(exc).__name__ == "BrokenProcessPool":
            # A parsing worker died, most often killed by the kernel for its memory.
            click.echo(
                "iacgate: internal error: a worker process died (out of memory?): "
                "nothing was judged; retry with --jobs 1 to see the file",
                err=True,
            )
            return EXIT_INTERNAL
        import traceback

        traceback.print_exc()
        click.echo(f"iacgate: internal error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK
