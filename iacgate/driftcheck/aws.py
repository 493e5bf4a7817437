"""AWS drift semantics: identity by physical id, what AWS owns, and what is compared.

- Identity is the kind, the account, the region and the physical id (``docs/model.md``: bucket
  name, ``sg-…``, role name, queue URL, ARN ...). A live resource's account is its scope's
  (``aws:<account>``). A declared resource's account comes from its ARN, else from the input it
  was read from (the state of one account), else from the one account read, else from the one
  account where a live resource of the same kind, region and physical id was found; one in an
  account that was not read is *not verified*. The region comes from the resource's ARN; a
  declared resource without one (a CloudFormation template, a state without ARNs) is looked for
  in the region its stack or the collection names. Global kinds (IAM, CloudFront, S3 buckets,
  the account settings) have no region.
- In a snapshot of several accounts, coverage is per account (``<account>/<region>``).
- Canonical attributes are complete and effective on both sides, so everything is compared,
  both ways: a key added live to an open map (an inline policy, a tag) is a change too. Tags
  whose keys start with ``aws:`` are AWS's own (CloudFormation stamps its stacks on them) and
  never drift. A bucket whose code declares no public access block or ownership controls
  leaves them to AWS (docs/model.md): whatever runs there is not drift.
- Security group rules are matched by their identity (protocol, ports, peer), not position.
- Never unmanaged: what AWS creates or owns -- the default VPC, its subnets and every VPC's
  ``default`` security group, service-linked and AWS-reserved roles, log groups AWS services
  create under ``/aws/``, the per-account and per-region settings (the account public access
  block, EBS encryption by default, EMR block public access), default parameter groups -- and
  bucket policies, reported through their bucket.
  AWS managed policies and AWS managed KMS keys are not collected at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from iacgate.driftcheck.compare import ListKey, plain_equal
from iacgate.driftcheck.paths import DriftPath
from iacgate.live.coverage import EVERYWHERE, qualified
from iacgate.model.aws import PHYSICAL_ID
from iacgate.model.aws.kinds import KINDS
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown

# Kinds read once per account: the kinds declared global (``AwsKind.regional``).
GLOBAL_KINDS = frozenset(kind.name for kind in KINDS if not kind.regional)
# Settings that exist whether or not anybody manages them: never unmanaged.
SETTINGS_KINDS = frozenset(
    {
        "aws.s3.account_public_access_block",
        "aws.ec2.ebs_encryption_by_default",
        "aws.iam.account_password_policy",
        "aws.glue.data_catalog_encryption_settings",
        "aws.emr.block_public_access_configuration",
    }
)
# Per-region settings whose physical id is their region.
REGION_SETTINGS = frozenset(
    {"aws.ec2.ebs_encryption_by_default", "aws.emr.block_public_access_configuration"}
)
# Attributes whose declared ``None`` means "code does not declare it" (docs/model.md).
DEFERRED_WHEN_UNSET = frozenset(
    {("aws.s3.bucket", "public_access_block"), ("aws.s3.bucket", "object_ownership")}
)
# Lists whose items are told apart by a key (security group rules by protocol, ports and peer;
# block devices by device name ...): the fields declared with one.
LIST_KEYS: dict[tuple[str, str], ListKey] = {
    (kind.name, field.name): ListKey(field.key, nullable=field.key_nullable)
    for kind in KINDS
    for field in kind.fields
    if field.key
}
SERVICE_ROLE_PATHS = ("/aws-service-role/", "/aws-reserved/")
LIVE_SOURCE = "live-aws"
_ACCOUNT = re.compile(r"^\d{12}$")


def scope_account(scope: str) -> str | None:
    """The account of an ``aws:<account>`` scope."""
    account = scope.removeprefix("aws:")
    return account if scope.startswith("aws:") and _ACCOUNT.match(account) else None


def arn_account(resource: Resource) -> str | None:
    """The account named in the resource's ARN (S3 ARNs name none)."""
    for value in (resource.attributes.get("arn"), resource.address):
        if isinstance(value, str) and value.startswith("arn:"):
            parts = value.split(":")
            if len(parts) > 4 and _ACCOUNT.match(parts[4]):
                return parts[4]
    return None


def region_of(resource: Resource, default: str | None = None) -> str | None:
    """The resource's region: ``*`` for global kinds, else from its ARN (or its address)."""
    if resource.kind in GLOBAL_KINDS:
        return EVERYWHERE
    if resource.kind in REGION_SETTINGS:
        region = resource.attributes.get("region")
        return region if isinstance(region, str) else default
    for value in (resource.attributes.get("arn"), resource.address):
        if isinstance(value, str) and value.startswith("arn:"):
            parts = value.split(":")
            if len(parts) > 3 and parts[3]:
                return parts[3]
    return default


def queue_identity(url: str) -> str:
    """``<account>/<name>`` of a queue URL: the host differs between the legacy
    (``queue.amazonaws.com``), regional and custom endpoints that name the same queue."""
    parts = url.rstrip("/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else url


# Kinds that exist only in code (the AWS provider's configuration), never in an account.
CODE_ONLY_KINDS = frozenset({"aws.terraform.provider"})


def made_by_aws(resource: Resource) -> str | None:
    """Why AWS made (or owns) this resource, so that it is never unmanaged; or None."""
    get = resource.attributes.get
    kind = resource.kind
    if kind in SETTINGS_KINDS:
        return "an account or region setting, always present"
    if kind == "aws.s3.bucket_policy":
        return "reported through its bucket"
    if kind == "aws.ec2.vpc" and get("is_default") is True:
        return "the region's default VPC"
    if kind == "aws.ec2.subnet" and get("default_for_az") is True:
        return "a default subnet of the default VPC"
    if kind == "aws.ec2.security_group" and get("name") == "default":
        return "the default security group every VPC gets"
    if kind == "aws.ec2.network_acl" and get("is_default") is True:
        return "the default network ACL every VPC gets"
    if kind == "aws.ec2.route_table" and get("main") is True:
        return "the main route table every VPC gets"
    if kind == "aws.iam.role" and str(get("path") or "").startswith(SERVICE_ROLE_PATHS):
        return "a service-linked or AWS-reserved role"
    if kind == "aws.logs.log_group" and str(get("name") or "").startswith("/aws/"):
        return "a log group an AWS service created"
    if kind == "aws.events.event_bus" and get("name") == "default":
        return "the default event bus every region has"
    if kind == "aws.athena.workgroup" and get("name") == "primary":
        return "the primary workgroup every region has"
    if kind == "aws.redshift.parameter_group" and str(get("name") or "").startswith("default."):
        return "a default parameter group AWS provides"
    return None


class AwsSemantics:
    def ignored(self, kind: str, path: DriftPath) -> bool:
        # AWS's own tags (aws:cloudformation:stack-name ...), set by the platform.
        return len(path) == 2 and path[0] == "tags" and str(path[1]).startswith("aws:")

    def deferred(self, kind: str, path: DriftPath, declared: Any) -> bool:
        return declared is None and len(path) == 1 and (kind, str(path[0])) in DEFERRED_WHEN_UNSET

    def added_keys(self, kind: str, path: DriftPath) -> bool:
        return True

    def list_key(self, kind: str, path: DriftPath, items: Sequence[Any]) -> ListKey | None:
        if len(path) != 1:
            return None
        return LIST_KEYS.get((kind, str(path[0])))

    def injected(self, kind: str, path: DriftPath, item: Any) -> bool:
        return False

    def same_scalar(self, kind: str, path: DriftPath, declared: Any, live: Any) -> bool:
        if kind == "aws.sqs.queue" and path == ("url",) and isinstance(declared, str):
            return isinstance(live, str) and queue_identity(declared) == queue_identity(live)
        return plain_equal(declared, live)


class AwsProfile:
    """``default_region``: where declared resources without an ARN are looked for (the stack's
    or the collection's home region). ``default_account``: the account of declared resources
    whose ARN names none (the one account read, or the stack's). ``input_accounts``: the
    account of each declared input's resources, by their scope (a state fetched for one
    account). ``accounts``: the accounts the live side covers (None: not known). ``live``: the
    live resources, to place a declared resource found in exactly one account. ``qualified``:
    coverage is per account (a snapshot of several accounts)."""

    provider = "aws"
    semantics = AwsSemantics()

    def __init__(
        self,
        default_region: str | None = None,
        *,
        default_account: str | None = None,
        input_accounts: Mapping[str, str] | None = None,
        accounts: Iterable[str] | None = None,
        live: Iterable[Resource] = (),
        qualified: bool = False,
    ) -> None:
        self.default_region = default_region
        self.default_account = default_account
        self.input_accounts = dict(input_accounts or {})
        self.accounts = frozenset(accounts) if accounts is not None else None
        self.qualified = qualified
        self._found: dict[tuple[str, str, str], set[str]] = {}
        for item in live:
            account = scope_account(item.scope)
            if account is not None and item.physical_id is not None:
                self._found.setdefault(self._place(item), set()).add(account)

    def _place(self, resource: Resource) -> tuple[str, str, str]:
        physical = resource.physical_id or ""
        if resource.kind == "aws.sqs.queue":
            physical = queue_identity(physical)
        return (resource.kind, region_of(resource, self.default_region) or "?", physical)

    def account(self, resource: Resource) -> str | None:
        if resource.source == LIVE_SOURCE:
            return scope_account(resource.scope)
        known = (
            arn_account(resource) or self.input_accounts.get(resource.scope) or self.default_account
        )
        if known is not None or resource.physical_id is None:
            return known
        found = self._found.get(self._place(resource), set())
        return next(iter(found)) if len(found) == 1 else None

    def identity(self, resource: Resource) -> str:
        physical = resource.physical_id
        if physical is None:
            return f"{resource.kind}|?|{resource.key}"  # matches nothing (see unverifiable)
        if resource.kind == "aws.sqs.queue":
            physical = queue_identity(physical)
        region = region_of(resource, self.default_region) or "?"
        if not self.knows_accounts:
            return f"{resource.kind}|{region}|{physical}"
        account = self.account(resource) or "?"
        return f"{resource.kind}|{account}|{region}|{physical}"

    @property
    def knows_accounts(self) -> bool:
        """Whether accounts take part in matching: a profile made without any account (a
        caller's own, for one account) matches by kind, region and physical id alone."""
        return self.qualified or self.default_account is not None or self.accounts is not None

    def where(self, resource: Resource) -> str:
        region = region_of(resource, self.default_region) or "?"
        if not self.qualified:
            return region
        account = self.account(resource)
        return qualified(account, region) if account is not None else "?"

    def unverifiable(self, resource: Resource) -> str | None:
        if resource.physical_id is not None:
            if region_of(resource, self.default_region) is None:
                return "its region is not known: name one region (--region) or give its ARN"
            account = self.account(resource)
            if account is None and (self.qualified or self.accounts is not None):
                return (
                    "its account is not known: its ARN names none, and no single account "
                    "read holds it (give each account's state its own input)"
                )
            if account is not None and self.accounts is not None and account not in self.accounts:
                read = ", ".join(sorted(self.accounts)) or "none"
                return f"it is in account {account}, which was not read (read: {read})"
            return None
        name = PHYSICAL_ID.get(resource.kind, "id")
        value = resource.attributes.get(name)
        if is_unknown(value):
            return f"its physical id ({name}) is not known: {value.reason}"
        return f"its physical id ({name}) is not known"

    def declarable(self, resource: Resource) -> bool:
        # A stand-in for an owner outside the code (a policy attached to a role made by hand)
        # declares only its attachment, not the owner; a provider configuration block is code,
        # not an AWS object: nothing live to compare either with.
        return (
            resource.kind.startswith("aws.")
            and resource.kind not in CODE_ONLY_KINDS
            and "standalone" not in resource.origin
        )

    def unmanaged(
        self,
        live: Sequence[Resource],
        declared: Sequence[Resource],
        matched: Mapping[str, Resource],
    ) -> list[Resource]:
        # The default VPC comes with its internet gateway: AWS's too.
        default_vpcs = {
            r.attributes.get("vpc_id")
            for r in live
            if r.kind == "aws.ec2.vpc" and r.attributes.get("is_default") is True
        }
        return [
            r
            for r in live
            if r.key not in matched
            and made_by_aws(r) is None
            and not (
                r.kind == "aws.ec2.internet_gateway" and r.attributes.get("vpc_id") in default_vpcs
            )
        ]
