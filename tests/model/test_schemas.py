"""Every adapter's output validates against its kind schema; the registry is consistent."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from iacgate.model.kinds import KINDS, kind_schema
from iacgate.pipeline import load_file

from ..conftest import EXAMPLES, FIXTURES

FILES = sorted(
    p
    for base in (EXAMPLES, FIXTURES / "rules")
    for p in base.rglob("*")
    if p.suffix in (".yaml", ".yml", ".json") and "kubernetes" in p.parts
)


def test_every_kind_has_a_valid_schema() -> None:
    for kind in KINDS:
        schema = kind_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_normalized_resources_validate(path: Path) -> None:
    result = load_file(path, path.name)
    assert result.resources, "fixture holds no Kubernetes objects"
    for resource in result.resources:
        if resource.kind not in KINDS:
            continue
        jsonschema.validate(dict(resource.attributes), kind_schema(resource.kind))


def test_schema_rejects_a_malformed_object() -> None:
    bad = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": "yes"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, kind_schema("k8s.core.pod"))


def test_resource_get_paths_and_unknowns() -> None:
    from iacgate.model.resource import Resource
    from iacgate.model.unknown import Unknown

    hidden = Unknown("known after apply")
    resource = Resource(
        kind="k8s.core.pod",
        address="a",
        scope="s",
        attributes={"spec": {"containers": [{"name": "c"}], "policy": hidden}},
        source="test",
    )
    assert resource.get("spec.containers[0].name") == "c"
    assert resource.get(("spec", "containers", -1, "name")) == "c"
    assert resource.get("spec.containers[3].name", "none") == "none"
    assert resource.get("spec.missing.deeper") is None
    assert resource.get("spec.containers.name") is None  # a key into a list
    # Below an unknown value, everything is unknown (never "absent").
    assert resource.get("spec.policy.Statement[0]") is hidden
