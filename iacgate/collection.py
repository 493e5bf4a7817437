"""Live collection as commands and the library ask for it: where to connect, the timed
collection into a snapshot, a snapshot file instead.

Errors are the hierarchy's (``iacgate.errors``): a connection or collection that cannot run is a
``LiveError`` (exit 2), a missing extra a ``UsageError``.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacgate.errors import UsageError

if TYPE_CHECKING:
    from iacgate.live.aws.calls import CollectedKind as AwsKind
    from iacgate.live.aws.collect import CollectOptions as AwsCollectOptions
    from iacgate.live.aws.organizations import Selection
    from iacgate.live.aws.session import Target
    from iacgate.live.aws.shards import Shard
    from iacgate.live.k8s.connection import Connection
    from iacgate.live.k8s.kinds import ApiKind
    from iacgate.live.snapshot import Snapshot

# What a collection reports as it goes: (done, total, what).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class K8sTarget:
    """A live Kubernetes command's cluster, and the namespaces it reads (empty: all)."""

    kubeconfig: str | None = None
    context: str | None = None
    in_cluster: bool = False
    namespaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AwsScope:
    """A live AWS command's target: where, which accounts (``selection``, with an
    organization), and whether the global kinds are left to another shard."""

    target: Target
    selection: Selection | None = None
    no_global: bool = False


def need_boto3() -> None:
    if importlib.util.find_spec("boto3") is None:
        raise UsageError("live AWS needs boto3: pip install 'iacgate[aws]'")


def timed(collect: Callable[..., Snapshot], *args: Any) -> Snapshot:
    """A collection, with its wall time in the snapshot (``duration_seconds``)."""
    started = time.perf_counter()
    snapshot = collect(*args)
    return replace(snapshot, duration_seconds=round(time.perf_counter() - started, 3))


def k8s_connect(target: K8sTarget) -> Connection:
    from iacgate.live.k8s.connection import Target as Where
    from iacgate.live.k8s.connection import connect

    return connect(Where(target.kubeconfig, target.context, target.in_cluster))


def collect_k8s(
    connection: Connection,
    namespaces: tuple[str, ...] | None,
    kinds: Sequence[ApiKind] | None = None,
    progress: Progress | None = None,
) -> Snapshot:
    """Read ``kinds`` (default: every kind the Kubernetes rules use) in ``namespaces`` (None:
    all), then close the connection."""
    from iacgate.live.k8s.collect import CollectOptions
    from iacgate.live.k8s.kinds import API_KINDS
    from iacgate.pipeline import collect_k8s as collect

    options = CollectOptions(namespaces=namespaces, kinds=tuple(kinds or API_KINDS))
    try:
        return timed(collect, connection, options, progress)
    finally:
        connection.close()


def aws_options(scope: AwsScope, kinds: Sequence[AwsKind] | None = None) -> AwsCollectOptions:
    from iacgate.live.aws.collect import CollectOptions
    from iacgate.live.aws.kinds import AWS_KINDS

    chosen = tuple(kinds or AWS_KINDS)
    if scope.no_global:
        chosen = tuple(k for k in chosen if k.regional)
    return CollectOptions(kinds=chosen)


def collect_aws(
    scope: AwsScope, kinds: Sequence[AwsKind] | None = None, progress: Progress | None = None
) -> Snapshot:
    """Read ``kinds`` (default: every canonical AWS kind) from an account, or every selected
    member account of the organization."""
    need_boto3()
    from iacgate.pipeline import collect_live

    return timed(collect_live, scope.target, aws_options(scope, kinds), scope.selection, progress)


def read_permissions(provider: str, scope: AwsScope) -> str:
    """The read-only role (aws: IAM policy; k8s: ClusterRole) a live collection needs."""
    if provider == "aws":
        from iacgate.live.aws.permissions import render as render_policy

        role = scope.selection.role_name if scope.selection is not None else None
        return render_policy(organization_role=role)
    from iacgate.live.k8s.permissions import render as render_role

    return render_role()


def organization_shards(scope: AwsScope, count: int) -> list[Shard]:
    """The active member accounts of the organization x the scope's regions (default: the
    profile's), cut into at most ``count`` shards: one nightly job each."""
    need_boto3()
    from iacgate.live.aws.organizations import members
    from iacgate.live.aws.session import configured_region, make_session
    from iacgate.live.aws.shards import plan

    assert scope.selection is not None
    session = make_session(scope.target)
    organization = members(scope.target, scope.selection, session)
    wanted = scope.target.regions or tuple(filter(None, [configured_region(session)]))
    if not wanted:
        raise UsageError("name the regions: --region (or set AWS_REGION)")
    return plan([a.id for a in organization.accounts], wanted, count)


def read_snapshot(path: str | Path) -> Snapshot:
    from iacgate.live.snapshot import read

    return read(Path(path))


def live_or_snapshot(
    live: str | None,
    snapshot_file: str | None,
    k8s: K8sTarget,
    aws: AwsScope | None = None,
    progress: Progress | None = None,
) -> Snapshot:
    """The snapshot file when one is named, else a fresh collection of ``live`` (aws, k8s)."""
    if snapshot_file:
        return read_snapshot(snapshot_file)
    if live == "aws":
        assert aws is not None
        return collect_aws(aws, progress=progress)
    return collect_k8s(k8s_connect(k8s), k8s.namespaces or None, progress=progress)
