"""The collector against a loopback API server: kinds, pagination, retries, coverage, secrets."""

from __future__ import annotations

import base64
import json
import shutil
import ssl
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

from iacgate.live.coverage import EVERYWHERE, CoverageStatus
from iacgate.live.errors import CollectionFailed, LiveConfigError
from iacgate.live.k8s import connection as connection_module
from iacgate.live.k8s.collect import CollectOptions
from iacgate.live.k8s.connection import MAX_ATTEMPTS, Connection, Target, connect
from iacgate.live.k8s.kinds import API_KINDS, METADATA_ONLY_ACCEPT
from iacgate.live.snapshot import dumps
from iacgate.model.resource import Resource
from iacgate.model.sensitive import LAST_APPLIED
from iacgate.pipeline import collect_k8s as collect

from .cluster import APIS, FakeCluster
from .server import ApiServer, write_kubeconfig

SECRET_VALUES = ("pw-7c1b2e-very-secret", "token-of-shop", "tok-9f8e7d6c-literal")


def _stored(cluster: FakeCluster, kind: str, namespace: str | None = None) -> list[str]:
    api = APIS[kind]
    return sorted(
        f"{o['metadata'].get('namespace', '')}/{o['metadata']['name']}"
        for o in cluster.items(api.group, api.resource, namespace)
    )


def _collected(resources: Iterable[Resource], kind: str) -> list[str]:
    namespaced = APIS[kind].namespaced
    return sorted(
        f"{r.attributes['metadata'].get('namespace', '') if namespaced else ''}/"
        f"{r.attributes['metadata']['name']}"
        for r in resources
        if r.attributes["kind"] == kind
    )


def test_every_kind_is_collected_as_stored(connection: Connection, cluster: FakeCluster) -> None:
    snapshot = collect(connection)
    assert snapshot.scope == "k8s:test"
    assert {e.kind for e in snapshot.coverage.entries} == {k.canonical for k in API_KINDS}
    assert all(e.complete and e.where == EVERYWHERE for e in snapshot.coverage.entries)
    for api_kind in API_KINDS:
        expected = _stored(cluster, api_kind.kind)
        assert _collected(snapshot.resources, api_kind.kind) == expected, api_kind.kind
        entry = snapshot.coverage.entry(api_kind.canonical, EVERYWHERE)
        assert entry is not None and entry.count == len(expected)
    # Kinds the server holds but the collector never asks for.
    assert not {r.kind for r in snapshot.resources} & {
        "k8s.core.endpoints",
        "k8s.core.event",
        "k8s.discovery.endpoint_slice",
    }


def test_live_objects_are_normalized_like_manifests(connection: Connection) -> None:
    snapshot = collect(connection)
    web = next(r for r in snapshot.resources if r.address == "apps/Deployment/shop/web")
    assert web.kind == "k8s.apps.deployment"
    assert web.source == "live-k8s"
    assert web.key == "k8s:test::apps/Deployment/shop/web"
    assert web.physical_id == web.attributes["metadata"]["uid"]
    metadata = web.attributes["metadata"]
    assert "managedFields" not in metadata and "resourceVersion" not in metadata
    assert LAST_APPLIED not in metadata.get("annotations", {})
    assert "status" not in web.attributes
    # List items come without apiVersion/kind; the collector restores them.
    assert web.attributes["apiVersion"] == "apps/v1" and web.attributes["kind"] == "Deployment"
    # Server defaults are kept: they are what runs.
    container = web.attributes["spec"]["template"]["spec"]["containers"][0]
    assert container["terminationMessagePath"] == "/dev/termination-log"
    assert container["resources"]["requests"]["cpu"] == "250m"


def test_namespace_selection_lists_per_namespace(
    connection: Connection, server: ApiServer, cluster: FakeCluster
) -> None:
    snapshot = collect(connection, CollectOptions(namespaces=("shop",)))
    paths = {r.path for r in server.requests}
    assert "/apis/apps/v1/namespaces/shop/deployments" in paths
    assert "/apis/apps/v1/deployments" not in paths
    assert "/apis/rbac.authorization.k8s.io/v1/clusterroles" in paths  # cluster-scoped
    namespaces = {
        r.attributes["metadata"].get("namespace")
        for r in snapshot.resources
        if r.kind not in ("k8s.core.namespace", "k8s.rbac.cluster_role")
        and r.kind != "k8s.rbac.cluster_role_binding"
    }
    assert namespaces == {"shop"}
    assert _collected(snapshot.resources, "Pod") == _stored(cluster, "Pod", "shop")
    assert {e.where for e in snapshot.coverage.entries} == {"shop", EVERYWHERE}


def test_pagination_follows_continue_tokens(
    connection: Connection, server: ApiServer, cluster: FakeCluster
) -> None:
    whole = collect(connection)
    server.requests.clear()
    paged = collect(connection, CollectOptions(page_size=3))
    assert [r.key for r in paged.resources] == [r.key for r in whole.resources]
    pod_requests = [r for r in server.requests if r.path == "/api/v1/pods"]
    pods = len(_stored(cluster, "Pod"))
    assert pods == 4  # two pages, the last one partial
    assert len(pod_requests) == 2
    assert all(r.query["limit"] == "3" for r in pod_requests)
    assert sum(1 for r in pod_requests if "continue" in r.query) == len(pod_requests) - 1


def test_expired_continue_token_restarts_the_list(
    connection: Connection, server: ApiServer, cluster: FakeCluster
) -> None:
    server.expire_continue_tokens("pods", times=1)
    snapshot = collect(connection, CollectOptions(page_size=2))
    assert _collected(snapshot.resources, "Pod") == _stored(cluster, "Pod")
    assert all(e.complete for e in snapshot.coverage.entries)


def test_throttling_is_retried_with_retry_after(
    connection: Connection, server: ApiServer, sleeps: list[float], cluster: FakeCluster
) -> None:
    server.script("deployments", (429, "1"), (429, "2"))
    snapshot = collect(connection)
    entry = snapshot.coverage.entry("k8s.apps.deployment", EVERYWHERE)
    assert entry is not None and entry.complete and entry.count == 1
    assert sleeps == [1.0, 2.0]
    assert connection.retries == 2
    assert len([r for r in server.requests if r.path == "/apis/apps/v1/deployments"]) == 3


def test_server_errors_retried_with_backoff_then_reported(
    connection: Connection, server: ApiServer, sleeps: list[float]
) -> None:
    server.script("configmaps", *[(503, None)] * MAX_ATTEMPTS)
    snapshot = collect(connection)
    entry = snapshot.coverage.entry("k8s.core.config_map", EVERYWHERE)
    assert entry is not None and entry.status is CoverageStatus.ERROR
    assert "503" in entry.detail
    assert len(sleeps) == MAX_ATTEMPTS - 1
    assert sleeps == sorted(sleeps) and sleeps[-1] > sleeps[0] * 4  # exponential
    assert sum(1 for e in snapshot.coverage.entries if e.complete) == len(API_KINDS) - 1


def test_forbidden_kind_shows_in_coverage_and_the_rest_is_collected(
    connection: Connection, server: ApiServer
) -> None:
    server.forbid("secrets")
    snapshot = collect(connection)
    gaps = snapshot.coverage.gaps
    assert [(g.kind, g.where, g.status) for g in gaps] == [
        ("k8s.core.secret", EVERYWHERE, CoverageStatus.DENIED)
    ]
    assert 'cannot list resource "secrets"' in gaps[0].detail
    assert not any(r.kind == "k8s.core.secret" for r in snapshot.resources)
    assert any(r.kind == "k8s.apps.deployment" for r in snapshot.resources)
    assert snapshot.coverage.complete == len(API_KINDS) - 1


def test_forbidden_in_one_namespace_only(connection: Connection, server: ApiServer) -> None:
    server.forbid("configmaps", "default")
    snapshot = collect(connection, CollectOptions(namespaces=("default", "shop")))
    denied = snapshot.coverage.entry("k8s.core.config_map", "default")
    allowed = snapshot.coverage.entry("k8s.core.config_map", "shop")
    assert denied is not None and denied.status is CoverageStatus.DENIED
    assert allowed is not None and allowed.complete and allowed.count == 2
    assert snapshot.coverage.covers("k8s.core.config_map", "shop")
    assert not snapshot.coverage.covers("k8s.core.config_map", "default")


def test_api_not_served_is_not_found(connection: Connection, server: ApiServer) -> None:
    server.unserve("batch/v1")
    snapshot = collect(connection)
    statuses = {g.kind: g.status for g in snapshot.coverage.gaps}
    assert statuses == {
        "k8s.batch.job": CoverageStatus.NOT_FOUND,
        "k8s.batch.cron_job": CoverageStatus.NOT_FOUND,
    }


def test_rejected_credentials_fail_the_collection(kubeconfig: Path) -> None:
    stranger = connect(Target(str(kubeconfig), context="stranger"))
    with pytest.raises(CollectionFailed, match="401 Unauthorized"):
        collect(stranger)
    stranger.close()


def test_bearer_token_is_sent(connection: Connection, server: ApiServer) -> None:
    collect(connection, CollectOptions(kinds=API_KINDS[:1]))
    assert server.requests and all(
        r.authorization == f"Bearer {server.token}" for r in server.requests
    )


def test_secret_values_are_never_requested_nor_kept(
    connection: Connection, server: ApiServer, cluster: FakeCluster
) -> None:
    # The server does hold the values (an applied Secret, service-account tokens) ...
    stored = cluster.get("Secret", "web-db", "shop")
    assert base64.b64decode(stored["data"]["password"]).decode() == SECRET_VALUES[0]
    assert SECRET_VALUES[0] in stored["metadata"]["annotations"][LAST_APPLIED]
    snapshot = collect(connection)
    # ... the collector asks for metadata only ...
    secret_requests = [r for r in server.requests if r.path.endswith("/secrets")]
    assert secret_requests and all(r.accept == METADATA_ONLY_ACCEPT for r in secret_requests)
    # ... keeps nothing else, and the snapshot carries no value anywhere.
    secrets = [r for r in snapshot.resources if r.kind == "k8s.core.secret"]
    assert len(secrets) == 6
    for secret in secrets:
        assert set(secret.attributes) == {"apiVersion", "kind", "metadata"}
        assert LAST_APPLIED not in secret.attributes["metadata"].get("annotations", {})
    text = dumps(snapshot)
    for value in SECRET_VALUES:
        assert value not in text
        assert base64.b64encode(value.encode()).decode()[:16] not in text
    assert "<redacted>" in text  # the literal API_TOKEN env value of the web Deployment


def test_full_secrets_from_a_server_ignoring_accept_are_stripped(
    connection: Connection, server: ApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = server.answer

    def full_objects(request):  # type: ignore[no-untyped-def]
        # A server (or proxy) that ignores the metadata-only Accept header.
        return original(
            type(request)(request.method, request.path, request.query, "", request.authorization)
        )

    monkeypatch.setattr(server, "answer", full_objects)
    snapshot = collect(connection)
    secrets = [r for r in snapshot.resources if r.kind == "k8s.core.secret"]
    assert secrets and all(set(s.attributes) == {"apiVersion", "kind", "metadata"} for s in secrets)
    text = dumps(snapshot)
    assert not any(value in text for value in SECRET_VALUES)


def test_unknown_context_is_a_config_error(kubeconfig: Path) -> None:
    with pytest.raises(LiveConfigError, match=r"context 'nope' not found.*test, stranger"):
        connect(Target(str(kubeconfig), context="nope"))


def test_missing_kubeconfig_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    with pytest.raises(LiveConfigError, match="no kubeconfig"):
        connect(Target(str(tmp_path / "absent")))


@pytest.mark.parametrize("text", ["a: [1\n", "[1, 2]\n", "just text\n"])
def test_unparseable_kubeconfig_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text(text)
    with pytest.raises(LiveConfigError, match="kubeconfig"):
        connect(Target(str(path)))


def test_malformed_kubeconfig_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "contexts": [{"name": "x", "context": {"cluster": "gone", "user": "gone"}}],
                "current-context": "x",
            }
        )
    )
    with pytest.raises(LiveConfigError):
        connect(Target(str(path)))


def test_kubeconfig_from_environment(
    server: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_kubeconfig(tmp_path / "config", server.url)
    monkeypatch.setenv("KUBECONFIG", str(path))
    opened = connect(Target())
    try:
        assert opened.context == "test" and opened.namespace == "default"
        assert collect(opened, CollectOptions(kinds=API_KINDS[:1])).resources
    finally:
        opened.close()


def test_in_cluster_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a pod: the service-account token, CA and namespace files and the service env."""
    from kubernetes.config import incluster_config

    token, ca, namespace = tmp_path / "token", tmp_path / "ca.crt", tmp_path / "namespace"
    token.write_text("in-cluster-token")
    ca.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    namespace.write_text("iacgate\n")
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(token))
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", str(ca))
    monkeypatch.setattr(connection_module, "SERVICE_ACCOUNT_NAMESPACE", namespace)
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-such-kubeconfig"))
    opened = connect(Target())  # no kubeconfig + service env: in-cluster
    try:
        assert opened.context == "in-cluster"
        assert opened.host == "https://10.96.0.1:443"
        assert opened.namespace == "iacgate"
        # The client writes the scheme in lower case; servers compare it case-insensitively.
        scheme, token_value = opened._headers("application/json")["Authorization"].split(" ")
        assert (scheme.lower(), token_value) == ("bearer", "in-cluster-token")
    finally:
        opened.close()


def test_snapshot_follows_its_schema(connection: Connection, server: ApiServer) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    server.forbid("roles")
    schema = json.loads(
        (Path(__file__).resolve().parents[3] / "iacgate/live/snapshot.schema.json").read_text()
    )
    jsonschema.validate(json.loads(dumps(collect(connection))), schema)


def test_unreachable_server_is_retried_then_fails(tmp_path: Path, sleeps: list[float]) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    kubeconfig = write_kubeconfig(tmp_path / "config", f"http://127.0.0.1:{port}")
    opened = connect(Target(str(kubeconfig)), sleep=sleeps.append)
    try:
        with pytest.raises(CollectionFailed, match="Unreachable"):
            collect(opened, CollectOptions(kinds=API_KINDS[:1]))
        assert len(sleeps) == MAX_ATTEMPTS - 1 and opened.requests == MAX_ATTEMPTS
    finally:
        opened.close()


def test_in_cluster_excludes_kubeconfig_settings(kubeconfig: Path) -> None:
    with pytest.raises(LiveConfigError, match="--in-cluster excludes"):
        connect(Target(str(kubeconfig), in_cluster=True))


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_tls_with_client_certificate(tmp_path: Path, cluster: FakeCluster) -> None:
    """HTTPS with a private CA and x509 client authentication, all from kubeconfig data
    fields: the official client's TLS setup carries the collector's requests."""
    days = ("-days", "1")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        *days,
        "-subj",
        "/CN=fake-ca",
        cwd=tmp_path,
    )
    for name, subject in (("server", "/CN=127.0.0.1"), ("client", "/O=readers/CN=iacgate-reader")):
        _openssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.csr",
            "-subj",
            subject,
            cwd=tmp_path,
        )
        (tmp_path / "ext").write_text("subjectAltName=IP:127.0.0.1\n")
        _openssl(
            "x509",
            "-req",
            "-in",
            f"{name}.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            f"{name}.crt",
            *days,
            "-extfile",
            "ext",
            cwd=tmp_path,
        )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.crt", tmp_path / "server.key")
    context.load_verify_locations(tmp_path / "ca.crt")
    context.verify_mode = ssl.CERT_REQUIRED
    server = ApiServer(cluster, tls=context).start()

    def data(name: str) -> str:
        return base64.b64encode((tmp_path / name).read_bytes()).decode()

    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "c",
                "cluster": {"server": server.url, "certificate-authority-data": data("ca.crt")},
            }
        ],
        "users": [
            {
                "name": "u",
                "user": {
                    "client-certificate-data": data("client.crt"),
                    "client-key-data": data("client.key"),
                },
            }
        ],
        "contexts": [{"name": "tls", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "tls",
    }
    (tmp_path / "kubeconfig").write_text(json.dumps(config))
    opened = connect(Target(str(tmp_path / "kubeconfig")))
    try:
        assert opened.host.startswith("https://")
        snapshot = collect(opened)
        assert snapshot.coverage.gaps == () and len(snapshot.resources) > 30
        assert {r.authorization for r in server.requests} == {"x509 iacgate-reader"}
    finally:
        opened.close()
        server.stop()
