"""A CloudFormation stack created in moto is matched to its template through ``--stack``:
logical ids to physical ids (DescribeStackResources), parameters as deployed (DescribeStacks)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.cli import main
from iacgate.driftcheck import run
from iacgate.driftcheck.aws import AwsProfile
from iacgate.driftcheck.aws_declared import apply_stack, read_declared_aws, stack_options
from iacgate.driftcheck.model import DriftStatus
from iacgate.live.aws.session import Target
from iacgate.live.aws.stacks import describe
from iacgate.live.errors import LiveConfigError
from iacgate.pipeline import collect_aws as collect
from tests.conftest import FIXTURES, REPO

from .motoserver import REGION, client, moto_server, session

TEMPLATE = FIXTURES / "live" / "aws" / "stack.yaml"


@pytest.fixture(scope="module")
def stack() -> Iterator[str]:
    with moto_server() as endpoint:
        client(endpoint, "cloudformation").create_stack(
            StackName="shop",
            TemplateBody=TEMPLATE.read_text(),
            Parameters=[{"ParameterKey": "Retention", "ParameterValue": "14"}],
            Capabilities=["CAPABILITY_NAMED_IAM"],
        )
        yield endpoint


def test_stack_matches_its_template(stack: str) -> None:
    target = Target(regions=(REGION,), endpoint_url=stack)
    deployed = describe("shop", target, session=session())
    assert deployed.parameters == {"Retention": "14"}
    declared = read_declared_aws([str(TEMPLATE)], REPO, stack_options(deployed))
    declared = apply_stack(declared, deployed)
    physical = {r.address: r.physical_id for r in declared.graph.resources()}
    assert physical["Role"] == "shop-role" and physical["Logs"] == "/stacks/shop"
    logs = next(r for r in declared.graph.resources() if r.address == "Logs")
    assert logs.attributes["retention_in_days"] == 14  # the deployed parameter, not the default
    report = run.drift(declared, collect(target, session=session()), [], AwsProfile(REGION))
    assert [i for i in report.items if i.status is not DriftStatus.UNMANAGED] == []
    assert report.unverified == () and report.in_sync == 4


def test_stack_drift_points_at_the_template(
    stack: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sqs = client(stack, "sqs")
    url = sqs.get_queue_url(QueueName="shop-jobs")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "300"})
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": stack,
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    args = [
        "drift",
        "--declared",
        str(TEMPLATE),
        "--stack",
        "shop",
        "--live",
        "aws",
        "--format",
        "json",
        "--no-config",
    ]
    assert main(args) == 1
    report = json.loads(capsys.readouterr().out)
    [item] = [i for i in report["items"] if i["status"] != "unmanaged"]
    assert item["address"] == "Queue" and item["status"] == "changed"
    [change] = item["changes"]
    assert (change["path"], change["declared"], change["live"]) == (
        "visibility_timeout_seconds",
        60,
        300,
    )
    assert change["line"] == 12 and item["file"].endswith("stack.yaml")


def test_unknown_stack_is_a_configuration_error(stack: str) -> None:
    with pytest.raises(LiveConfigError, match="nope"):
        describe("nope", Target(regions=(REGION,), endpoint_url=stack), session=session())


def test_template_without_stack_is_not_verified(stack: str, tmp_path: Path) -> None:
    declared = read_declared_aws([str(TEMPLATE)], REPO)
    snapshot = collect(Target(regions=(REGION,), endpoint_url=stack), session=session())
    report = run.drift(declared, snapshot, [])
    # Names the template spells out are physical ids; generated ones are not known.
    reasons = {u.address: u.reason for u in report.unverified}
    assert set(reasons) <= {"Queue", "Logs", "Role", "Topic"}
