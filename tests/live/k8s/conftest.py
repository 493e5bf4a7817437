"""A fake cluster holding the ``shop`` fixtures, served on loopback, and a kubeconfig for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.live.k8s.connection import Connection, Target, connect

from ...conftest import FIXTURES
from .cluster import FakeCluster, system_components
from .server import ApiServer, serving, write_kubeconfig

SHOP = FIXTURES / "live" / "k8s" / "shop"


def shop_cluster() -> FakeCluster:
    cluster = FakeCluster()
    system_components(cluster)
    cluster.apply_dir(SHOP)
    return cluster


@pytest.fixture
def cluster() -> FakeCluster:
    return shop_cluster()


@pytest.fixture
def server(cluster: FakeCluster) -> Iterator[ApiServer]:
    with serving(cluster) as running:
        yield running


@pytest.fixture
def kubeconfig(server: ApiServer, tmp_path: Path) -> Path:
    return write_kubeconfig(tmp_path / "kubeconfig", server.url, namespace="shop")


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff delays the collector asked for (recorded, not slept, to keep tests fast)."""
    return []


@pytest.fixture
def connection(kubeconfig: Path, sleeps: list[float]) -> Iterator[Connection]:
    opened = connect(Target(str(kubeconfig)), sleep=sleeps.append)
    try:
        yield opened
    finally:
        opened.close()
