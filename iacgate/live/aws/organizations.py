"""AWS Organizations: every member account, each read through a role, into one snapshot.

1. ``organizations:ListAccounts`` lists the members; only ``ACTIVE`` accounts are read (a
   suspended or closing account answers nothing), then ``accounts`` / ``exclude`` select. An
   account named in ``accounts`` that is no member is a configuration error; one that is not
   active is reported as not read.
2. Each account is read through ``sts:AssumeRole`` into
   ``arn:<partition>:iam::<account>:role/<role name>`` (session name ``iacgate``), with
   botocore's refreshable credentials, so a long collection outlives one role session. The
   caller's own account (the management or delegated administrator account, where the role
   the organization creates in its members does not exist) is read with the caller's
   credentials.
3. Each account is collected as a single account is (``collect``). An account whose role cannot
   be assumed, or from which nothing at all can be read, is *unread*: reported in AWS's words,
   never fatal -- and nothing in it was judged, so it gates (``Coverage.unread``).
4. The collection is each account's native records; ``iacgate.pipeline`` normalizes each
   account's into a snapshot, then :meth:`OrganizationCollection.combine` makes them one
   snapshot: every resource keeps its account's scope
   (``aws:<account>``), coverage entries are qualified by account (``<account>/<region>``, or
   ``<account>`` for global kinds), and the snapshot's scope is the organization
   (``aws:<organization id>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Any

from iacgate.live.aws.api import Api, ApiFailure, CallLog, Scope
from iacgate.live.aws.calls import Call, CollectedKind, call
from iacgate.live.aws.collect import (
    GLOBAL_DEFAULT_REGION,
    PROVIDER,
    Collection,
    CollectOptions,
    Progress,
    collect,
    scope_of,
)
from iacgate.live.aws.errors import status_of
from iacgate.live.aws.kinds import SESSION_CALLS
from iacgate.live.aws.session import (
    ALL_REGIONS,
    DEFAULT_TIMEOUT,
    Clients,
    Target,
    configured_region,
    make_session,
)
from iacgate.live.coverage import Coverage, CoverageEntry, CoverageStatus, Unread, qualified
from iacgate.live.errors import CollectionFailed, LiveConfigError, LiveError
from iacgate.live.snapshot import Snapshot, utc_now
from iacgate.model.resource import Resource

DEFAULT_ROLE = "OrganizationAccountAccessRole"
SESSION_NAME = "iacgate"
DEFAULT_ACCOUNT_WORKERS = 4  # accounts collected at once (each with its own thread pools)
ACTIVE = "ACTIVE"

# The calls made with the caller's credentials (besides sts:AssumeRole, which is no read call
# and is listed by ``permissions.organization_statements``).
ORGANIZATION_CALLS: tuple[Call, ...] = (call("organizations", "ListAccounts", paginated=True),)
ORGANIZATION_KIND = CollectedKind(
    kind="organization",
    service="organizations",
    regional=False,
    calls=(*ORGANIZATION_CALLS, *SESSION_CALLS),
    id_field="Id",
    arn="",
    fetch=None,
)
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ROLE_NAME = re.compile(r"^[\w+=,.@/-]{1,64}$")


def account_ids(values: Iterable[str]) -> tuple[str, ...]:
    """Account ids from options that may each hold several (``111,222`` or ``111 222``): what a
    CI matrix passes. Anything but a 12-digit id is a configuration error."""
    found: list[str] = []
    for value in values:
        for item in re.split(r"[\s,]+", value.strip()):
            if not item:
                continue
            if not _ACCOUNT_ID.match(item):
                raise LiveConfigError(f"{item!r} is not an AWS account id (12 digits)")
            found.append(item)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Selection:
    """Which member accounts to read, and through which role."""

    role_name: str = DEFAULT_ROLE
    accounts: tuple[str, ...] = ()  # only these (empty: every active member)
    exclude: tuple[str, ...] = ()
    workers: int = DEFAULT_ACCOUNT_WORKERS

    def __post_init__(self) -> None:
        if not _ROLE_NAME.match(self.role_name):
            raise LiveConfigError(f"{self.role_name!r} is not an IAM role name")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str
    state: str = ACTIVE  # ACTIVE, SUSPENDED, PENDING_CLOSURE, ...


@dataclass(frozen=True, slots=True)
class Organization:
    id: str  # o-..., or "" when the answer does not say
    partition: str
    caller: str  # the account whose credentials list the members
    accounts: tuple[Account, ...]  # selected, in id order


def _home(target: Target, session: Any) -> str:
    explicit = [r for r in target.regions if r != ALL_REGIONS]
    region = (explicit[0] if explicit else None) or configured_region(session)
    return region or GLOBAL_DEFAULT_REGION


def _organization_id(arn: str) -> str:
    # arn:aws:organizations::<management>:account/o-exampleorgid/<account>
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[5].startswith("account/"):
        pieces = parts[5].split("/")
        if len(pieces) >= 3 and pieces[1].startswith("o-"):
            return pieces[1]
    return ""


def members(target: Target, selection: Selection, session: Any = None) -> Organization:
    """The selected member accounts. Listing them must succeed: without the list there is no
    organization to read (a configuration error, exit 2)."""
    from concurrent.futures import ThreadPoolExecutor as Pool

    session = session if session is not None else make_session(target)
    home = _home(target, session)
    clients = Clients(session, target, 1)
    with Pool(1) as pool:
        api = Api(ORGANIZATION_KIND, home, Scope("", "aws"), clients, pool, CallLog())
        try:
            identity = next(iter(api.pages("GetCallerIdentity")))
            listed = api.items("ListAccounts", "Accounts")
        except ApiFailure as exc:
            raise LiveConfigError(
                f"cannot list the organization's accounts: {exc.detail}"
            ) from None
    arn = str(identity.get("Arn") or "")
    partition = (arn.split(":")[1] if arn.count(":") >= 2 else "") or "aws"
    accounts: dict[str, Account] = {}
    org_id = ""
    for item in listed:
        ident = str(item.get("Id") or "")
        if not _ACCOUNT_ID.match(ident):
            continue
        # "State" replaces the deprecated "Status" (both are answered during the transition).
        state = str(item.get("State") or item.get("Status") or "")
        accounts[ident] = Account(ident, str(item.get("Name") or ""), state)
        org_id = org_id or _organization_id(str(item.get("Arn") or ""))
    unknown = [a for a in selection.accounts if a not in accounts]
    if unknown:
        raise LiveConfigError(
            f"not a member of the organization: {', '.join(unknown)} "
            f"({len(accounts)} member accounts listed)"
        )
    chosen = selection.accounts or tuple(a for a, item in accounts.items() if item.state == ACTIVE)
    picked = tuple(accounts[a] for a in sorted(set(chosen) - set(selection.exclude)))
    if not picked:
        raise LiveConfigError("no member account selected (all excluded, or none active)")
    return Organization(org_id, partition, str(identity.get("Account") or ""), picked)


def role_arn(partition: str, account: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account}:role/{role_name}"


class AssumeFailed(LiveError):
    def __init__(self, status: CoverageStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class Roles:
    """Sessions in member accounts through one role. Everything shared is made once, before
    accounts are read in parallel: a boto3 session is not thread-safe, its clients are."""

    def __init__(
        self, base: Any, target: Target, role: str, home: str, partition: str = "aws"
    ) -> None:
        from botocore.config import Config

        self.base = base
        self.target = target
        self.role = role
        self.home = home
        self.partition = partition
        self.sts = base.client(
            "sts",
            region_name=home,
            endpoint_url=target.endpoint_url,
            config=Config(
                retries={"mode": "adaptive", "total_max_attempts": target.max_attempts},
                connect_timeout=DEFAULT_TIMEOUT,
                read_timeout=DEFAULT_TIMEOUT,
                user_agent_extra="iacgate-live",
            ),
        )
        # The caller's loader: every account's clients share the service models it has read
        # (a few MB each) instead of reading them again per account.
        self.loader = base._session.get_component("data_loader")

    def session(self, account: str) -> Any:
        """A boto3 session with the role's credentials in ``account``, refreshed before they
        expire. Raises :class:`AssumeFailed` when the role cannot be assumed."""
        import boto3
        import botocore.session
        from botocore.credentials import RefreshableCredentials
        from botocore.exceptions import BotoCoreError, ClientError

        arn = role_arn(self.partition, account, self.role)

        def fetch() -> dict[str, str]:
            answer = self.sts.assume_role(RoleArn=arn, RoleSessionName=SESSION_NAME)
            credentials = answer["Credentials"]
            return {
                "access_key": credentials["AccessKeyId"],
                "secret_key": credentials["SecretAccessKey"],
                "token": credentials["SessionToken"],
                "expiry_time": credentials["Expiration"].isoformat(),
            }

        try:
            first = fetch()
        except ClientError as exc:
            error = exc.response.get("Error") or {}
            code = str(error.get("Code") or "ClientError")
            http = int((exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
            message = str(error.get("Message") or exc)[:300]
            raise AssumeFailed(
                status_of(code, http), f"sts:AssumeRole {arn}: {code}: {message}"
            ) from None
        except BotoCoreError as exc:
            raise AssumeFailed(CoverageStatus.ERROR, f"sts:AssumeRole {arn}: {exc}") from None
        credentials = RefreshableCredentials.create_from_metadata(
            metadata=first, refresh_using=fetch, method="sts-assume-role"
        )
        profile = self.base.profile_name if self.target.profile else None
        made = botocore.session.Session(profile=profile)
        made.register_component("data_loader", self.loader)
        # botocore has no public setter for refreshable credentials; this is how its own
        # assume-role providers hand them to a session.
        made._credentials = credentials
        return boto3.Session(botocore_session=made, region_name=self.home)


@dataclass(frozen=True, slots=True)
class AccountResult:
    account: Account
    collection: Collection | None = None  # the account's records, when it could be read
    unread: Unread | None = None


def _unread(account: Account, status: CoverageStatus, detail: str) -> AccountResult:
    return AccountResult(account, unread=Unread(account.id, status, detail, account.name))


def _collect_one(
    account: Account,
    organization: Organization,
    roles: Roles,
    target: Target,
    options: CollectOptions,
    prepare: Callable[[Any], None] | None,
) -> AccountResult:
    if account.state != ACTIVE:
        return _unread(
            account, CoverageStatus.NOT_FOUND, f"account {account.id} is {account.state or '?'}"
        )
    if account.id == organization.caller:
        session = roles.base
    else:
        try:
            session = roles.session(account.id)
        except AssumeFailed as exc:
            return _unread(account, exc.status, exc.detail)
        if prepare is not None:
            prepare(session)
    regions = target.regions or (roles.home,)
    try:
        collection = collect(replace(target, regions=regions), options, None, session=session)
    except CollectionFailed as exc:
        status = CoverageStatus(exc.status) if exc.status else CoverageStatus.ERROR
        return _unread(account, status, str(exc))
    except LiveError as exc:
        return _unread(account, CoverageStatus.ERROR, str(exc))
    return AccountResult(account, collection=collection)


@dataclass(frozen=True, slots=True)
class OrganizationCollection:
    """The selected member accounts' records (or why an account could not be read), for the
    pipeline to normalize account by account and :meth:`combine`."""

    organization: Organization
    results: tuple[AccountResult, ...]  # in account id order
    target: Target
    selection: Selection
    options: CollectOptions
    provider: str = PROVIDER

    def combine(self, snapshots: Mapping[str, Snapshot]) -> Snapshot:
        """One snapshot of the organization, ``snapshots`` being each read account's own (by
        account id)."""
        return combine(
            self.organization, self.results, snapshots, self.target, self.selection, self.options
        )


def collect_organization(
    target: Target | None = None,
    selection: Selection | None = None,
    options: CollectOptions | None = None,
    progress: Progress | None = None,
    session: Any = None,
    prepare: Callable[[Any], None] | None = None,
    organization: Organization | None = None,
) -> OrganizationCollection:
    """Read every selected member account's records. ``session`` is the caller's
    boto3 session (default: from ``target``); ``prepare`` is applied to each member account's
    session as it is made (tests register event hooks there); ``organization`` is the
    :func:`members` answer when the caller has it already."""
    target = target or Target()
    selection = selection or Selection()
    options = options or CollectOptions()
    base = session if session is not None else make_session(target)
    organization = organization or members(target, selection, base)
    roles = Roles(base, target, selection.role_name, _home(target, base), organization.partition)
    results: list[AccountResult] = []
    accounts = organization.accounts
    with ThreadPoolExecutor(max(1, selection.workers), thread_name_prefix="aws-account") as pool:
        futures = [
            pool.submit(_collect_one, account, organization, roles, target, options, prepare)
            for account in accounts
        ]
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            results.append(result)
            if progress is not None:
                progress(done, len(accounts), f"account {result.account.id}")
    return OrganizationCollection(
        organization,
        tuple(sorted(results, key=lambda r: r.account.id)),
        target,
        selection,
        options,
    )


def combine(
    organization: Organization,
    results: Sequence[AccountResult],
    snapshots: Mapping[str, Snapshot],
    target: Target,
    selection: Selection,
    options: CollectOptions,
) -> Snapshot:
    """One snapshot of the accounts read; unread accounts in coverage (every kind, at the
    account) and in ``Coverage.unread``. Nothing read at all is :class:`CollectionFailed`."""
    results = sorted(results, key=lambda r: r.account.id)
    read = [snapshots[r.account.id] for r in results if r.account.id in snapshots]
    unread = [r.unread for r in results if r.unread is not None]
    if not read:
        first = unread[0] if unread else None
        raise CollectionFailed(
            "could not read any account of the organization"
            + (f": {first.where}: {first.detail}" if first else ""),
            first.status.value if first else None,
        )
    kinds = sorted({k for item in options.kinds for k in item.kinds})
    entries: list[CoverageEntry] = []
    resources: list[Resource] = []
    regions: set[str] = set()
    accounts: list[dict[str, Any]] = []
    for result in results:
        account = result.account
        snapshot = snapshots.get(account.id)
        if snapshot is None:
            assert result.unread is not None
            entries.extend(
                CoverageEntry(kind, account.id, result.unread.status, 0, result.unread.detail)
                for kind in kinds
            )
            accounts.append({"id": account.id, "name": account.name, "read": False, "resources": 0})
            continue
        entries.extend(
            replace(entry, where=qualified(account.id, entry.where))
            for entry in snapshot.coverage.entries
        )
        resources.extend(snapshot.resources)
        regions.update(str(r) for r in snapshot.target.get("regions") or ())
        accounts.append(
            {
                "id": account.id,
                "name": account.name,
                "read": True,
                "resources": len(snapshot.resources),
            }
        )
    home = read[0].target.get("home_region")
    name = scope_of(organization.id or "organization")
    return Snapshot(
        provider=PROVIDER,
        scope=name,
        collected_at=utc_now(),
        coverage=Coverage.of(entries, [u for u in unread if u is not None]),
        resources=tuple(sorted(resources, key=lambda r: (r.kind, r.address, r.scope))),
        target={
            "organization": organization.id or None,
            "partition": organization.partition,
            "caller_account": organization.caller,
            "role_name": selection.role_name,
            "accounts": accounts,
            "profile": target.profile,
            "regions": sorted(regions),
            "home_region": home,
            "endpoint_url": target.endpoint_url,
            "kinds": kinds,
        },
    )


def collect_live(
    target: Target,
    options: CollectOptions | None = None,
    selection: Selection | None = None,
    progress: Progress | None = None,
    session: Any = None,
) -> Collection | OrganizationCollection:
    """One account (``selection`` None: the one the credentials are in) or an organization."""
    if selection is None:
        return collect(target, options, progress, session=session)
    return collect_organization(target, selection, options, progress, session)
