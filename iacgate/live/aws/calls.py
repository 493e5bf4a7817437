"""What the collector may call, as data: the calls (declared with each kind, see
``model/aws/calls.py``, re-exported here) and the collected kind, a declaration's collector with
its fetch function.

The IAM policy printed by ``iacgate drift --print-permissions aws`` is derived from the
declarations only, and the call gate (``api.Api``) refuses any call a kind did not declare, so
the policy and the calls cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacgate.model.aws.calls import READ_ALLOWLIST, READ_PREFIXES, Call, call, is_read_operation

__all__ = [
    "READ_ALLOWLIST",
    "READ_PREFIXES",
    "Call",
    "CollectedKind",
    "call",
    "is_read_operation",
]


@dataclass(frozen=True, slots=True)
class CollectedKind:
    """A collected kind: its declaration's collector (``model/aws/kinds``) with the function
    that makes its calls.

    ``calls`` are every call the kind's fetch function may make, the list call first (its
    operation is ``list_call``); ``id_field`` names the list item's identifier and ``arn`` the
    resource's ARN form (``{partition}``, ``{region}``, ``{account}``, ``{id}``). Regional kinds
    are read in every selected region, global ones (IAM, CloudFront, the S3 bucket listing)
    once. ``produces`` names the canonical kinds its records become (a bucket's records also
    give its ``aws.s3.bucket_policy``). ``fetch`` (see ``services``) makes the calls through the
    call gate and yields native records."""

    kind: str
    service: str  # the service whose thread pool runs the kind's calls
    regional: bool
    calls: tuple[Call, ...]
    id_field: str
    arn: str
    fetch: Any  # Callable[[Api], Iterable[NativeRecord]] (typed loosely: no import cycle)
    produces: tuple[str, ...] = ()
    note: str = ""

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.produces or (self.kind,)
