"""List every declared kind (per namespace or cluster-wide), page by page: the cluster's objects,
which ``iacgate.pipeline`` normalizes into a snapshot.

One list call sequence per (kind, namespace) -- or per kind cluster-wide -- with ``limit`` and
``continue``; calls run on a small thread pool. A failed list is recorded in coverage with the
API server's own words and the rest is collected; only when *nothing* could be read does the
collection fail as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from iacgate.live.coverage import EVERYWHERE, Coverage, CoverageEntry, CoverageStatus
from iacgate.live.errors import CollectionFailed
from iacgate.live.k8s.connection import ApiError, Connection
from iacgate.live.k8s.kinds import API_KINDS, ApiKind
from iacgate.live.k8s.sanitize import clean
from iacgate.live.snapshot import live_source, utc_now

PROVIDER = "k8s"
SOURCE = live_source(PROVIDER)
DEFAULT_PAGE_SIZE = 500  # what kubectl uses
DEFAULT_WORKERS = 4
MAX_LIST_RESTARTS = 2  # a continue token that expired (410) restarts the list

# (done, total, what): called on the calling thread after each list finishes.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class CollectOptions:
    namespaces: tuple[str, ...] | None = None  # None: every namespace, with cluster-wide lists
    kinds: tuple[ApiKind, ...] = API_KINDS
    page_size: int = DEFAULT_PAGE_SIZE
    workers: int = DEFAULT_WORKERS


@dataclass(frozen=True, slots=True)
class _Task:
    kind: ApiKind
    namespace: str | None  # None: the whole cluster

    @property
    def where(self) -> str:
        return EVERYWHERE if self.namespace is None else self.namespace

    @property
    def label(self) -> str:
        scope = f" in {self.namespace}" if self.namespace else ""
        return f"{self.kind.resource}{scope}"


def scope_of(context: str) -> str:
    return f"{PROVIDER}:{context}"


def _tasks(options: CollectOptions) -> list[_Task]:
    namespaces = None if options.namespaces is None else sorted(set(options.namespaces))
    tasks: list[_Task] = []
    for kind in options.kinds:
        if kind.namespaced and namespaces is not None:
            tasks.extend(_Task(kind, namespace) for namespace in namespaces)
        else:
            tasks.append(_Task(kind, None))
    return tasks


def list_items(
    connection: Connection, kind: ApiKind, namespace: str | None, page_size: int
) -> Iterator[dict[str, Any]]:
    """Every item of one collection, following ``continue`` tokens."""
    path = kind.collection_path(namespace)
    restarts = 0
    while True:
        token: str | None = None
        pages: list[list[Any]] = []
        try:
            while True:
                query = [("limit", str(page_size))]
                if token:
                    query.append(("continue", token))
                page = connection.get_json(path, query, kind.accept)
                items = page.get("items")
                if not isinstance(items, list):
                    raise ApiError(200, "MalformedResponse", f"{path}: the list has no items")
                pages.append(items)
                metadata = page.get("metadata")
                token = metadata.get("continue") if isinstance(metadata, dict) else None
                if not token:
                    break
        except ApiError as exc:
            if exc.status == 410 and token and restarts < MAX_LIST_RESTARTS:
                restarts += 1  # the snapshot behind the token is gone: list again from scratch
                continue
            raise
        for items in pages:
            yield from (item for item in items if isinstance(item, dict))
        return


def _status(error: ApiError) -> CoverageStatus:
    return {
        401: CoverageStatus.UNAUTHORIZED,
        403: CoverageStatus.DENIED,
        404: CoverageStatus.NOT_FOUND,
        429: CoverageStatus.THROTTLED,
    }.get(error.status, CoverageStatus.ERROR)


def _run(
    connection: Connection, task: _Task, page_size: int
) -> tuple[_Task, list[dict[str, Any]], ApiError | None]:
    try:
        return task, list(list_items(connection, task.kind, task.namespace, page_size)), None
    except ApiError as exc:
        return task, [], exc


@dataclass(frozen=True, slots=True)
class Collection:
    """A cluster's objects as the API served them (cleaned: no Secret values, no managed
    fields), for the pipeline to normalize like manifests."""

    scope: str  # k8s:<context>
    collected_at: str
    coverage: Coverage
    objects: tuple[dict[str, Any], ...]
    target: Mapping[str, Any]
    provider: str = PROVIDER
    source: str = SOURCE


def collect(
    connection: Connection,
    options: CollectOptions = CollectOptions(),
    progress: Progress | None = None,
) -> Collection:
    scope = scope_of(connection.context)
    tasks = _tasks(options)
    entries: list[CoverageEntry] = []
    objects: list[dict[str, Any]] = []
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        futures = [pool.submit(_run, connection, task, options.page_size) for task in tasks]
        for done, future in enumerate(as_completed(futures), 1):
            task, items, error = future.result()
            canonical = task.kind.canonical
            if error is not None:
                entries.append(CoverageEntry(canonical, task.where, _status(error), 0, str(error)))
            else:
                objects.extend(clean(task.kind, item) for item in items)
                entries.append(
                    CoverageEntry(canonical, task.where, CoverageStatus.COMPLETE, len(items))
                )
            if progress is not None:
                progress(done, len(tasks), task.label)
    coverage = Coverage.of(entries)
    if tasks and not coverage.complete:
        first = coverage.gaps[0]
        raise CollectionFailed(
            f"could not read anything from {connection.host} (context {connection.context}): "
            f"{first.detail}"
        )
    return Collection(
        scope=scope,
        collected_at=utc_now(),
        coverage=coverage,
        objects=tuple(objects),
        target={
            "context": connection.context,
            "server": connection.host,
            "namespace": connection.namespace,
            "namespaces": None if options.namespaces is None else sorted(set(options.namespaces)),
            "kinds": [kind.canonical for kind in options.kinds],
        },
    )
