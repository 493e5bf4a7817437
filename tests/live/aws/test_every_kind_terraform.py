"""Every canonical kind, live and in Terraform state, has the same canonical attributes.

Applies ``tests/fixtures/terraform/aws_all`` (every kind) to moto with the real terraform and
compares each state resource with its live counterpart. The apply takes about two minutes (an
RDS instance waits for moto), so it runs with ``IACGATE_TF_APPLY=1`` only, like the fixture
regeneration test; the one-apply drift test (``test_terraform.py``) always runs.

Known differences, all moto's: the canned ACL ``log-delivery-write`` (moto grants only
``READ_ACP``) and EBS encryption by default (``GetEbsDefaultKmsKeyId`` is not implemented).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacgate.live.aws.session import Target
from iacgate.normalize.terraform import to_resources
from iacgate.pipeline import collect_aws as collect
from iacgate.sources.terraform.plan import read_document
from tests.conftest import FIXTURES
from tests.normalize.test_equivalence import differences

from .motoserver import REGION, moto_server, session
from .test_terraform import TOOLS, Terraform

pytestmark = [
    pytest.mark.skipif(TOOLS is None, reason="terraform or its AWS provider mirror absent"),
    pytest.mark.skipif(os.environ.get("IACGATE_TF_APPLY") != "1", reason="set IACGATE_TF_APPLY=1"),
]
CONFIG = FIXTURES / "terraform" / "aws_all"
MOTO_DIFFERENCES = {("aws_s3_bucket.logs", "('grants',)")}


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    base = tmp_path_factory.mktemp("all")
    work = base / "config"
    work.mkdir()
    for item in CONFIG.iterdir():
        if item.suffix in (".tf", ".zip"):
            shutil.copy(item, work / item.name)
    with moto_server() as endpoint:
        tf = Terraform(work, endpoint)
        tf("init", "-input=false", "-no-color", "-backend=false")
        tf("apply", "-input=false", "-no-color", "-auto-approve", *tf.var())
        state = base / "state.json"
        state.write_text(tf("show", "-json"), encoding="utf-8")
        yield endpoint, state


def test_live_equals_state_for_every_kind(applied: tuple[str, Path]) -> None:
    endpoint, state = applied
    snapshot = collect(Target(regions=(REGION,), endpoint_url=endpoint), session=session())
    records = read_document(json.loads(state.read_text())).records
    declared = to_resources(records, scope="state", source="terraform-state").resources
    live = {(r.kind, r.physical_id): r for r in snapshot.resources}
    problems = []
    compared = set()
    for resource in declared:
        counterpart = live.get((resource.kind, resource.physical_id))
        if counterpart is None:
            if resource.kind != "aws.ec2.ebs_encryption_by_default":  # no region in state
                problems.append(f"{resource.address}: not found live")
            continue
        compared.add(resource.kind)
        for difference in differences(dict(resource.attributes), dict(counterpart.attributes)):
            if (resource.address, difference.split(":")[0]) not in MOTO_DIFFERENCES:
                problems.append(f"{resource.address}: {difference}")
    assert problems == []
    assert len(compared) >= 30
