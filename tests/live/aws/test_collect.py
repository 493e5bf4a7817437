"""The collector against a real moto server: every kind, schema-valid values, only read calls
(each one allowed by the printed policy), regions, retries and honest coverage."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from iacgate.live.aws import permissions
from iacgate.live.aws.calls import is_read_operation
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import PRODUCED
from iacgate.live.aws.session import Target
from iacgate.live.coverage import CoverageStatus
from iacgate.live.snapshot import Snapshot, dumps, loads
from iacgate.model.sensitive import REDACTED
from iacgate.pipeline import collect_aws as collect
from tests.normalize.schema_check import schema_errors

from .everything import build_everything
from .motoserver import ACCOUNT, REGION, client, moto_server, session

# moto does not implement GetEbsDefaultKmsKeyId (it answers 500), nor GetBackupVaultAccessPolicy,
# Glacier's GetVaultAccessPolicy and ListTagsForVault, Security Hub's GetEnabledStandards
# (HTML 404s; tests/live/aws/kinds/test_governance.py replays recorded answers for them), nor
# (5.2) the EKS Pod Identity API (kinds/test_eks.py reads recorded associations), and it
# cannot serve Athena to botocore >= 1.44 (REST-JSON; kinds/test_athena.py uses recorded answers).
MOTO_GAPS = {
    ("aws.ec2.ebs_encryption_by_default", REGION),
    ("aws.backup.vault", REGION),
    ("aws.glacier.vault", REGION),
    ("aws.securityhub.standards_subscription", REGION),
    ("aws.eks.pod_identity_association", REGION),
    ("aws.athena.workgroup", REGION),
    # moto implements no Amplify API (tests/live/aws/kinds/test_amplify.py serves its answer).
    ("aws.amplify.app", REGION),
}


@pytest.fixture(scope="module")
def account() -> Iterator[tuple[str, dict[str, Any]]]:
    with moto_server() as endpoint:
        made = build_everything(endpoint)
        client(endpoint, "sqs", "eu-west-1").create_queue(QueueName="irish-queue")
        yield endpoint, made


class Recorder:
    """Every API call a boto3 session's clients make (a botocore before-call hook)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (service, operation, region)
        self.lock = threading.Lock()

    def __call__(self, model: Any, context: Any, **kwargs: Any) -> None:
        region = context.get("client_region") if isinstance(context, dict) else None
        with self.lock:
            self.calls.append((model.service_model.service_name, model.name, str(region)))


def recording_session() -> tuple[Any, Recorder]:
    recorder = Recorder()
    made = session()
    made.events.register("before-call", recorder)
    return made, recorder


def run(endpoint: str, regions: tuple[str, ...] = (REGION,), **kwargs: Any) -> Snapshot:
    return collect(Target(regions=regions, endpoint_url=endpoint, **kwargs), session=session())


def test_every_kind_is_collected_and_valid(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, made = account
    snapshot = run(endpoint)
    kinds = {r.kind for r in snapshot.resources}
    # Kinds whose only read call moto lacks cannot be collected from it; moto has no
    # DocumentDB engine (tests/live/aws/kinds/test_docdb.py serves its answer).
    uncollected = {
        "aws.ec2.ebs_encryption_by_default",
        "aws.securityhub.standards_subscription",
        "aws.docdb.db_cluster",
        "aws.eks.pod_identity_association",
        # moto's GetWebACLForResource answers nothing for the association made here (its own
        # test, kinds/test_wafv2.py, reads one in a world of its own).
        "aws.wafv2.web_acl_association",
        "aws.athena.workgroup",
        "aws.amplify.app",
    }
    assert kinds >= PRODUCED - uncollected
    assert schema_errors(snapshot.resources) == []
    gaps = {(g.kind, g.where) for g in snapshot.coverage.gaps}
    assert gaps == MOTO_GAPS
    details = {g.kind: g.detail for g in snapshot.coverage.gaps}
    assert "GetEbsDefaultKmsKeyId" in details["aws.ec2.ebs_encryption_by_default"]
    assert snapshot.scope == f"aws:{ACCOUNT}" and snapshot.provider == "aws"
    by = {(r.kind, r.physical_id): r for r in snapshot.resources}
    user = by[("aws.iam.user", "every-user")].attributes
    assert user["groups"] == ["every-group"]
    assert user["login_profile"] == {"password_reset_required": False}
    assert user["tags"] == {"team": "a"}
    role = by[("aws.iam.role", "every-role")].attributes
    assert role["inline_policies"]["inline"]["Statement"][0]["Action"] == ["s3:GetObject"]
    assert by[("aws.iam.instance_profile", "every-profile")].attributes["role"] == "every-role"
    key = by[("aws.iam.access_key", made["access_key"])].attributes
    assert key == {"access_key_id": made["access_key"], "user": "every-user", "status": "Active"}
    policy = by[("aws.s3.bucket_policy", "every-bucket")].attributes
    assert policy["policy"]["Statement"][0]["Effect"] == "Deny"
    bucket = by[("aws.s3.bucket", "every-bucket")].attributes
    assert bucket["policy"] == policy["policy"]
    # Not configured is absent, and the S3 default encryption is what real AWS applies.
    assert bucket["public_access_block"] is None and bucket["logging"] is None
    assert bucket["encryption"] == {
        "sse_algorithm": "AES256",
        "kms_master_key_id": None,
        "bucket_key_enabled": False,
    }
    kms = by[("aws.kms.key", made["kms_key"])].attributes
    assert kms["aliases"] == ["alias/every"] and kms["tags"] == {"a": "b"}
    # AWS managed keys (alias/aws/...) are AWS's, not the account's resources.
    assert all(
        not a.startswith("alias/aws/")
        for r in snapshot.resources
        for a in r.get("aliases", []) or []
    )
    instance = by[("aws.ec2.instance", made["instance"])].attributes
    assert instance["security_group_ids"] == [made["security_group"]]
    assert isinstance(instance["root_block_device"]["volume_size"], int)
    assert by[("aws.ec2.flow_log", made["flow_log"])].attributes["resource_id"] == made["vpc"]
    stage = next(r for r in snapshot.resources if r.kind == "aws.apigateway.stage")
    assert (
        stage.physical_id
        == f"arn:aws:apigateway:{REGION}::/restapis/{made['rest_api']}/stages/prod"
    )
    function = next(r for r in snapshot.resources if r.kind == "aws.lambda.function")
    assert function.attributes["environment_variables"]["LOG_LEVEL"] == "info"


def test_snapshot_round_trip_keeps_no_secret(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, _ = account
    snapshot = run(endpoint)
    text = dumps(snapshot)
    assert "hunter2" not in text and "Secret-123-abc" not in text
    again = loads(text)
    assert [r.key for r in again.resources] == [r.key for r in snapshot.resources]
    function = next(r for r in again.resources if r.kind == "aws.lambda.function")
    assert function.attributes["environment_variables"]["DB_PASSWORD"] == REDACTED
    assert again.coverage == snapshot.coverage


def test_only_declared_read_calls_and_all_in_the_policy(
    account: tuple[str, dict[str, Any]],
) -> None:
    endpoint, _ = account
    boto, recorder = recording_session()
    collect(Target(regions=(REGION, "eu-west-1"), endpoint_url=endpoint), session=boto)
    policy = permissions.actions(permissions.policy())
    declared = {(c.service, c.operation): c.action for c in permissions.declared_calls()}
    assert len(recorder.calls) > 100
    for service, operation, _region in recorder.calls:
        assert is_read_operation(operation), operation
        assert (service, operation) in declared, f"{service}:{operation} not declared"
        assert declared[(service, operation)] in policy


def test_regions_and_global_kinds(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, _ = account
    boto, recorder = recording_session()
    snapshot = collect(Target(regions=(REGION, "eu-west-1"), endpoint_url=endpoint), session=boto)
    queues = sorted(r.attributes["name"] for r in snapshot.resources if r.kind == "aws.sqs.queue")
    assert queues == ["every-queue", "irish-queue"]
    where = {(e.kind, e.where) for e in snapshot.coverage.entries}
    assert ("aws.sqs.queue", "eu-west-1") in where and ("aws.sqs.queue", REGION) in where
    assert ("aws.iam.role", "*") in where and ("aws.iam.role", "eu-west-1") not in where
    # IAM and the S3 listing are read once, whatever the number of regions.
    assert sum(1 for s, op, _ in recorder.calls if op == "ListRoles") == 1
    assert sum(1 for s, op, _ in recorder.calls if op == "ListBuckets") == 1
    assert snapshot.target["regions"] == [REGION, "eu-west-1"]


def test_a_region_not_enabled_is_reported_not_called(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, _ = account
    boto, recorder = recording_session()
    snapshot = collect(Target(regions=(REGION, "ap-east-1"), endpoint_url=endpoint), session=boto)
    hong_kong = [e for e in snapshot.coverage.entries if e.where == "ap-east-1"]
    assert hong_kong and all(e.status is CoverageStatus.NOT_FOUND for e in hong_kong)
    assert "not enabled" in hong_kong[0].detail
    assert {e.kind for e in hong_kong} == {
        k
        for k in PRODUCED
        if k not in __import__("iacgate.driftcheck.aws", fromlist=["x"]).GLOBAL_KINDS
    }
    assert not [c for c in recorder.calls if c[2] == "ap-east-1"]


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


THROTTLED = (
    b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
    b"</Message></Error></Errors><RequestID>1</RequestID></Response>"
)


def throttle(times: int) -> tuple[Any, list[int]]:
    """A before-send hook answering EC2 DescribeSecurityGroups with throttling ``times`` times."""
    sent: list[int] = []

    def hook(request: Any, **_: Any) -> AWSResponse | None:
        sent.append(1)
        if len(sent) <= times:
            return AWSResponse(request.url, 503, {}, _Raw(THROTTLED))
        return None

    return hook, sent


def test_throttling_is_retried_and_succeeds(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, made = account
    boto = session()
    hook, sent = throttle(2)
    boto.events.register("before-send.ec2.DescribeSecurityGroups", hook)
    snapshot = collect(Target(regions=(REGION,), endpoint_url=endpoint), session=boto)
    assert len(sent) == 3  # two throttled answers, then the real one
    entry = snapshot.coverage.entry("aws.ec2.security_group", REGION)
    assert entry is not None and entry.complete
    assert made["security_group"] in {r.physical_id for r in snapshot.resources}


def test_throttling_that_outlasts_retries_is_a_gap(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, _ = account
    boto = session()
    hook, sent = throttle(100)
    boto.events.register("before-send.ec2.DescribeSecurityGroups", hook)
    snapshot = collect(
        Target(regions=(REGION,), endpoint_url=endpoint, max_attempts=2), session=boto
    )
    entry = snapshot.coverage.entry("aws.ec2.security_group", REGION)
    assert entry is not None and entry.status is CoverageStatus.THROTTLED
    assert "RequestLimitExceeded" in entry.detail and len(sent) == 2
    assert not [r for r in snapshot.resources if r.kind == "aws.ec2.security_group"]
    assert snapshot.coverage.entry("aws.ec2.vpc", REGION).complete  # type: ignore[union-attr]


def deny(service: str, operation: str | None = None) -> Any:
    def hook(model: Any, **_: Any) -> None:
        if operation is None or model.name == operation:
            raise ClientError(
                {
                    "Error": {"Code": "AccessDenied", "Message": f"not allowed: {model.name}"},
                    "ResponseMetadata": {"HTTPStatusCode": 403},
                },
                model.name,
            )

    return f"before-call.{service}", hook


def test_access_denied_on_one_service_leaves_the_rest(account: tuple[str, dict[str, Any]]) -> None:
    endpoint, _ = account
    boto = session()
    boto.events.register(*deny("dynamodb"))
    snapshot = collect(Target(regions=(REGION,), endpoint_url=endpoint), session=boto)
    entry = snapshot.coverage.entry("aws.dynamodb.table", REGION)
    assert entry is not None and entry.status is CoverageStatus.DENIED
    assert "dynamodb:ListTables: AccessDenied" in entry.detail
    gaps = {(g.kind, g.where) for g in snapshot.coverage.gaps}
    assert gaps == MOTO_GAPS | {("aws.dynamodb.table", REGION)}
    assert not [r for r in snapshot.resources if r.kind == "aws.dynamodb.table"]
    assert [r for r in snapshot.resources if r.kind == "aws.sqs.queue"]


def test_a_denied_detail_call_keeps_the_resource_and_says_so(
    account: tuple[str, dict[str, Any]],
) -> None:
    endpoint, _ = account
    boto = session()
    boto.events.register(*deny("s3", "GetBucketPolicy"))
    snapshot = collect(Target(regions=(REGION,), endpoint_url=endpoint), session=boto)
    bucket = next(r for r in snapshot.resources if r.physical_id == "every-bucket")
    policy = bucket.attributes["policy"]
    assert type(policy).__name__ == "Unknown" and "AccessDenied" in policy.reason
    entry = snapshot.coverage.entry("aws.s3.bucket", "*")
    assert entry is not None and entry.status is CoverageStatus.DENIED and entry.count >= 2
    assert "GetBucketPolicy" in entry.detail
    # Whether the bucket has a policy is not known: no policy node is made up or dropped.
    assert snapshot.coverage.entry("aws.s3.bucket_policy", "*").status is CoverageStatus.DENIED  # type: ignore[union-attr]


def test_collect_options_limit_kinds(account: tuple[str, dict[str, Any]]) -> None:
    from iacgate.live.aws.kinds import select

    endpoint, _ = account
    options = CollectOptions(kinds=select(("queue",)))
    snapshot = collect(Target(regions=(REGION,), endpoint_url=endpoint), options, session=session())
    assert {r.kind for r in snapshot.resources} == {"aws.sqs.queue"}
    assert options.log.total >= 2


def test_every_bundled_rule_runs_on_the_live_graph(account: tuple[str, dict[str, Any]]) -> None:
    """The rules judge live resources like parsed ones: no rule crashes on any live kind."""
    from iacgate.findings import FindingStatus
    from iacgate.pipeline import posture
    from iacgate.rules.packs import load_directory, load_rules

    from .test_drift import PACK

    endpoint, _ = account
    snapshot = run(endpoint)
    rules = [*load_rules(), *load_directory(PACK).rules]
    report = posture(snapshot, rules)
    assert [f for f in report.findings if f.status is FindingStatus.ERROR] == []
    assert report.evaluated > 0 and report.resources == len(snapshot.resources)
