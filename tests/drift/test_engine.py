"""The drift engine on hand-built snapshots: classification, ownership, coverage, ranking."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from iacgate.api import build_graph
from iacgate.driftcheck.engine import detect
from iacgate.driftcheck.kubernetes import KubernetesProfile
from iacgate.driftcheck.model import DriftReport, DriftStatus
from iacgate.live.coverage import EVERYWHERE, Coverage, CoverageEntry, CoverageStatus
from iacgate.live.k8s.collect import SOURCE
from iacgate.live.snapshot import Snapshot
from iacgate.normalize.kubernetes import to_resource
from iacgate.pipeline import load_text
from iacgate.rules import Context, Severity, fail, rule
from iacgate.rules.packs import load_rules

MANIFESTS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: shop}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: shop}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [a.yaml]
"""


def declared_graph(text: str = MANIFESTS):  # type: ignore[no-untyped-def]
    return build_graph([load_text(text, "m.yaml")])


def live(*objects: dict[str, Any]) -> Snapshot:
    resources = []
    for body in objects:
        resource = to_resource(body, scope="k8s:t", source=SOURCE, file=None)
        uid = body["metadata"].get("uid")
        resources.append(resource if uid is None else replace(resource, physical_id=uid))
    kinds = {r.kind for r in resources} | {"k8s.core.config_map", "k8s.apps.deployment"}
    coverage = Coverage.of(CoverageEntry(k, EVERYWHERE, CoverageStatus.COMPLETE) for k in kinds)
    return Snapshot("k8s", "k8s:t", "2024-05-01T00:00:00Z", coverage, tuple(resources))


def obj(
    kind: str, name: str, namespace: str | None = "shop", api: str = "v1", **extra: Any
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, **extra.pop("metadata", {})}
    if namespace:
        metadata["namespace"] = namespace
    return {"apiVersion": api, "kind": kind, "metadata": metadata, **extra}


APP = obj("ConfigMap", "app", data={"a": "1"})
WEB = obj(
    "Deployment",
    "web",
    api="apps/v1",
    metadata={"uid": "dep-1"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "web:1"}]},
        },
    },
)


def drift(snapshot: Snapshot, rules: Any = None, text: str = MANIFESTS) -> DriftReport:
    return detect(
        declared_graph(text),
        snapshot,
        KubernetesProfile(),
        load_rules() if rules is None else rules,
    )


def statuses(report: DriftReport) -> set[tuple[str, str]]:
    return {(i.status.value, i.address) for i in report.items}


def test_kubernetes_made_objects_are_not_unmanaged() -> None:
    owned = {
        "ownerReferences": [
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": "web",
                "uid": "dep-1",
                "controller": True,
            }
        ]
    }
    rs = obj("ReplicaSet", "web-5d8f", api="apps/v1", metadata={"uid": "rs-1", **owned})
    pod = obj(
        "Pod",
        "web-5d8f-x",
        metadata={
            "ownerReferences": [
                {"kind": "ReplicaSet", "name": "web-5d8f", "uid": "rs-1", "controller": True}
            ]
        },
    )
    report = drift(
        live(
            APP,
            WEB,
            rs,
            pod,
            obj("ServiceAccount", "default"),
            obj("ConfigMap", "kube-root-ca.crt"),
            obj("Endpoints", "web"),
            obj("EndpointSlice", "web-abc", api="discovery.k8s.io/v1"),
            obj(
                "Event",
                "web.17a",
            ),
            obj("Event", "web.17b", api="events.k8s.io/v1"),
            obj(
                "Secret",
                "default-token-x",
                metadata={"annotations": {"kubernetes.io/service-account.name": "default"}},
            ),
            obj("Secret", "bot-token", type="kubernetes.io/service-account-token"),
            obj("Secret", "sh.helm.release.v1.web.v1", metadata={"labels": {"owner": "helm"}}),
            obj("ConfigMap", "elsewhere", namespace="other"),
            obj("ClusterRole", "hand-made", namespace=None, api="rbac.authorization.k8s.io/v1"),
            obj("ConfigMap", "hand-made"),
        )
    )
    assert statuses(report) == {("unmanaged", "core/ConfigMap/shop/hand-made")}


def test_uncollected_kinds_are_unverified_not_missing() -> None:
    report = drift(live(APP, WEB))
    assert report.items == ()
    assert [(u.address, u.reason) for u in report.unverified] == [
        ("example.com/Widget/shop/w", "kind not collected from the live scope")
    ]
    assert report.declared == 3  # the kustomization is no cluster object


def test_partial_coverage_missing_only_where_read() -> None:
    snapshot = live(WEB)
    entries = [e for e in snapshot.coverage.entries if e.kind != "k8s.core.config_map"]
    entries.append(
        CoverageEntry("k8s.core.config_map", "shop", CoverageStatus.THROTTLED, detail="429")
    )
    partial = Snapshot("k8s", "k8s:t", "now", Coverage.of(entries), snapshot.resources)
    report = drift(partial)
    assert statuses(report) == set()
    assert [u.address for u in report.unverified] == [
        "core/ConfigMap/shop/app",
        "example.com/Widget/shop/w",
    ]
    assert "throttled: 429" in report.unverified[0].reason


def test_duplicate_declarations_are_warned() -> None:
    text = (
        MANIFESTS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\n"
    )
    graph = build_graph([load_text(text, "m.yaml")])
    report = detect(graph, live(APP, WEB), KubernetesProfile(), [])
    assert any("declared twice" in w for w in report.warnings)


def test_ranking_security_first_then_missing_changed_unmanaged() -> None:
    changed = obj("ConfigMap", "app", data={"a": "2"})
    hand = obj("ConfigMap", "zz-hand")
    privileged = {
        **WEB,
        "spec": {
            **WEB["spec"],
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {"name": "web", "image": "web:1", "securityContext": {"privileged": True}}
                    ]
                },
            },
        },
    }
    report = drift(
        live(
            changed,
            hand,
            privileged,
            obj(
                "Pod",
                "adhoc",
                spec={"hostPID": True, "containers": [{"name": "x", "image": "x:1"}]},
            ),
        )
    )
    assert [(i.status, i.address, i.rules[:1]) for i in report.items] == [
        (DriftStatus.CHANGED, "apps/Deployment/shop/web", ("K8S-001",)),
        (DriftStatus.UNMANAGED, "core/Pod/shop/adhoc", ("K8S-002",)),
        (DriftStatus.CHANGED, "core/ConfigMap/shop/app", ()),
        (DriftStatus.UNMANAGED, "core/ConfigMap/shop/zz-hand", ()),
    ]


def test_crashing_rules_are_warnings_not_flips() -> None:
    @rule(code="TEST-001", name="crashes", kind="k8s.core.config_map", severity=Severity.HIGH)
    def crashes(resource: Any, ctx: Context) -> Any:
        """Crashes live only.

        What it checks
            Nothing.
        Why it matters
            Nothing.
        How to fix
            Nothing.
        """
        if resource.source == SOURCE:
            raise RuntimeError("boom")
        return fail("declared side fails")

    report = drift(live(APP, WEB), rules=[crashes])
    assert report.items == ()
    assert report.warnings == (
        "rule TEST-001 crashed on core/ConfigMap/shop/app: RuntimeError: boom",
    )


def test_manifest_only_object_lists() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- " + yaml.safe_dump(APP).replace("\n", "\n  ")
    report = drift(live(APP), text=text)
    assert report.items == () and report.in_sync == 1
