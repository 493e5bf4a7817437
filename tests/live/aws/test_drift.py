"""Drift against a real moto server: the boto3-built twin of the Terraform configuration is in
sync with its (real) Terraform state; changes made by hand are found, exactly, and the
security-relevant ones are ranked first as security drift."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.driftcheck import run
from iacgate.driftcheck.aws_declared import read_declared_aws
from iacgate.driftcheck.model import ABSENT, DriftReport, DriftStatus
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws as collect
from iacgate.rules.packs import load_directory
from tests.conftest import FIXTURES, REPO

from .motoserver import REGION, moto_server, session
from .world import ADMIN, build, change_behind_the_code, rebind

PACK = FIXTURES / "live" / "aws" / "pack"
RULES = load_directory(PACK).rules


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A moto account holding the configuration's resources, and the state that declares them."""
    with moto_server() as endpoint:
        ids = build(endpoint)
        state = rebind(endpoint, ids, tmp_path_factory.mktemp("state") / "state.json")
        yield endpoint, ids, state


def snapshot_of(endpoint: str) -> Snapshot:
    return collect(Target(regions=(REGION,), endpoint_url=endpoint), session=session())


def drift_of(state: Path, snapshot: Snapshot) -> DriftReport:
    declared = read_declared_aws([str(state)], REPO)
    assert not declared.errors
    return run.drift(declared, snapshot, RULES)


def test_in_sync_after_apply(account: tuple[str, dict[str, str], Path]) -> None:
    endpoint, _, state = account
    snapshot = snapshot_of(endpoint)
    report = drift_of(state, snapshot)
    assert [i for i in report.items if i.status is not DriftStatus.UNMANAGED] == []
    assert report.unverified == ()
    assert report.declared == 9 and report.in_sync == 9
    # moto's own resources (the default VPC, its subnets and security groups) are AWS's.
    assert [i.address for i in report.items] == []
    assert not run.gate(report, fail_on_unmanaged=True, fail_on_incomplete=False)
    kinds = {k.kind: k for k in report.by_kind}
    assert kinds["aws.s3.bucket"].managed == 2 and kinds["aws.s3.bucket"].iac_coverage == 1.0


def test_changes_behind_the_code(account: tuple[str, dict[str, str], Path]) -> None:
    endpoint, ids, state = account
    change_behind_the_code(endpoint, ids)
    report = drift_of(state, snapshot_of(endpoint))
    by_address = {item.address: item for item in report.items}
    assert set(by_address) == {
        "aws_s3_bucket.data",
        "aws_s3_bucket.logs",
        "aws_security_group.web",
        "aws_iam_role.app",
        "aws_cloudwatch_log_group.app",
        f"{endpoint}/123456789012/made-by-hand",
    }
    data = by_address["aws_s3_bucket.data"]
    # Real AWS encrypts with SSE-S3 once the bucket's default encryption is deleted (moto
    # reports no encryption at all; the collector models AWS).
    assert [(c.display_path, c.declared, c.live) for c in data.changes] == [
        ("encryption.sse_algorithm", "aws:kms", "AES256"),
        (
            "encryption.kms_master_key_id",
            f"arn:aws:kms:{REGION}:123456789012:key/{ids['kms_key']}",
            None,
        ),
    ]
    assert data.rules == ("TEST-AWS-001",)
    logs = by_address["aws_s3_bucket.logs"]
    assert [(c.display_path, c.live) for c in logs.changes] == [("public_access_block", None)]
    assert logs.rules == ("TEST-AWS-002",)
    web = by_address["aws_security_group.web"]
    assert [c.display_path for c in web.changes] == [
        "ingress[protocol=tcp,from_port=22,to_port=22,cidr_ipv4=0.0.0.0/0,self_referencing=False]"
    ]
    assert web.changes[0].declared is ABSENT and web.rules == ("TEST-AWS-003",)
    role = by_address["aws_iam_role.app"]
    [change] = role.changes
    assert change.display_path == "managed_policy_arns" and ADMIN in change.live
    assert role.rules == ("TEST-AWS-004",)
    assert by_address["aws_cloudwatch_log_group.app"].status is DriftStatus.MISSING
    hand = by_address[f"{endpoint}/123456789012/made-by-hand"]
    assert hand.status is DriftStatus.UNMANAGED and hand.kind == "aws.sqs.queue"
    # Security drift first (most severe first), then missing, changed, unmanaged.
    order = [item.address for item in report.items]
    assert order[:4] == [
        "aws_security_group.web",
        "aws_iam_role.app",
        "aws_s3_bucket.logs",
        "aws_s3_bucket.data",
    ]
    assert {i.address for i in report.items if i.security} == set(order[:4])
    assert run.gate(report)
    summary = report.by_kind
    queues = next(k for k in summary if k.kind == "aws.sqs.queue")
    assert (queues.managed, queues.unmanaged, queues.iac_coverage) == (1, 1, 0.5)


def test_report_is_schema_valid_and_redacts(account: tuple[str, dict[str, str], Path]) -> None:
    import jsonschema

    from iacgate.reporters.drift import report_dict

    endpoint, _, state = account
    report = drift_of(state, snapshot_of(endpoint))
    document = report_dict(report, True)
    schema = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert document["provider"] == "aws" and document["scope"] == "aws:123456789012"
