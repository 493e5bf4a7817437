"""The graph queries of the rule API (``Context``) on a real graph of real manifests."""

from __future__ import annotations

from iacgate.api import build_graph
from iacgate.pipeline import load_text
from iacgate.rules import Context, EdgeType, Resource

MANIFESTS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: "web:1"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def _context() -> tuple[Context, dict[str, Resource]]:
    graph = build_graph([load_text(MANIFESTS, "all.yaml")])
    return Context(graph), {r.kind.rsplit(".", 1)[1]: r for r in graph.resources()}


def test_edges_filter_by_type_kind_and_direction() -> None:
    ctx, found = _context()
    web, account, service = found["deployment"], found["service_account"], found["service"]
    [uses] = ctx.edges(web, EdgeType.USES_SERVICE_ACCOUNT)
    assert (uses.source, uses.target) == (web, account)
    assert ctx.edges(web, kind="k8s.core.service_account") == [uses]
    assert ctx.edges(web, EdgeType.SELECTS) == []  # the Service selects the Deployment: "in"
    [selected] = ctx.edges(web, EdgeType.SELECTS, "k8s.core.service", "in")
    assert selected.source == service
    assert ctx.edges(web, EdgeType.SELECTS, "k8s.core.pod", "in") == []


def test_reference_paths_and_refers_name_where_a_reference_was_written() -> None:
    ctx, found = _context()
    web = found["deployment"]
    [path] = ctx.reference_paths(web, EdgeType.USES_SERVICE_ACCOUNT)
    assert ctx.refers(web, path)
    assert ctx.refers(web, path[:1])  # a reference below the path counts
    assert not ctx.refers(web, ("metadata",))
    assert ctx.reference_paths(web, EdgeType.USES_ROLE) == set()


def test_location_resources_and_once() -> None:
    ctx, found = _context()
    location = ctx.location(found["service"])
    assert location is not None and (location.file, location.start_line) == ("all.yaml", 16)
    # In the order of the kinds asked for.
    assert ctx.resources(("k8s.core.service", "k8s.core.service_account")) == [
        found["service"],
        found["service_account"],
    ]
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert ctx.once("test.count", compute) == ctx.once("test.count", compute) == 1
    assert Context(ctx.graph).once("test.count", compute) == 1  # kept per graph, not per Context
