"""Intrinsic functions resolved to values, Unknowns with reasons, references and problems."""

from __future__ import annotations

import base64
import textwrap
from typing import Any

import pytest

from iacgate.model.unknown import Unknown, is_unknown

from .helpers import by_address, properties, read

HEAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Count: {Type: Number, Default: 3}
  Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
  Ids: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1,subnet-2"}
  NoDefault: {Type: String}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /ami/latest}
Mappings:
  Sizes:
    prod: {Instance: m5.large, Disk: 100}
    dev: {Instance: t3.micro, Disk: 100}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Either: !Or [!Condition IsDev, !Equals [!Ref Count, 3]]
  Both: !And [!Condition IsProd, !Equals [!Ref NoDefault, x]]
  Unknowable: !Equals [!Ref NoDefault, x]
  OrShortCircuit: !Or [!Condition Unknowable, !Condition IsProd]
Resources:
  Other:
    Type: AWS::SNS::Topic
  R:
    Type: AWS::Test::Thing
    Properties:
"""


def resolve(snippet: str, **kwargs: Any) -> Any:
    body = textwrap.indent(textwrap.dedent(snippet), " " * 6)
    return properties(HEAD + body, **kwargs)["P"]


KNOWN: list[tuple[str, Any]] = [
    ("P: !Ref Env", "prod"),
    ("P: {Ref: Env}", "prod"),
    ("P: !Ref Count", "3"),  # Ref to a Number parameter gives text, as CloudFormation does
    ("P: !Ref Zones", ["a", "b", "c"]),
    ("P: !Ref Ids", ["subnet-1", "subnet-2"]),
    ("P: !Sub '${Env}-bucket'", "prod-bucket"),
    ("P: !Sub ['${Name}-${Env}', {Name: !Join ['', [x, y]]}]", "xy-prod"),
    ("P: !Sub 'literal ${!Env} and ${Env}'", "literal ${Env} and prod"),
    ("P: {'Fn::Sub': '${Env}'}", "prod"),
    ("P: !Join ['-', [a, !Ref Env, 3, true]]", "a-prod-3-true"),
    ("P: !Join [',', !Ref Zones]", "a,b,c"),
    ("P: !Select [1, !Ref Zones]", "b"),
    ("P: !Select ['0', [x, y]]", "x"),
    ("P: !Split [',', 'a,b']", ["a", "b"]),
    ("P: !Select [2, !Split ['/', 'a/b/c']]", "c"),
    ("P: !FindInMap [Sizes, !Ref Env, Instance]", "m5.large"),
    ("P: !FindInMap [Sizes, !Ref NoDefault, Disk]", 100),  # every candidate agrees
    ("P: !FindInMap [Sizes, nope, Instance, {DefaultValue: small}]", "small"),
    ("P: !If [IsProd, big, small]", "big"),
    ("P: !If [IsDev, big, small]", "small"),
    ("P: !If [Either, 'yes', 'no']", "yes"),
    ("P: !If [OrShortCircuit, 'yes', 'no']", "yes"),  # True decides an Or with an unknown
    ("P: {'Fn::If': [IsProd, {A: 1}, {A: 2}]}", {"A": 1}),
    ("P: [a, !Ref AWS::NoValue, b]", ["a", "b"]),
    ("P: [a, !If [IsDev, x, !Ref AWS::NoValue]]", ["a"]),
    ("P: !Base64 'hello'", base64.b64encode(b"hello").decode()),
    ("P: !Base64 {'Fn::Sub': '${Env}'}", base64.b64encode(b"prod").decode()),
    ("P: !Cidr ['10.0.0.0/16', 2, 8]", ["10.0.0.0/24", "10.0.1.0/24"]),
    ("P: !Cidr ['2001:db8::/56', 2, 64]", ["2001:db8::/64", "2001:db8:0:1::/64"]),
    ("P: !Length [a, b, c]", 3),
    ("P: !ToJsonString {a: [1, !Ref Env]}", '{"a":[1,"prod"]}'),
    ("P: !Ref AWS::Region", "eu-west-1"),
    ("P: !Sub 'arn:${AWS::Partition}:s3:::x.${AWS::URLSuffix}'", "arn:aws:s3:::x.amazonaws.com"),
]


@pytest.mark.parametrize(("snippet", "expected"), KNOWN, ids=[c[0] for c in KNOWN])
def test_known_values(snippet: str, expected: Any) -> None:
    assert resolve(snippet, parameters={"AWS::Region": "eu-west-1"}) == expected


UNKNOWN: list[tuple[str, str]] = [
    ("P: !Ref NoDefault", "parameter NoDefault has no default (set --cfn-param NoDefault=...)"),
    ("P: !Sub '${NoDefault}-x'", "parameter NoDefault has no default"),
    ("P: !Join ['', [a, !Ref NoDefault]]", "parameter NoDefault has no default"),
    ("P: !Ref Ami", "parameter Ami is read from SSM Parameter Store at deploy time"),
    ("P: !Ref AWS::AccountId", "AWS::AccountId is known at deploy time"),
    ("P: !Ref AWS::Partition", "AWS::Partition depends on the region"),
    ("P: !Ref Other", "physical id of Other (known after deploy)"),
    ("P: !GetAtt Other.TopicArn", "Other.TopicArn (known after deploy)"),
    ("P: !ImportValue shared-vpc", "Fn::ImportValue shared-vpc: exported by another stack"),
    ("P: !Select [0, !GetAZs '']", "Fn::GetAZs: the region's availability zones"),
    ("P: !If [Unknowable, a, b]", "Fn::If on condition Unknowable: parameter NoDefault"),
    ("P: !If [Both, a, b]", "Fn::If on condition Both: parameter NoDefault"),
    ("P: !FindInMap [Sizes, !Ref NoDefault, Instance]", "Fn::FindInMap Sizes with an unknown key"),
    ("P: {'Fn::Transform': {Name: AWS::Include}}", "Fn::Transform AWS::Include"),
]


@pytest.mark.parametrize(("snippet", "reason"), UNKNOWN, ids=[c[0] for c in UNKNOWN])
def test_unknown_values_say_why(snippet: str, reason: str) -> None:
    value = resolve(snippet)
    assert is_unknown(value), value
    assert value.reason.startswith(reason), value.reason


def test_no_value_removes_the_property() -> None:
    found = properties(
        HEAD + "      P: !Ref AWS::NoValue\n      Q: !If [IsDev, 1, !Ref AWS::NoValue]\n"
    )
    assert found == {}


def test_parameter_values_given_override_defaults() -> None:
    assert resolve("P: !Ref Env", parameters={"Env": "dev"}) == "dev"
    assert resolve("P: !If [IsProd, big, small]", parameters={"Env": "dev"}) == "small"
    assert resolve("P: !Ref NoDefault", parameters={"NoDefault": "v"}) == "v"
    assert resolve("P: !Ref AWS::StackName", stack_name="app-prod") == "app-prod"
    assert resolve("P: !Ref Zones", parameters={"Zones": "x"}) == ["x"]


def test_partition_and_url_suffix_follow_the_region() -> None:
    china = {"AWS::Region": "cn-north-1"}
    assert resolve("P: !Ref AWS::Partition", parameters=china) == "aws-cn"
    assert resolve("P: !Ref AWS::URLSuffix", parameters=china) == "amazonaws.com.cn"
    gov = {"AWS::Region": "us-gov-west-1"}
    assert resolve("P: !Ref AWS::Partition", parameters=gov) == "aws-us-gov"


def test_noecho_values_are_withheld_everywhere() -> None:
    text = HEAD + textwrap.indent(
        textwrap.dedent(
            """\
            Password: !Ref Secret
            Url: !Sub 'postgres://admin:${Secret}@db'
            Joined: !Join ['', [!Ref Secret]]
            Check: !If [HasSecret, 'yes', 'no']
            """
        ),
        " " * 6,
    )
    text = text.replace(
        "Conditions:\n", "Conditions:\n  HasSecret: !Not [!Equals [!Ref Secret, '']]\n"
    )
    result = read(text)
    record = by_address(result)["R"]
    assert isinstance(record.properties, dict)
    for key in ("Password", "Url", "Joined"):
        value = record.properties[key]
        assert isinstance(value, Unknown) and "NoEcho" in value.reason
        assert (key,) in record.sensitive
    # Conditions may use the secret (CloudFormation does), without showing it.
    assert record.properties["Check"] == "yes"
    assert "hunter2" not in repr(result)


def test_references_carry_the_property_path_where_they_were_written() -> None:
    text = HEAD + textwrap.indent(
        textwrap.dedent(
            """\
            Topic: !Ref Other
            Arn: !GetAtt [Other, TopicArn]
            Nested:
              List:
                - !Sub 'x-${Other.TopicName}'
            Maybe: !If [Unknowable, !Ref Other, none]
            Chosen: !If [IsProd, !GetAtt Other.TopicName, !Ref Other]
            Joined: !Join [',', [a, !Ref Other]]
            """
        ),
        " " * 6,
    )
    record = by_address(read(text))["R"]
    refs = {(r.path, r.target, r.attribute, r.certain) for r in record.references}
    assert refs == {
        (("Topic",), "Other", None, True),
        (("Arn",), "Other", "TopicArn", True),
        (("Nested", "List", 0), "Other", "TopicName", True),
        (("Maybe",), "Other", None, False),  # the condition is unknown: maybe
        (("Chosen",), "Other", "TopicName", True),  # the other branch was not taken
        (("Joined",), "Other", None, True),  # at the function's result, not inside it
    }


PROBLEMS: list[tuple[str, str]] = [
    ("P: !Ref Missing", "Ref to undefined name 'Missing'"),
    ("P: !GetAtt Missing.Arn", "Fn::GetAtt to undefined name 'Missing'"),
    ("P: !Sub '${Missing}'", "Fn::Sub variable ${Missing} is not defined"),
    ("P: !If [NoSuchCondition, a, b]", "undefined condition 'NoSuchCondition'"),
    ("P: !Join [only-one]", "Fn::Join takes [Delimiter, [Values]]"),
    ("P: !Select [5, [a]]", "Fn::Select index 5 is out of range (1 items)"),
    ("P: !FindInMap [Nope, a, b]", "undefined mapping 'Nope'"),
    ("P: !FindInMap [Sizes, prod, Nope]", "mapping 'Sizes' has no entry 'prod'/'Nope'"),
    ("P: !Equals [a, b]", "Fn::Equals can only be used in Conditions and Rules"),
    ("P: !Condition IsProd", "Condition cannot be used in a property value"),
]


@pytest.mark.parametrize(("snippet", "message"), PROBLEMS, ids=[c[0] for c in PROBLEMS])
def test_misuse_is_a_problem_with_its_line(snippet: str, message: str) -> None:
    text = HEAD + "      Ok: 1\n" + textwrap.indent(snippet + "\n", " " * 6)
    result = read(text)
    line = text.count("\n")  # the snippet is the last line
    assert [(d.message, d.line) for d in result.diagnostics] == [(message, line)]
    value = by_address(result)["R"].properties["P"]  # type: ignore[index]
    assert is_unknown(value)


def test_condition_cycles_are_problems() -> None:
    text = HEAD.replace("Conditions:\n", "Conditions:\n  A: !Condition B\n  B: !Condition A\n")
    text += "      P: !If [A, x, y]\n"
    result = read(text)
    assert any("refers to itself" in d.message for d in result.diagnostics)
    assert is_unknown(by_address(result)["R"].properties["P"])  # type: ignore[index]
