"""Kubernetes edges: selectors, service accounts, RBAC bindings, Ingress routes."""

from __future__ import annotations

from iacgate.api import build_graph
from iacgate.graph.graph import EdgeType, ResourceGraph
from iacgate.model.resource import Resource
from iacgate.pipeline import load_text

MANIFESTS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: "web:1"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker, tier: back}}
    spec:
      containers: [{name: w, image: "w:1"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: other}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec:
  type: ExternalName
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front-only, namespace: shop}
spec:
  podSelector:
    matchExpressions:
      - {key: tier, operator: In, values: [front]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: ServiceAccount, name: web}
  - {kind: User, name: alice}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: viewer}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
subjects:
  - {kind: ServiceAccount, name: default, namespace: shop}
"""


def _graph() -> ResourceGraph:
    return build_graph([load_text(MANIFESTS, "all.yaml")])


def _names(resources: list[Resource]) -> set[str]:
    return {r.address for r in resources}


def _one(graph: ResourceGraph, address: str) -> Resource:
    (found,) = [r for r in graph.resources() if r.address == address]
    return found


def test_service_selects_workloads_in_its_namespace_only() -> None:
    graph = _graph()
    service = _one(graph, "core/Service/shop/web")
    selected = graph.related(service, edge=EdgeType.SELECTS, direction="out")
    assert _names(selected) == {"apps/Deployment/shop/web"}
    external = _one(graph, "core/Service/shop/external")
    assert graph.related(external, direction="out") == []


def test_network_policies_select_by_expression_and_empty_selector() -> None:
    graph = _graph()
    front = _one(graph, "networking.k8s.io/NetworkPolicy/shop/front-only")
    assert _names(graph.related(front, direction="out")) == {"apps/Deployment/shop/web"}
    deny = _one(graph, "networking.k8s.io/NetworkPolicy/shop/default-deny")
    assert _names(graph.related(deny, direction="out")) == {
        "apps/Deployment/shop/web",
        "apps/Deployment/shop/worker",
    }


def test_workloads_link_to_their_service_account_explicit_or_default() -> None:
    graph = _graph()
    web = _one(graph, "apps/Deployment/shop/web")
    worker = _one(graph, "apps/Deployment/shop/worker")
    edge = EdgeType.USES_SERVICE_ACCOUNT
    assert _names(graph.related(web, edge=edge, direction="out")) == {
        "core/ServiceAccount/shop/web"
    }
    assert _names(graph.related(worker, edge=edge, direction="out")) == {
        "core/ServiceAccount/shop/default"
    }
    (found,) = [e for e in graph.edges(web) if e.type is edge]
    assert found.path == ("spec", "template", "spec", "serviceAccountName")


def test_bindings_link_roles_and_service_account_subjects() -> None:
    graph = _graph()
    binding = _one(graph, "rbac.authorization.k8s.io/RoleBinding/shop/web-reader")
    assert _names(graph.related(binding, edge=EdgeType.BINDS_ROLE)) == {
        "rbac.authorization.k8s.io/Role/shop/reader"
    }
    assert _names(graph.related(binding, edge=EdgeType.BINDS_SUBJECT)) == {
        "core/ServiceAccount/shop/web"
    }
    cluster = _one(graph, "rbac.authorization.k8s.io/ClusterRoleBinding/viewers")
    assert _names(graph.related(cluster, direction="out")) == {
        "rbac.authorization.k8s.io/ClusterRole/viewer",
        "core/ServiceAccount/shop/default",
    }


def test_ingress_routes_to_service() -> None:
    graph = _graph()
    ingress = _one(graph, "networking.k8s.io/Ingress/shop/web")
    (edge,) = list(graph.edges(ingress))
    assert edge.type is EdgeType.ROUTES_TO
    assert edge.target.address == "core/Service/shop/web"
    assert edge.path == ("spec", "rules", 0, "http", "paths", 0, "backend")


def test_edge_building_scales_with_objects_not_pairs() -> None:
    # 2,000 workloads and 2,000 services, each selecting exactly one workload: the index makes
    # this 2,000 lookups; a pairwise search would make 4,000,000 comparisons.
    docs = []
    for i in range(2000):
        docs.append(
            f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: a{i}}}}}\n"
            f"spec: {{containers: [{{name: c, image: 'i:1'}}]}}\n"
        )
        docs.append(
            f"apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\n"
            f"spec: {{selector: {{app: a{i}}}}}\n"
        )
    graph = build_graph([load_text("---\n".join(docs), "many.yaml")])
    edges = list(graph.all_edges())
    assert len(edges) == 2000
    assert all(
        e.source.address[len("core/Service/default/s") :]
        == e.target.address[len("core/Pod/default/p") :]
        for e in edges
    )


def test_networkx_view_matches_the_graph() -> None:
    import networkx

    graph = _graph()
    view = graph.nx
    assert isinstance(view, networkx.MultiDiGraph)
    assert view.number_of_nodes() == len(graph)
    assert view.number_of_edges() == len(list(graph.all_edges()))
    web = _one(graph, "apps/Deployment/shop/web")
    ingress = _one(graph, "networking.k8s.io/Ingress/shop/web")
    # Reachability through networkx: Ingress -> Service -> Deployment.
    assert networkx.has_path(view, ingress.key, web.key)
    assert view.nodes[web.key]["resource"] is web
