"""Where a finding's value was written: Terraform values carry their origin (a ``.tfvars`` line,
a variable default, a local, a module argument) into findings, every output shows it, and the
pre-commit hook reports a finding whose value came from a changed file."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from pathlib import Path

import pytest

from .helpers import cli, write

_GROUP = """\
resource "aws_security_group" "ssh" {
  name = "ssh"
  tags = { Team = local.team }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [CIDR]
  }
}
"""
_DECLARATIONS = """\
variable "ssh_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

locals {
  team  = "platform"
  world = "0.0.0.0/0"
}
"""


def _findings(out: str) -> list[dict[str, object]]:
    return [f for f in json.loads(out)["findings"] if f["code"] == "AWS-EC2-001"]


@pytest.mark.parametrize(
    ("cidr", "origins"),
    [
        ("var.ssh_cidr", [{"file": "variables.tf", "line": 3}]),  # a variable's default
        ("local.world", [{"file": "variables.tf", "line": 8}]),  # a local value
        # Through functions, conditionals and for expressions.
        ("lower(var.ssh_cidr)", [{"file": "variables.tf", "line": 3}]),
        ('var.ssh_cidr == "" ? "10.0.0.0/8" : var.ssh_cidr', [{"file": "variables.tf", "line": 3}]),
        ("[for c in [local.world] : c][0]", [{"file": "variables.tf", "line": 8}]),
        ('"0.0.0.0/0"', None),  # written in the attribute itself: no other origin
    ],
)
def test_a_finding_names_where_its_value_was_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cidr: str,
    origins: list[dict[str, object]] | None,
) -> None:
    write(tmp_path, {"main.tf": _GROUP.replace("CIDR", cidr), "variables.tf": _DECLARATIONS})
    args = ("--no-config", "--format", "json")
    code, out, err = cli("scan", *args, ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    (finding,) = _findings(out)
    assert finding["file"] == "main.tf" and finding["start_line"] == 8, err
    assert finding.get("origins") == origins  # the tags' local is not part of the ingress
    # The hook reports it for a change of the file the value came from, and only then.
    code, out, _ = cli(
        "pre-commit", *args, "variables.tf", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, len(_findings(out))) == ((1, 1) if origins else (0, 0))


def test_origins_follow_tfvars_through_module_arguments_into_every_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "modules/ssh/main.tf": 'variable "cidr" {}\n\n'
            + _GROUP.replace("CIDR", "var.cidr").replace("local.team", '"x"'),
            "live/main.tf": (
                'variable "open" {}\n\nmodule "ssh" {\n  source = "../modules/ssh"\n'
                "  cidr   = var.open\n}\n"
            ),
            "live/prod.auto.tfvars": 'open = "0.0.0.0/0"\n',
        },
    )
    code, out, _ = cli(
        "scan", "--no-config", "--format", "json", "live",
        cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
    )  # fmt: skip
    (finding,) = _findings(out)
    assert finding["file"] == "modules/ssh/main.tf"
    # The value passed through the argument (live/main.tf:5) from the variables file.
    assert finding["origins"] == [
        {"file": "live/main.tf", "line": 5},
        {"file": "live/prod.auto.tfvars", "line": 1},
    ]
    code, text, _ = cli(
        "scan", "--no-config", "live", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert "      from live/main.tf:5, live/prod.auto.tfvars:1\n" in text
    code, sarif, _ = cli(
        "scan", "--no-config", "--format", "sarif", "live",
        cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
    )  # fmt: skip
    (result,) = [r for r in json.loads(sarif)["runs"][0]["results"] if r["ruleId"] == "AWS-EC2-001"]
    related = [
        (r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"])
        for r in result["relatedLocations"]
    ]
    assert related == [
        ("live/main.tf", {"startLine": 5, "endLine": 5}),
        ("live/prod.auto.tfvars", {"startLine": 1, "endLine": 1}),
    ]
    # Either file's change is the change that opens the group.
    for changed in ("live/prod.auto.tfvars", "live/main.tf"):
        code, out, _ = cli(
            "pre-commit", "--no-config", changed,
            cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
        )  # fmt: skip
        assert code == 1 and "AWS-EC2-001" in out, changed


_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SshCidr:
    Type: String
    Default: 10.0.0.0/8
  Team:
    Type: String
    Default: platform
Resources:
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      Tags:
        - Key: Team
          Value: !Ref Team
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref SshCidr
"""


def _parameters(cidr: str, team: str) -> str:
    return json.dumps(
        [
            {"ParameterKey": "Team", "ParameterValue": team},
            {"ParameterKey": "SshCidr", "ParameterValue": cidr},
        ],
        indent=1,
    )


def test_a_changed_cloudformation_parameter_file_is_judged_with_its_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "templates/sg.yaml": _TEMPLATE,
            "params/prod.json": _parameters("0.0.0.0/0", "core"),
            "templates/other.yaml": _TEMPLATE.replace("!Ref SshCidr", "0.0.0.0/0"),
        },
    )
    hook = ("pre-commit", "--no-config", "--format", "json", "--cfn-params", "params/prod.json")
    code, out, err = cli(
        *hook, "params/prod.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    (finding,) = _findings(out)  # not other.yaml's: its value is written in the template
    assert code == 1, err
    assert finding["file"] == "templates/sg.yaml" and finding["start_line"] == 18
    assert finding["origins"] == [{"file": "params/prod.json", "line": 7}]
    # A change to another parameter (the tags) is not the open group's change.
    write(tmp_path, {"params/prod.json": _parameters("10.0.0.0/8", "core")})
    code, out, _ = cli(
        *hook, "params/prod.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and _findings(out) == []
    # Without the hook's --cfn-params the file is only a JSON file: nothing to judge.
    write(tmp_path, {"params/prod.json": _parameters("0.0.0.0/0", "core")})
    code, out, _ = cli(
        "pre-commit", "--no-config", "params/prod.json",
        cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
    )  # fmt: skip
    assert code == 0


def test_a_changed_var_file_is_judged_with_every_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "infra/main.tf": 'variable "ssh_cidr" {\n  default = "10.0.0.0/8"\n}\n\n'
            + _GROUP.replace("CIDR", "var.ssh_cidr").replace("local.team", '"x"'),
            "envs/prod.tfvars": 'ssh_cidr = "0.0.0.0/0"\n',
        },
    )
    hook = ("pre-commit", "--no-config", "--format", "json", "--var-file", "envs/prod.tfvars")
    code, out, err = cli(
        *hook, "envs/prod.tfvars", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    (finding,) = _findings(out)
    assert code == 1, err
    assert finding["file"] == "infra/main.tf"
    assert finding["origins"] == [{"file": "envs/prod.tfvars", "line": 1}]


_BASE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
"""
_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: PRIVILEGED
"""


def _kustomization(*lines: str) -> str:
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + "".join(
        f"{line}\n" for line in lines
    )


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl renders kustomizations")
def test_a_changed_overlay_renders_its_kustomization_and_reports_what_it_causes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "base/deployment.yaml": _BASE,
            "base/kustomization.yaml": _kustomization("resources:", "  - deployment.yaml"),
            "overlays/prod/kustomization.yaml": _kustomization(
                "resources:", "  - ../../base", "patches:", "  - path: privileged.yaml"
            ),
            "overlays/prod/privileged.yaml": _PATCH.replace("PRIVILEGED", "false"),
            "other/kustomization.yaml": _kustomization("resources:", "  - cm.yaml"),
            "other/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n",
        },
    )

    def rendered(changed: str) -> list[dict[str, object]]:
        """K8S-001 findings of renderings (a patch file is also judged as it is written)."""
        args = ("pre-commit", "--no-config", "--format", "json", changed)
        _, out, _ = cli(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
        found = json.loads(out)["findings"]
        return [f for f in found if f["code"] == "K8S-001" and not f["file"].endswith(".yaml")]

    # The overlay's kustomization file alone changes (it adds the privileged patch)...
    write(tmp_path, {"overlays/prod/privileged.yaml": _PATCH.replace("PRIVILEGED", "true")})
    (finding,) = rendered("overlays/prod/kustomization.yaml")
    assert finding["file"] == "overlays/prod"  # the rendering, not a file of it
    assert {"file": "overlays/prod/privileged.yaml", "line": 1} in finding["origins"]
    assert {"file": "base/deployment.yaml", "line": 1} in finding["origins"]
    # ...and a change to a kustomization that does not read these files renders only itself.
    assert rendered("other/kustomization.yaml") == []


def test_a_changed_module_is_judged_as_its_callers_instantiate_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The module alone does not know its argument (Unknown); its caller, unchanged and in
    another directory, passes the open range. The hook reads the callers of a changed module
    (transitively: the caller is itself a module of a root)."""
    write(
        tmp_path,
        {
            "modules/ssh/main.tf": 'variable "cidr" {}\n\n'
            + _GROUP.replace("CIDR", "var.cidr").replace("local.team", '"x"'),
            "modules/stack/main.tf": (
                'variable "open" {}\n\n'
                'module "ssh" {\n  source = "../ssh"\n  cidr   = var.open\n}\n'
            ),
            "live/prod/main.tf": (
                'module "stack" {\n  source = "../../modules/stack"\n  open   = "0.0.0.0/0"\n}\n'
            ),
            "live/dev/main.tf": 'module "other" {\n  source = "../../modules/other"\n}\n',
            "modules/other/main.tf": "",
        },
    )
    args = ("pre-commit", "--no-config", "--format", "json", "modules/ssh/main.tf")
    code, out, err = cli(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    (finding,) = _findings(out)
    assert code == 1, err
    assert finding["address"] == "module.stack.module.ssh.aws_security_group.ssh"
    assert finding["origins"] == [
        {"file": "live/prod/main.tf", "line": 3},
        {"file": "modules/stack/main.tf", "line": 5},
    ]
    assert json.loads(out)["summary"]["files"] == 3  # not live/dev, which calls another module


# A value file whose name would be markup, a terminal hyperlink and a workflow command if
# written raw (a file name may hold anything but '/' and NUL).
_HOSTILE_TFVARS = "x`![i](http:evil.png)<img src=x>|\x1b]8;;\n::stop-commands::t.auto.tfvars"
_SHOWN_TFVARS = r"x`![i](http:evil.png)<img src=x>|\x1b]8;;\x0a::stop-commands::t.auto.tfvars"


def test_markdown_junit_and_annotations_name_the_origins_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "modules/ssh/main.tf": 'variable "cidr" {}\n\n'
            + _GROUP.replace("CIDR", "var.cidr").replace("local.team", '"x"'),
            "live/main.tf": (
                'variable "open" {}\n\nmodule "ssh" {\n  source = "../modules/ssh"\n'
                "  cidr   = var.open\n}\n"
            ),
            f"live/{_HOSTILE_TFVARS}": 'open = "0.0.0.0/0"\n',
        },
    )
    outputs = ("markdown=out/summary.md", "junit=out/junit.xml", "github=out/annotations.txt")
    code, _, err = cli(
        "scan", "--no-config", "live", *(a for o in outputs for a in ("--output", o)),
        cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys,
    )  # fmt: skip
    assert code == 1, err
    written = f"live/main.tf:5, live/{_SHOWN_TFVARS}:1"
    # JUnit: a line of the failure's text, XML-escaped.
    suites = ET.parse(tmp_path / "out/junit.xml").getroot()
    (failure,) = [
        case.find("failure")
        for case in suites.iter("testcase")
        if (case.get("classname") or "").startswith("AWS-EC2-001.")
    ]
    assert failure is not None and f"\nfrom {written}" in (failure.text or "")
    # Annotations: a line of the finding's message; the file's line break shown, not followed.
    (annotation,) = [
        a for a in (tmp_path / "out/annotations.txt").read_text().splitlines() if "AWS-EC2-001" in a
    ]
    assert annotation.endswith(f"(SSH)%0Afrom {written}")
    assert "\x1b" not in annotation
    # Markdown: the finding's location cell names them as code that nothing inside can close.
    summary = (tmp_path / "out/summary.md").read_text()
    assert "`modules/ssh/main.tf:10`<br>from `live/main.tf:5`, ``live/x`" in summary
    from cmarkgfm import github_flavored_markdown_to_html
    from cmarkgfm.cmark import Options

    html = github_flavored_markdown_to_html(summary, options=Options.CMARK_OPT_UNSAFE)
    assert "<img" not in html and "<a " not in html
    cells = re.findall(r"<td>(.*?)</td>", html)
    (where,) = [c for c in cells if c.startswith("<code>modules/ssh/main.tf:10</code>")]
    shown = html_unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br ?/?>", " ", where)))
    assert shown == f"modules/ssh/main.tf:10 from {written}"
