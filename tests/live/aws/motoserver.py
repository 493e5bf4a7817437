"""A real moto server over HTTP on loopback, and boto3 sessions that talk to it.

One server per test module (``conftest.moto``): starting one costs about a second. AWS managed
IAM policies exist only with ``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` (DESIGN.md section 7).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def moto_server(managed_policies: bool = True, recording: Path | None = None) -> Iterator[str]:
    """A moto server on a free loopback port; yields its endpoint URL. Without
    ``managed_policies`` each account's IAM starts empty: loading AWS's managed policies costs
    moto seconds per account it creates. With ``recording``, moto's recorder writes there every
    request it answers while recording is on (``start_recording``)."""
    port = _free_port()
    env = dict(os.environ, **CREDENTIALS)
    if recording is not None:
        env["MOTO_RECORDER_FILEPATH"] = str(recording)
    env.pop("MOTO_IAM_LOAD_MANAGED_POLICIES", None)
    if managed_policies:
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _post(endpoint: str, path: str) -> None:
    request = urllib.request.Request(f"{endpoint}{path}", method="POST")
    with urllib.request.urlopen(request, timeout=30):
        pass


def start_recording(endpoint: str) -> None:
    """Record every request from now on (any client: a CLI process too)."""
    _post(endpoint, "/moto-api/recorder/reset-recording")
    _post(endpoint, "/moto-api/recorder/start-recording")


def stop_recording(endpoint: str, recording: Path) -> list[dict[str, Any]]:
    """The requests recorded since :func:`start_recording` (method, url, headers, body)."""
    _post(endpoint, "/moto-api/recorder/stop-recording")
    lines = recording.read_text(encoding="utf-8").splitlines() if recording.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def reset(endpoint: str) -> None:
    """Forget every resource (moto's own reset API)."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30):
        pass


def session() -> Any:
    made = boto3.Session(
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=REGION,
    )
    made.events.register(
        "before-send.emr.ListSecurityConfigurations", _list_emr_security_configurations
    )
    return made


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


# What moto cannot list, recorded by the tests that made it: by moto endpoint, the names.
EMR_SECURITY_CONFIGURATIONS: dict[str, list[str]] = {}


def _base(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def record_emr_security_configurations(endpoint: str, names: list[str]) -> None:
    EMR_SECURITY_CONFIGURATIONS.setdefault(_base(endpoint), []).extend(names)


def _list_emr_security_configurations(request: Any, **_: Any) -> Any:
    """moto implements no ListSecurityConfigurations: answered, in AWS's shape, with the names
    the tests recorded for this moto server (in the region they build in); the detail call
    goes to moto."""
    from botocore.awsrequest import AWSResponse

    names: list[str] = []
    if f"/{REGION}/" in str(request.headers.get("Authorization", "")):
        names = EMR_SECURITY_CONFIGURATIONS.get(_base(request.url), [])
    body = {"SecurityConfigurations": [{"Name": n, "CreationDateTime": 0} for n in names]}
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse(request.url, 200, headers, _Body(json.dumps(body).encode()))


def client(endpoint: str, service: str, region: str = REGION) -> Any:
    return session().client(service, endpoint_url=endpoint, region_name=region)
