"""Helm-rendered streams on standard input: files from ``# Source:``, lines per document."""

from __future__ import annotations

import json

from iacgate.pipeline import load_stream
from iacgate.sources.kubernetes.helm import split_stream

from ..conftest import FIXTURES, run_cli

STREAM = (FIXTURES / "helm" / "shop-template.yaml").read_text()


def _line_in_document(source: str, needle: str) -> int:
    """The line of ``needle`` counted from the first line after ``# Source: <source>``."""
    lines = STREAM.splitlines()
    start = lines.index(f"# Source: {source}")
    for offset, line in enumerate(lines[start + 1 :], 1):
        if needle in line:
            return offset
    raise AssertionError(needle)


def _findings(stdin: str, *args: str) -> list[dict[str, object]]:
    done = run_cli("scan", "-", "--format", "json", "--fail-on", "none", *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return findings


def test_helm_template_stream_reports_templates_and_document_lines() -> None:
    findings = _findings(STREAM)
    privileged = [f for f in findings if f["code"] == "K8S-001"]
    assert len(privileged) == 1
    assert privileged[0]["file"] == "shop/templates/deployment.yaml"
    assert privileged[0]["start_line"] == _line_in_document(
        "shop/templates/deployment.yaml", "privileged: true"
    )
    load_balancer = next(f for f in findings if f["code"] == "K8S-032")
    assert load_balancer["file"] == "shop/templates/service.yaml"
    assert load_balancer["start_line"] == _line_in_document(
        "shop/templates/service.yaml", "type: LoadBalancer"
    )
    hook = [f for f in findings if f["file"] == "shop/templates/tests/test-connection.yaml"]
    assert any(f["code"] == "K8S-010" for f in hook)  # busybox without a tag
    assert {f["file"] for f in findings} <= {
        "shop/templates/serviceaccount.yaml",
        "shop/templates/service.yaml",
        "shop/templates/deployment.yaml",
        "shop/templates/tests/test-connection.yaml",
    }


def test_graph_spans_templates() -> None:
    # The Deployment uses the chart's ServiceAccount (declared in another template): the
    # default-ServiceAccount rule must not fire, and the edge resolver saw both documents.
    findings = _findings(STREAM)
    assert not [
        f
        for f in findings
        if f["code"] == "K8S-031" and f["file"] == "shop/templates/deployment.yaml"
    ]


def test_plain_stream_keeps_stdin_and_stream_lines() -> None:
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n"
    text += "  containers:\n    - name: c\n      image: c:1.0\n      securityContext:\n"
    text += "        privileged: true\n"
    findings = _findings("---\n" + text + "---\n" + text.replace("name: a", "name: b"))
    lines = sorted(f["start_line"] for f in findings if f["code"] == "K8S-001")
    assert lines == [10, 20]
    assert {f["file"] for f in findings} == {"<stdin>"}


def test_documents_without_source_keep_their_stream_lines() -> None:
    stray = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: stray, namespace: x}\nspec:\n"
    stray += "  hostPID: true\n  containers: [{name: c, image: 'c:1.0'}]\n"
    findings = _findings(stray + STREAM)
    host = [f for f in findings if f["code"] == "K8S-002"]
    assert [(f["file"], f["start_line"]) for f in host] == [("<stdin>", 6)]
    assert any(f["file"] == "shop/templates/deployment.yaml" for f in findings)


def test_broken_document_is_a_parse_error_of_its_template_only() -> None:
    broken = STREAM.replace(
        "# Source: shop/templates/service.yaml\n",
        "# Source: shop/templates/service.yaml\nbad: [unclosed\n",
    )
    findings = _findings(broken)
    errors = [f for f in findings if f["name"] == "parse-error"]
    assert [(f["file"], f["start_line"]) for f in errors] == [("shop/templates/service.yaml", 2)]
    assert any(f["code"] == "K8S-001" for f in findings)


def test_split_stream_only_splits_at_document_markers() -> None:
    text = (
        "---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
        "metadata: {name: cm}\ndata:\n  script: |\n    echo ---\n    ---\n"
        "--- # trailing comment\n# Source: c/templates/two.yaml\nkind: X\n"
    )
    split = split_stream(text)
    assert split is not None and not split.has_remainder
    assert [(d.source, d.stream_line) for d in split.documents] == [
        ("c/templates/cm.yaml", 3),
        ("c/templates/two.yaml", 12),
    ]
    assert "echo ---" in split.documents[0].text
    assert split_stream("apiVersion: v1\nkind: Pod\n") is None


def test_same_object_twice_in_one_template_is_kept_twice() -> None:
    doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec: {}\n"
    text = f"---\n# Source: c/templates/p.yaml\n{doc}---\n# Source: c/templates/p.yaml\n{doc}"
    (result,) = load_stream(text.encode(), "<stdin>")
    assert result.file == "c/templates/p.yaml"
    assert len(result.resources) == 2
    assert len({r.key for r in result.resources}) == 2
