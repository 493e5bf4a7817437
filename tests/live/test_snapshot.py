"""The snapshot envelope: encoding, stability and refusal of malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacgate.live.coverage import EVERYWHERE, Coverage, CoverageEntry, CoverageStatus
from iacgate.live.errors import SnapshotError
from iacgate.live.snapshot import (
    Snapshot,
    decode_value,
    dumps,
    encode_value,
    from_dict,
    loads,
    read,
    to_dict,
)
from iacgate.model.resource import Resource
from iacgate.model.sensitive import REDACTED
from iacgate.model.unknown import Unknown


def resource(
    kind: str, address: str, attributes: dict[str, object], physical_id: str | None = None
) -> Resource:
    return Resource(kind, address, "aws:123456789012", attributes, "live-aws", physical_id)


def snapshot(*resources: Resource) -> Snapshot:
    coverage = Coverage.of(
        [
            CoverageEntry("aws.s3.bucket", "us-east-1", CoverageStatus.COMPLETE, 1),
            CoverageEntry("aws.iam.role", EVERYWHERE, CoverageStatus.DENIED, 0, "AccessDenied"),
        ]
    )
    return Snapshot(
        "aws",
        "aws:123456789012",
        "2024-05-01T02:00:00Z",
        coverage,
        resources,
        {"regions": ["us-east-1"]},
    )


BUCKET = resource(
    "aws.s3.bucket",
    "arn:aws:s3:::logs",
    {"name": "logs", "encryption": Unknown("not readable"), "tags": {"b": "2", "a": "1"}},
    "logs",
)
DB = resource(
    "aws.rds.db_instance",
    "arn:aws:rds:us-east-1:123456789012:db:main",
    {
        "master_password": "hunter2",
        "engine": "postgres",
        "env": [{"Name": "API_KEY", "Value": "k-1"}],
    },
)


def test_round_trip_is_exact_and_provider_agnostic() -> None:
    original = snapshot(BUCKET)
    text = dumps(original)
    again = loads(text)
    assert dumps(again) == text
    (bucket,) = again.resources
    assert bucket.kind == "aws.s3.bucket" and bucket.physical_id == "logs"
    assert bucket.source == "live-aws" and bucket.scope == "aws:123456789012"
    assert bucket.attributes["encryption"] == Unknown("not readable")
    assert again.coverage == original.coverage
    assert again.target == {"regions": ["us-east-1"]}


def test_output_is_sorted_for_diffs() -> None:
    text = dumps(snapshot(DB, BUCKET))
    data = json.loads(text)
    assert [r["kind"] for r in data["resources"]] == ["aws.rds.db_instance", "aws.s3.bucket"]
    assert list(data["resources"][1]["attributes"]["tags"]) == ["a", "b"]
    assert [c["kind"] for c in data["coverage"]] == ["aws.iam.role", "aws.s3.bucket"]
    assert text == dumps(snapshot(BUCKET, DB))


def test_secrets_are_redacted_on_the_way_out() -> None:
    text = dumps(snapshot(DB))
    assert "hunter2" not in text and "k-1" not in text
    attributes = json.loads(text)["resources"][0]["attributes"]
    assert attributes["master_password"] == REDACTED
    assert attributes["env"] == [{"Name": "API_KEY", "Value": REDACTED}]
    assert attributes["engine"] == "postgres"


def test_unknowns_and_lookalike_mappings_are_unambiguous() -> None:
    lookalike = {"$unknown": "a real key"}
    value = {"x": Unknown("why"), "y": lookalike, "z": [Unknown("w"), {"$literal": 1}]}
    encoded = encode_value(value)
    assert encoded == {
        "x": {"$unknown": "why"},
        "y": {"$literal": {"$unknown": "a real key"}},
        "z": [{"$unknown": "w"}, {"$literal": {"$literal": 1}}],
    }
    assert decode_value(json.loads(json.dumps(encoded))) == value


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("format"), "not an iacgate snapshot"),
        (lambda d: d.update(version=2), "version 2 is not supported"),
        (lambda d: d.pop("scope"), "'scope' is missing"),
        (lambda d: d["coverage"].append({"kind": "x"}), "malformed coverage"),
        (
            lambda d: d["coverage"].append({"kind": "x", "where": "*", "status": "odd"}),
            "malformed coverage",
        ),
        (lambda d: d["resources"].append(5), r"resources\[1\] is not an object"),
        (lambda d: d["resources"][0].pop("address"), "'address' is missing"),
        (lambda d: d["resources"][0].update(physical_id=5), "physical_id"),
        (lambda d: d["resources"].append(dict(d["resources"][0])), "duplicate resource"),
    ],
)
def test_malformed_snapshots_are_refused(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = to_dict(snapshot(BUCKET))
    mutate(data)
    with pytest.raises(SnapshotError, match=message):
        from_dict(json.loads(json.dumps(data)), "s.json")


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="cannot read"):
        read(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  nope")
    with pytest.raises(SnapshotError, match=r"bad.json:2: not valid JSON"):
        read(bad)


def test_schema_describes_the_output() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("iacgate/live/snapshot.schema.json")
        .read_text()
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(dumps(snapshot(BUCKET, DB))), schema)


def test_generated_at_and_collection_time_survive_a_round_trip() -> None:
    import dataclasses

    timed = dataclasses.replace(snapshot(BUCKET), duration_seconds=12.5)
    data = json.loads(dumps(timed))
    # Every JSON report has generated_at; a snapshot's is the moment it was collected, so
    # writing it again gives the same bytes.
    assert data["generated_at"] == data["collected_at"] == "2024-05-01T02:00:00Z"
    assert data["duration_seconds"] == 12.5
    again = loads(dumps(timed))
    assert again.duration_seconds == 12.5 and dumps(again) == dumps(timed)
    assert "duration_seconds" not in json.loads(dumps(snapshot(BUCKET)))  # not measured
    data["duration_seconds"] = "soon"  # malformed: ignored, not fatal
    assert from_dict(data, "s.json").duration_seconds is None
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("iacgate/live/snapshot.schema.json")
        .read_text()
    )
    jsonschema.validate(json.loads(dumps(timed)), schema)
