"""The canonical kind vocabulary and each kind's attribute schema, declared once.

Schemas are JSON Schema documents shipped beside this module (one file per provider). They
document every attribute a rule may read, with provider defaults under ``default``; tests
validate every adapter's output against them. Loading them is lazy: a scan never needs them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class KindSpec:
    name: str
    provider: str  # "k8s", "aws"
    schema_file: str
    description: str


def _k8s(name: str, description: str) -> KindSpec:
    return KindSpec(name, "k8s", "k8s.json", description)


def _aws_kinds() -> tuple[KindSpec, ...]:
    """Every AWS kind, from its declaration (``model/aws/kinds``): one module per service."""
    from iacgate.model.aws.kinds import KINDS as AWS

    return tuple(KindSpec(k.name, "aws", "aws.json", k.description) for k in AWS)


# The Kubernetes registry is a visible literal (a line here and its schema); AWS kinds are
# declared once each, with their schema, in ``model/aws/kinds``.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        _k8s("k8s.core.pod", "A Pod"),
        _k8s("k8s.core.replication_controller", "A ReplicationController (legacy workload)"),
        _k8s("k8s.core.service", "A Service"),
        _k8s("k8s.core.service_account", "A ServiceAccount"),
        _k8s("k8s.core.namespace", "A Namespace"),
        _k8s("k8s.core.config_map", "A ConfigMap"),
        _k8s("k8s.core.secret", "A Secret (values are never read or reported)"),
        _k8s("k8s.apps.deployment", "A Deployment"),
        _k8s("k8s.apps.stateful_set", "A StatefulSet"),
        _k8s("k8s.apps.daemon_set", "A DaemonSet"),
        _k8s("k8s.apps.replica_set", "A ReplicaSet"),
        _k8s("k8s.batch.job", "A Job"),
        _k8s("k8s.batch.cron_job", "A CronJob"),
        _k8s(
            "k8s.any.pod_template",
            "Any other object carrying a pod template (Knative Service, Argo Rollout, a custom "
            "resource): judged as a workload, listed under this kind besides its own",
        ),
        _k8s("k8s.rbac.role", "An RBAC Role"),
        _k8s("k8s.rbac.cluster_role", "An RBAC ClusterRole"),
        _k8s("k8s.rbac.role_binding", "An RBAC RoleBinding"),
        _k8s("k8s.rbac.cluster_role_binding", "An RBAC ClusterRoleBinding"),
        _k8s("k8s.networking.network_policy", "A NetworkPolicy"),
        _k8s("k8s.networking.ingress", "An Ingress"),
        _k8s("k8s.kubelet.kubelet_configuration", "A kubelet configuration file"),
        _k8s("k8s.apiserver.encryption_configuration", "The API server's encryption config file"),
        *_aws_kinds(),
    )
}


# Which sources can express a provider's kinds: each rule needs fixtures for every one of them.
SOURCES_BY_PROVIDER: dict[str, tuple[str, ...]] = {
    "k8s": ("kubernetes",),
    "aws": ("terraform", "terraform-plan", "cloudformation"),
}


def _inexpressible() -> dict[str, frozenset[str]]:
    """Kinds a source of their provider cannot express: no resource type of the source writes
    them (CloudFormation has none for the account-level S3 public access block or for EBS
    encryption by default; a plan none for the AWS provider's configuration)."""
    from iacgate.model.aws.kinds import KINDS as AWS

    found: dict[str, frozenset[str]] = {}
    for kind in AWS:
        missing = {
            source
            for source, writers in (
                ("terraform", kind.terraform),
                ("terraform-plan", kind.terraform),
                ("cloudformation", kind.cloudformation),
            )
            if not writers.types
            # Provider configuration blocks (type ``provider.<name>``) are read from HCL only:
            # a plan keeps them apart from its resources.
            or (
                source == "terraform-plan" and all(t.startswith("provider.") for t in writers.types)
            )
        }
        if missing:
            found[kind.name] = frozenset(missing)
    return found


INEXPRESSIBLE: dict[str, frozenset[str]] = _inexpressible()


def sources_for(kind: str) -> tuple[str, ...]:
    spec = KINDS.get(kind)
    if spec is None:
        return ()
    excluded = INEXPRESSIBLE.get(kind, frozenset())
    return tuple(s for s in SOURCES_BY_PROVIDER.get(spec.provider, ()) if s not in excluded)


@cache
def _schema_file(name: str) -> dict[str, Any]:
    # Beside this module (importlib.resources would cost ~8 ms of start-up to say the same).
    text = (Path(__file__).parent / "schemas" / name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``, with the provider file's shared ``$defs`` attached."""
    spec = KINDS[kind]
    document = _schema_file(spec.schema_file)
    schema = dict(document["kinds"][kind])
    schema["$defs"] = document.get("$defs", {})
    return schema
