"""Parameter values from the command line and files; pseudo parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacgate.model.unknown import is_unknown
from iacgate.sources.cloudformation.parameters import (
    ParameterError,
    merge,
    parse_assignment,
    parse_parameter_file,
    partition_of,
    pseudo_values,
)


def test_assignments() -> None:
    assert parse_assignment("Env=prod") == ("Env", "prod")
    assert parse_assignment("Url=a=b") == ("Url", "a=b")
    assert parse_assignment("AWS::Region=eu-west-1") == ("AWS::Region", "eu-west-1")
    assert parse_assignment("Empty=") == ("Empty", "")
    for bad in ("novalue", "=x"):
        with pytest.raises(ParameterError):
            parse_assignment(bad)


def test_aws_cli_parameter_files(tmp_path: Path) -> None:
    path = tmp_path / "params.json"
    path.write_text(
        json.dumps(
            [
                {"ParameterKey": "Env", "ParameterValue": "prod"},
                {"ParameterKey": "Count", "ParameterValue": 3},
                {"ParameterKey": "Old", "UsePreviousValue": True},
            ]
        )
    )
    assert parse_parameter_file(path) == {"Env": "prod", "Count": "3"}
    config = tmp_path / "config.json"
    config.write_text('{"Parameters": {"Env": "dev"}, "Tags": {}}')
    assert parse_parameter_file(config) == {"Env": "dev"}
    assert merge([{"Env": "a", "X": "1"}, {"Env": "b"}]) == {"Env": "b", "X": "1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"Env": "x"}', "expected a list"),
        ('[{"ParameterValue": "x"}]', "entry 0 has no ParameterKey"),
        ('[{"ParameterKey": "Env"}]', "parameter 'Env' has no ParameterValue"),
        ('[{"ParameterKey": "Env", "ParameterValue": {"a": 1}}]', "must be a string"),
    ],
)
def test_malformed_parameter_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "params.json"
    path.write_text(text)
    with pytest.raises(ParameterError, match=message):
        parse_parameter_file(path)
    with pytest.raises(ParameterError, match="cannot read"):
        parse_parameter_file(tmp_path / "absent.json")


def test_pseudo_parameters() -> None:
    unknown = pseudo_values({}, None)
    assert all(is_unknown(v) for v in unknown.values())
    assert "AWS::NoValue" not in unknown
    known = pseudo_values({"AWS::Region": "eu-central-1", "AWS::AccountId": "123456789012"}, "app")
    assert known["AWS::Partition"] == "aws"
    assert known["AWS::URLSuffix"] == "amazonaws.com"
    assert known["AWS::StackName"] == "app"
    assert known["AWS::AccountId"] == "123456789012"
    assert is_unknown(known["AWS::StackId"])
    assert partition_of("us-isob-east-1") == "aws-iso-b"
    assert is_unknown(pseudo_values({"AWS::Region": "us-iso-east-1"}, None)["AWS::URLSuffix"])
