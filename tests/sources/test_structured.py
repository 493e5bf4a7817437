"""The bounded YAML/JSON loader: values, spans, limits and malformed input."""

from __future__ import annotations

import pytest

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.structured import load_documents

MANIFEST = """\
# leading comment
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true

      args:
        - --flag
        - >-
          folded
          text
---
kind: Second
"""


def test_values_and_spans_of_every_path() -> None:
    first, second = load_documents(MANIFEST, "pod.yaml")
    assert first.value["spec"]["containers"][0]["securityContext"]["privileged"] is True
    spans = first.spans
    assert spans[("spec", "containers", 0, "securityContext", "privileged")].start_line == 11
    assert spans[("spec", "containers", 0, "image")].start_line == 9
    # A block mapping ends at its last child, not at the blank line or next key.
    security = spans[("spec", "containers", 0, "securityContext")]
    assert (security.start_line, security.end_line) == (10, 11)
    folded = spans[("spec", "containers", 0, "args", 1)]
    assert (folded.start_line, folded.end_line) == (15, 17)
    assert spans[("spec", "containers", 0)].start_line == 8
    assert all(loc.file == "pod.yaml" for loc in spans.values())
    assert second.value == {"kind": "Second"}
    assert second.start_line == 18  # the document starts at its "---" marker


def test_yaml_1_1_scalars_resolve_like_kubectl() -> None:
    (doc,) = load_documents(
        "a: yes\nb: 'yes'\nc: 0x1F\nd: 1.5\ne: ~\nf: 2024-01-01\ng: 010\n", "x.yaml"
    )
    assert doc.value == {
        "a": True,
        "b": "yes",
        "c": 31,
        "d": 1.5,
        "e": None,
        "f": "2024-01-01",  # timestamps stay text: JSON-serializable, compared as written
        "g": 8,
    }


def test_anchors_aliases_and_merge_keys() -> None:
    (doc,) = load_documents(
        "base: &b {cpu: 1, memory: 2}\nuse: *b\nmerged:\n  <<: *b\n  cpu: 4\n", "x.yaml"
    )
    assert doc.value["use"] == {"cpu": 1, "memory": 2}
    assert doc.value["merged"] == {"cpu": 4, "memory": 2}


def test_json_with_tabs_and_lines() -> None:
    text = '{\n\t"kind": "Pod",\n\t"spec": {\n\t\t"hostPID": true\n\t}\n}\n'
    (doc,) = load_documents(text, "pod.json", json_text=True)
    assert doc.value == {"kind": "Pod", "spec": {"hostPID": True}}
    assert doc.spans[("spec", "hostPID")].start_line == 4


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 3),
        ("a:\n  - b\n c: d\n", "invalid YAML", 3),
        ("a: [1, 2\n", "invalid YAML", 2),
        ("a: !Ref thing\n", "unknown YAML tag '!Ref'", 1),
        ("a: *nowhere\n", "unknown alias *nowhere", 1),
        ("? [a, b]\n: c\n", "complex mapping keys", 1),
    ],
)
def test_malformed_input_raises_with_line(text: str, message: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        load_documents(text, "bad.yaml")
    assert message in caught.value.message
    assert caught.value.line == line


def test_alias_bomb_is_bounded() -> None:
    # Nine levels of nine-fold aliases: 9**9 values if expanded. Aliases are shared, not
    # copied, but their expansion counts against the budget.
    lines = ['l0: &l0 ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    with pytest.raises(SourceError, match="alias bomb"):
        load_documents("\n".join(lines), "bomb.yaml")


def test_deep_nesting_is_refused_without_recursion() -> None:
    # PyYAML's C composer recurses and crashes the process on input like this; here either our
    # depth limit or libyaml's own answers first, with an error instead of a crash.
    with pytest.raises(SourceError, match=r"nested deeper|nesting depth"):
        load_documents("[" * 100_000 + "]" * 100_000, "deep.yaml")
    with pytest.raises(SourceError, match="nested deeper"):
        load_documents("".join("  " * i + "k:\n" for i in range(5000)), "deep.yaml")


def test_custom_tags_reach_the_handler() -> None:
    seen: list[tuple[str, object, int]] = []

    def handler(tag: str, value: object, line: int) -> object:
        seen.append((tag, value, line))
        return {tag.lstrip("!"): value}

    (doc,) = load_documents(
        "a: !Ref b\nc: !GetAZs\nd: !Join [',', [x, y]]\n", "t.yaml", tag_handler=handler
    )
    assert doc.value == {"a": {"Ref": "b"}, "c": {"GetAZs": ""}, "d": {"Join": [",", ["x", "y"]]}}
    assert [s[2] for s in seen] == [1, 2, 3]


def test_empty_and_comment_only_streams() -> None:
    assert load_documents("", "e.yaml") == []
    assert load_documents("# only a comment\n", "c.yaml") == []
    (doc,) = load_documents("---\n", "c.yaml")
    assert doc.value is None


def test_python_tags_are_refused_on_scalars_and_collections() -> None:
    for text in (
        "a: !!python/name:os.system ''\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!python/object/new:dict {x: 1}\n",
    ):
        with pytest.raises(SourceError, match="unknown YAML tag"):
            load_documents(text, "evil.yaml")
    (doc,) = load_documents("a: !!binary aGVsbG8=\nb: !!str 1\nc: !!set {x: null}\n", "ok.yaml")
    assert doc.value == {"a": "aGVsbG8=", "b": "1", "c": {"x": None}}
