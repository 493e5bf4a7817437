"""The values the AWS secret rules (AWS-SECRET-*) find never reach any output format, from any
AWS source: HCL, plans (which hold the values in clear) and CloudFormation. Encoded copies
count too: user data is base64 in launch templates and plans, so every base64 run of an output
is decoded and searched as well."""

from __future__ import annotations

import base64
import binascii
import re

import pytest

from iacgate.reporters import FORMATS

from ..conftest import FIXTURES, run_cli

AWS_CORE = FIXTURES / "rules" / "aws_core"
CODES = ("AWS-SECRET-001", "AWS-SECRET-002", "AWS-SECRET-003", "AWS-SECRET-004")
# Every literal credential written in those rules' fail fixtures.
SECRETS = (
    "Sup3rS3cret!",
    "Welcome-2024!",
    "s3cr3t-docdb-pw",
    "s3cr3t-dms-pw",
    "s3cr3t-directory-pw",
    "s3cr3t-managed-ad-pw",
    "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
    "s3cr3t-amplify-pw",
    "s3cr3t-amplify-oauth",
    "s3cr3t-userdata-pw",
    "s3cr3t-url-pw",
    "s3cr3t-instance-token",
    "s3cr3t-ecs-pw",
    "s3cr3t-ecs-token",
    "s3cr3t-batch-pw",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "s3cr3t-provider-token",
)
FAILS = sorted(p for code in CODES for p in (AWS_CORE / code).glob("*/fail_*"))
TEMPLATES = [str(p) for p in FAILS if p.suffix == ".yaml"]
MODULES = [str(p / "main.tf") for p in FAILS if p.is_dir()]
PLANS = [str(p / "plan.json") for p in FAILS if (p / "plan.json").is_file()]
BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _decoded_runs(text: str) -> str:
    found: list[str] = []
    for run in BASE64_RUN.findall(text):
        try:
            found.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            continue
    return "\n".join(found)


def test_the_fixtures_hold_every_secret() -> None:
    """The test cannot pass by scanning files that hold none of the secrets."""
    written = "\n".join((p if p.is_file() else p / "main.tf").read_text("utf-8") for p in FAILS)
    for value in SECRETS:
        assert value in written or value in _decoded_runs(written), value
    assert len(PLANS) >= 5 and TEMPLATES and MODULES


@pytest.mark.parametrize("fmt", FORMATS)
def test_secret_rule_values_are_never_printed(fmt: str) -> None:
    common = ["--format", fmt, "--fail-on", "none", "--no-config"]
    scans = [["scan", *MODULES, *TEMPLATES, *common]]
    scans += [["scan", "--plan", plan, *common] for plan in PLANS]
    reported: set[str] = set()
    for args in scans:
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        reported |= {code for code in CODES if code in done.stdout}
        for stream in (done.stdout, done.stderr):
            searched = stream + "\n" + _decoded_runs(stream)
            for value in SECRETS:
                assert value not in searched, (args, value)
    assert reported == set(CODES)
