"""Kubernetes manifests into canonical resources: every workload kind, Lists, JSON, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacgate.model import k8s
from iacgate.pipeline import load_file, load_text
from iacgate.sources.diagnostics import DiagnosticKind

WORKLOADS = {
    "Pod": ("v1", "spec"),
    "ReplicationController": ("v1", "spec:\n  template:\n    spec"),
    "Deployment": ("apps/v1", "spec:\n  template:\n    spec"),
    "StatefulSet": ("apps/v1", "spec:\n  template:\n    spec"),
    "DaemonSet": ("apps/v1", "spec:\n  template:\n    spec"),
    "ReplicaSet": ("apps/v1", "spec:\n  template:\n    spec"),
    "Job": ("batch/v1", "spec:\n  template:\n    spec"),
    "CronJob": ("batch/v1", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec"),
}


def _workload(kind: str) -> str:
    api_version, spec_path = WORKLOADS[kind]
    indent = "  " * spec_path.count("\n") + "  "
    return (
        f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: w\n{spec_path}:\n"
        f"{indent}containers:\n{indent}  - name: app\n{indent}    image: app:1\n"
    )


@pytest.mark.parametrize("kind", sorted(WORKLOADS))
def test_every_workload_reaches_its_containers(kind: str) -> None:
    text = _workload(kind)
    result = load_text(text, "w.yaml")
    (resource,) = result.resources
    (container,) = list(k8s.containers(resource))
    assert container.name == "app"
    # The container path is a real path of the source: its span exists and its line is right.
    span = result.spans[resource.key][(*container.path, "image")]
    line = text.splitlines()[span.start_line - 1]
    assert line.strip() == "image: app:1"


def test_kind_names_addresses_and_defaults() -> None:
    result = load_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\n"
        "roleRef: {kind: ClusterRole, name: view}\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {a: b}}\n"
        "---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i, namespace: web}\n",
        "m.yaml",
    )
    binding, service, ingress = result.resources
    assert binding.kind == "k8s.rbac.cluster_role_binding"
    assert binding.address == "rbac.authorization.k8s.io/ClusterRoleBinding/b"
    assert "namespace" not in binding.attributes["metadata"]  # cluster-scoped
    assert service.kind == "k8s.core.service"
    assert service.address == "core/Service/default/s"
    assert service.attributes["spec"]["type"] == "ClusterIP"  # the API server's default
    assert ingress.kind == "k8s.networking.ingress"  # legacy group mapped to where it lives now
    assert ingress.address == "networking.k8s.io/Ingress/web/i"
    assert service.key == "m.yaml::core/Service/default/s"


def test_lists_are_unpacked_with_their_own_spans() -> None:
    text = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: a}\n"
        "  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n"
        "    spec:\n      hostPID: true\n"
    )
    result = load_text(text, "list.yaml")
    assert [r.kind for r in result.resources] == ["k8s.core.service_account", "k8s.core.pod"]
    pod = result.resources[1]
    assert result.spans[pod.key][("spec", "hostPID")].start_line == 11


def test_json_manifest(tmp_path: Path) -> None:
    path = tmp_path / "pod.json"
    path.write_text('{"apiVersion": "v1",\n "kind": "Pod",\n "metadata": {"name": "p"}}\n')
    result = load_file(path, "pod.json")
    assert [r.address for r in result.resources] == ["core/Pod/default/p"]


def test_non_kubernetes_files_are_ignored_silently() -> None:
    for text in ("name: chart\nversion: 1.0\n", "[1, 2, 3]\n", "just text\n", "kind: Pod\n"):
        result = load_text(text, "other.yaml")
        assert result.resources == [] and result.diagnostics == [] and not result.recognised


def test_broken_yaml_is_a_parse_error_with_line() -> None:
    result = load_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n", "bad.yaml")
    (diagnostic,) = result.diagnostics
    assert diagnostic.kind is DiagnosticKind.PARSE_ERROR
    assert diagnostic.file == "bad.yaml" and diagnostic.line >= 4


def test_templates_are_not_scanned_not_parse_errors() -> None:
    result = load_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n", "t.yaml"
    )
    (diagnostic,) = result.diagnostics
    # Not judged (a gating file-not-scanned finding), and said to be a template.
    assert diagnostic.kind is DiagnosticKind.NOT_SCANNED and "template" in diagnostic.message


def test_braces_in_comments_do_not_make_a_template() -> None:
    broken = "# made by {{ tool }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n"
    (diagnostic,) = load_text(broken, "t.yaml").diagnostics
    assert diagnostic.kind is DiagnosticKind.PARSE_ERROR and diagnostic.line == 6
    valid = "# made by {{ tool }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n"
    assert [r.address for r in load_text(valid, "t.yaml").resources] == ["core/Pod/default/a"]


def test_duplicate_objects_in_one_file_are_kept_apart() -> None:
    doc = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n"
    result = load_text(doc + "---\n" + doc, "dup.yaml")
    assert len(result.resources) == 2
    assert len({r.key for r in result.resources}) == 2
