"""One AWS API call as data: what the collector may call, and what IAM must allow for it.

Every call a collector makes is declared with its kind (``model/aws/kinds``) as a
:class:`Call`. The IAM policy printed by ``iacgate drift --print-permissions aws`` is derived
from these declarations only, and the call gate (``live/aws/api.py``) refuses any call a kind
did not declare, so the policy and the calls cannot drift apart. Only read calls exist:
:data:`READ_PREFIXES` (a test checks every declared and every recorded operation against it).
"""

from __future__ import annotations

from dataclasses import dataclass

# Operation names that only read. Anything else would need a reviewed entry in READ_ALLOWLIST.
READ_PREFIXES = ("Get", "List", "Describe", "Head")
# Read operations whose names do not say so (reviewed one by one; a test checks that each is a
# read-level IAM action). CodeBuild has no per-project Get or Describe: BatchGetProjects is its
# only way to read a project's definition (IAM access level Read).
READ_ALLOWLIST: frozenset[str] = frozenset({"BatchGetProjects"})


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
    read action is ``apigateway:GET`` on resource paths).

    For kinds the generic collector reads (no fetch function of their own), ``items`` is where
    the list call's answer keeps its items (``FileSystems``) and ``params`` how a detail call
    names one of them: call parameter -> the list item's field (``{"FileSystemId":
    "FileSystemId"}``)."""

    service: str
    operation: str
    action: str
    paginated: bool = False
    absent: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    resource: str = "*"
    items: str = ""
    params: tuple[tuple[str, str], ...] = ()

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
    items: str = "",
    params: tuple[tuple[str, str], ...] = (),
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
        items,
        params,
    )
