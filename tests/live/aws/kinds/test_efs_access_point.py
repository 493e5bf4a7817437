"""EFS access points, live: what the collector reads from a real moto server, and what the
access point rules make of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session
from .verdicts import live_verdicts


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """An access point on the root that asserts no identity; one confined to a directory as
    one user."""
    efs = c("efs")
    fs = efs.create_file_system(CreationToken="every-efs-ap", Encrypted=True)["FileSystemId"]
    open_ = efs.create_access_point(ClientToken="every-ap-open", FileSystemId=fs)["AccessPointId"]
    confined = efs.create_access_point(
        ClientToken="every-ap-confined",
        FileSystemId=fs,
        PosixUser={"Uid": 1000, "Gid": 1000},
        RootDirectory={"Path": "/app"},
        Tags=[{"Key": "team", "Value": "a"}],
    )["AccessPointId"]
    return {"ap_fs": fs, "ap_open": open_, "ap_confined": confined}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.efs.access_point",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_access_points_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources}
    open_, confined = by[made["ap_open"]], by[made["ap_confined"]]
    assert open_["root_directory_path"] == "/" and open_["posix_user_uid"] is None
    assert open_["file_system_id"] == made["ap_fs"]
    assert confined["root_directory_path"] == "/app" and confined["posix_user_uid"] == 1000
    assert confined["posix_user_gid"] == 1000 and confined["tags"] == {"team": "a"}


def test_the_access_point_rules_judge_the_live_access_points(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    found = {
        v for v in live_verdicts(snapshot, "AWS-EFS-") if v[0] in ("AWS-EFS-003", "AWS-EFS-004")
    }
    assert found == {("AWS-EFS-003", made["ap_open"]), ("AWS-EFS-004", made["ap_open"])}
