"""Edges across layers: ServiceAccount -> IAM role, from IRSA annotations and from EKS Pod
Identity associations declared in Terraform or CloudFormation."""

from __future__ import annotations

from pathlib import Path

from iacgate.api import graph as read_graph
from iacgate.graph.graph import EdgeType, ResourceGraph

ACCOUNT = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
{annotations}
"""
ROLE_TF = """\
resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = "{}"
}
"""


def _assumed(graph: ResourceGraph) -> set[tuple[str, str]]:
    return {
        (edge.source.address, edge.target.address)
        for account in graph.resources("k8s.core.service_account")
        for edge in graph.edges(account, "out")
        if edge.type is EdgeType.ASSUMES_ROLE
    }


def _write(tmp_path: Path, files: dict[str, str]) -> ResourceGraph:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return read_graph((str(tmp_path),), root=tmp_path)


def test_irsa_matches_the_role_by_name_when_its_arn_is_known_only_after_apply(
    tmp_path: Path,
) -> None:
    annotation = (
        "  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/web"
    )
    graph = _write(
        tmp_path, {"k8s/sa.yaml": ACCOUNT.format(annotations=annotation), "tf/main.tf": ROLE_TF}
    )
    assert _assumed(graph) == {("core/ServiceAccount/shop/web", "aws_iam_role.web")}
    assert graph.placeholders() == []


def test_a_role_of_another_account_is_not_the_same_role(tmp_path: Path) -> None:
    annotation = (
        "  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::999999999999:role/web"
    )
    tf = ROLE_TF.replace('name               = "web"', 'name = "web"\n  # arn known in state')
    graph = _write(
        tmp_path, {"k8s/sa.yaml": ACCOUNT.format(annotations=annotation), "tf/main.tf": tf}
    )
    role = graph.resources("aws.iam.role")[0]
    # A live role (its ARN known) of account 1111... is not the annotation's role of 9999....
    from iacgate.graph.crosslayer import _Roles

    known = ResourceGraph()
    known.add(
        type(role)(
            kind=role.kind,
            address="arn:aws:iam::111122223333:role/web",
            scope="aws:111122223333",
            attributes={**role.attributes, "arn": "arn:aws:iam::111122223333:role/web"},
            source="aws",
        )
    )
    assert _Roles(known).find("arn:aws:iam::999999999999:role/web") == []
    assert len(_Roles(known).find("arn:aws:iam::111122223333:role/web")) == 1


def test_pod_identity_association_links_the_service_account(tmp_path: Path) -> None:
    association = """\
resource "aws_eks_pod_identity_association" "web" {
  cluster_name    = "prod"
  namespace       = "shop"
  service_account = "web"
  role_arn        = aws_iam_role.web.arn
}
"""
    graph = _write(
        tmp_path,
        {"k8s/sa.yaml": ACCOUNT.format(annotations=""), "tf/main.tf": ROLE_TF + association},
    )
    assert _assumed(graph) == {("core/ServiceAccount/shop/web", "aws_iam_role.web")}
    association_node = graph.resources("aws.eks.pod_identity_association")[0]
    assert [
        e.target.address for e in graph.edges(association_node) if e.type is EdgeType.USES_ROLE
    ] == ["aws_iam_role.web"]


def test_pod_identity_association_in_cloudformation(tmp_path: Path) -> None:
    template = """\
Resources:
  Web:
    Type: AWS::IAM::Role
    Properties:
      RoleName: web
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Association:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: prod
      Namespace: shop
      ServiceAccount: web
      RoleArn: !GetAtt Web.Arn
"""
    graph = _write(
        tmp_path, {"k8s/sa.yaml": ACCOUNT.format(annotations=""), "cfn/stack.yaml": template}
    )
    assert _assumed(graph) == {("core/ServiceAccount/shop/web", "Web")}
