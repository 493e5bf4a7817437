"""With the real ``terraform`` (skipped where it or its AWS provider mirror is absent): apply the
configuration to moto once, find no drift against the resulting state, change things by hand,
and agree with ``terraform plan -refresh-only`` on which declared resources drifted and on the
changed attributes of the covered kinds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iacgate.driftcheck import run
from iacgate.driftcheck.aws_declared import read_declared_aws
from iacgate.driftcheck.model import DriftStatus
from iacgate.live.aws.session import Target
from iacgate.pipeline import collect_aws as collect
from iacgate.rules.packs import load_directory
from tests.conftest import FIXTURES, REPO
from tests.sources.terraform.tfharness import _cli_config, toolchain

from .motoserver import REGION, moto_server, session
from .world import ADMIN, CONFIG, change_behind_the_code

TOOLS = toolchain()
pytestmark = pytest.mark.skipif(TOOLS is None, reason="terraform or its AWS provider mirror absent")
RULES = load_directory(FIXTURES / "live" / "aws" / "pack").rules


class Terraform:
    def __init__(self, work: Path, endpoint: str) -> None:
        assert TOOLS is not None
        self.work = work
        self.endpoint = endpoint
        self.env = dict(
            os.environ,
            TF_CLI_CONFIG_FILE=str(_cli_config(work.parent, TOOLS.mirror)),
            TF_IN_AUTOMATION="1",
            TF_DATA_DIR=str(work.parent / "data"),
            CHECKPOINT_DISABLE="1",
            HTTP_PROXY=endpoint,  # S3 Control's <account>.<host> names, answered by moto
            NO_PROXY="",
        )

    def __call__(self, *args: str) -> str:
        assert TOOLS is not None
        done = subprocess.run(
            [TOOLS.terraform, *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"terraform {args[0]}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def var(self) -> tuple[str, str]:
        return ("-var", f"endpoint={self.endpoint}")


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Terraform, Path]]:
    base = tmp_path_factory.mktemp("tf")
    work = base / "config"
    work.mkdir()
    for item in CONFIG.glob("*.tf"):
        shutil.copy(item, work / item.name)
    with moto_server() as endpoint:
        tf = Terraform(work, endpoint)
        tf("init", "-input=false", "-no-color", "-backend=false")
        tf("apply", "-input=false", "-no-color", "-auto-approve", *tf.var())
        state = base / "state.json"
        state.write_text(tf("show", "-json"), encoding="utf-8")
        yield tf, state


def _drift(tf: Terraform, state: Path) -> Any:
    snapshot = collect(Target(regions=(REGION,), endpoint_url=tf.endpoint), session=session())
    declared = read_declared_aws([str(state)], REPO)
    return declared, run.drift(declared, snapshot, RULES)


def _ids(state: Path) -> dict[str, str]:
    values = {
        r["address"]: r["values"]
        for r in json.loads(state.read_text())["values"]["root_module"]["resources"]
    }
    return {
        "kms_key": values["aws_kms_key.data"]["key_id"],
        "security_group": values["aws_security_group.web"]["id"],
        "vpc": values["aws_vpc.main"]["id"],
    }


# Attributes terraform reports as drift although nothing changed: its own empty-value
# normalization (tags null -> {}), server-populated counters, and an owner's deprecated inline
# copy of a setting a split resource manages (aws_s3_bucket.versioning).
_NOISE = {"attachment_count"}
_SPLIT_COPIES = {("aws_s3_bucket", "versioning")}


def _empty(value: Any) -> bool:
    return value in (None, {}, [], "")


def _meaningful(drift: dict[str, Any]) -> bool:
    change = drift["change"]
    if change["actions"] != ["update"]:
        return True
    before, after = change["before"] or {}, change["after"] or {}
    for key in set(before) | set(after):
        old, new = before.get(key), after.get(key)
        if old == new or key in _NOISE or (drift["type"], key) in _SPLIT_COPIES:
            continue
        if _empty(old) and _empty(new):
            continue
        return True
    return False


def test_applied_state_has_no_drift_then_agrees_with_refresh_only(
    applied: tuple[Terraform, Path],
) -> None:
    tf, state = applied
    _, report = _drift(tf, state)
    assert report.items == () and report.unverified == () and report.in_sync == 9

    ids = _ids(state)
    change_behind_the_code(tf.endpoint, ids)
    declared, report = _drift(tf, state)
    found = {i.address: i for i in report.items if i.status is not DriftStatus.UNMANAGED}
    assert set(found) == {
        "aws_s3_bucket.data",
        "aws_s3_bucket.logs",
        "aws_security_group.web",
        "aws_iam_role.app",
        "aws_cloudwatch_log_group.app",
    }
    assert {i.address for i in report.items if i.security} == set(found) - {
        "aws_cloudwatch_log_group.app"
    }
    [unmanaged] = [i for i in report.items if i.status is DriftStatus.UNMANAGED]
    assert unmanaged.kind == "aws.sqs.queue" and unmanaged.address.endswith("/made-by-hand")

    # terraform's own view of the same changes
    tf("plan", "-refresh-only", "-input=false", "-no-color", "-out=refresh.plan", *tf.var())
    plan = json.loads(tf("show", "-json", "refresh.plan"))
    owner: dict[str, str] = {}
    for resource in declared.graph.resources():
        owner[resource.address] = resource.address
        for folded in resource.origin.get("folded", ()):
            owner[folded] = resource.address
    drifted = {d["address"]: d for d in plan.get("resource_drift", []) if _meaningful(d)}
    assert {owner.get(a, a) for a in drifted} == set(found)
    # Attribute level, for the kinds whose attributes map one to one.
    group = drifted["aws_security_group.web"]["change"]
    assert {r["from_port"] for r in group["after"]["ingress"]} == {22, 443}
    assert {r["from_port"] for r in group["before"]["ingress"]} == {443}
    assert [c.display_path for c in found["aws_security_group.web"].changes] == [
        "ingress[protocol=tcp,from_port=22,to_port=22,cidr_ipv4=0.0.0.0/0,self_referencing=False]"
    ]
    role = drifted["aws_iam_role.app"]["change"]
    # The state keeps the role's attachment in its own resource (before: []), so terraform
    # sees both policies appear; the canonical role already folds the declared one in.
    added = set(role["after"]["managed_policy_arns"]) - set(role["before"]["managed_policy_arns"])
    [change] = found["aws_iam_role.app"].changes
    assert change.display_path == "managed_policy_arns"
    assert set(change.live) - set(change.declared) == {ADMIN} and ADMIN in added
    assert drifted["aws_cloudwatch_log_group.app"]["change"]["actions"] == ["delete"]
    assert found["aws_cloudwatch_log_group.app"].status is DriftStatus.MISSING
    access = drifted["aws_s3_bucket_public_access_block.logs"]["change"]["actions"]
    assert access == ["delete"]  # moto and AWS: no public access block any more
