"""AWS drift end to end: the declared side (files, S3 backends, standard input; one state per
account with ``{account}``), the live side (one account, an organization, or a snapshot), the
comparison.

``{account}`` in a declared path expands over the accounts read -- those of ``--org``, or of
an organization's snapshot -- and each expansion's resources belong to its account (a
``s3://states/{account}/terraform.tfstate`` per member). An expansion whose state does not
exist is reported (the account's resources are then all unmanaged), never fatal: new accounts
appear before their first apply. Any other unreadable declared input stops the run (exit 2):
drift computed from half the declarations would be wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from iacgate.driftcheck.aws_declared import (
    RemoteInputs,
    apply_stack,
    read_declared_aws,
    stack_options,
)
from iacgate.driftcheck.model import DriftReport
from iacgate.driftcheck.run import Declared, aws_profile, drift
from iacgate.gate.errors import ConfigError
from iacgate.live.aws.collect import CollectOptions, Progress
from iacgate.live.aws.organizations import Organization, Selection
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.rules.dsl import Rule

ACCOUNT = "{account}"


@dataclass(frozen=True, slots=True)
class AwsDrift:
    """What ``iacgate drift`` compares for AWS. ``snapshot`` instead of a live collection;
    ``organization`` reads every selected member account; ``stack`` matches a template to its
    deployed stack (one account)."""

    paths: tuple[str, ...]
    root: Path
    target: Target
    snapshot: Snapshot | None = None
    stack: str | None = None
    state_version: str | None = None
    organization: Selection | None = None
    collect: CollectOptions | None = None
    stdin: IO[bytes] | None = None


def expand(paths: Sequence[str], accounts: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """``{account}`` paths, one per account; the account of each expansion."""
    out: list[str] = []
    owners: dict[str, str] = {}
    for path in paths:
        if ACCOUNT not in path:
            out.append(path)
            continue
        for account in accounts:
            expanded = path.replace(ACCOUNT, account)
            out.append(expanded)
            owners[expanded] = account
    return out, owners


def _snapshot_accounts(snapshot: Snapshot) -> list[str]:
    listed = snapshot.target.get("accounts")
    if not isinstance(listed, list):
        return []
    return [str(a["id"]) for a in listed if isinstance(a, Mapping) and a.get("read")]


def _declared(request: AwsDrift, accounts: Sequence[str], cloudformation: Any) -> Declared:
    paths = list(request.paths)
    owners: dict[str, str] = {}
    if any(ACCOUNT in p for p in paths):
        if not accounts:
            raise ConfigError(
                f"{ACCOUNT} in a declared path expands over the accounts of --org (or of an "
                "organization's snapshot)"
            )
        paths, owners = expand(paths, accounts)
    remote = RemoteInputs(
        target=request.target,
        version=request.state_version,
        stdin=request.stdin,
        accounts=owners,
    )
    declared = read_declared_aws(paths, request.root, cloudformation, remote)
    if declared.errors:
        listed = "; ".join(
            f"{d.file}:{d.line}: {d.message}" if d.line else f"{d.file}: {d.message}"
            for d in declared.errors
        )
        raise ConfigError(f"declared input cannot be read: {listed}")
    if not owners and not any(r.kind.startswith("aws.") for r in declared.graph.resources()):
        raise ConfigError(f"no AWS resources in the declared input: {', '.join(request.paths)}")
    return declared


def aws_drift(
    request: AwsDrift,
    rules: Sequence[Rule],
    progress: Progress | None = None,
    session: Any = None,
    prepare: Callable[[Any], None] | None = None,
) -> DriftReport:
    """Read the declared side, collect (or take the snapshot), compare. Configuration errors
    (an unreadable declared input, rejected credentials, an organization that cannot be
    listed) raise :class:`ConfigError` (rejected credentials as a ``LiveError``, one)."""
    from iacgate.live.aws.organizations import members
    from iacgate.pipeline import collect_aws, collect_organization

    if request.stack and request.organization is not None:
        raise ConfigError("--stack matches one stack in one account; it does not apply to --org")
    stack = None
    if request.stack:
        from iacgate.live.aws.stacks import describe

        stack = describe(request.stack, request.target, session)
    organization: Organization | None = None
    accounts: list[str] = []
    if request.snapshot is not None:
        accounts = _snapshot_accounts(request.snapshot)
    elif request.organization is not None:
        organization = members(request.target, request.organization, session)
        accounts = [a.id for a in organization.accounts]
    declared = _declared(request, accounts, stack_options(stack) if stack else None)
    if stack is not None:
        declared = apply_stack(declared, stack)
    snapshot = request.snapshot
    if snapshot is None and organization is not None:
        assert request.organization is not None
        snapshot = collect_organization(
            request.target,
            request.organization,
            request.collect,
            progress,
            session,
            prepare,
            organization,
        )
    elif snapshot is None:
        snapshot = collect_aws(request.target, request.collect, progress, session=session)
    profile = (
        aws_profile(snapshot, declared, region=stack.region, account=stack.account)
        if stack is not None
        else None
    )
    return drift(declared, snapshot, rules, profile, checkout=request.root)
