"""The command line's shared option sets, and their conversion into the options of the
library (``ScanOptions``, ``AwsScope``, ``SarifOptions``): what several commands accept is
declared once. Bad values are click errors here, shown with the command's usage.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from iacgate.reporters import FORMATS

if TYPE_CHECKING:
    from iacgate.collection import AwsScope
    from iacgate.gate.run import ScanOptions
    from iacgate.live.aws.calls import CollectedKind
    from iacgate.live.k8s.kinds import ApiKind
    from iacgate.reporters.sarif_options import SarifOptions
    from iacgate.sources.cloudformation.parameters import CloudFormationOptions

LIVE_PROVIDERS = ("k8s", "aws")
# The formats of a gated report (reporters/__init__.py: the registry).
SCAN_FORMATS = FORMATS
F = TypeVar("F", bound=Callable[..., Any])


def k8s_target_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Where a live Kubernetes command connects, and which namespaces it reads: the command
    receives them as ``k8s`` (a ``K8sTarget``)."""
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

    @functools.wraps(function)
    def command(
        *args: Any,
        kubeconfig: str | None,
        context: str | None,
        in_cluster: bool,
        namespaces: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        from iacgate.collection import K8sTarget

        k8s = K8sTarget(kubeconfig, context, in_cluster, namespaces)
        return function(*args, k8s=k8s, **kwargs)

    for option in reversed(options):
        command = option(command)
    return command


@dataclass(frozen=True, slots=True)
class AwsArgs:
    """The live AWS options as given; :meth:`scope` checks and converts them (only when a
    command reads AWS: a file scan does not load the live AWS modules)."""

    profile: str | None
    regions: tuple[str, ...]
    endpoint_url: str | None
    organization: bool
    role_name: str | None
    accounts: tuple[str, ...]
    exclude_accounts: tuple[str, ...]
    no_global: bool

    @property
    def given(self) -> bool:
        """Whether an option that only live AWS reads was given."""
        return bool(
            self.organization
            or self.no_global
            or self.role_name
            or self.accounts
            or self.exclude_accounts
        )

    def scope(self) -> AwsScope:
        return aws_scope(
            self.profile,
            self.regions,
            self.endpoint_url,
            self.organization,
            self.role_name,
            self.accounts,
            self.exclude_accounts,
            self.no_global,
        )


def aws_target_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Where a live AWS command reads: standard AWS configuration, plus these overrides; with
    --org, every member account of the organization. The command receives them as ``aws``
    (an :class:`AwsArgs`)."""
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

    @functools.wraps(function)
    def command(
        *args: Any,
        profile: str | None,
        regions: tuple[str, ...],
        endpoint_url: str | None,
        organization: bool,
        role_name: str | None,
        accounts: tuple[str, ...],
        exclude_accounts: tuple[str, ...],
        no_global: bool,
        **kwargs: Any,
    ) -> Any:
        aws = AwsArgs(
            profile,
            regions,
            endpoint_url,
            organization,
            role_name,
            accounts,
            exclude_accounts,
            no_global,
        )
        return function(*args, aws=aws, **kwargs)

    for option in reversed(options):
        command = option(command)
    return command


def aws_scope(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    organization: bool = False,
    role_name: str | None = None,
    accounts: tuple[str, ...] = (),
    exclude_accounts: tuple[str, ...] = (),
    no_global: bool = False,
) -> AwsScope:
    from iacgate.collection import AwsScope
    from iacgate.live.aws.session import Target

    split = tuple(r for value in regions for r in value.replace(",", " ").split() if r)
    target = Target(profile=profile, regions=split, endpoint_url=endpoint_url)
    if not organization:
        if role_name or accounts or exclude_accounts:
            raise click.UsageError("--role-name, --accounts and --exclude-accounts need --org")
        return AwsScope(target, None, no_global)
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
    return AwsScope(target, selection, no_global)


def gate_options(function: F) -> F:
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


def scan_options(
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
) -> ScanOptions:
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
        cloudformation=cloudformation_options(
            cfn_params, cfn_param_files, cfn_stack_name, validate
        ),
        tf_vars=tuple(variables.items()),
        tf_var_files=tuple(tf_var_files),
        **extra,
    )


def hook_options(files: Sequence[str], **gate: Any) -> ScanOptions:
    """The options of a pre-commit run over changed ``files``: what they need read around
    them (gate/widen.py), only their findings and those of values written in them reported."""
    from iacgate.gate.widen import plan

    # Value files on the command line: their change is judged with what they configure.
    hook = plan(
        [Path(f) for f in files],
        Path.cwd(),
        variable_files={display_path(Path(f)) for f in gate.get("tf_var_files", ())},
        parameter_files={display_path(Path(f)) for f in gate.get("cfn_param_files", ())},
    )
    return scan_options([str(p) for p in hook.paths], only_files=tuple(files), hook=hook, **gate)


def cloudformation_options(
    assignments: Sequence[str], files: Sequence[str], stack_name: str | None, validate: bool
) -> CloudFormationOptions | None:
    if not (assignments or files or stack_name or validate):
        return None  # the defaults (the parameters module stays unread on a scan without them)
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
        display = display_path(Path(file))
        lines = parameters.value_lines(Path(file), values)
        origins.update({name: (display, lines[name]) for name in values})
    for name in given[-1]:
        origins.pop(name, None)
    if validate and importlib.util.find_spec("cfnlint") is None:
        raise click.UsageError("--validate needs cfn-lint: pip install 'iacgate[cloudformation]'")
    return parameters.CloudFormationOptions(
        parameters.merge(given), stack_name=stack_name, validate=validate, origins=origins
    )


def sarif_options(help_base_url: str | None, unknown: str = "note") -> SarifOptions:
    from iacgate.reporters.sarif_options import DEFAULT_HELP_BASE_URL, SarifOptions

    base = help_base_url or DEFAULT_HELP_BASE_URL
    if not base.startswith(("https://", "http://")):
        raise click.BadParameter(
            f"expected an http(s) URL, got {base!r}", param_hint="--help-base-url"
        )
    return SarifOptions(help_base_url=base, unknown=unknown)


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    """Decorators applied as if written one above the other, first on top (the order of
    ``--help``)."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


# Each command's own options, in the order ``--help`` lists them (the shared sets above
# included where they appear).
scan_command_options = _stack(
    click.option(
        "--format", "fmt", type=click.Choice(SCAN_FORMATS), default="text", show_default=True
    ),
    click.option(
        "--output",
        "-o",
        "outputs",
        multiple=True,
        help="FILE for --format, or FORMAT=PATH for another output (repeatable).",
    ),
    gate_options,
    click.option("--baseline", default=None, help="Report only findings not in this baseline."),
    click.option("--diff-base", default=None, help="Gate only on findings new since this git ref."),
    click.option(
        "--help-base-url",
        default=None,
        metavar="URL",
        help="SARIF: where rule pages live (<URL>/<pack>/<CODE>.md) "
        "[default: the project's docs/rules on GitHub].",
    ),
    click.option(
        "--sarif-unknown",
        type=click.Choice(["note", "omit"]),
        default="note",
        show_default=True,
        help="SARIF: UNKNOWN verdicts as notes of a companion rule <CODE>/unknown, or left out.",
    ),
    click.option(
        "--plan",
        "plan",
        default=None,
        type=click.Path(exists=True, dir_okay=False),
        help="Scan a Terraform plan or state (terraform show -json); PATHS is then at most the "
        "configuration directory it was made from (default: the plan file's directory).",
    ),
    click.option(
        "--include-deleted",
        is_flag=True,
        help="With --plan: also judge resources the plan deletes (origin action 'delete').",
    ),
    click.option(
        "--live",
        type=click.Choice(LIVE_PROVIDERS),
        default=None,
        help="Scan what runs instead of files: the rules on the live graph (posture).",
    ),
    click.option(
        "--snapshot",
        "snapshot_file",
        default=None,
        type=click.Path(dir_okay=False),
        help="Scan a snapshot written by 'iacgate inventory'.",
    ),
    click.option(
        "--sort",
        type=click.Choice(("location", "risk")),
        default="location",
        show_default=True,
        help="Order of the findings: by file and line, or by risk score (highest first).",
    ),
    k8s_target_options,
    aws_target_options,
)

drift_command_options = _stack(
    click.option(
        "--declared",
        "declared_paths",
        multiple=True,
        help="What declares the state (repeatable): Kubernetes manifests; for AWS a Terraform "
        "state or plan JSON, s3://BUCKET/KEY (a state in S3), a Terraform directory (its "
        "backend \"s3\" state, else its configuration), '-' (terraform show -json on stdin), a "
        "CloudFormation template (with --stack). {account} expands over the accounts of --org.",
    ),
    click.option(
        "--live",
        type=click.Choice(LIVE_PROVIDERS),
        default=None,
        help="Compare with the live scope.",
    ),
    click.option(
        "--snapshot",
        "snapshot_file",
        default=None,
        type=click.Path(dir_okay=False),
        help="Compare with a snapshot written by 'iacgate inventory'.",
    ),
    click.option(
        "--print-permissions",
        type=click.Choice(LIVE_PROVIDERS),
        default=None,
        help="Print the read-only role the live collector needs, and exit.",
    ),
    click.option(
        "--fail-on-unmanaged", is_flag=True, help="Exit 1 when unmanaged resources are found."
    ),
    click.option(
        "--fail-on-incomplete",
        is_flag=True,
        help="Exit 1 when part of the live scope could not be read or a declaration not checked.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "markdown", "sarif"]),
        default="text",
        show_default=True,
    ),
    click.option(
        "--state-version",
        default=None,
        help="AWS: read this version (S3 VersionId) of the one remote state declared.",
    ),
    click.option(
        "--stack",
        default=None,
        help="AWS: the deployed CloudFormation stack of the declared template (logical ids are "
        "matched to physical ids through DescribeStackResources).",
    ),
    click.option("--config", "config", default=None, help="Configuration file (for exceptions)."),
    click.option("--no-config", is_flag=True, help="Ignore .iacgate.yaml / pyproject.toml."),
    click.option(
        "--output",
        "-o",
        "outputs",
        multiple=True,
        help="FILE for --format, or FORMAT=PATH for another output of the same run (repeatable).",
    ),
    click.option(
        "--help-base-url",
        default=None,
        metavar="URL",
        help="SARIF: where rule pages live [default: the project's docs/rules on GitHub].",
    ),
    click.option("--pack", "packs", multiple=True, help="Policy pack (package name or directory)."),
    click.option(
        "--default-namespace",
        default=None,
        help="Namespace of manifests that name none (default: the context's namespace).",
    ),
    click.option(
        "--all-namespaces",
        is_flag=True,
        help="Read namespaced kinds cluster-wide instead of per managed namespace.",
    ),
    k8s_target_options,
    aws_target_options,
)

graph_command_options = _stack(
    click.option(
        "--format",
        "fmt",
        type=click.Choice(("json", "dot", "graphml")),
        default="json",
        show_default=True,
    ),
    click.option(
        "--focus",
        default=None,
        help="Only the neighbourhood of this resource (address, node id or physical id).",
    ),
    click.option(
        "--radius",
        default=2,
        show_default=True,
        type=click.IntRange(min=0),
        help="With --focus: keep nodes up to this many edges away.",
    ),
    click.option(
        "--live",
        "lives",
        type=click.Choice(LIVE_PROVIDERS),
        multiple=True,
        help="The graph of what runs (repeatable: --live aws --live k8s is one graph).",
    ),
    click.option(
        "--snapshot",
        "snapshot_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="The graph of a snapshot written by 'iacgate inventory' (repeatable).",
    ),
    click.option("--output", "-o", default=None, help="Write to FILE instead of stdout."),
    k8s_target_options,
    aws_target_options,
)

inventory_k8s_options = _stack(
    k8s_target_options,
    click.option(
        "--output", "-o", default=None, help="Write the snapshot to FILE (default: stdout)."
    ),
    click.option(
        "--fail-on-incomplete", is_flag=True, help="Exit 1 when any list could not be read fully."
    ),
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        help="Only this kind (Deployment, deployments or k8s.apps.deployment; repeatable).",
    ),
)

inventory_aws_options = _stack(
    aws_target_options,
    click.option(
        "--output", "-o", default=None, help="Write the snapshot to FILE (default: stdout)."
    ),
    click.option(
        "--fail-on-incomplete", is_flag=True, help="Exit 1 when any kind could not be read fully."
    ),
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        help="Only this kind (aws.s3.bucket or bucket, role, ...; repeatable).",
    ),
)

report_command_options = _stack(
    click.option(
        "--history",
        "history_dir",
        default=None,
        help="A directory of reports, read recursively (*.json): e.g. the nightly CI artifacts.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["html", "markdown", "json", "openmetrics"]),
        default="markdown",
        show_default=True,
    ),
    click.option(
        "--output", "-o", default=None, help="Write the report to FILE instead of stdout."
    ),
)

merge_command_options = _stack(
    click.option("--output", "-o", default=None, help="Write the merged report to FILE."),
    click.option(
        "--scope",
        default=None,
        help="The merged report's scope (default: the shards' common scope, else PROVIDER:merged).",
    ),
    click.option(
        "--fail-on-unmanaged",
        is_flag=True,
        help="Drift: exit 1 when unmanaged resources are found.",
    ),
    click.option(
        "--fail-on-incomplete",
        is_flag=True,
        help="Drift, inventory: exit 1 when part of the scope could not be read or a declaration "
        "not checked.",
    ),
)

org_shards_options = _stack(
    click.option("--profile", default=None, help="AWS profile (default: $AWS_PROFILE)."),
    click.option(
        "--region",
        "regions",
        multiple=True,
        help="Region to read (repeatable, or comma-separated; 'all': every region each account "
        "enables) [default: the profile's or $AWS_REGION].",
    ),
    click.option("--endpoint-url", default=None, help="Send every AWS call here."),
    click.option("--accounts", multiple=True, help="Only these account ids (comma-separated)."),
    click.option("--exclude-accounts", multiple=True, help="Not these account ids."),
    click.option(
        "--shards",
        "count",
        default=256,
        show_default=True,
        type=click.IntRange(min=1),
        help="At most this many shards (a GitHub Actions matrix holds at most 256 jobs).",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["github-matrix", "json", "text"]),
        default="github-matrix",
        show_default=True,
    ),
)


def pack_option(function: F) -> F:
    """``--pack`` (repeatable): the packs a rule listing, a rule page or the docs read."""
    return click.option(
        "--pack", "packs", multiple=True, help="Policy pack (package name or directory)."
    )(function)


baseline_create_options = _stack(
    click.option("--output", "-o", default=".iacgate-baseline.json", show_default=True),
    gate_options,
)

pre_commit_options = _stack(
    click.option(
        "--format", "fmt", type=click.Choice(SCAN_FORMATS), default="text", show_default=True
    ),
    click.option(
        "--no-cache",
        is_flag=True,
        help="Parse every Terraform file again instead of reusing the user's parse cache "
        "(also: IACGATE_NO_CACHE=1; see docs/pre-commit.md).",
    ),
    gate_options,
)

rules_command_options = _stack(
    click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    ),
    pack_option,
    click.option("--framework", default=None, help="Only rules mapped to this framework."),
    click.option(
        "--coverage",
        "show_coverage",
        is_flag=True,
        help="Each control of --framework as covered, partly covered, not covered or not "
        "checkable from IaC (without --framework: every framework's percentages).",
    ),
)

docs_command_options = _stack(
    click.option("--output", "-o", default="docs/rules", show_default=True, help="Docs directory."),
    click.option("--check", is_flag=True, help="Only compare; exit 1 when the docs are stale."),
    pack_option,
)

test_command_options = _stack(
    click.option("--fixtures", default=None, help="Fixtures directory [default: PACK/tests]."),
    click.option("--rule", "codes", multiple=True, help="Only this rule's fixtures (repeatable)."),
)


def existing_paths(paths: Sequence[str], stdin: bool = False) -> None:
    """A mistyped path must not turn into a passing gate (or an empty graph): refused. With
    ``stdin``, '-' names standard input."""
    missing = [p for p in paths if not (stdin and p == "-") and not Path(p).exists()]
    if missing:
        raise click.BadParameter(
            f"no such file or directory: {', '.join(missing)}", param_hint="PATHS"
        )


def live_scope(
    paths: Sequence[str], live: str | None, snapshot_file: str | None, aws: AwsArgs
) -> AwsScope | None:
    """The AWS scope a scan reads (None unless it reads live AWS); options that do not go
    together are refused."""
    scope = None
    if live == "aws" or aws.given:
        # Only then: a file scan does not load the live AWS modules.
        scope = aws.scope()
        if (scope.selection is not None or aws.no_global) and live != "aws":
            raise click.UsageError("--org and --no-global read live AWS: they need --live aws")
    if (live or snapshot_file) and paths:
        raise click.UsageError("--live/--snapshot scan no files: drop the PATHS")
    if live and snapshot_file:
        raise click.UsageError("--live and --snapshot exclude each other")
    return scope


def _unknown_kind(exc: KeyError, known: Sequence[Any]) -> click.BadParameter:
    names = ", ".join(k.kind for k in known)
    return click.BadParameter(f"unknown kind {exc.args[0]!r} (one of: {names})")


def k8s_kinds(kinds: tuple[str, ...]) -> tuple[ApiKind, ...] | None:
    """The Kubernetes kinds ``--kind`` names (None: every kind the rules use)."""
    from iacgate.live.k8s.kinds import API_KINDS, select

    try:
        return select(kinds) if kinds else None
    except KeyError as exc:
        raise _unknown_kind(exc, API_KINDS) from None


def aws_kinds(kinds: tuple[str, ...]) -> tuple[CollectedKind, ...] | None:
    """The AWS kinds ``--kind`` names (None: every canonical kind)."""
    if not kinds:
        return None  # without --kind, the AWS kind list is not loaded here
    from iacgate.live.aws.kinds import AWS_KINDS, select

    try:
        return select(kinds)
    except KeyError as exc:
        raise _unknown_kind(exc, AWS_KINDS) from None


def display_path(path: Path) -> str:
    """A file as findings name it: relative to the working directory when inside it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.absolute().as_posix()
