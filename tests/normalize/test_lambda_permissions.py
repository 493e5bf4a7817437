"""Lambda permissions fold into their function's resource policy, the same from every source."""

from __future__ import annotations

from pathlib import Path

from iacgate import api
from iacgate.model.unknown import is_unknown

TERRAFORM = """
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "s3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.worker.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = "123456789012"
}

resource "aws_lambda_permission" "partner" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.arn
  principal     = "111122223333"
}
"""

CLOUDFORMATION = """
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
      Role: arn:aws:iam::123456789012:role/worker
      Runtime: python3.12
      Handler: app.handler
      Code: {S3Bucket: artifacts, S3Key: worker.zip}
  S3:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Worker
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::uploads
      SourceAccount: "123456789012"
  Partner:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Worker.Arn
      Action: lambda:InvokeFunction
      Principal: "111122223333"
"""

EXPECTED = [
    {
        "Effect": "Allow",
        "Principal": {"Service": ["s3.amazonaws.com"]},
        "Action": ["lambda:InvokeFunction"],
        "Condition": {
            "ArnLike": {"AWS:SourceArn": ["arn:aws:s3:::uploads"]},
            "StringEquals": {"AWS:SourceAccount": ["123456789012"]},
        },
    },
    {
        "Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]},
        "Action": ["lambda:InvokeFunction"],
    },
]


def _function(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / name)], rules=[], root=tmp_path, jobs=1)
    assert report.graph is not None
    (function,) = report.graph.resources("aws.lambda.function")
    return function, report.graph.locations


def _without_resource(statements: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    for statement in statements:  # the function's ARN: known only after apply/deploy
        assert all(is_unknown(r) for r in statement["Resource"])
    return [{k: v for k, v in s.items() if k != "Resource"} for s in statements]


def test_terraform_permissions_become_statements(tmp_path: Path) -> None:
    function, locations = _function(tmp_path, "main.tf", TERRAFORM)
    statements = function.attributes["policy"]["Statement"]
    assert _without_resource(statements) == EXPECTED
    found = locations.get(function.key, ("policy", "Statement", 1))
    assert found is not None and found.start_line == 20  # the partner permission's block


def test_cloudformation_permissions_match_terraform(tmp_path: Path) -> None:
    function, _ = _function(tmp_path, "template.yaml", CLOUDFORMATION)
    assert _without_resource(function.attributes["policy"]["Statement"]) == EXPECTED


def test_no_permission_no_policy(tmp_path: Path) -> None:
    function, _ = _function(tmp_path, "main.tf", TERRAFORM.split('resource "aws_lambda_perm')[0])
    assert function.attributes["policy"] is None
