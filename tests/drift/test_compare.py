"""The declared-tree comparison with Kubernetes semantics, on hand-written objects."""

from __future__ import annotations

from typing import Any

import pytest

from iacgate.driftcheck.compare import diff, index_path, keyed_path, value_at
from iacgate.driftcheck.kubernetes import KubernetesSemantics, parse_quantity
from iacgate.driftcheck.model import ABSENT
from iacgate.driftcheck.paths import format_drift_path
from iacgate.model.sensitive import REDACTED
from iacgate.model.unknown import Unknown

K8S = KubernetesSemantics()
DEPLOYMENT = "k8s.apps.deployment"


def pod(*containers: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"template": {"spec": {"containers": list(containers), **spec}}},
    }


def shown(declared: dict[str, Any], live: dict[str, Any], kind: str = DEPLOYMENT) -> dict[str, Any]:
    return {
        format_drift_path(c.path): (c.declared, c.live) for c in diff(kind, declared, live, K8S)
    }


C = "spec.template.spec.containers"


def test_only_declared_fields_are_compared() -> None:
    declared = pod({"name": "web", "image": "web:1"})
    live = pod(
        {"name": "web", "image": "web:1", "imagePullPolicy": "IfNotPresent", "resources": {}},
        dnsPolicy="ClusterFirst",
    )
    live["status"] = {"replicas": 1}
    live["metadata"].update(uid="u-1", resourceVersion="9", generation=4, creationTimestamp="t")
    assert shown(declared, live) == {}


def test_containers_match_by_name_not_position() -> None:
    declared = pod({"name": "web", "image": "web:1"}, {"name": "proxy", "image": "envoy:1"})
    live = pod({"name": "proxy", "image": "envoy:2"}, {"name": "web", "image": "web:1"})
    assert shown(declared, live) == {f"{C}[name=proxy].image": ("envoy:1", "envoy:2")}


def test_items_added_and_removed_live() -> None:
    declared = pod(
        {"name": "web", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}
    )
    live = pod({"name": "web", "env": [{"name": "B", "value": "2"}, {"name": "C", "value": "3"}]})
    assert shown(declared, live) == {
        f"{C}[name=web].env[name=A]": ({"name": "A", "value": "1"}, ABSENT),
        f"{C}[name=web].env[name=C]": (ABSENT, {"name": "C", "value": "3"}),
    }


def test_container_ports_key_defaults_protocol_to_tcp() -> None:
    declared = pod(
        {"name": "web", "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}]}
    )
    live = pod(
        {
            "name": "web",
            "ports": [
                {"containerPort": 53, "protocol": "UDP"},
                {"containerPort": 80, "protocol": "TCP", "hostPort": 8080},
            ],
        }
    )
    assert shown(declared, live) == {}
    live["spec"]["template"]["spec"]["containers"][0]["ports"].pop(0)
    assert shown(declared, live) == {
        f"{C}[name=web].ports[containerPort=53,protocol=UDP]": (
            {"containerPort": 53, "protocol": "UDP"},
            ABSENT,
        )
    }


def test_service_ports_key_by_port() -> None:
    declared = {"kind": "Service", "spec": {"ports": [{"port": 80, "targetPort": 8080}]}}
    live = {
        "kind": "Service",
        "spec": {"ports": [{"port": 80, "targetPort": 9090, "protocol": "TCP"}]},
    }
    assert shown(declared, live, "k8s.core.service") == {
        "spec.ports[port=80].targetPort": (8080, 9090)
    }


@pytest.mark.parametrize(
    ("declared", "live"),
    [(0.5, "500m"), ("1", 1), ("1Gi", "1024Mi"), ("1e3", "1k"), ("0.1", "100m"), (2, "2000m")],
)
def test_quantities_compare_by_value(declared: Any, live: Any) -> None:
    d = pod({"name": "web", "resources": {"limits": {"cpu": declared}}})
    v = pod({"name": "web", "resources": {"limits": {"cpu": live}}})
    assert shown(d, v) == {}


def test_quantities_that_differ() -> None:
    d = pod({"name": "web", "resources": {"requests": {"memory": "128Mi"}}})
    v = pod({"name": "web", "resources": {"requests": {"memory": "128M"}}})
    assert shown(d, v) == {f"{C}[name=web].resources.requests.memory": ("128Mi", "128M")}
    assert parse_quantity("12x") is None and parse_quantity(True) is None


def test_numbers_elsewhere_are_not_quantities() -> None:
    d = {"kind": "ConfigMap", "data": {"ttl": "1"}}
    v = {"kind": "ConfigMap", "data": {"ttl": "1.0"}}
    assert shown(d, v, "k8s.core.config_map") == {"data.ttl": ("1", "1.0")}


def test_zero_values_equal_absent_ones() -> None:
    declared = pod(
        {"name": "web", "securityContext": {"privileged": False}, "args": [], "env": None},
        hostNetwork=False,
    )
    assert shown(declared, pod({"name": "web"})) == {}
    declared["spec"]["replicas"] = 0
    assert shown(declared, pod({"name": "web"})) == {}


def test_booleans_are_not_numbers() -> None:
    d = {"kind": "X", "spec": {"flag": True}}
    assert shown(d, {"kind": "X", "spec": {"flag": 1}}, "k8s.x.x") == {"spec.flag": (True, 1)}


def test_scalar_lists_compare_whole() -> None:
    d = pod({"name": "web", "args": ["--a", "--b"]})
    v = pod({"name": "web", "args": ["--b", "--a"]})
    assert shown(d, v) == {f"{C}[name=web].args": (["--a", "--b"], ["--b", "--a"])}


def test_unkeyed_lists_compare_by_position() -> None:
    d = {"kind": "Role", "rules": [{"verbs": ["get"], "resources": ["pods"]}]}
    v = {
        "kind": "Role",
        "rules": [{"verbs": ["get"], "resources": ["pods"], "apiGroups": [""]}, {"verbs": ["*"]}],
    }
    assert shown(d, v, "k8s.rbac.role") == {"rules[1]": (ABSENT, {"verbs": ["*"]})}


def test_injected_items_are_not_drift() -> None:
    declared = pod(
        {"name": "web", "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}]},
        volumes=[{"name": "tmp", "emptyDir": {}}],
        tolerations=[{"key": "gpu", "operator": "Exists"}],
    )
    live = pod(
        {
            "name": "web",
            "volumeMounts": [
                {"name": "tmp", "mountPath": "/tmp"},
                {
                    "name": "kube-api-access-x1",
                    "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                    "readOnly": True,
                },
            ],
        },
        volumes=[{"name": "tmp", "emptyDir": {}}, {"name": "kube-api-access-x1", "projected": {}}],
        tolerations=[
            {"key": "gpu", "operator": "Exists"},
            {
                "key": "node.kubernetes.io/not-ready",
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": 300,
            },
        ],
    )
    assert shown(declared, live) == {}


def test_ignored_paths() -> None:
    declared = {
        "apiVersion": "extensions/v1beta1",
        "kind": "Deployment",
        "status": {"replicas": 9},
        "metadata": {
            "name": "web",
            "uid": "old",
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "team": "a"},
        },
        "spec": {"template": {"metadata": {"creationTimestamp": None}}},
    }
    live = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "uid": "new", "annotations": {"team": "b"}},
        "spec": {"template": {"metadata": {"creationTimestamp": "2024-01-01T00:00:00Z"}}},
    }
    assert shown(declared, live) == {"metadata.annotations.team": ("a", "b")}


def test_annotation_keys_are_quoted_in_paths() -> None:
    d = {"kind": "X", "metadata": {"annotations": {"example.com/owner": "a"}}}
    v = {"kind": "X", "metadata": {"annotations": {"example.com/owner": "b"}}}
    assert list(shown(d, v, "k8s.x.x")) == ['metadata.annotations["example.com/owner"]']


def test_secret_values_are_redacted_and_secret_data_never_compared() -> None:
    d = pod(
        {
            "name": "web",
            "env": [{"name": "DB_PASSWORD", "value": "old"}, {"name": "LOG", "value": "1"}],
        }
    )
    v = pod(
        {
            "name": "web",
            "env": [{"name": "DB_PASSWORD", "value": "new"}, {"name": "LOG", "value": "2"}],
        }
    )
    changes = diff(DEPLOYMENT, d, v, K8S)
    assert [(c.declared, c.live, c.sensitive) for c in changes] == [
        (REDACTED, REDACTED, True),
        ("1", "2", False),
    ]
    secret = {
        "kind": "Secret",
        "metadata": {"name": "s"},
        "data": {"k": "dmFsdWU="},
        "type": "Opaque",
    }
    assert shown(secret, {"kind": "Secret", "metadata": {"name": "s"}}, "k8s.core.secret") == {}


def test_redacted_snapshot_values_are_not_compared() -> None:
    d = pod({"name": "web", "env": [{"name": "API_TOKEN", "value": "declared"}]})
    v = pod({"name": "web", "env": [{"name": "API_TOKEN", "value": REDACTED}]})
    assert shown(d, v) == {}


def test_unknown_values_are_not_compared() -> None:
    d = pod({"name": "web", "image": Unknown("var.image")})
    assert shown(d, pod({"name": "web", "image": "x"})) == {}


def test_keyed_paths_round_trip() -> None:
    attributes = pod({"name": "a"}, {"name": "web", "securityContext": {"privileged": True}})
    path = ("spec", "template", "spec", "containers", 1, "securityContext", "privileged")
    keyed = keyed_path(DEPLOYMENT, attributes, path, K8S)
    assert format_drift_path(keyed) == f"{C}[name=web].securityContext.privileged"
    assert value_at(attributes, keyed, K8S, DEPLOYMENT) is True
    assert index_path(attributes, keyed, K8S, DEPLOYMENT) == path
    other = pod({"name": "web"})
    assert value_at(other, keyed, K8S, DEPLOYMENT) is ABSENT
    # Where the value would be declared: the deepest part that exists.
    assert index_path(other, keyed, K8S, DEPLOYMENT) == (
        "spec",
        "template",
        "spec",
        "containers",
        0,
    )
