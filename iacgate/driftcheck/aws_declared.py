"""The declared side of AWS drift: Terraform state or plan JSON (a file, an S3 backend's
object, standard input), CloudFormation templates (matched to a deployed stack with
``--stack``), and Terraform configurations.

A Terraform state names every resource's physical id. A template does not: with a stack, each
logical id's ``PhysicalResourceId`` (``DescribeStackResources``) becomes the resource's
physical id, and the template is read with the parameter values the stack was deployed with.
A directory whose ``backend "s3"`` block names its state is read from that state, with the
directory's configuration for lines (``remote_state``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from iacgate.driftcheck.run import Declared
from iacgate.live.aws.stacks import Stack
from iacgate.model.aws import PHYSICAL_ID, physical_id
from iacgate.model.diagnostics import Diagnostic, DiagnosticKind
from iacgate.model.resource import Resource
from iacgate.model.results import FileResult
from iacgate.model.unknown import is_unknown
from iacgate.pipeline import build_graph, read_inputs, read_plan, read_plan_text
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.discovery import display_path
from iacgate.sources.textfile import DEFAULT_MAX_PLAN_BYTES

_TERRAFORM_JSON = (".json", ".tfstate")


@dataclass(frozen=True, slots=True)
class RemoteInputs:
    """How remote declared inputs are reached: the AWS ``target`` (and a ``session`` made for
    it), the ``--state-version``, standard input, and the account each input was expanded for
    (``{account}`` in a path: its state may be missing, which is reported, not fatal)."""

    target: Any = None  # live.aws.session.Target; None: no AWS access (s3:// is an error)
    session: Any = None
    version: str | None = None
    stdin: IO[bytes] | None = None
    accounts: Mapping[str, str] = field(default_factory=dict)  # input -> account
    max_bytes: int = DEFAULT_MAX_PLAN_BYTES


def _terraform_document(path: Path) -> bool:
    if not path.is_file() or not path.name.endswith(_TERRAFORM_JSON):
        return False
    from iacgate.sources.terraform.plan import document_kind

    try:
        with path.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return False
    return document_kind(data) is not None


def stack_options(stack: Stack) -> CloudFormationOptions:
    """The template's parameters as the stack was deployed (pseudo parameters included)."""
    parameters = dict(stack.parameters)
    parameters.update(
        {
            "AWS::StackName": stack.name,
            "AWS::Region": stack.region,
            "AWS::AccountId": stack.account,
            "AWS::Partition": stack.partition,
        }
    )
    return CloudFormationOptions(parameters, stack_name=stack.name)


def _error(display: str, message: str) -> FileResult:
    result = FileResult(display, recognised=True)
    result.diagnostics.append(Diagnostic(DiagnosticKind.PARSE_ERROR, display, message))
    return result


class _Remote:
    """Reads remote and piped states for :func:`read_declared_aws`."""

    def __init__(self, remote: RemoteInputs, root: Path) -> None:
        self.remote = remote
        self.root = root
        self.accounts: dict[str, str] = {}  # result scope -> account
        self.warnings: list[str] = []
        self.objects = 0

    def state(self, item: str, state: Any) -> FileResult | None:
        from iacgate.driftcheck.remote_state import RemoteStateError, fetch

        self.objects += 1
        account = self.remote.accounts.get(item)
        if self.remote.target is None:
            return _error(state.display, "reading a remote state needs AWS access (--live aws)")
        try:
            text = fetch(state, self.remote.target, self.remote.session, self.remote.max_bytes)
        except RemoteStateError as exc:
            if exc.missing and account is not None:
                self.warnings.append(
                    f"{exc}: nothing is declared for account {account} (every resource read "
                    "there is unmanaged)"
                )
                return None
            return _error(state.display, str(exc))
        read = read_plan_text(text, state.display, config_dir=state.config_dir, scan_root=self.root)
        if account is not None:
            self.accounts[state.display] = account
        return read.result

    def stdin(self) -> FileResult:
        import sys

        from iacgate.driftcheck.remote_state import STDIN_NAME, read_stream

        stream = self.remote.stdin if self.remote.stdin is not None else sys.stdin.buffer
        text = read_stream(stream, self.remote.max_bytes)
        return read_plan_text(text, STDIN_NAME, config_dir=None, scan_root=self.root).result


def read_declared_aws(
    paths: Sequence[str],
    root: Path,
    cloudformation: CloudFormationOptions | None = None,
    remote: RemoteInputs | None = None,
) -> Declared:
    """Terraform plan/state JSON files, ``s3://`` state objects, directories with an S3
    backend and standard input (``-``) are read as states; everything else (templates,
    configuration directories) as a scan would read it."""
    from iacgate.driftcheck.remote_state import (
        STDIN,
        RemoteStateError,
        backend,
        is_remote,
        parse_uri,
    )

    remote = remote or RemoteInputs()
    reader = _Remote(remote, root)
    results: list[FileResult] = []
    others: list[str] = []
    for item in paths:
        found: FileResult | None
        if item == STDIN:
            found = reader.stdin()
        elif is_remote(item):
            try:
                found = reader.state(item, parse_uri(item, remote.version))
            except RemoteStateError as exc:
                found = _error(item, str(exc))
        elif item in remote.accounts and not Path(item).exists():
            reader.warnings.append(
                f"{item}: no such file: nothing is declared for account {remote.accounts[item]}"
            )
            continue
        elif Path(item).is_dir():
            try:
                state = backend(Path(item), remote.version)
            except RemoteStateError as exc:
                results.append(_error(display_path(Path(item), root), str(exc)))
                continue
            if state is None:
                others.append(item)
                continue
            found = reader.state(item, state)
        elif _terraform_document(Path(item)):
            path = Path(item)
            display = display_path(path, root)
            found = read_plan(
                path, display, config_dir=None, scan_root=root, max_bytes=remote.max_bytes
            ).result
            if item in remote.accounts:
                reader.accounts[display] = remote.accounts[item]
        else:
            others.append(item)
            continue
        if found is not None:
            results.append(found)
    if remote.version is not None and reader.objects != 1:
        results.append(
            _error(
                "--state-version",
                f"names one version of one remote state; {reader.objects} remote states declared",
            )
        )
    skipped: list[Diagnostic] = []
    if others:
        found_others, skipped = read_inputs(others, root, cloudformation=cloudformation)
        results.extend(found_others)
    errors = [d for r in results for d in r.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
    skipped += [
        d for r in results for d in r.diagnostics if d.kind is not DiagnosticKind.PARSE_ERROR
    ]
    return Declared(
        build_graph(results),
        tuple(paths),
        tuple(errors),
        tuple(skipped),
        accounts=reader.accounts,
        warnings=tuple(reader.warnings),
    )


def _with_physical(resource: Resource, value: str) -> Resource:
    name = PHYSICAL_ID.get(resource.kind)
    attributes: dict[str, Any] = dict(resource.attributes)
    if name is not None:
        current = attributes.get(name)
        if current is None or is_unknown(current):
            attributes[name] = value
    return replace(
        resource, attributes=attributes, physical_id=physical_id(resource.kind, attributes) or value
    )


def apply_stack(declared: Declared, stack: Stack) -> Declared:
    """Give every template resource its deployed physical id (and the values that follow from
    it: a bucket policy's bucket, a stage's ARN)."""
    deployed = {logical: item.physical_id for logical, item in stack.resources.items()}
    out: list[Resource] = []
    for resource in declared.graph.resources():
        if resource.source != "cloudformation":
            out.append(resource)
            continue
        references = dict(
            (tuple(path), target) for path, target in resource.origin.get("references", ())
        )
        if resource.kind == "aws.s3.bucket_policy":
            bucket = deployed.get(references.get(("bucket",), ""))
            out.append(_with_physical(resource, bucket) if bucket else resource)
            continue
        physical = deployed.get(resource.address)
        if resource.kind == "aws.apigateway.stage" and physical:
            api = resource.attributes.get("rest_api_id")
            if is_unknown(api) or api is None:
                api = deployed.get(references.get(("rest_api_id",), ""))
            if isinstance(api, str):
                attributes = dict(resource.attributes, rest_api_id=api, stage_name=physical)
                resource = replace(resource, attributes=attributes)
                physical = (
                    f"arn:{stack.partition}:apigateway:{stack.region}::/restapis/{api}/stages/"
                    f"{physical}"
                )
        out.append(_with_physical(resource, physical) if physical else resource)
    spans = {r.key: dict(declared.graph.locations.paths(r.key)) for r in out}
    graph = build_graph([FileResult("<declared>", resources=out, spans=spans, recognised=True)])
    return replace(declared, graph=graph)
