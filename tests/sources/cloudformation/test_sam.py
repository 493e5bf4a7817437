"""SAM templates expanded into CloudFormation resources, with lines at the SAM source."""

from __future__ import annotations

import json
import subprocess
import sys

from iacgate.model.unknown import is_unknown

from ...conftest import FIXTURES, REPO
from .helpers import by_address, read

SAM = FIXTURES / "cloudformation" / "sam" / "function.yaml"


def test_serverless_resources_become_cloudformation_resources() -> None:
    result = read(SAM.read_text(), "sam/function.yaml")
    assert result.diagnostics == []
    records = by_address(result)
    assert {r.type for r in records.values()} >= {
        "AWS::Lambda::Function",
        "AWS::IAM::Role",
        "AWS::Lambda::Permission",
        "AWS::ApiGateway::RestApi",
        "AWS::DynamoDB::Table",
    }
    assert not any(r.type.startswith("AWS::Serverless::") for r in records.values())
    function = records["Handler"]
    properties = function.properties
    assert isinstance(properties, dict)
    assert properties["Runtime"] == "python3.12"
    assert properties["Timeout"] == 10  # from Globals
    assert properties["TracingConfig"] == {"Mode": "Active"}
    assert properties["Environment"]["Variables"]["STAGE"] == "prod"
    assert is_unknown(properties["Code"])  # CodeUri: src/ exists only once packaged
    assert {(r.path, r.target) for r in function.references} >= {
        (("Role",), "HandlerRole"),
        (("Environment", "Variables", "TABLE"), "Table"),
    }
    role = records["HandlerRole"]
    assert role.sam_source == "Handler"
    assert records["ServerlessRestApi"].sam_source == ""  # implicit: created for the events
    assert records["Table"].sam_source is None  # written as CloudFormation


def test_generated_resources_point_at_their_sam_source_lines() -> None:
    text = SAM.read_text()
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        lines.setdefault(line.strip().split(":")[0], number)  # first occurrence
    records = by_address(read(text, "sam/function.yaml"))
    function = records["Handler"]
    assert function.spans[()].start_line == lines["Handler"]
    assert function.spans[("Runtime",)].start_line == lines["Runtime"]
    assert function.spans[("MemorySize",)].start_line == lines["MemorySize"]
    assert function.spans[("TracingConfig",)].start_line == lines["Tracing"]
    assert function.spans[("Environment", "Variables", "TABLE")].start_line == lines["TABLE"]
    role = records["HandlerRole"]
    assert role.spans[()].start_line == lines["Handler"]
    assert role.spans[("ManagedPolicyArns",)].start_line == lines["Policies"]
    assert records["ServerlessRestApi"].spans[()].start_line == lines["Transform"]
    assert records["Table"].spans[("BillingMode",)].start_line == lines["BillingMode"]


def test_invalid_sam_is_a_parse_error_and_the_scan_goes_on() -> None:
    text = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
        "    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n"
        "        E:\n          Type: NoSuchEvent\n  Q:\n    Type: AWS::SQS::Queue\n"
    )
    result = read(text)
    assert [d.line for d in result.diagnostics] == [1]
    assert "SAM" in result.diagnostics[0].message
    assert "Q" in by_address(result)


def _modules_after_scan(path: str) -> list[str]:
    code = (
        "import sys, json\nfrom iacgate import api\n"
        f"api.scan([{path!r}], rules=[])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('cfnlint', 'samtr')))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_sam_translator_is_imported_only_for_sam_templates() -> None:
    plain = FIXTURES / "cloudformation" / "nested" / "main.yaml"
    assert _modules_after_scan(str(plain)) == []
    loaded = _modules_after_scan(str(SAM))
    assert "samtranslator" in loaded
    assert not [m for m in loaded if m.startswith("cfnlint")]  # cfn-lint itself stays unloaded


def test_without_the_translator_a_sam_template_says_what_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("samtranslator"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    result = read(SAM.read_text(), "sam/function.yaml")
    assert [(d.line, "iacgate[cloudformation]" in d.message) for d in result.diagnostics] == [
        (2, True)
    ]
    assert "Table" in by_address(result)  # the CloudFormation resources are still read
