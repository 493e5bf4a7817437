"""Templates: detection by content, records, lines of every property, broken templates."""

from __future__ import annotations

import json
import textwrap

import pytest

from iacgate.model.unknown import is_unknown
from iacgate.pipeline import load_text
from iacgate.sources.cloudformation import route
from iacgate.sources.cloudformation.template import is_template
from iacgate.sources.diagnostics import DiagnosticKind, SourceError

from .helpers import by_address, read

YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Maybe: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Logs:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    Metadata:
      Comment: !Sub "logs for ${Env}"
    Properties:
      BucketName: !Sub "${Env}-logs"
      VersioningConfiguration:
        Status: Enabled
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false
  Data:
    Type: AWS::S3::Bucket
    DependsOn: [Logs]
    Condition: IsProd
    Properties:
      LoggingConfiguration:
        DestinationBucketName: !Ref Logs
  DevOnly:
    Type: AWS::SNS::Topic
    Condition: IsDev
  RegionBound:
    Type: AWS::SNS::Topic
    Condition: Maybe
"""

JSON = json.dumps(
    {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Logs": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketName": {"Fn::Join": ["-", ["prod", "logs"]]},
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True,
                        "BlockPublicPolicy": False,
                    },
                },
            }
        },
    },
    indent=2,
)


def line_of(text: str, fragment: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def test_records_with_every_resource_attribute() -> None:
    result = read(YAML)
    assert result.diagnostics == []
    records = by_address(result)
    assert set(records) == {"Logs", "Data", "RegionBound"}  # DevOnly's condition is false
    logs = records["Logs"]
    assert logs.type == "AWS::S3::Bucket"
    assert logs.properties == {
        "BucketName": "prod-logs",
        "VersioningConfiguration": {"Status": "Enabled"},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": False},
    }
    assert logs.deletion_policy == "Retain"
    assert logs.metadata == {"Comment": "logs for prod"}
    assert logs.template == logs.file == "template.yaml"
    data = records["Data"]
    assert data.depends_on == ("Logs",)
    assert (data.condition, data.created) == ("IsProd", True)
    assert [(r.path, r.target) for r in data.references] == [
        (("LoggingConfiguration", "DestinationBucketName"), "Logs")
    ]
    bound = records["RegionBound"]
    assert bound.condition == "Maybe" and is_unknown(bound.created)


@pytest.mark.parametrize(
    ("text", "name"),
    [(YAML, "template.yaml"), (JSON, "template.json")],
    ids=["yaml", "json"],
)
def test_every_property_has_its_line(text: str, name: str) -> None:
    logs = by_address(read(text, name))["Logs"]
    spans = logs.spans
    assert spans[()].start_line == line_of(text, "Logs")
    assert spans[("BucketName",)].start_line == line_of(text, "BucketName")
    block = ("PublicAccessBlockConfiguration",)
    assert spans[block].start_line == line_of(text, "PublicAccessBlockConfiguration")
    assert spans[(*block, "BlockPublicPolicy")].start_line == line_of(text, "BlockPublicPolicy")
    assert all(location.file == name for location in spans.values())


def test_a_chosen_branch_keeps_its_own_lines() -> None:
    text = textwrap.dedent(
        """\
        Conditions:
          Enabled: !Equals [a, a]
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration: !If
                - Enabled
                - Status: Enabled
                - Status: Suspended
              Tags:
                - {Key: a, Value: b}
                - !Ref AWS::NoValue
                - {Key: c, Value: d}
        """
    )
    bucket = by_address(read(text))["Bucket"]
    assert bucket.properties["Tags"] == [  # type: ignore[index]
        {"Key": "a", "Value": "b"},
        {"Key": "c", "Value": "d"},
    ]
    assert bucket.spans[("VersioningConfiguration",)].start_line == 7
    assert bucket.spans[("VersioningConfiguration", "Status")].start_line == 9
    # The removed item leaves no line behind; the next one moves up an index.
    assert bucket.spans[("Tags", 1)].start_line == 14
    assert ("Tags", 2) not in bucket.spans


DETECTED = [
    'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
    "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n",
    "Resources:\n  Skill:\n    Type: Alexa::ASK::Skill\n",
    "Resources:\n  Thing:\n    Type: Custom::Thing\n",
    "Resources:\n  Cluster:\n    Type: MongoDB::Atlas::Cluster\n",
    '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}',
]
NOT_DETECTED = [
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    '{"name": "package", "version": "1.0.0"}',
    "Resources:\n  cpu: 2\n  memory: 4Gi\n",
    "Resources:\n  Thing:\n    Type: bucket\n",
    "a: 1\n---\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",  # a stream is no template
]


@pytest.mark.parametrize("text", DETECTED)
def test_templates_are_detected_by_content(text: str) -> None:
    documents, _ = route.parse(text, "any-name.txt")
    assert is_template(documents)


@pytest.mark.parametrize("text", NOT_DETECTED)
def test_other_documents_are_not_templates(text: str) -> None:
    documents, _ = route.parse(text, "template.yaml")
    assert not is_template(documents)


def test_kubernetes_files_still_reach_the_kubernetes_source() -> None:
    result = load_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "cm.yaml")
    assert result.recognised and [r.kind for r in result.resources] == ["k8s.core.config_map"]
    other = load_text('{"name": "package"}', "package.json")
    assert not other.recognised and other.diagnostics == [] and other.resources == []


def test_a_cloudformation_tag_outside_a_template_is_refused() -> None:
    result = load_text("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: !Ref X\n", "cm.yaml")
    assert [(d.kind, d.message, d.line) for d in result.diagnostics] == [
        (DiagnosticKind.PARSE_ERROR, "unknown YAML tag '!Ref'", 4)
    ]
    assert result.resources == []


BROKEN = [
    (
        "bad indentation",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n   Properties: {}\n",
        "invalid YAML",
        4,
    ),
    (
        "unknown tag",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      A: !Reff X\n",
        "unknown YAML tag '!Reff'",
        5,
    ),
    (
        "duplicate key",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n",
        "duplicate key 'Q'",
        4,
    ),
    (
        "duplicate key in JSON",
        '{"Resources": {\n "Q": {"Type": "AWS::SQS::Queue"},\n "Q": {}}}',
        "duplicate key 'Q'",
        3,
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "message", "line"), BROKEN, ids=[case[0] for case in BROKEN]
)
def test_unparseable_templates_are_parse_errors_with_a_line(
    label: str, text: str, message: str, line: int
) -> None:
    name = "t.json" if text.startswith("{") else "t.yaml"
    with pytest.raises(SourceError) as raised:
        route.parse(text, name)
    assert raised.value.message.startswith(message)
    assert raised.value.line == line
    result = load_text(text, name)
    (diagnostic,) = result.diagnostics
    assert diagnostic.kind is DiagnosticKind.PARSE_ERROR
    assert (diagnostic.file, diagnostic.line) == (name, line)


INVALID = [
    ("Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Properties: {}\n", "no Type", 4),
    ("Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B: 3\n", "must be a mapping", 4),
    (
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: [x]\n",
        "Type must be a string",
        5,
    ),
    (
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n"
        "    Properties: [1]\n",
        "Properties must be a mapping",
        4,
    ),
    (
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: Nope\n",
        "depends on undefined 'Nope'",
        2,
    ),
    ('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', "needs a Resources section", 1),
]


@pytest.mark.parametrize(("text", "message", "line"), INVALID)
def test_invalid_resources_are_parse_errors_and_the_rest_is_read(
    text: str, message: str, line: int
) -> None:
    result = load_text(text, "t.yaml")
    assert result.recognised
    errors = [d for d in result.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
    assert len(errors) == 1 and message in errors[0].message, errors
    assert errors[0].line == line
    if "Resources: {}" not in text:
        assert "t.yaml::A" in {r.key for r in result.resources}


def test_parameter_types() -> None:
    text = textwrap.dedent(
        """\
        Parameters:
          Port: {Type: Number, Default: 8080}
          Flag: {Type: String, Default: true}
          Names: {Type: CommaDelimitedList, Default: ""}
          Keys: {Type: "List<AWS::EC2::KeyPair::KeyName>", Default: "a,b"}
          Image: {Type: "AWS::SSM::Parameter::Value<String>", Default: /images/x}
          SsmName: {Type: "AWS::SSM::Parameter::Name", Default: /images/x}
        Resources:
          R:
            Type: AWS::Test::Thing
            Properties:
              Port: !Ref Port
              Flag: !Ref Flag
              Names: !Ref Names
              Keys: !Ref Keys
              Image: !Ref Image
              SsmName: !Ref SsmName
        """
    )
    found = by_address(read(text))["R"].properties
    assert isinstance(found, dict)
    assert {k: v for k, v in found.items() if k != "Image"} == {
        "Port": "8080",
        "Flag": "true",
        "Names": [],
        "Keys": ["a", "b"],
        "SsmName": "/images/x",
    }
    assert is_unknown(found["Image"])


def test_for_each_loops_are_unrolled_with_the_lines_of_their_body() -> None:
    text = textwrap.dedent(
        """\
        Transform: AWS::LanguageExtensions
        Parameters:
          Names: {Type: CommaDelimitedList, Default: "a-1,b"}
          Later: {Type: CommaDelimitedList}
        Resources:
          Fn::ForEach::Tables:
            - Name
            - !Ref Names
            - Table&{Name}:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Ref Name
                  Description: !Sub "table ${Name}"
          Fn::ForEach::Unknown:
            - Name
            - !Ref Later
            - Queue${Name}:
                Type: AWS::SQS::Queue
        """
    )
    result = read(text)
    records = by_address(result)
    assert set(records) == {"Tablea1", "Tableb"}
    assert records["Tablea1"].properties == {"TableName": "a-1", "Description": "table a-1"}
    assert records["Tableb"].spans[()].start_line == 9
    assert records["Tableb"].spans[("TableName",)].start_line == 12
    (note,) = result.diagnostics
    assert note.kind is DiagnosticKind.SKIPPED and "Fn::ForEach::Unknown not expanded" in (
        note.message
    )


def test_macros_are_noted_and_the_template_is_read_as_written() -> None:
    text = "Transform: [MyMacro]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"
    result = read(text)
    assert [r.address for r in result.records] == ["Q"]
    (note,) = result.diagnostics
    assert note.kind is DiagnosticKind.SKIPPED and "MyMacro" in note.message


def test_rain_directives_are_unknown_and_rain_modules_are_noted() -> None:
    text = textwrap.dedent(
        """\
        Resources:
          Network:
            Type: !Rain::Module ./vpc.yml
          Server:
            Type: AWS::EC2::Instance
            Properties:
              UserData: !Rain::Embed setup.sh
              SubnetId: !Ref NetworkPublicSubnet1
        """
    )
    result = read(text)
    server = by_address(result)["Server"]
    assert isinstance(server.properties, dict)
    assert "rain pkg" in server.properties["UserData"].reason
    assert "rain pkg may define it" in server.properties["SubnetId"].reason
    assert [(d.kind, d.line) for d in result.diagnostics] == [(DiagnosticKind.SKIPPED, 3)]
