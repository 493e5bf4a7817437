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
from iacgate.live.k8s.connection import Connection, Target, connect
from iacgate.normalize.kubernetes import to_resource
from iacgate.pipeline import collect_k8s as collect
from iacgate.pipeline import posture
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


def _verdicts(findings: object, code: str) -> dict[str, set[str]]:
    """Per resource, the statuses of the rule's verdicts (messages may count live objects a
    manifest does not have, such as the Pods of a Deployment)."""
    found: dict[str, set[str]] = {}
    for f in findings:  # type: ignore[attr-defined]
        if f.code == code:
            found.setdefault(f.address, set()).add(f.status.value)
    return found


@pytest.mark.parametrize("fixture", MANIFEST_FIXTURES, ids=lambda p: "/".join(p.parts[-3:]))
def test_live_verdicts_match_manifest_verdicts(
    fixture: Path, live: tuple[ApiServer, Connection], tmp_path: Path
) -> None:
    server, connection = live
    code = fixture.parts[-3]
    rule = RULES[code]
    documents = _documents(fixture)
    if not all(str(doc.get("kind")) in APIS for doc in documents):
        pytest.skip("a kind the collector does not list")
    # Objects that name no namespace go where a deploy command puts them (kubectl -n apps);
    # the manifests are judged as applied, so both sides speak of the same objects.
    placed = [_placed(doc) for doc in documents]
    cluster = FakeCluster()
    for doc in placed:
        cluster.apply(doc)
    server.cluster = cluster
    applied = tmp_path / "applied.yaml"
    applied.write_text(yaml.safe_dump_all(placed))
    declared = api.scan([str(applied)], rules=[rule], root=tmp_path)
    addresses = {f.address for f in declared.findings} | {
        to_resource(doc, scope="-", source="-", file=None).address for doc in placed
    }
    live_verdicts = _verdicts(posture(collect(connection), [rule]).findings, code)
    expected = _verdicts(declared.findings, code)
    assert {a: v for a, v in live_verdicts.items() if a in addresses} == expected
    if fixture.name.startswith("fail_"):
        assert expected, "the fixture should fail as applied too"


def _placed(doc: dict[str, object]) -> dict[str, object]:
    metadata = doc.get("metadata")
    if not APIS[str(doc["kind"])].namespaced or (
        isinstance(metadata, dict) and isinstance(metadata.get("namespace"), str)
    ):
        return doc
    return {
        **doc,
        "metadata": {**(metadata if isinstance(metadata, dict) else {}), "namespace": "apps"},
    }
