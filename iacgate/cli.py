"""The command line: the only place that prints; it parses options and dispatches.

The work is the library's (``iacgate.api``, ``iacgate.collection``, ``iacgate.driftcheck``,
``iacgate.reporters``); its errors map to exit codes once, in :func:`main` (``iacgate.errors``:
0 passed; 1 gate failed; 2 usage or configuration error; 3 internal error).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from iacgate import __version__
from iacgate.cli_options import (
    aws_kinds,
    aws_scope,
    baseline_create_options,
    docs_command_options,
    drift_command_options,
    existing_paths,
    graph_command_options,
    hook_options,
    inventory_aws_options,
    inventory_k8s_options,
    k8s_kinds,
    live_scope,
    merge_command_options,
    org_shards_options,
    pack_option,
    pre_commit_options,
    report_command_options,
    rules_command_options,
    sarif_options,
    scan_command_options,
    scan_options,
    test_command_options,
)
from iacgate.errors import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    ConfigError,
    UsageError,
    exit_code,
)
from iacgate.reporters import terminal_colour, terminal_progress

if TYPE_CHECKING:
    from iacgate.cli_options import AwsArgs
    from iacgate.collection import K8sTarget
    from iacgate.gate.report import GateReport
    from iacgate.live.snapshot import Snapshot
    from iacgate.reporters.sarif_options import SarifOptions

__all__ = ["EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "cli", "main"]


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _collected(snapshot: Snapshot, output: str | None) -> None:
    """Write a collected snapshot; what it read and could not read goes to standard error."""
    from iacgate.live.snapshot import dumps
    from iacgate.reporters.catalogue import collection_report

    _write(dumps(snapshot), output)
    click.echo(collection_report(snapshot), err=True, nl=False)


class _Command(click.Command):
    """A usage error raised below the CLI (options that do not apply, a missing extra, an output
    that cannot be written) is shown like click's own: with the command's usage."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx) from None


class _Group(click.Group):
    command_class = _Command
    group_class = type  # subgroups are _Group too


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="iacgate", message="%(prog)s %(version)s")
def cli() -> None:
    """iacgate: one policy-as-code gate for Terraform, CloudFormation, Kubernetes and live state."""


def _emit(
    report: GateReport,
    fmt: str,
    outputs: Sequence[str],
    sarif: SarifOptions | None = None,
    sort: str = "location",
) -> int:
    """Write the gated report in every format asked for; its exit code."""
    from iacgate.reporters.outputs import emit

    try:
        text = emit(report, fmt, outputs, terminal_colour(), sarif, sort)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    if text:
        click.echo(text, nl=False)
    return EXIT_FAILED if report.failed else EXIT_OK


@cli.command()
@click.argument("paths", nargs=-1)
@scan_command_options
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
    k8s: K8sTarget,
    aws: AwsArgs,
    **gate: Any,
) -> int:
    """Scan files and directories (default: .); '-' reads a manifest stream from stdin.

    With --live k8s|aws (or --snapshot FILE) the rules judge the live cluster or account.
    """
    from iacgate.library import gate as run_gate

    sarif = sarif_options(help_base_url, sarif_unknown)
    existing_paths(paths, stdin=True)
    if plan is not None and (len(paths) > 1 or (paths and not Path(paths[0]).is_dir())):
        raise click.BadParameter(
            "with --plan, give at most one configuration directory", param_hint="PATHS"
        )
    options = scan_options(
        paths if plan is None else (plan,),
        baseline=Path(baseline) if baseline else None,
        diff_base=diff_base,
        plan=plan,
        plan_config=paths[0] if plan is not None and paths else None,
        include_deleted=include_deleted,
        **gate,
    )
    scope = live_scope(paths, live, snapshot_file, aws)
    report = run_gate(
        options,
        live=live,
        snapshot_file=snapshot_file,
        k8s=k8s,
        aws=scope,
        progress=terminal_progress(),
    )
    return _emit(report, fmt, outputs, sarif, sort)


@cli.group()
def baseline() -> None:
    """Record the current findings so that later scans report only new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1)
@baseline_create_options
def baseline_create(paths: tuple[str, ...], output: str, **gate: Any) -> None:
    """Write the fingerprints of every unsuppressed finding under PATHS to a baseline file."""
    from iacgate.gate import baseline as baseline_file
    from iacgate.gate.run import baseline_findings

    findings = baseline_findings(scan_options(paths, **gate))
    _write(baseline_file.render(findings), output)
    click.echo(f"baseline: {len(findings)} finding(s) written to {output}", err=True)


@cli.command("pre-commit")
@click.argument("files", nargs=-1)
@pre_commit_options
def pre_commit(files: tuple[str, ...], fmt: str, no_cache: bool, **gate: Any) -> int:
    """Judge changed FILES (as pre-commit passes them) with the tree around them; report
    the findings in them and those whose values were written in them."""
    from iacgate.library import pre_commit as run_hook

    if not files:
        return EXIT_OK
    return _emit(run_hook(hook_options(files, **gate), cache=not no_cache), fmt, ())


@cli.command()
@rules_command_options
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
    from iacgate.reporters.catalogue import rule_table

    click.echo(rule_table(selected, fmt, framework), nl=False)


@cli.command()
@click.argument("code")
@pack_option
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
@inventory_k8s_options
def inventory_k8s(
    k8s: K8sTarget,
    output: str | None,
    fail_on_incomplete: bool,
    kinds: tuple[str, ...],
) -> int:
    """Read every kind the Kubernetes rules use from a cluster into a snapshot."""
    from iacgate.collection import collect_k8s, k8s_connect

    chosen = k8s_kinds(kinds)
    snapshot = collect_k8s(k8s_connect(k8s), k8s.namespaces or None, chosen, terminal_progress())
    _collected(snapshot, output)
    incomplete = fail_on_incomplete and bool(snapshot.coverage.gaps)
    return EXIT_FAILED if incomplete else EXIT_OK


@inventory.command("aws")
@inventory_aws_options
def inventory_aws(
    aws: AwsArgs,
    output: str | None,
    fail_on_incomplete: bool,
    kinds: tuple[str, ...],
) -> int:
    """Read every canonical AWS kind from an account into a snapshot (read-only); with --org,
    from every member account of the organization."""
    from iacgate.collection import collect_aws

    chosen = aws_kinds(kinds)
    snapshot = collect_aws(aws.scope(), chosen, terminal_progress())
    _collected(snapshot, output)
    coverage = snapshot.coverage
    # An account that could not be read was not judged: that fails the run (exclude it on
    # purpose with --exclude-accounts); other gaps only with --fail-on-incomplete.
    failed = bool(coverage.unread) or (fail_on_incomplete and bool(coverage.gaps))
    return EXIT_FAILED if failed else EXIT_OK


@cli.command()
@click.argument("more_declared", nargs=-1, metavar="[PATHS]...")
@drift_command_options
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
    k8s: K8sTarget,
    stack: str | None,
    state_version: str | None,
    config: str | None,
    no_config: bool,
    aws: AwsArgs,
) -> int:
    """Compare what the code declares with the live cluster or account (or a snapshot).

    Reports missing, changed (attribute by attribute) and unmanaged resources; changes that
    make a rule fail are security drift, listed first. Exit 0 no drift, 1 drift, 2 usage error.
    """
    scope = aws.scope()
    if print_permissions:
        from iacgate.collection import read_permissions

        click.echo(read_permissions(print_permissions, scope), nl=False)
        return EXIT_OK
    paths = declared_paths + more_declared
    if not paths:
        raise click.UsageError("name the declared state: --declared PATH")
    from iacgate.reporters import DRIFT_FORMATS
    from iacgate.reporters.outputs import parse_outputs

    try:
        specs = parse_outputs(fmt, outputs, DRIFT_FORMATS)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from None
    sarif = sarif_options(help_base_url)
    from iacgate.driftcheck.orchestrate import DriftRequest
    from iacgate.library import drift_outcome
    from iacgate.reporters.drift import write_outputs

    request = DriftRequest(
        paths=paths,
        live=live,
        snapshot_file=snapshot_file,
        k8s=k8s,
        aws=scope,
        stack=stack,
        state_version=state_version,
        default_namespace=default_namespace,
        all_namespaces=all_namespaces,
        packs=packs,
        config=Path(config) if config else None,
        use_config=not no_config,
        fail_on_unmanaged=fail_on_unmanaged,
        fail_on_incomplete=fail_on_incomplete,
    )
    outcome = drift_outcome(request, terminal_progress())
    text = write_outputs(outcome, specs, terminal_colour(), artifact=snapshot_file, sarif=sarif)
    click.echo(text, nl=False)
    return EXIT_FAILED if outcome.failed else EXIT_OK


@cli.command("graph")
@click.argument("paths", nargs=-1)
@graph_command_options
def graph(
    paths: tuple[str, ...],
    fmt: str,
    focus: str | None,
    radius: int,
    lives: tuple[str, ...],
    snapshot_files: tuple[str, ...],
    output: str | None,
    k8s: K8sTarget,
    aws: AwsArgs,
) -> None:
    """Export the resource graph (default: of .) as JSON, Graphviz DOT or GraphML."""
    from iacgate.graph.export import FocusError, render

    if (lives or snapshot_files) and paths:
        raise click.UsageError("--live/--snapshot export what runs: drop the PATHS")
    if lives or snapshot_files:
        from iacgate.library import live_graph

        scope = aws.scope() if lives else None
        resource_graph = live_graph(lives, snapshot_files, k8s, scope, terminal_progress())
    else:
        from iacgate.api import graph as read_graph

        existing_paths(paths)
        resource_graph = read_graph(paths or (".",))
    try:
        text = render(resource_graph, fmt, focus, radius)
    except FocusError as exc:
        raise click.BadParameter(str(exc), param_hint="--focus") from None
    _write(text, output)


@cli.command("report")
@click.argument("reports", nargs=-1, metavar="[REPORT.json]...")
@report_command_options
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
@merge_command_options
def merge(
    reports: tuple[str, ...],
    output: str | None,
    scope: str | None,
    fail_on_unmanaged: bool,
    fail_on_incomplete: bool,
) -> int:
    """Merge the JSON reports of shards (scan, drift or inventory; one type) into one report:
    deduplicated by fingerprint, accounts and regions kept, coverage summed, the gate and its
    exit code recomputed."""
    from iacgate.merge import Gate
    from iacgate.merge import merge as merge_reports

    gate = Gate(fail_on_unmanaged=fail_on_unmanaged, fail_on_incomplete=fail_on_incomplete)
    merged = merge_reports([Path(r) for r in reports], scope=scope, gate=gate)
    _write(merged.render(), output)
    for warning in merged.warnings:
        shown = "".join(c if c.isprintable() else "?" for c in warning)
        click.echo(f"iacgate: merge: {shown}", err=True)
    return EXIT_FAILED if merged.failed else EXIT_OK


@cli.group()
def org() -> None:
    """AWS Organizations: plan a nightly job over every member account."""


@org.command("shards")
@org_shards_options
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
    from iacgate.collection import organization_shards
    from iacgate.reporters.catalogue import shard_listing

    aws = aws_scope(profile, regions, endpoint_url, True, None, accounts, exclude_accounts)
    click.echo(shard_listing(organization_shards(aws, count), fmt), nl=False)


@cli.command()
@docs_command_options
def docs(output: str, check: bool, packs: tuple[str, ...]) -> int:
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
            return EXIT_FAILED
        click.echo(f"{target}: rule docs are up to date ({len(selected)} rules)")
        return EXIT_OK
    diff = rule_docs.write(selected, target)
    changes = f" (updated: {diff.describe()})" if diff.stale else ""
    page = os.path.normpath(target / rule_docs.COMPLIANCE)
    click.echo(f"{target}: {len(selected)} rule pages and {page}{changes}")
    return EXIT_OK


@cli.command("test")
@click.argument("pack")
@test_command_options
def test_pack(pack: str, fixtures: str | None, codes: tuple[str, ...]) -> None:
    """Run a pack's rules against its fixtures (docs/writing-rules.md); exit 1 on a mismatch."""
    from iacgate.rules import testing

    result = testing.run_pack(pack, Path(fixtures) if fixtures else None, codes)
    click.echo("\n".join(testing.describe(result)))
    if not result.ok:
        raise click.exceptions.Exit(EXIT_FAILED)


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
    except ConfigError as exc:  # packs, live access and merges included (iacgate.errors)
        from iacgate.reporters.escape import safe_text

        # The message quotes the configuration (a file of the scanned tree): shown, not obeyed.
        click.echo(f"iacgate: configuration error: {safe_text(str(exc))}", err=True)
        return exit_code(exc)
    except UsageError as exc:  # raised outside a command (a command shows its usage)
        click.UsageError(str(exc)).show()
        return exit_code(exc)
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
