"""Every rule's manifest fixtures, applied to a cluster and read back live: same verdicts.

The live source of the Kubernetes kinds is the manifest as the API server stores it (defaults
filled in, server fields added, controllers' objects beside it). Running each rule's own
``kubernetes`` fixtures through the fake cluster and the real client checks, for every rule
present and future, that what a rule says about a manifest it also says about the object the
manifest becomes -- a rule that trips over a server default fails here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from iacgate import api
from iacgate.live.k8s.collect import collect
from iacgate.live.k8s.connection import Connection, Target, connect
from iacgate.live.posture import posture
from iacgate.normalize.kubernetes import to_resource
from iacgate.rules.dsl import Rule
from iacgate.rules.packs import load_rules

from ...conftest import FIXTURES
from .cluster import APIS, FakeCluster
from .server import ApiServer, write_kubeconfig

RULES: dict[str, Rule] = {r.meta.code: r for r in load_rules()}
MANIFEST_FIXTURES = sorted(p for p in (FIXTURES / "rules").glob("*/*/kubernetes/*") if p.is_file())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, Connection]]:
    """One server and connection for the module; each test swaps in its own cluster."""
    server = ApiServer(FakeCluster()).start()
    kubeconfig = write_kubeconfig(tmp_path_factory.mktemp("kube") / "config", server.url)
    opened = connect(Target(str(kubeconfig)))
    try:
        yield server, opened
    finally:
        opened.close()
        server.stop()


def _documents(path: Path) -> list[dict[str, object]]:
    text = path.read_text("utf-8")
    loaded = [json.loads(text)] if path.suffix == ".json" else list(yaml.safe_load_all(text))
    found: list[dict[str, object]] = []
    for doc in loaded:
        if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List") and "items" in doc:
            found.extend(doc["items"])  # type: ignore[arg-type]
        elif isinstance(doc, dict):
            found.append(doc)
    return found


def _verdicts(findings: object, code: str, addresses: set[str]) -> set[tuple[str, str, str]]:
    return {
        (f.address, f.status.value, f.message)  # type: ignore[attr-defined]
        for f in findings  # type: ignore[attr-defined]
        if f.code == code and f.address in addresses
    }


@pytest.mark.parametrize("fixture", MANIFEST_FIXTURES, ids=lambda p: "/".join(p.parts[-3:]))
def test_live_verdicts_match_manifest_verdicts(
    fixture: Path, live: tuple[ApiServer, Connection]
) -> None:
    server, connection = live
    code = fixture.parts[-3]
    rule = RULES[code]
    documents = _documents(fixture)
    if not all(str(doc.get("kind")) in APIS for doc in documents):
        pytest.skip("a kind the collector does not list")
    cluster = FakeCluster()
    for doc in documents:
        cluster.apply(doc)
    server.cluster = cluster
    declared = api.scan([str(fixture)], rules=[rule], root=fixture.parent)
    addresses = {to_resource(doc, scope="-", source="-", file=None).address for doc in documents}
    report = posture(collect(connection), [rule])
    expected = _verdicts(declared.findings, code, addresses)
    assert _verdicts(report.findings, code, addresses) == expected
    assert bool(expected) == (fixture.name.split("_", 1)[0] != "pass")
