"""A helper's answer kept per resource: by identity (two resources with the same key from two
scans are two resources), per argument, and within a bound."""

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


def test_a_memo_holds_a_bounded_number_of_answers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(memo, "KEPT", 3)
    calls: list[str] = []

    @per_resource
    def name(resource: Resource) -> str:
        calls.append(resource.address)
        return resource.address

    pods = [_pod(f"p{i}", "x") for i in range(5)]
    for pod in pods:
        name(pod)
    name(pods[4])  # kept since the memo was last emptied
    assert len(calls) == 5
    name(pods[0])  # emptied when it was full: computed again
    assert len(calls) == 6
