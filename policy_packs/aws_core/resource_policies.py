"""Resource policies across services: open to everyone, or granting every action; Lambda
permissions for AWS services without a source (the confused deputy).

One helper judges the resource policy of every kind that keeps one in its ``policy`` attribute;
the per-service rules that already judge public policies (S3, SNS, SQS, ECR, KMS, Lambda) keep
theirs, and AWS-POLICY-001 covers the kinds that have none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    Resource,
    Severity,
    Unknown,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import (
    FSBP,
    Document,
    chosen_by_aws,
    public_policy_verdicts,
    reason,
    statements,
    summarize,
)

# Kinds whose resource policy no per-service rule judges for public access.
PUBLIC_KINDS = (
    "aws.secretsmanager.secret",
    "aws.efs.file_system",
    "aws.backup.vault",
    "aws.glacier.vault",
)
# Every kind that keeps a resource policy in its ``policy`` attribute.
POLICY_KINDS = (
    "aws.s3.bucket",
    "aws.s3.bucket_policy",
    "aws.sqs.queue",
    "aws.sns.topic",
    "aws.kms.key",
    "aws.ecr.repository",
    "aws.lambda.function",
    *PUBLIC_KINDS,
)
_ROOT = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}|\$\{[^}]+\}):root$")


@rule(
    code="AWS-POLICY-001",
    name="resource-policy-public",
    kind=PUBLIC_KINDS,
    severity=Severity.HIGH,
    tags=["iam", "exposure", "resource-policy"],
)
def resource_policy_public(resource: Resource, ctx: Context) -> list[Verdict]:
    """A resource policy lets any principal, in any account, use the resource.

    What it checks
        Allow statements of the resource policy (a secret's, a file system's, a Backup or
        Glacier vault's) whose principal is ``*`` (or ``{"AWS": "*"}``) and whose conditions do
        not confine the callers to known accounts, organisations, networks or source
        resources.
    Why it matters
        A public resource policy hands the secret, the files or the backups to anyone on the
        internet who knows (or guesses) the resource's ARN: no credentials of the account are
        needed.
    How to fix
        Name the principals that need access, or confine the statement with a condition.

        Terraform:

        ```hcl
        resource "aws_secretsmanager_secret_policy" "db" {
          secret_arn = aws_secretsmanager_secret.db.arn
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { AWS = aws_iam_role.app.arn }
              Action    = "secretsmanager:GetSecretValue"
              Resource  = "*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        DbSecretPolicy:
          Type: AWS::SecretsManager::ResourcePolicy
          Properties:
            SecretId: !Ref DbSecret
            ResourcePolicy:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: { AWS: !GetAtt AppRole.Arn }
                  Action: secretsmanager:GetSecretValue
                  Resource: "*"
        ```
    """
    return public_policy_verdicts(resource, ("policy",), "the resource policy")


def _all_actions(body: Mapping[str, Any]) -> Any:
    """The statement allows ``*`` or ``<service>:*``: True, False or the Unknown."""
    if "Action" not in body:
        return "NotAction" in body  # everything but a few actions
    actions = body.get("Action")
    if is_unknown(actions):
        return actions
    pending: Unknown | None = None
    for action in actions if isinstance(actions, list) else [actions]:
        if is_unknown(action):
            pending = action if pending is None else pending
        elif isinstance(action, str) and (action == "*" or action.endswith(":*")):
            return True
    return pending if pending is not None else False


def _account_roots_only(principal: Any) -> Any:
    """The principal is only account roots (the default key policy's owner), or services."""
    if is_unknown(principal):
        return principal
    if not isinstance(principal, Mapping):
        return False  # "*"
    pending: Unknown | None = None
    for key, values in principal.items():
        if key == "Service":
            continue
        if key != "AWS":
            return False
        for value in values if isinstance(values, list) else [values]:
            if is_unknown(value):
                pending = value if pending is None else pending
            elif not (isinstance(value, str) and _ROOT.match(value)):
                return False
    return pending if pending is not None else True


@rule(
    code="AWS-POLICY-002",
    name="resource-policy-allows-all-actions",
    kind=POLICY_KINDS,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["KMS.5"]},
    tags=["iam", "least-privilege", "resource-policy"],
)
def resource_policy_allows_all_actions(resource: Resource, ctx: Context) -> list[Verdict]:
    """A resource policy grants every action of the service without a condition.

    What it checks
        Allow statements of a resource policy (bucket, queue, topic, key, repository,
        function, secret, file system, Backup and Glacier vault) whose actions include ``*`` or
        ``<service>:*`` (or that list only NotAction), for a principal other than account roots
        and AWS services, with no condition. ``kms:*`` for the account root is the default key
        policy and passes.
    Why it matters
        Granting a role or another account every action on the resource includes deleting it,
        rewriting its policy and (for keys and secrets) reading everything: far beyond what any
        consumer needs, and a takeover path when that principal is compromised.
    How to fix
        List the actions the principal needs, or confine the statement with a condition.

        Terraform:

        ```hcl
        policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { AWS = aws_iam_role.app.arn }
            Action    = ["sqs:SendMessage"]
            Resource  = aws_sqs_queue.jobs.arn
          }]
        })
        ```

        CloudFormation:

        ```yaml
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { AWS: !GetAtt AppRole.Arn }
              Action: [sqs:SendMessage]
              Resource: !GetAtt Jobs.Arn
        ```
    """
    path: AttrPath = ("policy",)
    document = resource.get(path)
    if is_unknown(document):
        if chosen_by_aws(document):
            return [ok()]  # the service's default policy
        return [unknown(reason(document, "the resource policy"), path)]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for statement in statements(Document(path, "resource policy", document)):
        body = statement.body
        effect = body.get("Effect")
        condition = body.get("Condition")
        if is_unknown(condition) and effect == "Allow":
            # A condition from a variable may confine the grant, or be null.
            unknowns.append(unknown(reason(condition, statement.where()), statement.path))
            continue
        if effect != "Allow" or condition:
            if is_unknown(effect):
                unknowns.append(unknown(reason(effect, statement.where()), statement.path))
            continue
        everything = _all_actions(body)
        if everything is False:
            continue
        roots = _account_roots_only(body.get("Principal"))
        if roots is True:
            continue
        for answer in (everything, roots):
            if is_unknown(answer):
                unknowns.append(unknown(reason(answer, statement.where()), statement.path))
                break
        else:
            fails.append(
                fail(
                    f"the resource policy grants every action without a condition "
                    f"({statement.where()})",
                    statement.path,
                )
            )
    return summarize(fails, unknowns)


_SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner"})


def _has_source(condition: Any) -> Any:
    if condition is None:
        return False
    if is_unknown(condition):
        return condition
    if not isinstance(condition, Mapping):
        return False
    for tests in condition.values():
        if isinstance(tests, Mapping) and any(str(k).lower() in _SOURCE_KEYS for k in tests):
            return True
    return False


@rule(
    code="AWS-LAMBDA-007",
    name="lambda-permission-without-source",
    kind="aws.lambda.function",
    severity=Severity.MEDIUM,
    tags=["lambda", "confused-deputy", "resource-policy"],
)
def lambda_permission_without_source(function: Resource, ctx: Context) -> list[Verdict]:
    """A Lambda permission lets an AWS service invoke the function on anyone's behalf.

    What it checks
        Statements of the function policy (``aws_lambda_permission``,
        ``AWS::Lambda::Permission``) whose principal is an AWS service (``s3.amazonaws.com``,
        ``sns.amazonaws.com``, ...) must name the source: ``source_arn`` /
        ``SourceArn`` or ``source_account`` / ``SourceAccount`` (the conditions
        ``aws:SourceArn``, ``aws:SourceAccount``).
    Why it matters
        Without a source, the service invokes the function for any resource, in any account,
        that names it: another customer's bucket or topic can trigger it (the confused
        deputy), feeding it their events and running up its cost.
    How to fix
        Name the bucket, topic, rule or account the permission is for.

        Terraform:

        ```hcl
        resource "aws_lambda_permission" "s3" {
          function_name = aws_lambda_function.thumbs.function_name
          action        = "lambda:InvokeFunction"
          principal     = "s3.amazonaws.com"
          source_arn    = aws_s3_bucket.uploads.arn
        }
        ```

        CloudFormation:

        ```yaml
        S3Invoke:
          Type: AWS::Lambda::Permission
          Properties:
            FunctionName: !Ref Thumbs
            Action: lambda:InvokeFunction
            Principal: s3.amazonaws.com
            SourceArn: !GetAtt Uploads.Arn
        ```
    """
    path: AttrPath = ("policy",)
    document = function.get(path)
    if is_unknown(document):
        return [unknown(reason(document, "the function policy"), path)]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for statement in statements(Document(path, "function policy", document)):
        principal = statement.body.get("Principal")
        if is_unknown(principal):
            unknowns.append(unknown(reason(principal, statement.where()), statement.path))
            continue
        services = principal.get("Service") if isinstance(principal, Mapping) else None
        if services is None:
            continue
        named = _has_source(statement.body.get("Condition"))
        if is_unknown(named):
            unknowns.append(unknown(reason(named, statement.where()), statement.path))
        elif named is False:
            who = ", ".join(
                str(s) for s in (services if isinstance(services, list) else [services])
            )
            fails.append(
                fail(
                    f"{who} may invoke the function for any source ({statement.where()})",
                    statement.path,
                )
            )
    return summarize(fails, unknowns)
