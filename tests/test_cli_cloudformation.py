"""CloudFormation through the whole CLI process: parameters, stack name, --validate, secrets."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from .conftest import run_cli

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  DbPassword: {Type: String, NoEcho: true, Default: default-secret-value}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t3.micro
      Engine: postgres
      MasterUsername: admin
      MasterUserPassword: !Ref DbPassword
      AllocatedStorage: "20"
  DevQueue:
    Type: AWS::SQS::Queue
    Condition: IsDev
"""

# A pack whose rule echoes every attribute of every DB instance into its message.
ECHO_PACK = {
    "pack.toml": 'name = "echo"\nversion = "0"\ndescription = "echo"\nmodules = ["echo"]\n',
    "echo.py": textwrap.dedent(
        '''\
        from iacgate.rules.dsl import rule
        from iacgate.rules.metadata import Severity
        from iacgate.rules.verdicts import fail


        @rule(code="ECHO-001", name="echo", kind="aws.rds.db_instance", severity=Severity.LOW)
        def echo(resource, ctx):
            """Echo.

            What it checks
                Nothing.
            Why it matters
                Tests.
            How to fix
                Nothing.
            """
            return fail(repr(dict(resource.attributes)) + repr(dict(resource.origin)))
        '''
    ),
}


def _write(tmp_path: Path) -> Path:
    (tmp_path / "stack.yaml").write_text(TEMPLATE)
    pack = tmp_path / "packs" / "echo"
    pack.mkdir(parents=True)
    for name, text in ECHO_PACK.items():
        (pack / name).write_text(text)
    return pack


def _report(stdout: str) -> dict:  # type: ignore[type-arg]
    return dict(json.loads(stdout))


def test_parameters_from_the_command_line_and_files(tmp_path: Path) -> None:
    _write(tmp_path)
    base = run_cli("scan", "--format", "json", "stack.yaml", cwd=tmp_path)
    assert base.returncode == 0, base.stderr
    assert _report(base.stdout)["summary"]["resources"] == 1  # DevQueue's condition is false
    dev = run_cli("scan", "--format", "json", "--cfn-param", "Env=dev", "stack.yaml", cwd=tmp_path)
    assert _report(dev.stdout)["summary"]["resources"] == 2
    (tmp_path / "params.json").write_text(
        json.dumps([{"ParameterKey": "Env", "ParameterValue": "dev"}])
    )
    from_file = run_cli(
        "scan", "--format", "json", "--cfn-params", "params.json", "stack.yaml", cwd=tmp_path
    )
    assert _report(from_file.stdout)["summary"]["resources"] == 2
    bad = run_cli("scan", "--cfn-param", "no-equals-sign", "stack.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr
    (tmp_path / "broken.json").write_text("{")
    bad_file = run_cli("scan", "--cfn-params", "broken.json", "stack.yaml", cwd=tmp_path)
    assert bad_file.returncode == 2 and "not JSON" in bad_file.stderr


def test_noecho_values_never_reach_any_output(tmp_path: Path) -> None:
    pack = _write(tmp_path)
    given = "given-secret-value"
    for fmt in ("text", "json"):
        for extra in ((), ("--cfn-param", f"DbPassword={given}")):
            result = run_cli(
                "scan", "--format", fmt, "--pack", str(pack), *extra, "stack.yaml", cwd=tmp_path
            )
            assert "ECHO-001" in result.stdout, result.stderr
            for secret in ("default-secret-value", given):
                assert secret not in result.stdout + result.stderr


def test_validate_reports_cfn_lint_checks_with_lines(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        textwrap.dedent(
            """\
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Pw: {Type: String, NoEcho: true, Default: 12345678901234567890123}
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: not-a-number
                  DelaySeconds: !Ref Pw
            """
        )
    )
    plain = run_cli("scan", "--format", "json", "bad.yaml", cwd=tmp_path)
    assert plain.returncode == 0
    checked = run_cli("scan", "--format", "json", "--validate", "bad.yaml", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    findings = _report(checked.stdout)["findings"]
    e3012 = [f for f in findings if f["code"] == "E3012"]
    assert e3012 and e3012[0]["start_line"] == 8
    assert e3012[0]["address"] == "Queue" and e3012[0]["kind"] == "aws.sqs.queue"
    assert "12345678901234567890123" not in checked.stdout


BUCKET_PACK = {
    "pack.toml": 'name = "b"\nversion = "0"\ndescription = "b"\nmodules = ["b"]\n',
    "b.py": textwrap.dedent(
        '''\
        from iacgate.rules.dsl import rule
        from iacgate.rules.metadata import Severity
        from iacgate.rules.verdicts import fail, ok


        @rule(code="TEST-100", name="unversioned", kind="aws.s3.bucket", severity=Severity.HIGH)
        def unversioned(bucket, ctx):
            """Unversioned buckets.

            What it checks
                Versioning.
            Why it matters
                Tests.
            How to fix
                Enable it.
            """
            if bucket.get("versioning.status") != "Enabled":
                return fail("not versioned", "versioning.status")
            return ok()
        '''
    ),
}


def test_inline_ignores_in_templates(tmp_path: Path) -> None:
    pack = tmp_path / "packs" / "b"
    pack.mkdir(parents=True)
    for name, text in BUCKET_PACK.items():
        (pack / name).write_text(text)
    (tmp_path / "main.yaml").write_text(
        textwrap.dedent(
            """\
            Resources:
              Flagged:
                Type: AWS::S3::Bucket
              ByComment:  # iacgate:ignore TEST-100 scratch space
                Type: AWS::S3::Bucket
              ByMetadata:
                Type: AWS::S3::Bucket
                Metadata:
                  iacgate:
                    ignore:
                      - {rule: TEST-100, reason: logs are write-once}
              Nested:  # iacgate:ignore TEST-100 the nested buckets are scratch too
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: child.yaml
            """
        )
    )
    (tmp_path / "child.yaml").write_text("Resources:\n  Inner:\n    Type: AWS::S3::Bucket\n")
    result = run_cli("scan", "--format", "json", "--pack", str(pack), ".", cwd=tmp_path)
    report = _report(result.stdout)
    findings = [f for f in report["findings"] if f["code"] == "TEST-100"]
    failing = [(f["address"], f["start_line"]) for f in findings if "suppressed" not in f]
    assert failing == [("Flagged", 2)], result.stdout
    suppressed = {f["address"]: f["suppressed"]["line"] for f in findings if "suppressed" in f}
    # The nested bucket is covered by the comment on its stack resource in main.yaml.
    assert suppressed == {"ByComment": 4, "ByMetadata": 6, "Nested/Inner": 12}
    assert report["summary"]["suppressed"] == 3
    assert result.returncode == 1
