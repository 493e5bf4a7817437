"""Kubernetes edge resolvers, each linear in the number of objects.

Pods are selected by labels; instead of testing every selector against every workload, workloads
are indexed by (namespace, label, value) and a selector intersects the posting sets of its pairs,
starting from the smallest.

Finding the matches is linear; the edges themselves need not be: 4,000 Services with one
selector over 4,000 pods are 16 million edges (GBs). Selector edges are therefore capped at a
number linear in the graph's size (``SELECTOR_EDGES_PER_RESOURCE`` per resource, at least
``MIN_SELECTOR_EDGES``). A selector whose edges would pass the cap gets none, and is returned
by :func:`build_edges` as not judged (a rule that follows its edges would see none), one
entry per file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from iacgate.graph.graph import EdgeType, ResourceGraph
from iacgate.model import k8s
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource

_Key = tuple[str, str, str]  # (namespace, label, value)

MIN_SELECTOR_EDGES = 100_000
SELECTOR_EDGES_PER_RESOURCE = 25


class _PodIndex:
    """Workloads by namespace and by pod-template label."""

    def __init__(self, workloads: Iterable[Resource]) -> None:
        self.by_namespace: dict[str, list[Resource]] = defaultdict(list)
        self.by_label: dict[_Key, list[Resource]] = defaultdict(list)
        self.labels: dict[str, dict[str, str]] = {}
        # Many objects often share one selector: match it once.
        self._matched: dict[tuple[str, tuple[tuple[str, str], ...]], list[Resource]] = {}
        for workload in workloads:
            namespace = k8s.namespace_of(workload) or "default"
            found = k8s.pod_metadata(workload)
            labels = k8s.labels_of(found[1].get("labels")) if found else {}
            self.labels[workload.key] = labels
            self.by_namespace[namespace].append(workload)
            for label, value in labels.items():
                self.by_label[(namespace, label, value)].append(workload)

    def match_labels(self, namespace: str, selector: Mapping[str, str]) -> list[Resource]:
        """Workloads in ``namespace`` whose pod labels include every pair of ``selector``;
        every workload of the namespace for an empty selector."""
        if not selector:
            return list(self.by_namespace.get(namespace, ()))
        key = (namespace, tuple(sorted(selector.items())))
        found = self._matched.get(key)
        if found is None:
            found = self._matched[key] = self._match(namespace, selector)
        return found

    def _match(self, namespace: str, selector: Mapping[str, str]) -> list[Resource]:
        postings = sorted(
            (self.by_label.get((namespace, k, v), []) for k, v in selector.items()), key=len
        )
        if not postings[0]:
            return []
        return [
            w
            for w in postings[0]
            if all(self.labels[w.key].get(k) == v for k, v in selector.items())
        ]


def _expression_matches(labels: Mapping[str, str], expression: Mapping[str, Any]) -> bool:
    key = str(expression.get("key", ""))
    operator = expression.get("operator")
    values = [str(v) for v in expression.get("values") or []]
    if operator == "In":
        return labels.get(key) in values
    if operator == "NotIn":
        return labels.get(key) not in values
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    return False


def _select(index: _PodIndex, namespace: str, selector: Any) -> list[Resource]:
    """Resolve a LabelSelector (matchLabels + matchExpressions)."""
    if not isinstance(selector, Mapping):
        return []
    match_labels = k8s.labels_of(selector.get("matchLabels"))
    expressions = [e for e in selector.get("matchExpressions") or [] if isinstance(e, Mapping)]
    found = index.match_labels(namespace, match_labels)
    if expressions:
        found = [
            w
            for w in found
            if all(_expression_matches(index.labels[w.key], e) for e in expressions)
        ]
    return found


class _SelectorEdges:
    """Adds selector edges while they fit the cap; remembers the selectors that did not."""

    def __init__(self, graph: ResourceGraph) -> None:
        self.graph = graph
        self.left = max(MIN_SELECTOR_EDGES, SELECTOR_EDGES_PER_RESOURCE * len(graph))
        self.cap = self.left
        self.unjudged: dict[str, list[tuple[Resource, int]]] = {}

    def add(self, source: Resource, targets: list[Resource], path: AttrPath) -> None:
        if len(targets) > self.left:
            self.unjudged.setdefault(source.file or "", []).append((source, len(targets)))
            return
        self.left -= len(targets)
        for workload in targets:
            self.graph.add_edge(source, workload, EdgeType.SELECTS, path)

    def report(self) -> list[tuple[str, str]]:
        out = []
        for file, items in self.unjudged.items():
            shown = ", ".join(f"{r.address} matches {n}" for r, n in items[:3])
            more = f" and {len(items) - 3} more" if len(items) > 3 else ""
            out.append(
                (
                    file,
                    f"{len(items)} selector(s) not resolved ({shown}{more}): their edges would "
                    f"pass the graph's limit of {self.cap} selector edges, so rules that follow "
                    "them do not judge them",
                )
            )
        return out


def build_edges(graph: ResourceGraph) -> list[tuple[str, str]]:
    """Add every Kubernetes edge: selectors, service accounts, RBAC bindings, Ingress routes.

    Returns (file, reason) for the selectors whose edges were not built (see the module
    docstring)."""
    workloads = graph.resources(k8s.WORKLOAD_KINDS)
    index = _PodIndex(workloads)
    named: dict[tuple[str, str | None, str], Resource] = {}
    for resource in graph.resources():
        if resource.kind.startswith("k8s."):
            named[(resource.kind, k8s.namespace_of(resource), k8s.name_of(resource))] = resource

    selectors = _SelectorEdges(graph)
    for service in graph.resources("k8s.core.service"):
        selector = k8s.labels_of(service.get(("spec", "selector")))
        if selector:  # a Service without a selector selects nothing (manual Endpoints)
            namespace = k8s.namespace_of(service) or "default"
            selectors.add(service, index.match_labels(namespace, selector), ("spec", "selector"))

    for policy in graph.resources("k8s.networking.network_policy"):
        namespace = k8s.namespace_of(policy) or "default"
        selector = policy.get(("spec", "podSelector"))
        found = _select(index, namespace, selector if selector is not None else {})
        selectors.add(policy, found, ("spec", "podSelector"))

    for workload in workloads:
        _service_account_edge(graph, workload, named)

    for kind in ("k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding"):
        for binding in graph.resources(kind):
            _binding_edges(graph, binding, named)

    for ingress in graph.resources("k8s.networking.ingress"):
        ingress_namespace = k8s.namespace_of(ingress)
        for path, service_name in _ingress_backends(ingress):
            target = named.get(("k8s.core.service", ingress_namespace, service_name))
            if target is not None:
                graph.add_edge(ingress, target, EdgeType.ROUTES_TO, path)
    return selectors.report()


def _service_account_edge(
    graph: ResourceGraph, workload: Resource, named: dict[tuple[str, str | None, str], Resource]
) -> None:
    found = k8s.pod_spec(workload)
    if found is None:
        return
    spec_path, spec = found
    attribute = "serviceAccountName" if "serviceAccountName" in spec else "serviceAccount"
    name = spec.get(attribute) or "default"
    account = named.get(("k8s.core.service_account", k8s.namespace_of(workload), str(name)))
    if account is not None:
        path = (*spec_path, attribute) if attribute in spec else spec_path
        graph.add_edge(workload, account, EdgeType.USES_SERVICE_ACCOUNT, path)


def _binding_edges(
    graph: ResourceGraph, binding: Resource, named: dict[tuple[str, str | None, str], Resource]
) -> None:
    namespace = k8s.namespace_of(binding)
    ref = binding.get("roleRef")
    if isinstance(ref, Mapping):
        if ref.get("kind") == "ClusterRole":
            role = named.get(("k8s.rbac.cluster_role", None, str(ref.get("name"))))
        else:
            role = named.get(("k8s.rbac.role", namespace, str(ref.get("name"))))
        if role is not None:
            graph.add_edge(binding, role, EdgeType.BINDS_ROLE, ("roleRef",))
    subjects = binding.get("subjects")
    if not isinstance(subjects, list):
        return
    for position, subject in enumerate(subjects):
        if not isinstance(subject, Mapping) or subject.get("kind") != "ServiceAccount":
            continue
        subject_namespace = subject.get("namespace") or namespace
        account = named.get(
            ("k8s.core.service_account", subject_namespace, str(subject.get("name")))
        )
        if account is not None:
            graph.add_edge(binding, account, EdgeType.BINDS_SUBJECT, ("subjects", position))


def _ingress_backends(ingress: Resource) -> Iterable[tuple[AttrPath, str]]:
    """(path of the backend, service name) for networking/v1 and the legacy v1beta1 shape."""

    def service_name(backend: Any) -> str | None:
        if not isinstance(backend, Mapping):
            return None
        service = backend.get("service")
        if isinstance(service, Mapping) and isinstance(service.get("name"), str):
            return str(service["name"])
        legacy = backend.get("serviceName")
        return legacy if isinstance(legacy, str) else None

    for key in ("defaultBackend", "backend"):
        name = service_name(ingress.get(("spec", key)))
        if name:
            yield ("spec", key), name
    rules = ingress.get(("spec", "rules"))
    if not isinstance(rules, list):
        return
    for r, item in enumerate(rules):
        http = item.get("http") if isinstance(item, Mapping) else None
        paths = http.get("paths") if isinstance(http, Mapping) else None
        if not isinstance(paths, list):
            continue
        for p, entry in enumerate(paths):
            name = service_name(entry.get("backend")) if isinstance(entry, Mapping) else None
            if name:
                yield ("spec", "rules", r, "http", "paths", p, "backend"), name
