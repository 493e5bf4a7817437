"""The same infrastructure read from every source that can express it, for table-driven tests.

``SOURCES`` is the table: adding a source (CloudFormation, a recorded live collection) is one
entry whose loader returns canonical resources and, when its addresses differ from the
Terraform ones, a map from its addresses to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "terraform" / "aws_all"


@dataclass(frozen=True, slots=True)
class Loaded:
    resources: tuple[Resource, ...]
    spans: Mapping[str, Mapping[AttrPath, Location]]


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    load: Callable[[], Loaded]
    # Source address -> the Terraform address of the same resource (for sources with their
    # own addressing, such as CloudFormation logical ids).
    addresses: Mapping[str, str] = field(default_factory=dict)
    # True when every value is known (a state or a live collection, not code or a plan).
    applied: bool = False


@cache
def _json_document(name: str) -> Loaded:
    from iacgate.pipeline import read_plan

    read = read_plan(FIXTURE / name, name, config_dir=FIXTURE, scan_root=FIXTURE)
    assert read.document is not None, read.result.diagnostics
    return Loaded(tuple(read.result.resources), read.result.spans)


@cache
def _hcl() -> Loaded:
    from iacgate.normalize.terraform import to_resources
    from iacgate.sources.terraform.reader import evaluate_directories

    root = Path(FIXTURE).resolve()
    read = evaluate_directories([root], root)
    assert not read.diagnostics, read.diagnostics
    normalized = to_resources(read.roots[0].records, scope=".", source="terraform")
    return Loaded(normalized.resources, normalized.spans)


CFN_FIXTURE = REPO / "tests" / "fixtures" / "cloudformation" / "aws_all"


@cache
def _cloudformation() -> Loaded:
    from iacgate.pipeline import load_file

    path = CFN_FIXTURE / "template.yaml"
    result = load_file(path, "template.yaml", root=CFN_FIXTURE)
    assert not result.diagnostics, result.diagnostics
    return Loaded(tuple(result.resources), result.spans)


# CloudFormation logical id -> Terraform address of the same resource.
CFN_ADDRESSES = {
    "Logs": "aws_s3_bucket.logs",
    "Data": "aws_s3_bucket.data",
    "DataPolicy": "aws_s3_bucket_policy.data",
    "Vpc": "aws_vpc.main",
    "SubnetA": "aws_subnet.a",
    "SubnetB": "aws_subnet.b",
    "Web": "aws_security_group.web",
    "Db": "aws_security_group.db",
    "FlowLogGroup": "aws_cloudwatch_log_group.flow",
    "FlowLog": "aws_flow_log.main",
    "LoadBalancer": "aws_lb.web",
    "HttpListener": "aws_lb_listener.http",
    "AppListener": "aws_lb_listener.app",
    "TargetGroup": "aws_lb_target_group.web",
    "Site": "aws_cloudfront_distribution.site",
    "Key": "aws_kms_key.main",
    "WebInstance": "aws_instance.web",
    "DataVolume": "aws_ebs_volume.data",
    "Worker": "aws_lambda_function.worker",
    "Cluster": "aws_eks_cluster.main",
    "Repository": "aws_ecr_repository.app",
    "AppRole": "aws_iam_role.app",
    "LogsPolicy": "aws_iam_policy.logs",
    "FlowRole": "aws_iam_role.flow",
    "AppProfile": "aws_iam_instance_profile.app",
    "Devs": "aws_iam_group.devs",
    "Alice": "aws_iam_user.alice",
    "AliceKey": "aws_iam_access_key.alice",
    "Database": "aws_db_instance.main",
    "Aurora": "aws_rds_cluster.aurora",
    "Orders": "aws_dynamodb_table.orders",
    "Jobs": "aws_sqs_queue.jobs",
    "Events": "aws_sns_topic.events",
    "DbSecret": "aws_secretsmanager_secret.db",
    "Trail": "aws_cloudtrail.main",
    "Prod": "aws_api_gateway_stage.prod",
    "GetItems": "aws_api_gateway_method.get",
}


SOURCES: tuple[Source, ...] = (
    Source("hcl", _hcl),
    Source("plan", lambda: _json_document("plan.json")),
    Source("state", lambda: _json_document("state.json"), applied=True),
    Source("tfstate", lambda: _json_document("terraform.tfstate"), applied=True),
    Source("cloudformation", _cloudformation, addresses=CFN_ADDRESSES),
)

# Attributes a source cannot express the way the fixture's Terraform does (see
# tests/fixtures/cloudformation/aws_all/README.md): (source, Terraform address, attribute).
INEXPRESSIBLE_ATTRIBUTES = {
    # CloudFormation keeps AWS's default allow-all egress rule; Terraform removes it.
    ("cloudformation", "aws_security_group.web", "egress"),
}
BASELINE = "state"


def by_terraform_address(source: Source) -> dict[str, Resource]:
    return {source.addresses.get(r.address, r.address): r for r in source.load().resources}
