"""A helper's answer kept per resource: by identity (two resources with the same key from two
scans are two resources), per argument, for the length of one evaluation."""

from __future__ import annotations

from iacgate.model import memo
from iacgate.model.resource import Resource
from iacgate.rules import per_resource


def _pod(name: str, image: str) -> Resource:
    return Resource(
        "k8s.core.pod",
        f"v1/Pod/default/{name}",
        "pod.yaml",
        {"spec": {"containers": [{"name": "c", "image": image}]}},
        "kubernetes",
    )


def test_an_answer_is_kept_per_resource_object_and_arguments() -> None:
    calls: list[tuple[str, str]] = []

    @per_resource
    def image(resource: Resource, field: str = "image") -> str:
        calls.append((resource.address, field))
        return str(resource.get(("spec", "containers", 0, field)))

    first, again = _pod("web", "nginx:1"), _pod("web", "nginx:2")  # same key, another scan
    assert first == again  # resources compare by key ...
    assert [image(first), image(first), image(again), image(first, "name")] == [
        "nginx:1",
        "nginx:1",
        "nginx:2",  # ... the memo goes by the object
        "c",
    ]
    assert calls == [(first.address, "image"), (first.address, "image"), (first.address, "name")]
    assert image.__name__ == "image"


def test_an_evaluation_leaves_no_memo_behind() -> None:
    """The engine empties the memos as an evaluation ends: answers computed from one graph
    are not kept past it, and the resources they hold are not kept alive."""
    from iacgate.engine import evaluate
    from iacgate.graph.graph import ResourceGraph
    from policy_packs.k8s_core._pod import pod_of

    calls: list[str] = []

    @per_resource
    def name(resource: Resource) -> str:
        calls.append(resource.address)
        return resource.address

    pod = _pod("web", "nginx:1")
    name(pod)
    name(pod)
    assert calls == [pod.address]
    pod_of(pod)
    assert any(memo._MEMOS)  # answers are kept meanwhile
    graph = ResourceGraph()
    graph.add(pod)
    evaluate([], graph)
    assert not any(memo._MEMOS)
    name(pod)
    assert calls == [pod.address, pod.address]
