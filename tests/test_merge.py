"""``iacgate merge`` on reports made by the real code paths (snapshots, drift and posture of
two accounts read apart, one shard each): identity, coverage, counts and the gate of the merged
report, and the refusals (mixed types, unreadable or oversized files). The moto-backed merge of
an organization's sharded runs is in ``tests/live/aws/test_organizations.py``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from iacgate.api import build_graph
from iacgate.cli import main
from iacgate.driftcheck import run
from iacgate.live.coverage import Coverage, CoverageEntry, CoverageStatus, Unread
from iacgate.live.snapshot import Snapshot, dumps, read
from iacgate.merge import Gate, MergeError, merge
from iacgate.model.resource import Resource
from iacgate.pipeline import posture
from iacgate.reporters.drift import render_json
from iacgate.reporters.json import render as render_scan
from iacgate.rules.packs import load_directory
from iacgate.sources.router import FileResult
from tests.conftest import FIXTURES, REPO

SNAPSHOT_SCHEMA = json.loads((REPO / "iacgate" / "live" / "snapshot.schema.json").read_text())
DRIFT_SCHEMA = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())
RULES = load_directory(FIXTURES / "live" / "aws" / "pack").rules
REGION = "us-east-1"
A, B = "111111111111", "222222222222"


def queue(account: str, name: str, *, declared: bool = False) -> Resource:
    url = f"https://sqs.{REGION}.amazonaws.com/{account}/{name}"
    arn = f"arn:aws:sqs:{REGION}:{account}:{name}"
    attributes = {"name": name, "url": url, "arn": arn}
    if declared:
        return Resource(
            "aws.sqs.queue", f"aws_sqs_queue.{name}_{account}", "state.json", attributes,
            "terraform-state", url,
        )  # fmt: skip
    return Resource("aws.sqs.queue", arn, f"aws:{account}", attributes, "live-aws", url)


def bucket(account: str, name: str) -> Resource:
    attributes = {"name": name, "arn": f"arn:aws:s3:::{name}"}
    return Resource("aws.s3.bucket", f"arn:aws:s3:::{name}", f"aws:{account}", attributes,
                    "live-aws", name)  # fmt: skip


def account_snapshot(account: str, *resources: Resource, unread: bool = False) -> Snapshot:
    entries = [
        CoverageEntry("aws.sqs.queue", REGION, CoverageStatus.COMPLETE, 1),
        CoverageEntry("aws.s3.bucket", "*", CoverageStatus.COMPLETE, 1),
        CoverageEntry("aws.s3.bucket_policy", "*", CoverageStatus.COMPLETE, 0),
    ]
    return Snapshot(
        "aws",
        f"aws:{account}",
        "2024-05-01T02:00:00Z",
        Coverage.of(entries),
        resources,
        {"account": account, "regions": [REGION], "home_region": REGION},
    )


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """Two accounts read apart (no --org), one state declaring a queue in each: every report
    of each shard, as the commands write them."""
    snapshots = {
        A: account_snapshot(A, queue(A, "jobs"), bucket(A, "a-data")),
        B: account_snapshot(B, queue(B, "jobs"), bucket(B, "b-data"), queue(B, "made-by-hand")),
    }
    declared = run.Declared(
        build_graph(
            [
                FileResult(
                    "state.json",
                    resources=[queue(A, "jobs", declared=True), queue(B, "jobs", declared=True)],
                    recognised=True,
                )
            ]
        ),
        ("state.json",),
        (),
        (),
    )
    for account, snapshot in snapshots.items():
        (tmp_path / f"inventory-{account}.json").write_text(dumps(snapshot))
        report = run.drift(declared, snapshot, RULES)
        (tmp_path / f"drift-{account}.json").write_text(render_json(report, run.gate(report)))
        scan = posture(snapshot, RULES)
        (tmp_path / f"scan-{account}.json").write_text(render_scan(scan, False))
    return tmp_path


def test_drift_of_accounts_read_apart(shards: Path) -> None:
    partial = json.loads((shards / f"drift-{A}.json").read_text())
    # Each shard reads one account: the other account's queue is not verified there.
    [other] = partial["coverage"]["unverified"]
    assert (other["account"], other["where"]) == (B, REGION)
    assert "account 222222222222, which was not read" in other["reason"]

    merged = merge(sorted(shards.glob("drift-*.json")))
    document = merged.document
    jsonschema.validate(document, DRIFT_SCHEMA)
    # Verified by the shard that read it: nothing left unverified, both queues in sync.
    assert document["coverage"]["unverified"] == []
    summary = document["summary"]
    assert (summary["declared"], summary["in_sync"], summary["unmanaged"]) == (2, 2, 3)
    assert {(i["status"], i["account"], i["physical_id"]) for i in document["items"]} == {
        ("unmanaged", A, "a-data"),
        ("unmanaged", B, "b-data"),
        ("unmanaged", B, f"https://sqs.{REGION}.amazonaws.com/{B}/made-by-hand"),
    }
    # Coverage of two scopes, qualified by account; the accounts listed.
    wheres = {(e["kind"], e["where"]) for e in document["coverage"]["entries"]}
    assert ("aws.sqs.queue", f"{A}/{REGION}") in wheres and ("aws.s3.bucket", B) in wheres
    assert document["scope"] == "aws:merged" and document["target"]["shards"]
    assert [a["id"] for a in document["target"]["accounts"]] == [A, B]
    assert not merged.failed and summary["gate"] == "passed"
    assert merge(sorted(shards.glob("drift-*.json")), gate=Gate(fail_on_unmanaged=True)).failed
    assert (
        merge(sorted(shards.glob("drift-*.json")), scope="aws:o-example").document["scope"]
        == "aws:o-example"
    )


def test_one_shard_alone_keeps_what_it_could_not_verify(shards: Path) -> None:
    alone = merge([shards / f"drift-{A}.json"])
    assert len(alone.document["coverage"]["unverified"]) == 1
    assert not alone.failed
    assert merge([shards / f"drift-{A}.json"], gate=Gate(fail_on_incomplete=True)).failed


def test_inventories_merge_into_a_snapshot_drift_can_read(shards: Path) -> None:
    merged = merge(sorted(shards.glob("inventory-*.json")))
    jsonschema.validate(merged.document, SNAPSHOT_SCHEMA)
    out = shards / "merged.json"
    out.write_text(merged.render())
    snapshot = read(out)
    assert {r.scope for r in snapshot.resources} == {f"aws:{A}", f"aws:{B}"}
    assert snapshot.coverage.entry("aws.sqs.queue", f"{B}/{REGION}").complete  # type: ignore[union-attr]
    # The merged snapshot is one of several accounts: drift places each declaration in its own.
    declared = run.Declared(
        build_graph(
            [FileResult("state.json", resources=[queue(B, "jobs", declared=True)], recognised=True)]
        ),
        ("state.json",),
        (),
        (),
    )
    report = run.drift(declared, snapshot, [])
    assert report.in_sync == 1 and report.unverified == ()
    assert {i.account for i in report.items} == {A, B}


def test_scans_merge_by_fingerprint(shards: Path) -> None:
    reports = sorted(shards.glob("scan-*.json"))
    merged = merge([*reports, reports[0]])  # a shard named twice counts once
    findings = merged.document["findings"]
    singles = [json.loads(p.read_text())["findings"] for p in reports]
    assert len(findings) == sum(len(s) for s in singles)
    assert {f["account"] for f in findings} == {A, B}
    assert merged.document["summary"]["findings"] == len(findings)
    # The gate: whether a merged finding gates.
    gating = any(f["gating"] for f in findings)
    assert merged.failed == gating and merged.document["summary"]["gating"] == sum(
        f["gating"] for f in findings
    )


def test_the_gate_of_merged_scans_is_recomputed(tmp_path: Path) -> None:
    unread = account_snapshot(A)
    unread = Snapshot(
        unread.provider,
        unread.scope,
        unread.collected_at,
        Coverage.of(unread.coverage.entries, [Unread(B, CoverageStatus.DENIED, "AccessDenied")]),
        (),
        unread.target,
    )
    from iacgate.gate.process import judge
    from iacgate.gate.run import ScanOptions, settings_for

    gated = judge(posture(unread, []), settings_for(ScanOptions(use_config=False)))
    (tmp_path / "scan-1.json").write_text(render_scan(gated))
    (tmp_path / "scan-2.json").write_text(render_scan(posture(account_snapshot(B), []), False))
    merged = merge(sorted(tmp_path.glob("scan-*.json")))
    assert merged.failed and merged.document["summary"]["gate"] == "failed"
    [finding] = merged.document["findings"]
    assert (finding["code"], finding["account"]) == ("CORE-020", B)


def test_refusals(shards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(MergeError, match="reports of different types"):
        merge([shards / f"drift-{A}.json", shards / f"inventory-{B}.json"])
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(MergeError, match="not an iacgate"):
        merge([other])
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"report": "drift", "version": "2"}))
    with pytest.raises(MergeError, match="version '2' is not supported"):
        merge([newer])
    with pytest.raises(MergeError, match="larger than 100 bytes"):
        merge([shards / f"drift-{A}.json"], max_bytes=100)
    with pytest.raises(MergeError, match="not a regular file"):
        merge([tmp_path])
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(MergeError, match="not a regular file"):
        merge([fifo])  # never blocks on a pipe
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(MergeError, match="not valid JSON"):
        merge([broken])
    k8s = json.loads((shards / f"inventory-{A}.json").read_text()) | {"provider": "k8s"}
    (tmp_path / "k8s.json").write_text(json.dumps(k8s))
    with pytest.raises(MergeError, match="different providers"):
        merge([shards / f"inventory-{B}.json", tmp_path / "k8s.json"])
    # The command: exit 2, the reason on stderr.
    assert main(["merge", str(broken)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["merge", *map(str, sorted(shards.glob("drift-*.json"))), "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["report"] == "drift"
