"""Secret values in Lambda environments (AWS-LAMBDA-001) never reach any output format, from
any AWS source: HCL, a plan (which holds the values in clear) and CloudFormation."""

from __future__ import annotations

import pytest

from ..conftest import FIXTURES, run_cli

SECRETS = ("hunter2", "AKIAIOSFODNN7EXAMPLE", "s3cr3t-example")
LAMBDA = FIXTURES / "rules" / "aws_core" / "AWS-LAMBDA-001"
HCL = LAMBDA / "terraform" / "fail_literal_secrets"
TEMPLATE = LAMBDA / "cloudformation" / "fail_literal_token.yaml"


def _scans(fmt: str) -> list[list[str]]:
    common = ["--format", fmt, "--fail-on", "none", "--no-config"]
    return [
        ["scan", str(HCL / "main.tf"), str(TEMPLATE), *common],
        ["scan", "--plan", str(HCL / "plan.json"), *common],
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "github", "junit"])
def test_lambda_secret_values_are_never_printed(fmt: str) -> None:
    for args in _scans(fmt):
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        assert "AWS-LAMBDA-001" in done.stdout, args
        for value in SECRETS:
            assert value not in done.stdout, (args, value)
            assert value not in done.stderr, (args, value)
