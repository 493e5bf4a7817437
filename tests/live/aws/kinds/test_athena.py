"""Athena workgroups, live, from recorded answers: moto cannot serve Athena to botocore >= 1.44
(Athena's model is now REST-JSON; moto routes only the former JSON protocol), so the collector
reads a botocore ``Stubber``-driven Athena client holding the answers AWS gives (two pages of
``ListWorkGroups`` and one ``GetWorkGroup`` per workgroup). Everything else of the collection
(the account, the region) is a real moto server; the Athena rules judge what it read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, session

KMS = {
    "Name": "every-athena-kms",
    "State": "ENABLED",
    "Configuration": {
        "ResultConfiguration": {
            "OutputLocation": "s3://every-athena/results/",
            "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/a"},
        },
        "EnforceWorkGroupConfiguration": True,
        "PublishCloudWatchMetricsEnabled": True,
    },
}
OPEN = {
    "Name": "every-athena-open",
    "State": "ENABLED",
    "Configuration": {"EnforceWorkGroupConfiguration": False},
}


class _Sessions:
    """A boto3 session whose Athena clients answer from a Stubber; other services are moto."""

    def __init__(self, real: Any, stubbed: Any) -> None:
        self._real = real
        self._stubbed = stubbed
        self.region_name = real.region_name
        self.events = real.events

    def client(self, service: str, **kwargs: Any) -> Any:
        return self._stubbed if service == "athena" else self._real.client(service, **kwargs)


@pytest.fixture(scope="module")
def collected(moto: str) -> Iterator[Snapshot]:
    from botocore.stub import Stubber

    real = session()
    athena = real.client("athena", region_name=REGION)
    with Stubber(athena) as stub:
        listed = {"State": "ENABLED", "Description": ""}
        stub.add_response(
            "list_work_groups",
            {"WorkGroups": [{"Name": KMS["Name"], **listed}], "NextToken": "page-2"},
            {},
        )
        stub.add_response(
            "list_work_groups",
            {"WorkGroups": [{"Name": OPEN["Name"], **listed}]},
            {"NextToken": "page-2"},
        )
        for group in (KMS, OPEN):
            stub.add_response("get_work_group", {"WorkGroup": group}, {"WorkGroup": group["Name"]})
        target = Target(regions=(REGION,), endpoint_url=moto)
        options = CollectOptions(kinds=select(("workgroup",)))
        yield collect_aws(target, options, session=_Sessions(real, athena))
        stub.assert_no_pending_responses()


def test_workgroups_are_collected_over_every_page(collected: Snapshot) -> None:
    assert collected.coverage.gaps == ()
    assert schema_errors(collected.resources) == []
    by = {r.physical_id: r.attributes for r in collected.resources}
    assert set(by) == {KMS["Name"], OPEN["Name"]}
    kms = by[KMS["Name"]]
    assert kms["encryption_option"] == "SSE_KMS" and kms["kms_key"] == "alias/a"
    assert kms["enforce_workgroup_configuration"] is True
    assert kms["output_location"] == "s3://every-athena/results/"
    assert kms["arn"] == f"arn:aws:athena:{REGION}:123456789012:workgroup/every-athena-kms"
    open_ = by[OPEN["Name"]]
    assert open_["encryption_option"] is None and open_["output_location"] is None
    assert open_["enforce_workgroup_configuration"] is False
    assert open_["publish_cloudwatch_metrics_enabled"] is True


def test_the_athena_rules_judge_the_live_workgroups(collected: Snapshot) -> None:
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-ATHENA-")]
    report = posture(collected, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {("AWS-ATHENA-001", OPEN["Name"]), ("AWS-ATHENA-002", OPEN["Name"])}
