"""Standard AWS configuration, retries and clients for the collector.

Everything boto3 reads on its own is honoured as is: profiles (``--profile`` or
``AWS_PROFILE``) including role assumption and SSO through ``role_arn``/``source_profile``,
``AWS_REGION``/``AWS_DEFAULT_REGION``, credentials from the environment, files or the instance
role, and ``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_<SERVICE>`` (or ``endpoint_url`` in the
config file). Retries use botocore's ``adaptive`` mode, which also slows the client down while
AWS throttles. Clients are created once per (service, region), under a lock: a boto3 session
is not thread-safe, its clients are.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse, urlsplit, urlunsplit

from iacgate.live.errors import LiveConfigError

DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_TIMEOUT = 30  # seconds, for connecting and for reading one response
ALL_REGIONS = "all"


@dataclass(frozen=True, slots=True)
class Target:
    """Where to collect: a profile (None: the default chain), regions (empty: the configured
    region; ``("all",)``: every region enabled for the account), an endpoint override."""

    profile: str | None = None
    regions: tuple[str, ...] = ()
    endpoint_url: str | None = None
    max_attempts: int = DEFAULT_MAX_ATTEMPTS


def _is_aws_host(url: str | None) -> bool:
    host = urlparse(url or "").hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))


class Clients:
    """boto3 clients per (service, region), created on first use."""

    def __init__(self, session: Any, target: Target, pool_size: int) -> None:
        from botocore.config import Config

        self.session = session
        self.target = target
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}
        self._config = Config(
            retries={"mode": "adaptive", "total_max_attempts": target.max_attempts},
            connect_timeout=DEFAULT_TIMEOUT,
            read_timeout=DEFAULT_TIMEOUT,
            max_pool_connections=max(10, pool_size * 2),
            user_agent_extra="iacgate-live",
        )

    def get(self, service: str, region: str) -> Any:
        key = (service, region)
        client = self._clients.get(key)
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._create(service, region)
                self._clients[key] = client
        return client

    def _create(self, service: str, region: str) -> Any:
        kwargs: dict[str, Any] = {"region_name": region, "config": self._config}
        if self.target.endpoint_url:
            kwargs["endpoint_url"] = self.target.endpoint_url
        client = self.session.client(service, **kwargs)
        if service == "s3control" and not _is_aws_host(client.meta.endpoint_url):
            # S3 Control puts the account id in front of the host name
            # (<account>.s3-control.<region>.amazonaws.com). A local endpoint (an emulator, a
            # proxy) has no such names: address it as configured.
            client.meta.events.register("before-sign.s3-control", _strip_account_prefix)
        return client


_ACCOUNT_LABEL = re.compile(r"^\d{12}\.")


def _strip_account_prefix(request: Any, **_: Any) -> None:
    parts = urlsplit(request.url)
    if _ACCOUNT_LABEL.match(parts.netloc):
        request.url = urlunsplit(parts._replace(netloc=_ACCOUNT_LABEL.sub("", parts.netloc)))


def make_session(target: Target) -> Any:
    """The boto3 session for ``target``; a missing profile is a configuration error."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.Session(profile_name=target.profile) if target.profile else boto3.Session()
    except ProfileNotFound as exc:
        raise LiveConfigError(str(exc)) from None


def configured_region(session: Any) -> str | None:
    """The profile's or ``AWS_DEFAULT_REGION``'s region (boto3), else ``AWS_REGION`` (what
    the other AWS SDKs and the CLI's documentation use)."""
    region = session.region_name or os.environ.get("AWS_REGION")
    return str(region) if region else None
