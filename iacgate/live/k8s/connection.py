"""Connecting to a cluster: kubeconfig or in-cluster settings, and GET with retries.

The official client does what it is good at: reading kubeconfig (contexts, exec and OIDC
plugins, client certificates, token refresh) and in-cluster service-account settings, and
building the TLS-configured connection pool. Requests go through that pool as plain GETs on
collection URLs so that answers stay raw JSON, exactly as the API server sent them: no model
classes, no snake_case round trip, and a custom ``Accept`` header where metadata is all we want.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from iacgate import __version__
from iacgate.errors import IacgateError
from iacgate.live.errors import LiveConfigError

IN_CLUSTER = "in-cluster"
SERVICE_ACCOUNT_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ATTEMPTS = 6
BASE_DELAY = 0.5  # seconds, doubled per attempt
MAX_DELAY = 30.0  # cap for both our backoff and the server's Retry-After
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0

Sleep = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class Target:
    """Where to connect. Nothing set: the current context of ``$KUBECONFIG`` or
    ``~/.kube/config``, or the in-cluster service account when there is no kubeconfig."""

    kubeconfig: str | None = None
    context: str | None = None
    in_cluster: bool = False


class ApiError(IacgateError):
    """A request that failed for good (after retries, where retrying made sense)."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"{status} {reason}: {message}" if status else f"{reason}: {message}")
        self.status = status  # 0 when no HTTP answer arrived
        self.reason = reason
        self.message = message

    @classmethod
    def from_body(cls, status: int, body: bytes) -> ApiError:
        """Read the API server's ``Status`` object when there is one."""
        reason, message = _HTTP_REASONS.get(status, "Error"), ""
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, Mapping):
            reason = str(data.get("reason") or reason)
            message = str(data.get("message") or "")
        if not message:
            message = body[:200].decode("utf-8", "replace").strip() or reason
        return cls(status, reason, message)


_HTTP_REASONS = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    410: "Expired",
    429: "TooManyRequests",
    500: "InternalError",
    503: "ServiceUnavailable",
}


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: ~0.5 s, 1 s, 2 s, 4 s, 8 s."""
    delay: float = min(MAX_DELAY, BASE_DELAY * 2**attempt)
    return delay * (0.75 + random.random() / 2)


class Connection:
    """An authenticated connection to one cluster (not shared across processes)."""

    def __init__(
        self, configuration: Any, context: str, namespace: str, sleep: Sleep = time.sleep
    ) -> None:
        from kubernetes import client

        self._configuration = configuration
        self._api_client: Any = client.ApiClient(configuration)
        self._pool = self._api_client.rest_client.pool_manager
        self.host = str(configuration.host).rstrip("/")
        self.context = context
        self.namespace = namespace  # the context's default namespace
        self.sleep = sleep
        self.requests = 0  # every HTTP request sent, retries included
        self.retries = 0
        self._count = threading.Lock()  # lists run on several threads

    def close(self) -> None:
        self._api_client.close()

    def _headers(self, accept: str) -> dict[str, str]:
        headers = {
            "Accept": accept,
            "Accept-Encoding": "gzip",
            "User-Agent": f"iacgate/{__version__}",
        }
        # auth_settings() runs the client's refresh hook (exec plugins, in-cluster tokens).
        for setting in self._configuration.auth_settings().values():
            if setting.get("in") == "header" and setting.get("value"):
                headers[str(setting["key"]).title()] = str(setting["value"])
        return headers

    def get_json(
        self, path: str, query: Sequence[tuple[str, str]] = (), accept: str = "application/json"
    ) -> dict[str, Any]:
        """GET ``path`` and decode the JSON object; retry 429, 5xx and network errors."""
        import urllib3

        url = self.host + path + (f"?{urlencode(query)}" if query else "")
        timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
        attempt = 0
        while True:
            delay: float | None = None
            with self._count:
                self.requests += 1
            try:
                response = self._pool.request(
                    "GET",
                    url,
                    headers=self._headers(accept),
                    timeout=timeout,
                    retries=False,
                    preload_content=True,
                )
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                error = ApiError(0, "Unreachable", f"{self.host}: {exc}")
            else:
                status = int(response.status)
                if 200 <= status < 300:
                    return _decode(response.data, url)
                error = ApiError.from_body(status, response.data)
                if status not in RETRY_STATUSES:
                    raise error
                delay = _retry_after(response.headers)
            attempt += 1
            if attempt >= MAX_ATTEMPTS:
                raise error
            with self._count:
                self.retries += 1
            self.sleep(min(MAX_DELAY, delay if delay is not None else backoff(attempt - 1)))


def _decode(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(200, "MalformedResponse", f"{url}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ApiError(200, "MalformedResponse", f"{url}: not a JSON object")
    return data


def _default_kubeconfig() -> str:
    return os.environ.get("KUBECONFIG") or str(Path("~/.kube/config").expanduser())


def _kubeconfig_present(path: str) -> bool:
    return any(Path(part).expanduser().is_file() for part in path.split(os.pathsep) if part)


def connect(target: Target, sleep: Sleep = time.sleep) -> Connection:
    """Load the settings of ``target``; raise :class:`LiveConfigError` in the user's terms."""
    try:
        from kubernetes import client
        from kubernetes import config as kube_config
    except ImportError:
        raise LiveConfigError(
            "the Kubernetes client is not installed: pip install 'iacgate[k8s]'"
        ) from None
    config: Any = kube_config  # the loaders carry no type hints
    if target.in_cluster and (target.kubeconfig or target.context):
        raise LiveConfigError("--in-cluster excludes --kubeconfig and --context")
    configuration = client.Configuration()
    kubeconfig = target.kubeconfig or _default_kubeconfig()
    in_cluster = target.in_cluster or (
        target.kubeconfig is None
        and target.context is None
        and not _kubeconfig_present(kubeconfig)
        and "KUBERNETES_SERVICE_HOST" in os.environ
    )
    try:
        if in_cluster:
            config.load_incluster_config(client_configuration=configuration)
            try:
                namespace = SERVICE_ACCOUNT_NAMESPACE.read_text("utf-8").strip() or "default"
            except OSError:
                namespace = "default"
            return Connection(configuration, IN_CLUSTER, namespace, sleep)
        if not _kubeconfig_present(kubeconfig):
            raise LiveConfigError(
                f"no kubeconfig at {kubeconfig} (set --kubeconfig or KUBECONFIG, or run in a pod "
                "with --in-cluster)"
            )
        contexts, active = config.list_kube_config_contexts(kubeconfig)
        names = [str(c.get("name")) for c in contexts or []]
        chosen = target.context or (str(active.get("name")) if active else None)
        if chosen is None:
            raise LiveConfigError(f"{kubeconfig}: no current context; pass --context")
        if chosen not in names:
            raise LiveConfigError(
                f"context {chosen!r} not found in {kubeconfig} (contexts: {', '.join(names)})"
            )
        details = next(c for c in contexts if c.get("name") == chosen).get("context") or {}
        config.load_kube_config(
            config_file=kubeconfig,
            context=chosen,
            client_configuration=configuration,
            persist_config=False,
        )
    except LiveConfigError:
        raise
    except Exception as exc:
        # The loaders raise ConfigException, but a malformed file surfaces as whatever the
        # YAML parser or a dict lookup raised: all of it is the user's file, not our bug.
        where = "in-cluster settings" if in_cluster else kubeconfig
        raise LiveConfigError(f"cannot load Kubernetes settings from {where}: {exc}") from None
    return Connection(configuration, chosen, str(details.get("namespace") or "default"), sleep)
