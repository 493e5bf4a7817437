"""One AWS API call as data: what the collector may call, and what IAM must allow for it.

Every call a collector makes is declared here, in ``kinds``, as a :class:`Call`. The IAM
policy printed by ``iacgate drift --print-permissions aws`` is derived from these declarations
only, and the call gate (``api.Api``) refuses any call a kind did not declare, so the policy
and the calls cannot drift apart. Only read calls exist: :data:`READ_PREFIXES` (a test checks
every declared and every recorded operation against it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Operation names that only read. Anything else would need a reviewed entry in READ_ALLOWLIST.
READ_PREFIXES = ("Get", "List", "Describe", "Head")
# Read operations whose names do not say so (reviewed one by one). Empty on purpose: every call
# the collectors make today starts with a read prefix.
READ_ALLOWLIST: frozenset[str] = frozenset()


def is_read_operation(operation: str) -> bool:
    return operation.startswith(READ_PREFIXES) or operation in READ_ALLOWLIST


@dataclass(frozen=True, slots=True)
class Call:
    """An API call: ``service`` is the boto3 client name, ``operation`` the API operation name
    (``GetBucketEncryption``), ``action`` the IAM action that allows it (often, but not always,
    ``<prefix>:<operation>``: S3's ``GetBucketEncryption`` is ``s3:GetEncryptionConfiguration``).

    ``absent`` lists error codes that mean "not configured" (a bucket without a policy): the
    setting is absent, which is an answer, not an error. ``gone`` lists codes that mean the
    resource was deleted between its listing and this call: it is left out, not reported as a
    failure. ``resource`` is the IAM resource the action needs (``*`` but for API Gateway, whose
    read action is ``apigateway:GET`` on resource paths)."""

    service: str
    operation: str
    action: str
    paginated: bool = False
    absent: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    resource: str = "*"

    def __post_init__(self) -> None:
        if not is_read_operation(self.operation):
            raise ValueError(f"{self.service}:{self.operation} is not a read operation")

    @property
    def method(self) -> str:
        """The boto3 client method (``get_bucket_encryption``)."""
        from botocore import xform_name

        return str(xform_name(self.operation))


def call(
    service: str,
    operation: str,
    action: str | None = None,
    *,
    paginated: bool = False,
    absent: tuple[str, ...] = (),
    gone: tuple[str, ...] = (),
    resource: str = "*",
    prefix: str | None = None,
) -> Call:
    """A :class:`Call` whose IAM action defaults to ``<prefix or service>:<operation>``."""
    return Call(
        service,
        operation,
        action or f"{prefix or service}:{operation}",
        paginated,
        absent,
        gone,
        resource,
    )


@dataclass(frozen=True, slots=True)
class AwsKind:
    """A collected kind, declared as data.

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
    def list_call(self) -> Call:
        return self.calls[0]

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.produces or (self.kind,)
