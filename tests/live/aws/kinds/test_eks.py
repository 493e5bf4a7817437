"""EKS managed node groups and Pod Identity associations, live.

Node groups are read from a real moto server. moto (5.2) does not serve the Pod Identity API:
the collect-wide test lists that as a gap, and the associations are read here from recorded
answers injected through a botocore hook (the client and the collector are the real ones)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from iacgate.graph.graph import EdgeType
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, graph_of
from tests.normalize.schema_check import schema_errors

from ..motoserver import ACCOUNT, REGION, client, session

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "ec2.amazonaws.com"},
        }
    ],
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A cluster with a node group whose nodes take SSH from anywhere (no source groups)."""
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.1.0/24")["Subnet"]["SubnetId"]
    role = c("iam").create_role(
        RoleName="risk-eks-nodes", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]["Arn"]
    c("eks").create_cluster(
        name="risk-eks", roleArn=role, resourcesVpcConfig={"subnetIds": [subnet]}
    )
    group = c("eks").create_nodegroup(
        clusterName="risk-eks",
        nodegroupName="workers",
        nodeRole=role,
        subnets=[subnet],
        remoteAccess={"ec2SshKey": "ops"},
    )["nodegroup"]["nodegroupArn"]
    return {"node_group": group, "node_role": role, "node_subnet": subnet}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.eks.node_group", "aws.iam.role", "subnet")))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_node_groups_are_collected_with_their_role_and_ssh_access(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    groups = [r for r in snapshot.resources if r.kind == "aws.eks.node_group"]
    group = next(r for r in groups if r.physical_id == made["node_group"])
    assert group.attributes["cluster_name"] == "risk-eks"
    assert group.attributes["node_role_arn"] == made["node_role"]
    assert group.attributes["remote_access"]["ec2_ssh_key"] == "ops"
    assert group.attributes["remote_access"]["source_security_group_ids"] == []
    graph = graph_of(snapshot.resources)
    roles = graph.related(group, "aws.iam.role", EdgeType.USES_ROLE, "out")
    assert [r.physical_id for r in roles] == ["risk-eks-nodes"]


ASSOCIATION = {
    "clusterName": "risk-eks",
    "namespace": "shop",
    "serviceAccount": "web",
    "roleArn": f"arn:aws:iam::{ACCOUNT}:role/web-admin",
    "associationArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:podidentityassociation/risk-eks/a-1",
    "associationId": "a-1",
}


def _recorded(model: Any, params: Any, **_: Any) -> tuple[Any, dict[str, Any]] | None:
    """Answers of the Pod Identity API (shaped like EKS's), for the calls moto lacks; a
    before-call hook answers with (HTTP response, parsed answer) and botocore sends nothing."""
    from botocore.awsrequest import AWSResponse

    ok = AWSResponse("https://eks.amazonaws.com/", 200, {}, None)
    if model.name == "ListPodIdentityAssociations":
        keep = ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId")
        return ok, {"associations": [{k: ASSOCIATION[k] for k in keep}]}
    if model.name == "DescribePodIdentityAssociation":
        assert "a-1" in str(params.get("url_path"))  # /clusters/risk-eks/.../a-1
        return ok, {"association": {**ASSOCIATION, "tags": {"team": "shop"}}}
    return None


def test_pod_identity_associations_are_collected(
    moto: str, collected: tuple[dict[str, Any], Snapshot]
) -> None:
    made = session()
    made.events.register("before-call.eks.ListPodIdentityAssociations", _recorded)
    made.events.register("before-call.eks.DescribePodIdentityAssociation", _recorded)
    options = CollectOptions(kinds=select(("aws.eks.pod_identity_association",)))
    snapshot = collect_aws(Target(regions=(REGION,), endpoint_url=moto), options, session=made)
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    (found,) = [r for r in snapshot.resources if r.kind == "aws.eks.pod_identity_association"]
    assert found.physical_id == "a-1"
    assert found.address == ASSOCIATION["associationArn"]
    assert {k: found.attributes[k] for k in ("namespace", "service_account", "role_arn")} == {
        "namespace": "shop",
        "service_account": "web",
        "role_arn": ASSOCIATION["roleArn"],
    }
