"""Nested stacks: local templates followed with their parameters, addresses, outputs, errors."""

from __future__ import annotations

from pathlib import Path

from iacgate import api
from iacgate.model.unknown import is_unknown
from iacgate.sources.diagnostics import DiagnosticKind

from ...conftest import FIXTURES
from .helpers import by_address, read

NESTED = FIXTURES / "cloudformation" / "nested"


def read_main() -> dict[str, object]:
    main = NESTED / "main.yaml"
    result = read(main.read_text(), "nested/main.yaml", path=main, root=NESTED.parent)
    assert result.diagnostics == []
    assert result.includes == [
        "nested/stacks/network.yaml",
        "nested/stacks/app.yaml",
        "nested/stacks/inner.yaml",
    ]
    return by_address(result)  # type: ignore[return-value]


def test_nested_resources_are_addressed_under_their_stack() -> None:
    records = read_main()
    assert set(records) == {
        "Network",
        "Network/Vpc",
        "App",
        "App/Group",
        "App/Inner",
        "App/Inner/Ingress",
        "Remote",  # a remote TemplateURL is kept as a resource, not fetched
        "Reader",
    }
    vpc = records["Network/Vpc"]
    assert vpc.template == "nested/main.yaml"  # every resource lives in the root's scope
    assert vpc.file == "nested/stacks/network.yaml"
    assert vpc.stack_path == ("Network",)
    assert vpc.spans[("CidrBlock",)].start_line == 13
    assert records["App/Inner/Ingress"].file == "nested/stacks/inner.yaml"


def test_parameters_are_passed_in() -> None:
    vpc = read_main()["Network/Vpc"]
    assert isinstance(vpc.properties, dict)
    assert vpc.properties["CidrBlock"] == "10.1.0.0/16"
    tags = vpc.properties["Tags"]
    assert tags[0] == {"Key": "env", "Value": "prod"}
    assert tags[1]["Value"].reason == "parameter Unset of nested stack Network is not set"
    group = read_main()["App/Group"]
    assert group.properties["GroupDescription"] == "prod app"  # type: ignore[index]


def test_outputs_resolve_and_point_at_the_child_resource() -> None:
    records = read_main()
    group = records["App/Group"]
    # VpcId came in as a parameter from Network.Outputs.VpcId, i.e. Ref Vpc in the child.
    assert is_unknown(group.properties["VpcId"])  # type: ignore[index]
    app = records["App"]
    assert {(r.path, r.target, r.attribute) for r in app.references} == {
        (("Parameters", "VpcId"), "Network", "Outputs.VpcId"),
        (("Parameters", "VpcId"), "Network/Vpc", None),
    }
    ingress = records["App/Inner/Ingress"]
    assert "App/Group.GroupId" in ingress.properties["GroupId"].reason  # type: ignore[index]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def stack(url: str) -> str:
    return (
        "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
        f"    Properties:\n      TemplateURL: {url}\n"
    )


def test_missing_cyclic_and_outside_templates_are_errors(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    missing = write(root / "missing.yaml", stack("nope.yaml"))
    a = write(root / "a.yaml", stack("b.yaml"))
    write(root / "b.yaml", stack("a.yaml"))
    outside = write(root / "outside.yaml", stack("../elsewhere.yaml"))
    write(tmp_path / "elsewhere.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    broken = write(root / "broken.yaml", stack("bad.yaml"))
    write(root / "bad.yaml", "Resources:\n  Q:\n   Type: x\n  - y\n")
    cases = [
        (missing, "missing.yaml", "nested template nope.yaml: file not found", 5),
        (a, "b.yaml", "nested stack cycle: a.yaml includes itself", 5),
        (outside, "outside.yaml", "nested template ../elsewhere.yaml is outside the scan root", 5),
        (broken, "bad.yaml", "invalid YAML", 4),
    ]
    for path, file, message, line in cases:
        result = read(path.read_text(), path.name, path=path, root=root)
        errors = [d for d in result.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
        assert [(d.file, d.line) for d in errors] == [(file, line)], errors
        assert errors[0].message.startswith(message), errors[0].message
        assert "Child" in {r.address for r in result.records}


def test_a_scan_reports_nested_templates_once(repo: Path) -> None:
    report = api.scan([str(NESTED)], rules=[], root=NESTED.parent)
    assert report.resources == 8  # main.yaml's reading; the children are not read again
    alone = api.scan([str(NESTED / "stacks" / "network.yaml")], rules=[], root=NESTED.parent)
    assert alone.resources == 1  # a child named on its own is still scanned
