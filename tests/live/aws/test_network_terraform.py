"""The network kinds round-trip: the VPC of tests/fixtures/risk/vpc (internet gateway, route
tables with inline and split routes and associations, a network ACL with inline and split
entries) plus a target group with an attachment, planned and applied with the real terraform
against moto. HCL, plan, state and the live collection give the same canonical attributes
for every resource of the new kinds, and the same exposure.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iacgate import api
from iacgate.graph.reachability import exposure
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.model.resource import Resource
from iacgate.normalize.terraform import to_resources
from iacgate.pipeline import collect_aws, posture
from iacgate.sources.terraform.plan import read_document
from tests.conftest import FIXTURES
from tests.normalize.test_equivalence import differences

from .motoserver import REGION, moto_server, session
from .test_terraform import TOOLS, Terraform

pytestmark = pytest.mark.skipif(TOOLS is None, reason="terraform or its AWS provider mirror absent")

NETWORK = ("aws.ec2.internet_gateway", "aws.ec2.route_table", "aws.ec2.network_acl")
KINDS = (
    *NETWORK,
    "aws.elbv2.target_group",
    "aws.ec2.vpc",
    "aws.ec2.subnet",
    "aws.ec2.security_group",
    "aws.ec2.instance",
    "aws.iam.role",
    "aws.iam.instance_profile",
)
TARGETS = """
resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_lb_target_group_attachment" "private" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.private.id
  port             = 8080
}
"""


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path, Path]]:
    base = tmp_path_factory.mktemp("network")
    work = base / "config"
    work.mkdir()
    shutil.copy(FIXTURES / "terraform" / "aws_all" / "providers.tf", work / "providers.tf")
    text = (FIXTURES / "risk" / "vpc" / "terraform" / "main.tf").read_text()
    # moto knows this AMI; the fixture's placeholder id is for code only.
    (work / "main.tf").write_text(text.replace('"ami-1"', '"ami-12c6146b"') + TARGETS)
    with moto_server() as endpoint:
        tf = Terraform(work, endpoint)
        tf("init", "-input=false", "-no-color", "-backend=false")
        tf("plan", "-input=false", "-no-color", "-out=tfplan", *tf.var())
        plan = base / "plan.json"
        plan.write_text(tf("show", "-json", "tfplan"), encoding="utf-8")
        tf("apply", "-input=false", "-no-color", "-auto-approve", *tf.var())
        state = base / "state.json"
        state.write_text(tf("show", "-json"), encoding="utf-8")
        yield endpoint, work, plan, state


def _document(path: Path, scope: str, source: str) -> list[Resource]:
    records = read_document(json.loads(path.read_text())).records
    return list(to_resources(records, scope=scope, source=source).resources)


def _ours(resources: list[Resource]) -> dict[str, Resource]:
    return {r.address: r for r in resources if r.kind in (*NETWORK, "aws.elbv2.target_group")}


def test_hcl_plan_state_and_live_agree_on_the_network_kinds(
    applied: tuple[str, Path, Path, Path],
) -> None:
    endpoint, work, plan, state = applied
    report = api.scan([str(work / "main.tf")], rules=[], root=work, jobs=1)
    assert report.graph is not None
    hcl = _ours(report.graph.resources())
    planned = _ours(_document(plan, "plan", "terraform-plan"))
    stated = _ours(_document(state, "state", "terraform-state"))
    assert (
        set(hcl)
        == set(planned)
        == set(stated)
        == {
            "aws_internet_gateway.igw",
            "aws_route_table.public",
            "aws_route_table.private",
            "aws_network_acl.public",
            "aws_lb_target_group.web",
        }
    )
    problems: list[str] = []
    for address, resource in stated.items():
        for other, name in ((hcl[address], "hcl"), (planned[address], "plan")):
            for difference in differences(dict(other.attributes), dict(resource.attributes)):
                problems.append(f"{name} {address}: {difference}")
    snapshot = collect_aws(
        Target(regions=(REGION,), endpoint_url=endpoint),
        CollectOptions(kinds=select(KINDS)),
        session=session(),
    )
    live = {(r.kind, r.physical_id): r for r in snapshot.resources}
    for address, resource in stated.items():
        counterpart = live.get((resource.kind, resource.physical_id))
        if counterpart is None:
            problems.append(f"{address}: not found live")
            continue
        for difference in differences(dict(resource.attributes), dict(counterpart.attributes)):
            problems.append(f"live {address}: {difference}")
    assert problems == []
    routes: Any = stated["aws_route_table.private"].attributes["routes"]
    assert [r["vpc_peering_connection_id"][:4] for r in routes] == ["pcx-"]


def test_the_applied_network_exposes_the_same_instance_live(
    applied: tuple[str, Path, Path, Path],
) -> None:
    endpoint, _, _, state = applied
    ids = {
        r.address: r.physical_id
        for r in _document(state, "state", "terraform-state")
        if r.kind == "aws.ec2.instance"
    }
    snapshot = collect_aws(
        Target(regions=(REGION,), endpoint_url=endpoint),
        CollectOptions(kinds=select(KINDS)),
        session=session(),
    )
    report = posture(snapshot, [])
    assert report.graph is not None
    found = exposure(report.graph)
    exposed = {r.physical_id for r in report.graph.resources("aws.ec2.instance") if r.key in found}
    assert exposed == {ids["aws_instance.public"]}
