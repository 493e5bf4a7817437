"""The control-plane flag reader: how components are found and their flags read."""

from __future__ import annotations

from typing import Any

import pytest

from iacgate.model.resource import Resource
from policy_packs.k8s_core import _flags


def _pod(**container: Any) -> Resource:
    spec = {"name": "c", **container}
    return Resource(
        kind="k8s.core.pod",
        address="core/Pod/kube-system/p",
        scope="test",
        attributes={"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [spec]}},
        source="test",
    )


def _only(resource: Resource) -> _flags.Invocation:
    (found,) = _flags.invocations(resource)
    return found


def test_flag_forms_and_precedence() -> None:
    inv = _only(
        _pod(
            command=["/usr/local/bin/kube-apiserver", "--profiling", "positional"],
            args=[
                "--etcd-servers",
                "https://a:2379",
                "--enable-admission-plugins=NodeRestriction",
                "--enable-admission-plugins=AlwaysPullImages,EventRateLimit",
                "--anonymous-auth=true",
                "--anonymous-auth=false",
                "--audit-log-path=",
            ],
        )
    )
    assert inv.component == "kube-apiserver"
    profiling = inv.last("profiling")
    # A bare boolean flag is true and does not swallow the next token.
    assert profiling is not None and profiling.text == "true"
    assert profiling.path == ("spec", "containers", 0, "command", 1)
    servers = inv.last("etcd-servers")
    assert servers is not None and servers.value == "https://a:2379"
    assert servers.path == ("spec", "containers", 0, "args", 1)  # where the value is written
    assert inv.items("enable-admission-plugins")[0] == [
        "NodeRestriction",
        "AlwaysPullImages",
        "EventRateLimit",
    ]
    assert _flags.boolean(inv, "anonymous-auth", True)[0] is False  # the last one wins
    assert inv.command_path == ("spec", "containers", 0, "command")
    assert list(_flags.require_set(inv, "audit-log-path"))  # empty counts as unset


def test_shell_wrapper_is_tokenized_not_run() -> None:
    inv = _only(
        _pod(
            command=["/bin/sh", "-ec"],
            args=["exec etcd --name=m1 --client-cert-auth --data-dir '/var/lib/my etcd'  # note"],
        )
    )
    assert inv.component == "etcd" and inv.problem is None
    data = inv.last("data-dir")
    assert data is not None and data.value == "/var/lib/my etcd"
    assert _flags.boolean(inv, "client-cert-auth", False)[0] is True


def test_unparseable_shell_line_makes_flags_unknown() -> None:
    inv = _only(_pod(command=["sh", "-c", "kube-apiserver --anonymous-auth='false"]))
    assert inv.problem and "does not tokenize" in inv.problem
    verdict = _flags.require_boolean(inv, "anonymous-auth", True, False, "why")
    assert verdict is not None and verdict.status.value == "unknown"


def test_etcd_go_style_flags_and_environment() -> None:
    inv = _only(
        _pod(
            command=["etcd", "-name", "m1", "-client-cert-auth=true"],
            env=[
                {"name": "ETCD_CLIENT_CERT_AUTH", "value": "false"},  # the flag wins
                {"name": "ETCD_AUTO_TLS", "value": "true"},
                {"name": "ETCD_PEER_AUTO_TLS", "valueFrom": {"secretKeyRef": {"name": "s"}}},
                {"name": "OTHER", "value": "x"},
            ],
        )
    )
    assert _flags.boolean(inv, "client-cert-auth", False)[0] is True
    auto = inv.last("auto-tls")
    assert auto is not None and auto.text == "true"
    assert auto.path == ("spec", "containers", 0, "env", 1, "value")
    peer = inv.last("peer-auto-tls")
    assert peer is not None and peer.unresolved
    assert inv.last("other") is None


def test_environment_substitution_is_unknown() -> None:
    inv = _only(_pod(command=["kube-scheduler", "--profiling=$(PROFILING)"]))
    verdict = _flags.unread(inv, "profiling")
    assert verdict is not None and verdict.status.value == "unknown"


@pytest.mark.parametrize(
    ("container", "component"),
    [
        ({"image": "registry.k8s.io/kube-scheduler:v1.30.2", "args": ["--v=2"]}, "kube-scheduler"),
        ({"image": "bitnami/etcd:3.5.12", "env": [{"name": "ETCD_NAME", "value": "m"}]}, "etcd"),
        ({"command": ["tini", "--", "kube-controller-manager"]}, "kube-controller-manager"),
        ({"command": ["etcdctl", "snapshot", "save", "/backup/db"]}, None),
        ({"command": ["/bin/kube-apiserver-proxy", "--port=6443"]}, None),
        ({"image": "registry.k8s.io/etcd:3.5.12-0", "command": ["/bin/sh"]}, None),
        ({"image": "nginx:1.27.2"}, None),
    ],
)
def test_which_containers_run_a_component(container: dict[str, Any], component: str | None) -> None:
    found = [inv.component for inv in _flags.invocations(_pod(**container))]
    assert found == ([component] if component else [])


def test_image_tag_version() -> None:
    inv = _only(_pod(image="k8s.gcr.io/kube-apiserver:v1.19.16", command=["kube-apiserver"]))
    assert _flags.minor_version(inv) == 19
    inv = _only(_pod(image="example.com/kube-apiserver@sha256:abc", command=["kube-apiserver"]))
    assert _flags.minor_version(inv) is None
