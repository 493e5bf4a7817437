"""The call gate: the only way a fetch function reaches AWS.

An :class:`Api` is bound to one kind and one region. It lets through only the calls the kind
declares (``kinds``), pages through paginated lists, turns "not configured" answers into
``None``, and keeps every other failure: a failed list call raises :class:`ApiFailure` (the
kind is not covered in that region), a failed detail call leaves a failure marker in the record
and is reported in coverage. Nothing is dropped silently, except resources deleted between their
listing and a detail call (``Call.gone``), which simply no longer exist.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from iacgate.errors import IacgateError
from iacgate.live.aws.calls import Call, CollectedKind
from iacgate.live.aws.errors import status_of
from iacgate.live.aws.records import NativeRecord, clean, failure
from iacgate.live.coverage import CoverageStatus

T = TypeVar("T")
R = TypeVar("R")


class ApiFailure(IacgateError):
    """A call that failed for good (retries included)."""

    def __init__(self, call: Call, code: str, message: str, status: CoverageStatus) -> None:
        super().__init__(f"{call.operation}: {code}: {message}")
        self.call = call
        self.code = code
        self.message = message
        self.status = status

    @property
    def detail(self) -> str:
        return f"{self.call.service}:{self.call.operation}: {self.code}: {self.message}"


class Gone(Exception):
    """The resource was deleted between its listing and a detail call."""


class UndeclaredCall(AssertionError):
    """A fetch function tried a call its kind does not declare (a bug, caught by tests)."""


@dataclass(slots=True)
class CallLog:
    """Calls made (pages included), by ``service:Operation``; shared by every Api of a run."""

    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, call: Call) -> None:
        with self.lock:
            self.counts[f"{call.service}:{call.operation}"] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Scope:
    account: str
    partition: str


_MESSAGE_LIMIT = 300  # an error page in place of an answer can be long


def _error_parts(exc: Exception) -> tuple[str, str, int]:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error") or {}
        status = int((response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
        code = str(error.get("Code") or status or type(exc).__name__)
        return code, str(error.get("Message") or exc)[:_MESSAGE_LIMIT], status
    return type(exc).__name__, str(exc)[:_MESSAGE_LIMIT], 0


class Api:
    def __init__(
        self,
        kind: CollectedKind,
        region: str,
        scope: Scope,
        clients: Any,
        executor: Executor,
        log: CallLog,
    ) -> None:
        self.kind = kind
        self.region = region
        self.scope = scope
        self._clients = clients
        self._executor = executor
        self._log = log
        self._calls: dict[str, Call] = {}
        for item in kind.calls:
            self._calls[f"{item.service}:{item.operation}"] = item
            self._calls.setdefault(item.operation, item)
        self.failures: list[ApiFailure] = []
        self._failures_lock = threading.Lock()

    # -- the gate ------------------------------------------------------------------------

    def declared(self, name: str) -> Call:
        found = self._calls.get(name)
        if found is None:
            raise UndeclaredCall(f"{self.kind.kind}: {name} is not declared in its calls")
        return found

    def _invoke(self, call: Call, region: str | None, params: dict[str, Any]) -> Any:
        client = self._clients.get(call.service, region or self.region)
        self._log.add(call)
        return getattr(client, call.method)(**params)

    def _classify(self, call: Call, exc: Exception) -> ApiFailure:
        code, message, http_status = _error_parts(exc)
        return ApiFailure(call, code, message, status_of(code, http_status))

    # -- calls ---------------------------------------------------------------------------

    def pages(
        self, operation: str, /, *, region: str | None = None, **params: Any
    ) -> Iterator[Any]:
        """Every page of a call (one page when it is not paginated). Raises ApiFailure."""
        from botocore.exceptions import BotoCoreError, ClientError
        from botocore.parsers import ResponseParserError

        call = self.declared(operation)
        try:
            if not call.paginated:
                yield self._invoke(call, region, params)
                return
            client = self._clients.get(call.service, region or self.region)
            paginator = client.get_paginator(call.method)
            for page in paginator.paginate(**params):
                self._log.add(call)
                yield page
        except (ClientError, BotoCoreError, ResponseParserError) as exc:
            failure_ = self._classify(call, exc)
            # "Not configured" wins: GetLoginProfile's NoSuchEntity means no login profile.
            if failure_.code in call.gone and failure_.code not in call.absent:
                raise Gone(failure_.detail) from None
            raise failure_ from None

    def items(
        self, operation: str, key: str, /, *, region: str | None = None, **params: Any
    ) -> list[Any]:
        """``key``'s items over every page of a list call (cleaned). Raises ApiFailure."""
        found: list[Any] = []
        for page in self.pages(operation, region=region, **params):
            node: Any = page
            for part in key.split("."):  # CloudFront nests its items: DistributionList.Items
                node = node.get(part) if isinstance(node, dict) else None
            found.extend(clean(node or []))
        return found

    def get(self, operation: str, /, *, region: str | None = None, **params: Any) -> Any:
        """A detail call's cleaned answer; ``None`` when AWS says it is not configured; a
        failure marker (recorded for coverage) when it failed. Raises Gone."""
        call = self.declared(operation)
        try:
            pages = list(self.pages(operation, region=region, **params))
        except ApiFailure as exc:
            if exc.code in call.absent:
                return None
            self.record_failure(exc)
            return failure(call.operation, exc.code, exc.message)
        if len(pages) == 1:
            return clean(pages[0])
        return [clean(page) for page in pages]

    def single(self, operation: str, /, *, region: str | None = None, **params: Any) -> Any:
        """The answer of a call that is a kind's list call on its own (a per-account or
        per-region setting): cleaned, or ``None`` when not configured. Raises ApiFailure."""
        call = self.declared(operation)
        try:
            page = next(iter(self.pages(operation, region=region, **params)))
        except ApiFailure as exc:
            if exc.code in call.absent:
                return None
            raise
        return clean(page)

    def listing(self, operation: str, key: str, /, **params: Any) -> Any:
        """Like :meth:`items` for a detail listing (the inline policies of one role): the items,
        ``None`` when absent, or a failure marker."""
        call = self.declared(operation)
        try:
            return self.items(operation, key, **params)
        except ApiFailure as exc:
            if exc.code in call.absent:
                return None
            self.record_failure(exc)
            return failure(call.operation, exc.code, exc.message)

    def record_failure(self, exc: ApiFailure) -> None:
        with self._failures_lock:
            self.failures.append(exc)

    # -- records and fan-out -------------------------------------------------------------

    def record(
        self,
        item: Any,
        details: dict[str, Any] | None = None,
        *,
        region: str | None = None,
        kind: str | None = None,
    ) -> NativeRecord:
        return NativeRecord(
            kind=kind or self.kind.kind,
            account=self.scope.account,
            region=region or self.region,
            partition=self.scope.partition,
            item=clean(item),
            details=details or {},
        )

    def each(self, items: Iterable[T], work: Callable[[T], R]) -> list[R]:
        """``work`` over ``items`` on the service and region's bounded thread pool, in order;
        items that are ``Gone`` are left out."""
        futures = [self._executor.submit(_guarded, work, item) for item in items]
        out: list[R] = []
        for future in futures:
            result = future.result()
            if not isinstance(result, _Dropped):
                out.append(result)
        return out

    def arn(self, ident: str, region: str | None = None) -> str:
        return self.kind.arn.format(
            partition=self.scope.partition,
            region=region or self.region,
            account=self.scope.account,
            id=ident,
        )


class _Dropped:
    pass


def _guarded(work: Callable[[T], R], item: T) -> R | _Dropped:
    try:
        return work(item)
    except Gone:
        return _Dropped()
