"""The twins, live: the two administrator roles made in moto (over HTTP), the two workloads
applied to the recorded Kubernetes API server; the account and the cluster are collected and
judged as one graph. The scores agree with the scan of the code that declares them
(tests/fixtures/risk/twins)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.api import scan
from iacgate.findings import Finding, FindingStatus
from iacgate.graph.export import render
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target as AwsTarget
from iacgate.live.k8s.connection import Target, connect
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, collect_k8s, live_graph, posture_of
from iacgate.rules.packs import load_rules

from ...conftest import FIXTURES, REPO
from ..aws.motoserver import REGION, client, moto_server, session
from ..k8s.cluster import FakeCluster
from ..k8s.server import serving, write_kubeconfig

TWINS = FIXTURES / "risk" / "twins"
OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Federated": OIDC},
            "Action": "sts:AssumeRoleWithWebIdentity",
        }
    ],
}


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Snapshot]]:
    with moto_server() as endpoint:
        iam = client(endpoint, "iam", REGION)
        for name in ("web-admin", "batch-admin"):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))
            iam.attach_role_policy(
                RoleName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"
            )
        options = CollectOptions(kinds=select(("aws.iam.role", "aws.iam.policy")))
        target = AwsTarget(regions=(REGION,), endpoint_url=endpoint)
        account = collect_aws(target, options, session=session())
    cluster = FakeCluster()
    cluster.apply_dir(TWINS / "k8s")
    with serving(cluster) as server:
        config = write_kubeconfig(tmp_path_factory.mktemp("kube") / "config", server.url)
        connection = connect(Target(str(config)))
        try:
            workloads = collect_k8s(connection)
        finally:
            connection.close()
    yield [account, workloads]


def _by_role(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.address.rsplit("/", 1)[-1].replace("aws_iam_role.", ""): f for f in findings}


def test_live_scores_agree_with_the_code(snapshots: list[Snapshot]) -> None:
    rules = load_rules()
    live = posture_of(snapshots, rules)
    live_roles = _by_role(tuple(f for f in live.findings if f.code == "AWS-IAM-002"))
    assert set(live_roles) == {"web-admin", "batch-admin"}
    web, batch = live_roles["web-admin"], live_roles["batch-admin"]
    assert web.status is batch.status is FindingStatus.FAIL
    assert web.risk is not None and batch.risk is not None
    assert web.risk.score > batch.risk.score

    code = scan((str(TWINS / "k8s"), str(TWINS / "terraform")), rules=rules, root=REPO)
    declared = {f.address: f.risk for f in code.findings if f.code == "AWS-IAM-002" and f.risk}
    assert web.risk.score == declared["aws_iam_role.web"].score
    assert batch.risk.score == declared["aws_iam_role.batch"].score
    # Live hops name live identities: the Service, a workload, the ServiceAccount, the role ARN.
    kinds = [hop.kind for hop in web.risk.path]
    assert kinds[0] == "k8s.core.service" and kinds[-2:] == [
        "k8s.core.service_account",
        "aws.iam.role",
    ]
    assert web.risk.path[-1].address.startswith("arn:aws:iam::123456789012:role/web-admin")

    # The workloads: the same scores as in code, rule by rule, for the Deployments.
    def deployments(findings: tuple[Finding, ...]) -> dict[tuple[str, str], int]:
        return {
            (f.code, f.address.rsplit("/", 1)[-1]): f.risk.score
            for f in findings
            if f.risk is not None and f.kind == "k8s.apps.deployment"
        }

    assert deployments(live.findings) == deployments(code.findings)
    exposed = {f.address for f in live.findings if f.code == "K8S-PATH-001" and f.risk}
    assert exposed == {"apps/Deployment/shop/web"}


def test_the_live_graph_shows_both_service_account_to_role_edges(
    snapshots: list[Snapshot],
) -> None:
    document = json.loads(render(live_graph(snapshots), "json"))
    nodes = {n["id"]: n for n in document["nodes"]}
    edges = {
        (nodes[e["source"]]["address"], nodes[e["target"]]["address"])
        for e in document["edges"]
        if e["type"] == "assumes-role"
    }
    assert edges == {
        ("core/ServiceAccount/shop/web", "arn:aws:iam::123456789012:role/web-admin"),
        ("core/ServiceAccount/shop/batch", "arn:aws:iam::123456789012:role/batch-admin"),
    }
    assert not any(n.get("placeholder") for n in document["nodes"])


def test_the_graph_command_joins_two_snapshots(snapshots: list[Snapshot], tmp_path: Path) -> None:
    from iacgate.live.snapshot import dumps

    from ...conftest import run_cli

    files = []
    for index, snapshot in enumerate(snapshots):
        path = tmp_path / f"s{index}.json"
        path.write_text(dumps(snapshot), encoding="utf-8")
        files += ["--snapshot", str(path)]
    result = run_cli("graph", *files, "--format", "json", "--focus", "core/ServiceAccount/shop/web")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "arn:aws:iam::123456789012:role/web-admin" in {n["address"] for n in document["nodes"]}
