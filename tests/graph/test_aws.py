"""AWS edges: the same edges from references (code, plans) and from ids (state, live)."""

from __future__ import annotations

import time

import pytest

from iacgate.api import build_graph
from iacgate.graph.graph import EdgeType
from iacgate.model.resource import Resource
from iacgate.sources.router import FileResult
from tests.normalize.sources import SOURCES, Source

EXPECTED = {
    ("aws_instance.web", "uses-security-group", "aws_security_group.web"),
    ("aws_instance.web", "uses-instance-profile", "aws_iam_instance_profile.app"),
    ("aws_instance.web", "uses-role", "aws_iam_role.app"),
    ("aws_instance.web", "in-subnet", "aws_subnet.a"),
    ("aws_lambda_function.worker", "uses-role", "aws_iam_role.app"),
    ("aws_lambda_function.worker", "encrypted-by", "aws_kms_key.main"),
    ("aws_iam_role.app", "has-policy", "aws_iam_policy.logs"),
    ("aws_iam_user.alice", "member-of", "aws_iam_group.devs"),
    ("aws_s3_bucket_policy.data", "attached-to", "aws_s3_bucket.data"),
    ("aws_s3_bucket.data", "encrypted-by", "aws_kms_key.main"),
    ("aws_s3_bucket.data", "logs-to", "aws_s3_bucket.logs"),
    ("aws_lb_listener.http", "attached-to", "aws_lb.web"),
    ("aws_flow_log.main", "monitors", "aws_vpc.main"),
    ("aws_flow_log.main", "logs-to", "aws_cloudwatch_log_group.flow"),
    ("aws_subnet.a", "in-vpc", "aws_vpc.main"),
    ("aws_security_group.db", "references", "aws_security_group.web"),
    ("aws_db_instance.main", "encrypted-by", "aws_kms_key.main"),
    ("aws_cloudtrail.main", "logs-to", "aws_s3_bucket.logs"),
    ("aws_eks_cluster.main", "in-subnet", "aws_subnet.b"),
}


def _edges(source: Source) -> set[tuple[str, str, str]]:
    loaded = source.load()
    result = FileResult(source.name, list(loaded.resources), dict(loaded.spans))  # type: ignore[arg-type]
    graph = build_graph([result])
    name = source.addresses.get  # CloudFormation logical ids -> the Terraform addresses
    return {
        (
            name(e.source.address, e.source.address),
            e.type.value,
            name(e.target.address, e.target.address),
        )
        for e in graph.all_edges()
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_every_source_gives_the_same_edges(source: Source) -> None:
    edges = _edges(source)
    assert edges >= EXPECTED
    baseline = _edges(next(s for s in SOURCES if s.name == "state"))
    assert edges == baseline


def _resource(kind: str, address: str, scope: str = "s", **attributes: object) -> Resource:
    return Resource(kind, address, scope, attributes, "test")


def test_values_prefer_the_resource_in_the_same_scope() -> None:
    queue_a = _resource("aws.sqs.queue", "q", "a", kms_master_key_id="alias/k")
    key_a = _resource("aws.kms.key", "k", "a", key_id="1", aliases=["alias/k"])
    key_b = _resource("aws.kms.key", "k", "b", key_id="2", aliases=["alias/k"])
    graph = build_graph([FileResult("f", [queue_a, key_a, key_b])])
    assert [r.key for r in graph.related(queue_a, edge=EdgeType.ENCRYPTED_BY)] == ["a::k"]


def test_edge_resolution_is_linear() -> None:
    def build(n: int) -> float:
        resources: list[Resource] = []
        for i in range(n):
            resources.append(_resource("aws.ec2.security_group", f"sg{i}", group_id=f"sg-{i}"))
            resources.append(
                _resource(
                    "aws.ec2.instance",
                    f"i{i}",
                    security_group_ids=[f"sg-{i}", f"sg-{(i + 1) % n}"],
                    iam_instance_profile=f"p{i}",
                )
            )
            resources.append(_resource("aws.iam.instance_profile", f"p{i}", name=f"p{i}"))
        started = time.perf_counter()
        graph = build_graph([FileResult("f", resources)])
        elapsed = time.perf_counter() - started
        assert sum(1 for _ in graph.all_edges()) == 3 * n
        return elapsed

    # The best of three runs of each size: a pause of the machine (another test process, the
    # collector) lands in one run, not in all three, and must not read as quadratic growth.
    small = min(build(1000) for _ in range(3))
    large = min(build(8000) for _ in range(3))
    assert large < small * 8 * 3  # linear, with room for noise
