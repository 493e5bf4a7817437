"""Analytics, ML and application integration kinds whose reading needs more than their
declared calls: a per-region catalog setting, projects read by name in batches, a list call
that requires its page size, documents filtered to the account's own."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord, clean

_PROJECTS_PER_CALL = 100  # BatchGetProjects' limit
_USER_POOLS_PER_PAGE = 60  # ListUserPools requires a page size; 60 is its maximum


def _every_page(api: Api, operation: str, key: str, **params: Any) -> list[Any]:
    """The items of a list call botocore has no paginator for, over every page (its
    ``NextToken``): stopping at the first page would leave resources unjudged."""
    found: list[Any] = []
    token: str | None = None
    while True:
        page = next(iter(api.pages(operation, **params, **({"NextToken": token} if token else {}))))
        found.extend(clean(page.get(key) or []))
        token = page.get("NextToken")
        if not token:
            return found


def _with_detail(
    api: Api, listed: list[Any], operation: str, param: str, field: str
) -> list[NativeRecord]:
    def detail(item: dict[str, Any]) -> NativeRecord:
        return api.record(item, {operation: api.get(operation, **{param: item[field]})})

    return api.each(listed, detail)


def athena_workgroups(api: Api) -> list[NativeRecord]:
    listed = _every_page(api, "ListWorkGroups", "WorkGroups")
    return _with_detail(api, listed, "GetWorkGroup", "WorkGroup", "Name")


def event_buses(api: Api) -> list[NativeRecord]:
    return [api.record(bus) for bus in _every_page(api, "ListEventBuses", "EventBuses")]


def email_identities(api: Api) -> list[NativeRecord]:
    listed = _every_page(api, "ListEmailIdentities", "EmailIdentities")
    return _with_detail(api, listed, "GetEmailIdentity", "EmailIdentity", "IdentityName")


def catalog_encryption(api: Api) -> list[NativeRecord]:
    """The account's Data Catalog in the region: one record, always (a catalog nobody
    configured answers DISABLED)."""
    settings = api.single("GetDataCatalogEncryptionSettings")
    item = {"CatalogId": api.scope.account}
    return [api.record(item, {"GetDataCatalogEncryptionSettings": settings})]


def codebuild_projects(api: Api) -> list[NativeRecord]:
    """Projects listed by name, read 100 at a time. A failed batch fails the kind in the
    region (a project read as its defaults would pass every rule); a project deleted between
    the two calls is simply not in the answer."""
    names = api.items("ListProjects", "projects")
    batches = [names[i : i + _PROJECTS_PER_CALL] for i in range(0, len(names), _PROJECTS_PER_CALL)]
    records: list[NativeRecord] = []
    for batch in batches:
        for project in api.items("BatchGetProjects", "projects", names=batch):
            records.append(api.record(project))
    return records


def user_pools(api: Api) -> list[NativeRecord]:
    listed = api.items("ListUserPools", "UserPools", MaxResults=_USER_POOLS_PER_PAGE)

    def detail(pool: dict[str, Any]) -> NativeRecord:
        answer = api.get("DescribeUserPool", UserPoolId=pool["Id"])
        return api.record(pool, {"DescribeUserPool": answer})

    return api.each(listed, detail)


def ssm_documents(api: Api) -> list[NativeRecord]:
    """The account's own documents (AWS and other accounts' shared documents are theirs to
    judge), with the accounts each is shared with."""
    listed = api.items(
        "ListDocuments", "DocumentIdentifiers", Filters=[{"Key": "Owner", "Values": ["Self"]}]
    )

    def detail(document: dict[str, Any]) -> NativeRecord:
        answer = api.get(
            "DescribeDocumentPermission", Name=document["Name"], PermissionType="Share"
        )
        return api.record(document, {"DescribeDocumentPermission": answer})

    return api.each(listed, detail)
