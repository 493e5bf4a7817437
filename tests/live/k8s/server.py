"""A loopback HTTP server answering Kubernetes list requests from a :class:`FakeCluster`.

It answers the way kube-apiserver does: ``<Kind>List`` objects whose items carry no ``kind`` or
``apiVersion``, ``limit``/``continue`` pagination with opaque tokens and
``remainingItemCount``, ``PartialObjectMetadataList`` when the ``Accept`` header asks for it,
bearer-token authentication (401 otherwise), and ``Status`` objects for errors. Tests inject
faults: RBAC denials per resource and namespace, throttling with ``Retry-After``, server
errors, expired continue tokens, unserved API groups. Every request is logged.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .cluster import APIS, BY_RESOURCE, FakeCluster

TOKEN = "iacgate-test-token-5f1d"
_PATH = re.compile(
    r"^/(?:api/(?P<core>v1)|apis/(?P<group>[^/]+)/(?P<version>[^/]+))"
    r"(?:/namespaces/(?P<namespace>[^/]+))?/(?P<resource>[a-z]+)$"
)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    accept: str
    authorization: str

    @property
    def group_resource(self) -> tuple[str, str, str | None] | None:
        found = _PATH.match(self.path)
        if not found:
            return None
        group = found.group("group") or ""
        return group, found.group("resource"), found.group("namespace")


@dataclass
class Faults:
    forbidden: set[tuple[str, str | None]] = field(default_factory=set)  # (resource, namespace)
    unserved: set[str] = field(default_factory=set)  # "group/version" or "resource"
    # resource -> remaining answers [(status, retry_after)]
    scripted: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    expire_continue: dict[str, int] = field(default_factory=dict)


def _status(
    code: int, reason: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "details": details or {},
        "code": code,
    }


def _token(rv: str, start: str) -> str:
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": int(rv), "start": start + "\x00"})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _untoken(token: str) -> str | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        return str(data["start"]).rstrip("\x00")
    except (ValueError, KeyError):
        return None


class ApiServer:
    def __init__(
        self, cluster: FakeCluster, token: str = TOKEN, tls: ssl.SSLContext | None = None
    ) -> None:
        self.cluster = cluster
        self.token = token
        self.tls = tls  # with client certificates required: x509 authentication
        self.faults = Faults()
        self.role: dict[str, Any] | None = None  # a ClusterRole to authorize requests with
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    def start(self) -> ApiServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- faults ---------------------------------------------------------------------------

    def forbid(self, resource: str, namespace: str | None = None) -> None:
        """RBAC denies listing ``resource`` (everywhere, or in ``namespace`` -- which also
        denies the cluster-wide list, since that needs cluster-wide access)."""
        self.faults.forbidden.add((resource, namespace))

    def script(self, resource: str, *answers: tuple[int, str | None]) -> None:
        """The next requests for ``resource`` get these statuses before normal answers."""
        self.faults.scripted.setdefault(resource, []).extend(answers)

    def unserve(self, name: str) -> None:
        self.faults.unserved.add(name)

    def expire_continue_tokens(self, resource: str, times: int = 1) -> None:
        self.faults.expire_continue[resource] = times

    # -- answering ------------------------------------------------------------------------

    def answer(self, request: Request) -> tuple[int, dict[str, str], dict[str, Any]]:
        scheme, _, credential = request.authorization.partition(" ")
        if scheme == "x509":  # a verified client certificate: its common name is the user
            authenticated = credential == "iacgate-reader"
        else:
            authenticated = scheme.lower() == "bearer" and credential == self.token
        if not authenticated:
            return 401, {}, _status(401, "Unauthorized", "Unauthorized")
        parsed = request.group_resource
        if parsed is None:
            return (
                404,
                {},
                _status(404, "NotFound", "the server could not find the requested resource"),
            )
        group, resource, namespace = parsed
        kind = BY_RESOURCE.get((group, resource))
        api = APIS.get(kind) if kind else None
        version = request.path.split("/")[3] if group else "v1"
        if (
            api is None
            or api.version != version
            or resource in self.faults.unserved
            or f"{group}/{version}" in self.faults.unserved
        ):
            return (
                404,
                {},
                _status(404, "NotFound", "the server could not find the requested resource"),
            )
        with self._lock:
            queue = self.faults.scripted.get(resource)
            scripted = queue.pop(0) if queue else None
        if scripted is not None:
            code, retry_after = scripted
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            reason = "TooManyRequests" if code == 429 else "InternalError"
            message = (
                "storage is (re)initializing"
                if code == 429
                else 'an error on the server ("") has prevented the request from succeeding'
            )
            return (
                code,
                headers,
                _status(code, reason, message, {"retryAfterSeconds": int(retry_after or 0)}),
            )
        if self._denied(resource, namespace, group):
            where = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
            group_name = f'"{group}"'
            return (
                403,
                {},
                _status(
                    403,
                    "Forbidden",
                    f"{resource}{'.' + group if group else ''} is forbidden: "
                    f'User "system:serviceaccount:iacgate:reader" '
                    f'cannot list resource "{resource}" in API group {group_name} {where}',
                    {"group": group, "kind": resource},
                ),
            )
        if not api.namespaced and namespace is not None:
            return (
                404,
                {},
                _status(404, "NotFound", "the server could not find the requested resource"),
            )
        return self._list(request, kind or "", api.version, group, resource, namespace)

    def _denied(self, resource: str, namespace: str | None, group: str = "") -> bool:
        if self.role is not None and not allows(self.role, group, resource, "list"):
            return True
        for denied, where in self.faults.forbidden:
            if denied == resource and (where is None or namespace is None or namespace == where):
                return True
        return False

    def _list(
        self,
        request: Request,
        kind: str,
        version: str,
        group: str,
        resource: str,
        namespace: str | None,
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        items = self.cluster.items(group, resource, namespace)
        keys = [f"{i['metadata'].get('namespace', '')}/{i['metadata']['name']}" for i in items]
        rv = str(self.cluster.resource_version)
        token = request.query.get("continue")
        start = 0
        if token:
            with self._lock:
                left = self.faults.expire_continue.get(resource, 0)
                if left:
                    self.faults.expire_continue[resource] = left - 1
            if left:
                return (
                    410,
                    {},
                    _status(
                        410,
                        "Expired",
                        "The provided continue parameter is too old to display a consistent list "
                        "result. You can start a new list without the continue parameter.",
                    ),
                )
            after = _untoken(token)
            if after is None:
                return 400, {}, _status(400, "BadRequest", "continue key is not valid")
            start = next((n for n, k in enumerate(keys) if k > after), len(keys))
        limit = int(request.query.get("limit", "0") or 0)
        end = len(items) if limit <= 0 else min(len(items), start + limit)
        page = items[start:end]
        metadata: dict[str, Any] = {"resourceVersion": rv}
        if end < len(items):
            metadata["continue"] = _token(rv, keys[end - 1])
            metadata["remainingItemCount"] = len(items) - end
        api_version = f"{group}/{version}" if group else version
        if "as=PartialObjectMetadataList" in request.accept:
            body = {
                "kind": "PartialObjectMetadataList",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": metadata,
                "items": [
                    {
                        "kind": "PartialObjectMetadata",
                        "apiVersion": "meta.k8s.io/v1",
                        "metadata": i["metadata"],
                    }
                    for i in page
                ],
            }
        else:
            body = {
                "kind": f"{kind}List",
                "apiVersion": api_version,
                "metadata": metadata,
                "items": [
                    {k: v for k, v in i.items() if k not in ("kind", "apiVersion")} for i in page
                ],
            }
        return 200, {}, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle plus delayed ACKs
            # stall every keep-alive response by ~40 ms.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                authorization = self.headers.get("Authorization", "")
                peer = self.connection.getpeercert() if server.tls else None
                if peer:
                    subject = dict(pair[0] for pair in peer["subject"])
                    authorization = f"x509 {subject.get('commonName', '')}"
                request = Request(
                    "GET", parts.path, query, self.headers.get("Accept", ""), authorization
                )
                with server._lock:
                    server.requests.append(request)
                code, headers, body = server.answer(request)
                data = json.dumps(body).encode()
                if "gzip" in self.headers.get("Accept-Encoding", "") and len(data) > 128:
                    data = gzip.compress(data)
                    headers = {**headers, "Content-Encoding": "gzip"}
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def allows(role: dict[str, Any], group: str, resource: str, verb: str) -> bool:
    """RBAC's rule matching for one resource request (no resourceNames, no subresources)."""
    for rule in role.get("rules", []):
        if (
            any(g in ("*", group) for g in rule.get("apiGroups", []))
            and any(r in ("*", resource) for r in rule.get("resources", []))
            and any(v in ("*", verb) for v in rule.get("verbs", []))
        ):
            return True
    return False


def request_verb(request: Request) -> str:
    """The RBAC verb of a request, as kube-apiserver's request-info resolver derives it."""
    if request.method != "GET":
        return request.method.lower()
    if request.query.get("watch") in ("true", "1"):
        return "watch"
    return "list"  # every path the collector may use is a collection


def write_kubeconfig(
    path: Path, server: str, token: str = TOKEN, namespace: str | None = None
) -> Path:
    """A kubeconfig with two contexts onto the server; ``test`` is current."""
    context: dict[str, Any] = {"cluster": "fake", "user": "reader"}
    if namespace:
        context["namespace"] = namespace
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "fake", "cluster": {"server": server}}],
        "users": [
            {"name": "reader", "user": {"token": token}},
            {"name": "stranger", "user": {"token": "wrong-token"}},
        ],
        "contexts": [
            {"name": "test", "context": context},
            {"name": "stranger", "context": {"cluster": "fake", "user": "stranger"}},
        ],
        "current-context": "test",
    }
    path.write_text(json.dumps(config, indent=2))
    return path


@contextmanager
def serving(cluster: FakeCluster) -> Iterator[ApiServer]:
    server = ApiServer(cluster).start()
    try:
        yield server
    finally:
        server.stop()
