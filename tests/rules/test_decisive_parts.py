"""A rule answers from the part that decides: an unknown value that cannot change the verdict
does not make it UNKNOWN, and one that can still does.

Each case is a rule whose finding needs two things at once (an HTTP listener *and* no redirect;
a public endpoint *and* ranges that admit the world ...): the first is unknown, and the second,
known, decides alone (PASS) — or does not, and the unknown part decides (UNKNOWN). Resources are
built directly, as any source hands them over.
"""

from __future__ import annotations

from typing import Any

import pytest

from iacgate.engine import evaluate
from iacgate.findings import FindingStatus
from iacgate.graph.graph import EdgeType, ResourceGraph
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown
from iacgate.rules.packs import load_rules

RULES = {r.meta.code: r for r in load_rules()}
U = Unknown("var.x has no value")

PASS = "pass"
UNKNOWN = "unknown"
FAIL = "fail"


def _verdict(code: str, attributes: dict[str, Any], kind: str | None = None) -> str:
    rule = RULES[code]
    graph = ResourceGraph()
    kind = kind or rule.meta.kinds[0]
    assert kind in rule.meta.kinds
    graph.add(Resource(kind, "aws_thing.t", "root", attributes, "terraform", file="main.tf"))
    findings = list(evaluate([rule], graph, rule_budget=None).findings)
    statuses = {f.status for f in findings}
    if FindingStatus.FAIL in statuses:
        return FAIL
    if FindingStatus.UNKNOWN in statuses:
        return UNKNOWN
    assert not findings or statuses == {FindingStatus.PASS}, findings
    return PASS


REDIRECT = {"type": "redirect", "redirect": {"protocol": "HTTPS"}}
FORWARD = {"type": "forward"}

CASES = [
    # API Gateway: a required API key confines the method whatever its authorization type.
    ("AWS-APIGATEWAY-010", {"authorization": U, "api_key_required": True}, PASS),
    ("AWS-APIGATEWAY-010", {"authorization": U, "api_key_required": False}, UNKNOWN),
    # EKS: ranges that do not admit the world confine the endpoint, public or not.
    (
        "AWS-EKS-001",
        {"endpoint_public_access": U, "public_access_cidrs": ["203.0.113.0/24"]},
        PASS,
    ),
    ("AWS-EKS-001", {"endpoint_public_access": U, "public_access_cidrs": ["0.0.0.0/0"]}, UNKNOWN),
    # EKS node group: source groups confine SSH whatever the key.
    (
        "AWS-EKS-010",
        {"remote_access": {"ec2_ssh_key": U, "source_security_group_ids": ["sg-1"]}},
        PASS,
    ),
    (
        "AWS-EKS-010",
        {"remote_access": {"ec2_ssh_key": U, "source_security_group_ids": []}},
        UNKNOWN,
    ),
    # Load balancer listeners: a redirect to HTTPS, a modern TLS policy, decide alone.
    ("AWS-ELB-001", {"protocol": U, "default_actions": [REDIRECT]}, PASS),
    ("AWS-ELB-001", {"protocol": U, "default_actions": [FORWARD]}, UNKNOWN),
    (
        "AWS-ELB-001",
        {"protocol": "HTTP", "default_actions": [{"type": "redirect", "redirect": U}]},
        UNKNOWN,
    ),
    ("AWS-ELB-002", {"protocol": U, "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, PASS),
    ("AWS-ELB-002", {"protocol": U, "ssl_policy": "ELBSecurityPolicy-2016-08"}, UNKNOWN),
    # CloudFront: a modern minimum passes with either certificate.
    (
        "AWS-CLOUDFRONT-002",
        {
            "viewer_certificate": {
                "cloudfront_default_certificate": U,
                "minimum_protocol_version": "TLSv1.2_2021",
            }
        },
        PASS,
    ),
    (
        "AWS-CLOUDFRONT-002",
        {
            "viewer_certificate": {
                "cloudfront_default_certificate": U,
                "minimum_protocol_version": "TLSv1",
            }
        },
        UNKNOWN,
    ),
    # WAF: a rule that blocks decides whatever the default action.
    ("AWS-WAF-003", {"default_action": U, "rules": [{"name": "a", "action": "block"}]}, PASS),
    ("AWS-WAF-003", {"default_action": U, "rules": [{"name": "a", "action": "count"}]}, UNKNOWN),
    # S3: a public access block that ignores public ACLs decides whatever the ACL holds.
    ("AWS-S3-003", {"grants": U, "public_access_block": {"ignore_public_acls": True}}, PASS),
    ("AWS-S3-003", {"grants": U, "public_access_block": None}, UNKNOWN),
    # ECS: the latest Fargate platform passes whatever the launch type.
    ("AWS-ECS-012", {"launch_type": U, "platform_version": "LATEST"}, PASS),
    ("AWS-ECS-012", {"launch_type": U, "platform_version": "1.3.0"}, UNKNOWN),
]


@pytest.mark.parametrize(("code", "attributes", "expected"), CASES)
def test_the_known_part_decides(code: str, attributes: dict[str, Any], expected: str) -> None:
    assert _verdict(code, attributes) == expected


def _policy(statement: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [statement]}


def test_an_unknown_condition_or_effect_is_unknown_not_a_crash() -> None:
    everything = {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app"]}}
    grant = {**everything, "Action": ["sqs:*"], "Resource": ["*"]}
    assert _verdict("AWS-POLICY-002", {"policy": _policy({**grant, "Condition": U})}) == UNKNOWN
    assert _verdict("AWS-POLICY-002", {"policy": _policy(grant)}) == FAIL
    two = {**grant, "Action": [U, Unknown("var.y")]}  # two unknowns: none asked for its truth
    assert _verdict("AWS-POLICY-002", {"policy": _policy(two)}) == UNKNOWN


def test_a_deny_of_insecure_transport_with_an_unknown_effect_is_unknown() -> None:
    deny = {
        "Effect": U,
        "Principal": "*",
        "Action": ["s3:*"],
        "Resource": ["*"],
        "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
    }
    assert _verdict("AWS-S3-005", {"policy": _policy(deny)}) == UNKNOWN
    assert _verdict("AWS-S3-005", {"policy": _policy({**deny, "Effect": "Deny"})}) == PASS


def test_a_cross_account_trust_with_an_unknown_effect_is_unknown() -> None:
    trust = {
        "Effect": U,
        "Action": ["sts:AssumeRole"],
        "Principal": {"AWS": ["arn:aws:iam::111122223333:root", Unknown("var.other")]},
    }
    role = {"inline_policies": {}, "managed_policy_arns": []}
    assert _verdict("AWS-IAM-014", {**role, "assume_role_policy": _policy(trust)}) == UNKNOWN
    allowed = {**trust, "Effect": "Allow"}
    assert _verdict("AWS-IAM-014", {**role, "assume_role_policy": _policy(allowed)}) == FAIL


def test_a_log_bucket_passes_whatever_its_own_logging() -> None:
    graph = ResourceGraph()
    logs = Resource("aws.s3.bucket", "aws_s3_bucket.logs", "root", {"logging": U}, "terraform")
    trail = Resource("aws.cloudtrail.trail", "aws_cloudtrail.t", "root", {}, "terraform")
    graph.add(logs)
    graph.add(trail)
    rule = RULES["AWS-S3-008"]
    found = [f for f in evaluate([rule], graph, rule_budget=None).findings]
    assert [f.status for f in found if f.address == logs.address] == [FindingStatus.UNKNOWN]
    graph.add_edge(trail, logs, EdgeType.LOGS_TO, ("s3_bucket_name",))
    found = [f for f in evaluate([rule], graph, rule_budget=None).findings]
    assert all(f.status is FindingStatus.PASS for f in found if f.address == logs.address)


def test_an_unknown_effect_decides_only_what_the_statement_would_grant() -> None:
    narrow = {"Effect": U, "Action": ["s3:GetObject"], "Resource": ["*"]}
    policy = "aws.iam.policy"
    assert _verdict("AWS-IAM-001", {"policy": _policy(narrow)}, policy) == PASS
    everything = {**narrow, "Action": ["*"]}
    assert _verdict("AWS-IAM-001", {"policy": _policy(everything)}, policy) == UNKNOWN
    assert _verdict("AWS-IAM-003", {"policy": _policy(narrow)}, policy) == PASS
    wildcard = {**narrow, "Action": ["iam:*"]}
    assert _verdict("AWS-IAM-003", {"policy": _policy(wildcard)}, policy) == UNKNOWN
    allowed = {**wildcard, "Effect": "Allow"}
    assert _verdict("AWS-IAM-003", {"policy": _policy(allowed)}, policy) == FAIL
    named = {**narrow, "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}}
    assert _verdict("AWS-S3-004", {"policy": _policy(named)}) == PASS
    anyone = {**narrow, "Principal": "*"}
    assert _verdict("AWS-S3-004", {"policy": _policy(anyone)}) == UNKNOWN
    assert _verdict("AWS-S3-004", {"policy": _policy({**anyone, "Effect": "Allow"})}) == FAIL
