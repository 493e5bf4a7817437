"""Edges across layers: a Kubernetes ServiceAccount to the AWS IAM role its pods assume.

Two ways give a pod an AWS identity on EKS, and both become one ``assumes-role`` edge from the
ServiceAccount to the role:

- **IRSA**: the ServiceAccount's annotation ``eks.amazonaws.com/role-arn`` names the role by ARN;
- **EKS Pod Identity**: an association (``aws.eks.pod_identity_association``) names a namespace,
  a ServiceAccount and a role.

The role is found in the same scan by ARN, else by name (in code a role's ARN is known only
after apply, its name usually is; a known ARN of another account never matches). When the scan
does not hold the role, the edge goes to a placeholder node carrying the ARN: the export shows
the relation and the risk analysis says the role's permissions are not known.

Which cluster a manifest is applied to is not written in it, so a Pod Identity association
links every ServiceAccount of its namespace and name in the scan (one cluster per scan is the
common case; the association's cluster is named in the risk reasons).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from iacgate.graph.graph import EdgeType, ResourceGraph, placeholder
from iacgate.model import k8s
from iacgate.model.resource import Resource

IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"
ROLE = "aws.iam.role"
ASSOCIATION = "aws.eks.pod_identity_association"
SERVICE_ACCOUNT = "k8s.core.service_account"


def role_name(arn: str) -> str:
    """The role name of an ARN (``arn:aws:iam::1:role/path/NAME`` -> ``NAME``), or the value
    itself when it is a plain name."""
    return arn.rsplit("/", 1)[-1] if arn.startswith("arn:") else arn


class _Roles:
    def __init__(self, graph: ResourceGraph) -> None:
        self.by_arn: dict[str, list[Resource]] = defaultdict(list)
        self.by_name: dict[str, list[Resource]] = defaultdict(list)
        for role in graph.resources(ROLE):
            arn = role.attributes.get("arn")
            if isinstance(arn, str) and arn:
                self.by_arn[arn].append(role)
            name = role.attributes.get("name")
            if isinstance(name, str) and name:
                self.by_name[name].append(role)

    def find(self, arn: str) -> list[Resource]:
        found = self.by_arn.get(arn)
        if found:
            return list(found)
        if not arn.startswith("arn:") or ":role/" not in arn:
            return list(self.by_name.get(arn, ())) if not arn.startswith("arn:") else []
        out = []
        for role in self.by_name.get(role_name(arn), ()):
            known = role.attributes.get("arn")
            # A role whose ARN is known and differs (another account) is another role.
            if not isinstance(known, str) or not known or known == arn:
                out.append(role)
        return out


def _link(
    graph: ResourceGraph,
    roles: _Roles,
    account: Resource,
    arn: str,
    path: tuple[str, ...],
) -> None:
    found = roles.find(arn)
    if not found:
        node = graph.add_placeholder(placeholder(ROLE, arn, {"arn": arn, "name": role_name(arn)}))
        found = [node]
    for role in found:
        graph.add_edge(account, role, EdgeType.ASSUMES_ROLE, path)


def build_edges(graph: ResourceGraph) -> None:
    """ServiceAccount -> IAM role edges from IRSA annotations and Pod Identity associations."""
    accounts = graph.resources(SERVICE_ACCOUNT)
    associations = graph.resources(ASSOCIATION)
    if not accounts:
        return
    roles = _Roles(graph)
    by_name: dict[tuple[str, str], list[Resource]] = defaultdict(list)
    for account in accounts:
        by_name[(k8s.namespace_of(account) or "default", k8s.name_of(account))].append(account)
        annotations = account.get(("metadata", "annotations"))
        if not isinstance(annotations, Mapping):
            continue
        arn = annotations.get(IRSA_ANNOTATION)
        if isinstance(arn, str) and arn.strip():
            _link(graph, roles, account, arn.strip(), ("metadata", "annotations", IRSA_ANNOTATION))
    for association in associations:
        namespace = association.attributes.get("namespace")
        name = association.attributes.get("service_account")
        if not isinstance(namespace, str) or not isinstance(name, str):
            continue
        targets = [
            edge.target
            for edge in graph.edges(association, "out")
            if edge.type is EdgeType.USES_ROLE
        ]
        arn = association.attributes.get("role_arn")
        for account in by_name.get((namespace, name), ()):
            graph.add_edge(association, account, EdgeType.REFERENCES, ("service_account",))
            if targets:
                for role in targets:
                    graph.add_edge(account, role, EdgeType.ASSUMES_ROLE, ())
            elif isinstance(arn, str) and arn:
                _link(graph, roles, account, arn, ())
