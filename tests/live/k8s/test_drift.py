"""Drift of the shop manifests against the fake cluster, read through the real client."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from iacgate.driftcheck import run
from iacgate.driftcheck.model import ABSENT, DriftItem, DriftReport, DriftStatus
from iacgate.live.k8s.collect import CollectOptions
from iacgate.live.k8s.connection import Connection
from iacgate.live.snapshot import dumps, loads
from iacgate.model.sensitive import REDACTED
from iacgate.pipeline import collect_k8s as collect
from iacgate.reporters.drift import render_json
from iacgate.rules.packs import load_rules

from ...conftest import REPO
from .cluster import FakeCluster
from .conftest import SHOP
from .server import ApiServer

RULES = load_rules()
DECLARED_COUNT = 13  # objects in tests/fixtures/live/k8s/shop


def drift_of(
    connection: Connection,
    paths: Sequence[Path] = (SHOP,),
    namespace: str = "shop",
    all_namespaces: bool = False,
) -> DriftReport:
    """What ``iacgate drift --declared PATHS --live k8s`` computes."""
    declared = run.read_declared_k8s([str(p) for p in paths], REPO, namespace)
    assert not declared.errors
    plan = run.k8s_collect_options(declared, all_namespaces=all_namespaces)
    return run.drift(declared, collect(connection, plan), RULES)


def summary(report: DriftReport) -> set[tuple[str, str]]:
    return {(item.status.value, item.address) for item in report.items}


def changes(item: DriftItem) -> dict[str, tuple[Any, Any]]:
    return {c.display_path: (c.declared, c.live) for c in item.changes}


def item(report: DriftReport, address: str) -> DriftItem:
    return next(i for i in report.items if i.address == address)


@pytest.mark.parametrize("all_namespaces", [False, True])
def test_matching_manifests_have_zero_drift(connection: Connection, all_namespaces: bool) -> None:
    report = drift_of(connection, all_namespaces=all_namespaces)
    assert report.items == ()
    assert report.unverified == ()
    assert report.declared == report.in_sync == DECLARED_COUNT
    assert not report.drifted and not report.incomplete
    assert report.warnings == ()


def test_objects_kubernetes_makes_are_never_unmanaged(
    connection: Connection, cluster: FakeCluster
) -> None:
    # The namespace does hold what controllers and admission made: owned ReplicaSets, Pods, a
    # Job and its Pod (transitively owned by the CronJob), the default ServiceAccount, its
    # token Secret and kube-root-ca.crt ...
    names = {
        (o["kind"], o["metadata"]["name"])
        for o in cluster.all_objects()
        if o["metadata"].get("namespace") == "shop"
    }
    kinds = {kind for kind, _ in names}
    assert {"ReplicaSet", "Pod", "Job", "Endpoints", "EndpointSlice"} <= kinds
    assert ("ServiceAccount", "default") in names and ("ConfigMap", "kube-root-ca.crt") in names
    assert any(k == "Secret" and n.startswith("default-token-") for k, n in names)
    # ... and none of it is unmanaged.
    assert drift_of(connection).count(DriftStatus.UNMANAGED) == 0


def test_edited_deleted_and_created_objects(connection: Connection, cluster: FakeCluster) -> None:
    def scale(obj: dict[str, Any]) -> None:
        obj["spec"]["replicas"] = 3

    cluster.edit("Deployment", "web", "shop", scale)
    cluster.edit("ConfigMap", "web-config", "shop", lambda o: o["data"].update(CACHE_TTL="60"))
    cluster.edit("Role", "config-reader", "shop", lambda o: o["rules"][0]["verbs"].append("delete"))
    cluster.edit(
        "Service",
        "web",
        "shop",
        lambda o: o["spec"]["ports"].append(
            {"name": "debug", "port": 9000, "protocol": "TCP", "targetPort": 9000}
        ),
    )
    cluster.delete("NetworkPolicy", "web-ingress", "shop")
    cluster.delete("ClusterRoleBinding", "shop-auditor")
    cluster.create(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "debug", "namespace": "shop"},
            "data": {"verbose": "true"},
        }
    )
    cluster.create(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "adhoc", "namespace": "shop"},
            "spec": {
                "selector": {"matchLabels": {"run": "adhoc"}},
                "template": {
                    "metadata": {"labels": {"run": "adhoc"}},
                    "spec": {"containers": [{"name": "adhoc", "image": "busybox:1.36"}]},
                },
            },
        }
    )
    # Hand-made objects elsewhere are none of these manifests' business.
    cluster.create(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "other", "namespace": "default"},
        }
    )
    report = drift_of(connection)
    assert summary(report) == {
        ("changed", "apps/Deployment/shop/web"),
        ("changed", "core/ConfigMap/shop/web-config"),
        ("changed", "rbac.authorization.k8s.io/Role/shop/config-reader"),
        ("changed", "core/Service/shop/web"),
        ("missing", "networking.k8s.io/NetworkPolicy/shop/web-ingress"),
        # Without its NetworkPolicy the namespace now fails a rule: security drift on an object
        # whose own attributes did not change.
        ("changed", "core/Namespace/shop"),
        ("missing", "rbac.authorization.k8s.io/ClusterRoleBinding/shop-auditor"),
        ("unmanaged", "core/ConfigMap/shop/debug"),
        ("unmanaged", "apps/Deployment/shop/adhoc"),  # not its ReplicaSet, not its Pod
    }
    assert changes(item(report, "apps/Deployment/shop/web")) == {"spec.replicas": (2, 3)}
    assert changes(item(report, "core/ConfigMap/shop/web-config")) == {
        "data.CACHE_TTL": ("300", "60")
    }
    assert changes(item(report, "rbac.authorization.k8s.io/Role/shop/config-reader")) == {
        "rules[0].verbs": (["get", "list", "watch"], ["get", "list", "watch", "delete"])
    }
    assert changes(item(report, "core/Service/shop/web")) == {
        "spec.ports[port=9000]": (
            ABSENT,
            {"name": "debug", "port": 9000, "protocol": "TCP", "targetPort": 9000},
        )
    }
    web = item(report, "apps/Deployment/shop/web")
    assert not web.security and web.file == "tests/fixtures/live/k8s/shop/web.yaml"
    assert web.line == 2 and web.changes[0].line == 10
    missing = item(report, "networking.k8s.io/NetworkPolicy/shop/web-ingress")
    assert missing.file == "tests/fixtures/live/k8s/shop/config.yaml" and missing.line == 19
    namespace = item(report, "core/Namespace/shop")
    assert namespace.security and namespace.changes == () and namespace.rules
    adhoc = item(report, "apps/Deployment/shop/adhoc")
    assert adhoc.security and "K8S-003" in adhoc.rules  # unmanaged and failing rules
    assert report.drifted
    counts = {k.kind: k for k in report.by_kind}
    assert counts["k8s.core.config_map"].managed == 1
    assert counts["k8s.core.config_map"].unmanaged == 1
    assert counts["k8s.core.config_map"].iac_coverage == 0.5


def test_privileged_by_hand_is_security_drift_ranked_first(
    connection: Connection, cluster: FakeCluster
) -> None:
    def privileged(obj: dict[str, Any]) -> None:
        container = obj["spec"]["template"]["spec"]["containers"][0]
        container["securityContext"]["privileged"] = True

    cluster.edit("ConfigMap", "web-config", "shop", lambda o: o["data"].update(CACHE_TTL="1"))
    cluster.delete("Ingress", "web", "shop")
    cluster.edit("Deployment", "web", "shop", privileged)
    report = drift_of(connection)
    first = report.items[0]
    assert first.address == "apps/Deployment/shop/web"
    assert first.status is DriftStatus.CHANGED
    assert first.security and first.rules == ("K8S-001",)
    path = "spec.template.spec.containers[name=web].securityContext.privileged"
    # The manifest never set the field; the flipped rule names it.
    assert changes(first) == {path: (ABSENT, True)}
    assert first.changes[0].line == 46  # the container's securityContext block
    assert [i.security for i in report.items] == [True, False, False]
    data = json.loads(render_json(report, True))
    top = data["items"][0]
    assert (top["security"], top["rules"], top["status"]) == (True, ["K8S-001"], "changed")
    assert top["changes"] == [
        {"path": path, "declared": None, "live": True, "sensitive": False, "line": 46}
    ]


def test_declared_field_flipped_by_hand(connection: Connection, cluster: FakeCluster) -> None:
    def escalate(obj: dict[str, Any]) -> None:
        spec = obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        spec["containers"][0]["securityContext"]["allowPrivilegeEscalation"] = True

    cluster.edit("CronJob", "report", "shop", escalate)
    report = drift_of(connection)
    only = report.items[0]
    assert summary(report) == {("changed", "batch/CronJob/shop/report")}
    assert only.rules == ("K8S-003",)
    assert changes(only) == {
        "spec.jobTemplate.spec.template.spec.containers[name=report].securityContext"
        ".allowPrivilegeEscalation": (False, True)
    }


def test_sensitive_values_are_redacted(connection: Connection, cluster: FakeCluster) -> None:
    def rotate(obj: dict[str, Any]) -> None:
        env = obj["spec"]["template"]["spec"]["containers"][0]["env"]
        env[1]["value"] = "tok-rotated-by-hand"
        env.append({"name": "ADMIN_PASSWORD", "value": "hunter2-by-hand"})

    cluster.edit("Deployment", "web", "shop", rotate)
    report = drift_of(connection)
    web = item(report, "apps/Deployment/shop/web")
    token = "spec.template.spec.containers[name=web].env[name=API_TOKEN].value"
    added = "spec.template.spec.containers[name=web].env[name=ADMIN_PASSWORD]"
    assert changes(web)[token] == (REDACTED, REDACTED)
    assert changes(web)[added] == (ABSENT, {"name": "ADMIN_PASSWORD", "value": REDACTED})
    # K8S-013 already failed on the declaration (API_TOKEN is a literal there): a verdict that
    # stays "fail" is no flip, even where it now fails twice.
    assert "K8S-013" not in web.rules
    text = render_json(report, True)
    for secret in ("tok-rotated-by-hand", "hunter2-by-hand", "tok-9f8e7d6c-literal"):
        assert secret not in text


def test_unreadable_kind_leaves_declarations_unverified(
    connection: Connection, server: ApiServer, cluster: FakeCluster
) -> None:
    server.forbid("secrets", "shop")
    cluster.delete("ConfigMap", "web-config", "shop")
    report = drift_of(connection)
    assert summary(report) == {("missing", "core/ConfigMap/shop/web-config")}
    assert [(u.address, u.file) for u in report.unverified] == [
        ("core/Secret/shop/web-db", "tests/fixtures/live/k8s/shop/config.yaml")
    ]
    assert "denied" in report.unverified[0].reason
    assert report.incomplete


def test_snapshot_gives_the_same_drift_as_live(
    connection: Connection, cluster: FakeCluster, tmp_path: Path
) -> None:
    cluster.edit("ConfigMap", "web-config", "shop", lambda o: o["data"].update(CACHE_TTL="5"))
    cluster.edit(
        "Deployment",
        "web",
        "shop",
        lambda o: o["spec"]["template"]["spec"]["containers"][0]["securityContext"].update(
            privileged=True
        ),
    )
    cluster.delete("Service", "web", "shop")
    declared = run.read_declared_k8s([str(SHOP)], REPO, "shop")
    snapshot = collect(connection, CollectOptions(namespaces=("shop",)))
    reloaded = loads(dumps(snapshot))
    assert dumps(reloaded) == dumps(snapshot)
    live = json.loads(render_json(run.drift(declared, snapshot, RULES), True))
    again = json.loads(render_json(run.drift(declared, reloaded, RULES), True))
    assert live["items"] and live["items"] == again["items"]
    assert live["summary"] == again["summary"]


def test_manifests_without_namespace_go_to_the_default_namespace(
    connection: Connection, tmp_path: Path
) -> None:
    text = (SHOP / "config.yaml").read_text().replace("  namespace: shop\n", "")
    (tmp_path / "config.yaml").write_text(text)
    report = drift_of(connection, [tmp_path], namespace="shop")
    assert not report.drifted and report.declared == report.in_sync == 3
    # The rest of the namespace is now declared nowhere.
    assert ("unmanaged", "apps/Deployment/shop/web") in summary(report)
    elsewhere = drift_of(connection, [tmp_path], namespace="default")
    assert {a for s, a in summary(elsewhere) if s != "unmanaged"} == {
        "core/ConfigMap/default/web-config",
        "core/Secret/default/web-db",
        "networking.k8s.io/NetworkPolicy/default/web-ingress",
    }


def test_json_report_follows_its_schema(
    connection: Connection, cluster: FakeCluster, server: ApiServer
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    server.forbid("secrets")
    cluster.edit("Deployment", "web", "shop", lambda o: o["spec"].update(replicas=5))
    cluster.delete("Ingress", "web", "shop")
    cluster.create(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "shop"}}
    )
    report = json.loads(render_json(drift_of(connection), True))
    jsonschema.validate(report, schema)
    assert {i["status"] for i in report["items"]} == {"changed", "missing", "unmanaged"}
    assert report["coverage"]["gaps"] and report["coverage"]["unverified"]
