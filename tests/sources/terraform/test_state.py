"""State: terraform show -json of a state and raw .tfstate v4 give the same records."""

from __future__ import annotations

import json

import pytest

from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform.plan import read_document
from tests.normalize.sources import FIXTURE


def _document(name: str):  # type: ignore[no-untyped-def]
    return read_document(json.loads((FIXTURE / name).read_text()))


def test_show_json_and_raw_state_hold_the_same_resources() -> None:
    shown, raw = _document("state.json"), _document("terraform.tfstate")
    assert (shown.kind, raw.kind) == ("state", "tfstate")
    shown_records = {r.address: r for r in shown.records}
    raw_records = {r.address: r for r in raw.records}
    assert set(shown_records) == set(raw_records)
    assert len(shown_records) == 64
    for address, record in shown_records.items():
        other = raw_records[address]
        assert (record.type, record.mode, record.module, record.index) == (
            other.type,
            other.mode,
            other.module,
            other.index,
        )
        assert dict(record.values) == dict(other.values), address


def test_state_resources_carry_physical_ids() -> None:
    from iacgate.normalize.terraform import to_resources

    resources = to_resources(_document("state.json").records, scope="s", source="terraform-state")
    ids = {r.address: r.physical_id for r in resources.resources}
    assert ids["aws_s3_bucket.data"] == "iacgate-fixture-data"
    assert str(ids["aws_security_group.web"]).startswith("sg-")
    assert str(ids["aws_iam_policy.logs"]).startswith("arn:aws:iam::")
    assert str(ids["aws_sqs_queue.jobs"]).startswith("http")
    assert ids["aws_s3_account_public_access_block.account"] == "123456789012"


def test_raw_state_addresses_modules_and_instance_keys() -> None:
    state = {
        "version": 4,
        "terraform_version": "1.9.0",
        "serial": 1,
        "lineage": "x",
        "resources": [
            {
                "module": 'module.net["eu"]',
                "mode": "managed",
                "type": "aws_vpc",
                "name": "main",
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                "instances": [
                    {
                        "index_key": "a",
                        "attributes": {"id": "vpc-1", "password": "x"},
                        "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]],
                    },
                    {"index_key": 2, "attributes": {"id": "vpc-2"}},
                ],
            },
            {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{}]},
        ],
    }
    records = read_document(state).records
    assert [r.address for r in records] == [
        'module.net["eu"].aws_vpc.main["a"]',
        'module.net["eu"].aws_vpc.main[2]',
        "data.aws_caller_identity.me",
    ]
    assert records[0].sensitive == frozenset({("password",)})
    assert records[0].provider == "aws"
    assert (records[1].module, records[1].index) == ('module.net["eu"]', 2)


def test_pre_012_states_are_refused_with_a_reason() -> None:
    with pytest.raises(SourceError, match="flatmap"):
        read_document(
            {
                "version": 4,
                "lineage": "x",
                "resources": [
                    {"type": "aws_vpc", "name": "v", "instances": [{"attributes_flat": {}}]}
                ],
            }
        )


def test_an_empty_state_has_no_resources() -> None:
    document = read_document({"format_version": "1.0", "terraform_version": "1.9.0"})
    assert document.kind == "state" and document.records == ()
