"""The command line: the only place that prints and picks exit codes.

Exit codes (DESIGN.md section 5): 0 passed; 1 gate failed; 2 usage or configuration error;
3 internal error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
    else:
        Path(output).write_text(text, encoding="utf-8")


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
        click.option("--pack", "packs", multiple=True, help="Policy pack (package or directory)."),
        click.option("--config", "config", default=None, help="Configuration file to use."),
        click.option("--no-config", is_flag=True, help="Ignore .iacgate.yaml / pyproject.toml."),
        click.option(
            "--max-file-size",
            default=5 * 1024 * 1024,
            show_default=True,
            type=click.IntRange(min=1),
            help="Files larger than this many bytes are skipped and reported.",
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
    max_file_size: int,
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
        max_file_bytes=max_file_size,
        jobs=jobs or None,
        cloudformation=_cloudformation_options(
            cfn_params, cfn_param_files, cfn_stack_name, validate
        ),
        tf_vars=variables,
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
    if validate:
        import importlib.util

        if importlib.util.find_spec("cfnlint") is None:
            raise click.UsageError(
                "--validate needs cfn-lint: pip install 'iacgate[cloudformation]'"
            )
    return parameters.CloudFormationOptions(
        parameters.merge(given), stack_name=stack_name, validate=validate
    )


def _emit(report: Any, fmt: str, outputs: Sequence[str]) -> None:
    from iacgate.reporters.outputs import parse_outputs, write_outputs

    try:
        specs = parse_outputs(fmt, outputs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    colour = any(s.path in (None, "-") for s in specs if s.format == "text") and (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    text = write_outputs(report, specs, colour)
    if text:
        click.echo(text, nl=False)
    raise click.exceptions.Exit(EXIT_FAILED if report.failed else EXIT_OK)


_FORMATS = ("text", "json", "sarif", "junit", "markdown", "github")


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
def scan(
    paths: tuple[str, ...],
    fmt: str,
    outputs: tuple[str, ...],
    baseline: str | None,
    diff_base: str | None,
    plan: str | None,
    include_deleted: bool,
    **gate: Any,
) -> None:
    """Scan files and directories (default: .); '-' reads a manifest stream from stdin."""
    from iacgate.gate.run import run

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
    _emit(run(options), fmt, outputs)


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
@_gate_options
def pre_commit(files: tuple[str, ...], fmt: str, **gate: Any) -> None:
    """Judge changed FILES (as pre-commit passes them): read what they need, report only them."""
    from iacgate.gate.run import run
    from iacgate.gate.widen import widen

    if not files:
        raise click.exceptions.Exit(EXIT_OK)
    wanted = widen([Path(f) for f in files])
    options = _scan_options([str(p) for p in wanted], only_files=tuple(files), **gate)
    _emit(run(options), fmt, ())


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
@click.option("--framework", default=None, help="Only rules mapped to this framework.")
def rules(fmt: str, packs: tuple[str, ...], framework: str | None) -> None:
    """List every rule with its code, name, severity, kinds, frameworks and pack."""
    from iacgate.rules.packs import load_rules

    selected = load_rules(list(packs) if packs else None)
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


@cli.command()
@click.option("--output", "-o", default="docs/rules", show_default=True, help="Docs directory.")
@click.option("--check", is_flag=True, help="Only compare; exit 1 when the docs are stale.")
@click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory).")
def docs(output: str, check: bool, packs: tuple[str, ...]) -> None:
    """Write one Markdown page per rule and an index by framework (docs/rules)."""
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
    click.echo(f"{target}: {len(selected)} rule pages{changes}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (callable from tests)."""
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
        click.echo(f"iacgate: configuration error: {exc}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # anything else is our bug: say so, with exit code 3
        import traceback

        traceback.print_exc()
        click.echo(f"iacgate: internal error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK
