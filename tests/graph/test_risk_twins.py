"""The twins: two workloads whose ServiceAccounts assume two administrator roles, only one of
them exposed through a LoadBalancer Service (tests/fixtures/risk/twins). The graph shows both
ServiceAccount -> role edges, and the exposed role's findings score strictly higher."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from iacgate.api import graph as read_graph
from iacgate.api import scan
from iacgate.findings import Finding, FindingStatus
from iacgate.graph.export import render

from ..conftest import FIXTURES, REPO, run_cli

TWINS = FIXTURES / "risk" / "twins"
PATHS = (str(TWINS / "k8s"), str(TWINS / "terraform"))


def role_findings(findings: tuple[Finding, ...], code: str = "AWS-IAM-002") -> dict[str, Finding]:
    return {f.address: f for f in findings if f.code == code}


def test_the_exposed_administrator_role_scores_strictly_higher_than_its_twin() -> None:
    report = scan(PATHS, root=REPO)
    found = role_findings(report.findings)
    web, batch = found["aws_iam_role.web"], found["aws_iam_role.batch"]
    assert web.status is batch.status is FindingStatus.FAIL
    assert web.risk is not None and batch.risk is not None
    assert web.risk.score > batch.risk.score
    # Same severity and blast radius (both AdministratorAccess); exposure makes the difference.
    assert web.risk.severity == batch.risk.severity
    assert web.risk.blast_radius == batch.risk.blast_radius == 1.0
    assert (web.risk.exposure, batch.risk.exposure) == (1.0, 0.0)
    # The reasons name the path, hop by hop with file and line, and the permission.
    assert [hop.kind for hop in web.risk.path] == [
        "k8s.core.service",
        "k8s.apps.deployment",
        "k8s.core.service_account",
        "aws.iam.role",
    ]
    assert [hop.via for hop in web.risk.path] == [
        "internet",
        "selects",
        "uses-service-account",
        "assumes-role",
    ]
    assert web.risk.path[-1].file.endswith("terraform/main.tf") and web.risk.path[-1].line == 7
    assert web.risk.path[0].file.endswith("k8s/apps.yaml") and web.risk.path[0].line > 0
    assert any("AdministratorAccess" in r for r in web.risk.reasons)
    assert any("no path from the internet" in r for r in batch.risk.reasons)


def test_workload_findings_carry_their_service_accounts_cloud_permissions() -> None:
    report = scan(PATHS, root=REPO)
    by = {(f.code, f.address): f for f in report.findings if f.risk is not None}
    web = by[("K8S-003", "apps/Deployment/shop/web")].risk
    batch = by[("K8S-003", "apps/Deployment/shop/batch")].risk
    assert web is not None and batch is not None
    assert web.blast_radius == batch.blast_radius == 1.0
    assert web.score > batch.score


def test_every_failing_finding_has_a_risk_and_nothing_else_does() -> None:
    report = scan(PATHS, root=REPO)
    for finding in report.findings:
        assert (finding.risk is not None) == (finding.status is FindingStatus.FAIL)
        if finding.risk is not None:
            assert 0 <= finding.risk.score <= 100


def _edges(document: dict[str, object]) -> set[tuple[str, str, str]]:
    nodes = {n["id"]: n for n in document["nodes"]}  # type: ignore[attr-defined]
    return {
        (nodes[e["source"]]["address"], nodes[e["target"]]["address"], e["type"])
        for e in document["edges"]  # type: ignore[attr-defined]
    }


def test_the_graph_export_shows_both_service_account_to_role_edges() -> None:
    result = run_cli("graph", *PATHS, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    edges = _edges(document)
    assert ("core/ServiceAccount/shop/web", "aws_iam_role.web", "assumes-role") in edges
    assert ("core/ServiceAccount/shop/batch", "aws_iam_role.batch", "assumes-role") in edges
    assert ("internet", "core/Service/shop/web", "exposes") in edges
    assert all(set(n) >= {"id", "kind", "address", "file", "line"} for n in document["nodes"])
    assert not any(n.get("placeholder") for n in document["nodes"])


def test_a_role_outside_the_scan_is_a_placeholder_that_nothing_counts() -> None:
    graph = read_graph((PATHS[0],), root=REPO)
    placeholders = graph.placeholders()
    assert sorted(p.address for p in placeholders) == [
        "arn:aws:iam::123456789012:role/batch-admin",
        "arn:aws:iam::123456789012:role/web-admin",
    ]
    assert all(p not in graph and p not in graph.resources() for p in placeholders)
    assert len(graph) == len(graph.resources()) == 6
    assert not any(kind.startswith("external.") for kind in graph.kinds())
    report = scan((PATHS[0],), root=REPO)
    assert report.resources == 6
    # The workload's blast radius says the role's permissions are not known, not "none".
    web = next(
        f.risk for f in report.findings if f.address == "apps/Deployment/shop/web" and f.risk
    )
    assert web is not None and web.blast_radius == 0.4
    assert any("not in the scan" in r for r in web.reasons)
    document = json.loads(render(graph, "json"))
    assert [n["address"] for n in document["nodes"] if n.get("placeholder")] == sorted(
        p.address for p in placeholders
    )


def test_focus_keeps_the_neighbourhood_of_one_resource() -> None:
    graph = read_graph(PATHS, root=REPO)
    document = json.loads(render(graph, "json", focus="aws_iam_role.batch", radius=1))
    assert {n["address"] for n in document["nodes"]} == {
        "aws_iam_role.batch",
        "core/ServiceAccount/shop/batch",
    }
    wider = json.loads(render(graph, "json", focus="aws_iam_role.batch", radius=2))
    assert "apps/Deployment/shop/batch" in {n["address"] for n in wider["nodes"]}
    result = run_cli("graph", *PATHS, "--focus", "nothing.here")
    assert result.returncode == 2 and "nothing.here" in result.stderr


def test_graphml_reads_back_with_networkx() -> None:
    import networkx

    text = render(read_graph(PATHS, root=REPO), "graphml")
    ET.fromstring(text)  # well-formed
    graph = networkx.parse_graphml(text)
    web_sa = next(
        n for n, d in graph.nodes(data=True) if d["address"].endswith("ServiceAccount/shop/web")
    )
    targets = {
        graph.nodes[t]["address"]: d["type"] for _, t, d in graph.out_edges(web_sa, data=True)
    }
    assert targets == {"aws_iam_role.web": "assumes-role"}
    assert all(isinstance(d["line"], int) for _, d in graph.nodes(data=True))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_dot_renders_with_graphviz(tmp_path: Path) -> None:
    text = render(read_graph(PATHS, root=REPO), "dot")
    source = tmp_path / "graph.dot"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(["dot", "-Tsvg", str(source)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    svg = ET.fromstring(done.stdout)
    texts = "".join(svg.itertext())
    assert "aws_iam_role.web" in texts and "assumes-role" in texts


def test_hostile_names_cannot_break_out_of_dot_or_graphml(tmp_path: Path) -> None:
    manifest = tmp_path / "evil.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n"
        '  name: "a\\"];\\ninjected [x=\\"\\u0001"\n'
        "  namespace: ns\n  annotations:\n    eks.amazonaws.com/role-arn: "
        '"arn:aws:iam::1:role/x\\"}\\n<evil/>"\n',
        encoding="utf-8",
    )
    graph = read_graph((str(manifest),), root=tmp_path)
    assert graph.placeholders()
    graphml = render(graph, "graphml")
    parsed = ET.fromstring(graphml)
    assert not any(e.tag.endswith("evil") for e in parsed.iter())
    dot = render(graph, "dot")
    assert "\ninjected" not in dot
    if shutil.which("dot") is not None:
        source = tmp_path / "g.dot"
        source.write_text(dot, encoding="utf-8")
        done = subprocess.run(["dot", "-Tsvg", str(source)], capture_output=True, timeout=60)
        assert done.returncode == 0


def test_the_attack_path_rule_names_the_exposed_twin_only_and_ranks_first() -> None:
    report = scan(PATHS, root=REPO)
    paths = [f for f in report.findings if f.code == "K8S-PATH-001"]
    assert [(f.address, f.status) for f in paths] == [
        ("apps/Deployment/shop/web", FindingStatus.FAIL)
    ]
    message = paths[0].message
    # Every hop, with its file and line.
    for hop in ("core/Service/shop/web", "apps/Deployment/shop/web", "aws_iam_role.web"):
        assert hop in message
    assert "apps.yaml:64" in message and "main.tf:7" in message
    scores = sorted((f.risk.score for f in report.findings if f.risk), reverse=True)
    assert paths[0].risk is not None and paths[0].risk.score == scores[0] == 100
