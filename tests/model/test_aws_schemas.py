"""The AWS kind registry, its schemas and the vocabulary helpers."""

from __future__ import annotations

import json

import pytest

from iacgate.model import aws, kinds
from iacgate.model.resource import Resource
from iacgate.model.unknown import UNKNOWN
from tests.normalize.schema_check import schema_errors

AWS_KINDS = sorted(k for k, spec in kinds.KINDS.items() if spec.provider == "aws")


def test_every_aws_kind_has_a_schema_and_a_physical_id_attribute() -> None:
    assert len(AWS_KINDS) >= 33
    assert kinds.SOURCES_BY_PROVIDER["aws"][:2] == ("terraform", "terraform-plan")
    for kind in AWS_KINDS:
        schema = kinds.kind_schema(kind)
        assert schema["additionalProperties"] is False, kind
        identity = aws.PHYSICAL_ID[kind]
        assert schema["x-physical-id"] == identity
        assert identity in schema["properties"], kind


def test_schemas_are_valid_json_schema() -> None:
    import jsonschema

    for kind in AWS_KINDS:
        jsonschema.Draft202012Validator.check_schema(kinds.kind_schema(kind))


def _bucket(**attributes: object) -> Resource:
    base = {
        "name": "b",
        "arn": UNKNOWN,
        "tags": {},
        "public_access_block": None,
        "encryption": {
            "sse_algorithm": "AES256",
            "kms_master_key_id": None,
            "bucket_key_enabled": False,
        },
        "versioning": {"status": "Disabled", "mfa_delete": False},
        "logging": None,
        "policy": None,
        "grants": [],
        "object_ownership": None,
        "object_lock_enabled": False,
    }
    base.update(attributes)
    return Resource("aws.s3.bucket", "aws_s3_bucket.b", "r", base, "terraform")


def test_the_schema_check_catches_wrong_types_and_unknown_attributes() -> None:
    assert schema_errors([_bucket()]) == []
    assert schema_errors([_bucket(versioning=UNKNOWN, grants=UNKNOWN)]) == []
    assert schema_errors([_bucket(object_lock_enabled="yes")])
    assert schema_errors([_bucket(versioning={"status": "On", "mfa_delete": False})])
    assert schema_errors([_bucket(acl="private")])  # not in the vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}',
            {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]},
        ),
        (
            '{"Statement": [{"Principal": {"AWS": "111122223333"}, "Condition": '
            '{"StringEquals": {"aws:x": "y"}}}]}',
            {
                "Statement": [
                    {
                        "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]},
                        "Condition": {"StringEquals": {"aws:x": ["y"]}},
                    }
                ]
            },
        ),
        ("", None),
        (None, None),
    ],
)
def test_policies_have_one_spelling(text: str | None, expected: object) -> None:
    assert aws.parse_policy(text) == expected
    if isinstance(text, str) and text:
        assert aws.parse_policy(json.loads(text)) == expected


def test_protocols_and_ports() -> None:
    assert (
        aws.sg_rule(proto="6", from_port=22, to_port=22, cidr_ipv4="0.0.0.0/0")["protocol"] == "tcp"
    )
    everything = aws.sg_rule(proto="all", from_port=0, to_port=0, cidr_ipv4="0.0.0.0/0")
    assert (everything["protocol"], everything["from_port"], everything["to_port"]) == (
        "-1",
        0,
        65535,
    )
    esp = aws.sg_rule(proto="50", from_port=0, to_port=0, cidr_ipv4="10.0.0.0/8")
    assert (esp["from_port"], esp["to_port"]) == (None, None)
    icmp = aws.sg_rule(proto="icmp", from_port=None, to_port=None, cidr_ipv4="10.0.0.0/8")
    assert (icmp["from_port"], icmp["to_port"]) == (-1, -1)
    assert aws.opens_port(everything, 22) is True
    assert aws.opens_port(esp, 22) is False
    assert aws.opens_port(aws.sg_rule(proto="tcp", from_port=20, to_port=30), 22) is True


def test_canned_acls_expand_to_grants() -> None:
    assert aws.canned_acl_grants("private") == []
    assert [g["grantee_uri"] for g in aws.canned_acl_grants("public-read")] == [aws.ALL_USERS]
    assert aws.canned_acl_grants("nonsense") is not None


def test_the_shipped_schema_is_generated_from_the_declarations() -> None:
    """``schemas/aws.json`` is ``model.aws.schema.document()``; after changing a declaration:
    ``python -c 'from iacgate.model.aws import schema; schema.write()'``."""
    from iacgate.model.aws import schema

    shipped = json.loads(schema.FILE.read_text("utf-8"))
    assert shipped == schema.document()


def test_the_registry_index_is_generated_from_the_declarations() -> None:
    """``kinds/index.json`` (which service declares a kind, which kind a type makes or folds
    into) is what the declarations say; ``schema.write()`` regenerates it too."""
    from iacgate.model.aws import kinds

    assert kinds.INDEX_FILE.read_text("utf-8") == kinds.render_index()


def test_every_declared_default_fits_its_schema() -> None:
    import jsonschema

    from iacgate.model.aws import schema
    from iacgate.model.aws.declaration import Field
    from iacgate.model.aws.kinds import KINDS

    document = schema.document()

    def check(field: Field) -> None:
        fragment = dict(schema.field_schema(field), **{"$defs": document["$defs"]})
        if "default" in fragment:
            jsonschema.validate(fragment["default"], fragment)
        for inner in field.fields:
            check(inner)

    for kind in KINDS:
        for field in kind.fields:
            check(field)


def test_declarations_are_one_per_kind_and_name_their_physical_id() -> None:
    from iacgate.model.aws.kinds import KINDS

    names = [k.name for k in KINDS]
    assert len(names) == len(set(names)) == len(AWS_KINDS)
    for kind in KINDS:
        fields = [f.name for f in kind.fields]
        assert len(fields) == len(set(fields)), kind.name
        assert kind.physical_id in fields, kind.name
        for edge in kind.edges:
            assert edge.path.split(".")[0] in fields, (kind.name, edge.path)
            assert set(edge.targets) <= set(names), (kind.name, edge.targets)
