"""Collect an AWS account into a snapshot: regions, thread pools, honest coverage.

1. Who am I (``sts:GetCallerIdentity``: the account and partition) and which regions are
   enabled (``ec2:DescribeRegions``; a region that is not enabled is reported as such in
   coverage, never called).
2. One task per (kind, region) -- global kinds (IAM, CloudFront, the S3 listing) once, in the
   home region. Tasks run on a small thread pool; each service and region has its own bounded
   pool for detail calls, so one slow or throttling service does not hold the others up.
3. Every task leaves one coverage entry per canonical kind it produces: complete with a count,
   or the worst failure (a failed list call: nothing read; failed detail calls: resources read
   with the affected attributes unknown) in AWS's own words.

The collection is native records (``records``); ``iacgate.pipeline`` normalizes them into the
snapshot, counting the resources of each kind for its coverage entry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from iacgate.live.aws.api import Api, ApiFailure, CallLog, Scope
from iacgate.live.aws.calls import CollectedKind
from iacgate.live.aws.errors import SEVERITY
from iacgate.live.aws.kinds import AWS_KINDS, SESSION_CALLS
from iacgate.live.aws.records import NativeRecord
from iacgate.live.aws.session import ALL_REGIONS, Clients, Target, configured_region, make_session
from iacgate.live.coverage import EVERYWHERE, Coverage, CoverageEntry, CoverageStatus
from iacgate.live.errors import CollectionFailed, LiveConfigError
from iacgate.live.snapshot import utc_now

PROVIDER = "aws"
DEFAULT_WORKERS = 8  # (kind, region) tasks in flight
DEFAULT_SERVICE_WORKERS = 4  # concurrent calls per service and region
GLOBAL_DEFAULT_REGION = "us-east-1"
_ENABLED = ("opt-in-not-required", "opted-in")

Progress = Callable[[int, int, str], None]

SESSION_KIND = CollectedKind(
    kind="session",
    service="sts",
    regional=False,
    calls=SESSION_CALLS,
    id_field="",
    arn="",
    fetch=None,
)


@dataclass(frozen=True, slots=True)
class CollectOptions:
    kinds: tuple[CollectedKind, ...] = AWS_KINDS
    workers: int = DEFAULT_WORKERS
    service_workers: int = DEFAULT_SERVICE_WORKERS
    log: CallLog = field(default_factory=CallLog)  # counts every call made


def scope_of(account: str) -> str:
    return f"{PROVIDER}:{account}"


@dataclass(frozen=True, slots=True)
class _Task:
    kind: CollectedKind
    region: str

    @property
    def where(self) -> str:
        return self.region if self.kind.regional else EVERYWHERE

    @property
    def label(self) -> str:
        return f"{self.kind.kind} in {self.region}" if self.kind.regional else self.kind.kind


class _Pools:
    """One bounded executor per (service, region), created on first use."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._lock = threading.Lock()
        self._pools: dict[tuple[str, str], ThreadPoolExecutor] = {}

    def get(self, service: str, region: str) -> Executor:
        key = (service, region)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                pool = ThreadPoolExecutor(self.size, thread_name_prefix=f"aws-{service}-{region}")
                self._pools[key] = pool
            return pool

    def shutdown(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(wait=True)


def _identity(api: Api) -> Scope:
    try:
        answer = next(iter(api.pages("GetCallerIdentity")))
    except ApiFailure as exc:
        if exc.code in ("NoCredentialsError", "PartialCredentialsError", "NoRegionError"):
            raise LiveConfigError(f"AWS configuration: {exc.message}") from None
        raise CollectionFailed(
            f"cannot identify the AWS account: {exc.detail}", exc.status.value
        ) from None
    arn = str(answer.get("Arn") or "")
    partition = arn.split(":")[1] if arn.count(":") >= 2 else "aws"
    return Scope(str(answer["Account"]), partition or "aws")


def _region_states(api: Api) -> dict[str, str] | None:
    """Region name -> opt-in status, or None when the account may not ask."""
    try:
        answer = next(iter(api.pages("DescribeRegions", AllRegions=True)))
    except ApiFailure:
        return None
    return {
        str(r["RegionName"]): str(r.get("OptInStatus") or "opt-in-not-required")
        for r in answer.get("Regions") or []
    }


def _regions(
    target: Target, home: str, states: dict[str, str] | None
) -> tuple[list[str], dict[str, str]]:
    """The regions to read and, for requested regions that cannot be read, why."""
    if target.regions == (ALL_REGIONS,):
        if states is None:
            raise CollectionFailed(
                "--region all needs ec2:DescribeRegions, which was refused; name the regions"
            )
        return sorted(r for r, s in states.items() if s in _ENABLED), {}
    wanted = list(dict.fromkeys(target.regions or (home,)))
    skipped: dict[str, str] = {}
    if states is not None:
        for region in wanted:
            state = states.get(region)
            if state is None:
                skipped[region] = f"{region} is not a region of this partition"
            elif state not in _ENABLED:
                skipped[region] = f"region {region} is not enabled for this account ({state})"
    return [r for r in wanted if r not in skipped], skipped


@dataclass(frozen=True, slots=True)
class TaskRecords:
    """What one (kind, region) task read: its records, and the failures its coverage entry
    reports (a failed list call leaves ``failed`` entries and no records)."""

    kinds: tuple[str, ...]  # the canonical kinds its records become
    where: str
    records: tuple[NativeRecord, ...] = ()
    failures: tuple[ApiFailure, ...] = ()  # detail calls that failed
    failed: tuple[CoverageEntry, ...] = ()

    def entries(self, counts: Mapping[str, int]) -> list[CoverageEntry]:
        """One entry per kind, ``counts`` being the resources of each kind the records made."""
        if self.failed:
            return list(self.failed)
        entries = []
        for kind in self.kinds:
            count = counts.get(kind, 0)
            if not self.failures:
                entries.append(CoverageEntry(kind, self.where, CoverageStatus.COMPLETE, count))
                continue
            worst = min(self.failures, key=lambda f: SEVERITY.index(f.status))
            operations = sorted({f.call.operation for f in self.failures})
            detail = (
                f"{count} read, {len(self.failures)} detail call(s) failed "
                f"({', '.join(operations)}); first: {worst.detail}"
            )
            entries.append(CoverageEntry(kind, self.where, worst.status, count, detail))
        return entries


@dataclass(frozen=True, slots=True)
class Collection:
    """An account's native records, task by task, for the pipeline to normalize."""

    scope: str  # aws:<account>
    collected_at: str
    tasks: tuple[TaskRecords, ...]
    skipped: tuple[CoverageEntry, ...]  # regions that cannot be read
    target: Mapping[str, Any]
    provider: str = PROVIDER

    def coverage(self, counts: Callable[[TaskRecords], Mapping[str, int]]) -> Coverage:
        """The coverage, ``counts`` giving the resources of each kind a task's records made.
        Raises ``CollectionFailed`` when nothing at all could be read."""
        entries = [*self.skipped, *(e for task in self.tasks for e in task.entries(counts(task)))]
        coverage = Coverage.of(entries)
        if self.tasks and not coverage.complete:
            first = coverage.gaps[0]
            account = self.scope.removeprefix(f"{PROVIDER}:")
            raise CollectionFailed(
                f"could not read anything from account {account}: {first.detail}",
                first.status.value,
            )
        return coverage


def _run(task: _Task, scope: Scope, clients: Clients, pools: _Pools, log: CallLog) -> TaskRecords:
    api = Api(
        task.kind, task.region, scope, clients, pools.get(task.kind.service, task.region), log
    )
    kinds = task.kind.kinds
    try:
        records = task.kind.fetch(api)
    except ApiFailure as exc:
        failed = tuple(CoverageEntry(k, task.where, exc.status, 0, exc.detail) for k in kinds)
        return TaskRecords(kinds, task.where, failed=failed)
    except Exception as exc:  # a malformed answer must not stop the other kinds
        detail = f"unexpected answer: {type(exc).__name__}: {exc}"
        failed = tuple(CoverageEntry(k, task.where, CoverageStatus.ERROR, 0, detail) for k in kinds)
        return TaskRecords(kinds, task.where, failed=failed)
    return TaskRecords(kinds, task.where, tuple(records), tuple(api.failures))


def collect(
    target: Target | None = None,
    options: CollectOptions | None = None,
    progress: Progress | None = None,
    session: Any = None,
) -> Collection:
    """Read ``options.kinds`` from the account ``target`` points at. ``session`` is a boto3
    session to use instead of one made from ``target`` (tests register event hooks on it)."""
    from botocore.exceptions import NoCredentialsError, NoRegionError

    target = target or Target()
    options = options or CollectOptions()
    session = session if session is not None else make_session(target)
    explicit = [r for r in target.regions if r != ALL_REGIONS]
    home = (explicit[0] if explicit else None) or configured_region(session)
    if home is None:
        if target.regions == (ALL_REGIONS,):
            home = GLOBAL_DEFAULT_REGION
        else:
            raise LiveConfigError(
                "no AWS region: pass --region, or set AWS_REGION or a region in the profile"
            )
    clients = Clients(session, target, options.service_workers)
    pools = _Pools(options.service_workers)
    log = options.log
    try:
        bootstrap = Api(SESSION_KIND, home, Scope("", "aws"), clients, pools.get("sts", home), log)
        try:
            scope = _identity(bootstrap)
        except (NoCredentialsError, NoRegionError) as exc:
            raise LiveConfigError(str(exc)) from None
        regions, skipped = _regions(target, home, _region_states(bootstrap))
        name = scope_of(scope.account)
        tasks: list[_Task] = []
        entries: list[CoverageEntry] = []
        for kind in options.kinds:
            if not kind.regional:
                tasks.append(_Task(kind, home))
                continue
            tasks.extend(_Task(kind, region) for region in regions)
            for region, why in skipped.items():
                entries.extend(
                    CoverageEntry(k, region, CoverageStatus.NOT_FOUND, 0, why) for k in kind.kinds
                )
        done_tasks: list[TaskRecords] = []
        with ThreadPoolExecutor(max(1, options.workers), thread_name_prefix="aws-kind") as pool:
            futures = {pool.submit(_run, task, scope, clients, pools, log): task for task in tasks}
            for done, future in enumerate(as_completed(futures), 1):
                done_tasks.append(future.result())
                if progress is not None:
                    progress(done, len(tasks), futures[future].label)
    finally:
        pools.shutdown()
    collection = Collection(
        scope=name,
        collected_at=utc_now(),
        tasks=tuple(done_tasks),
        skipped=tuple(entries),
        target={
            "account": scope.account,
            "partition": scope.partition,
            "profile": target.profile,
            "regions": regions,
            "home_region": home,
            "endpoint_url": target.endpoint_url,
            "kinds": sorted({k for item in options.kinds for k in item.kinds}),
        },
    )
    # Nothing readable fails here, before any normalizing (completeness does not depend on the
    # counts): an organization reports such an account as unread.
    collection.coverage(lambda task: {})
    return collection
