"""IAM: identity policies that may rewrite who can reach other resources, on every resource.

AWS-IAM-008 owns the actions that change IAM identities' own permissions (policy versions,
attachments, inline policies, trust policies, PassRole); AWS-IAM-009 decryption with every key.
This module owns the resource-exposure actions of the other services: writing a resource
policy, an ACL or a sharing attribute, which opens the resource to other accounts or to
everyone. A statement that grants every action on every resource is AWS-IAM-001's finding.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    rule,
    unknown,
)

from ._aws import (
    POLICY_KINDS,
    Statement,
    action_path,
    allows,
    documents,
    grants_everything,
    on_every_resource,
    reason,
    statements,
    summarize,
    tri_all,
    unknown_statements,
)

# Actions that write who may reach a resource of another service (a resource policy, an ACL,
# a grant, a sharing attribute), listed by the resource they expose.
EXPOSING_ACTIONS = (
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock",
    "s3:PutAccessPointPolicy",
    "kms:PutKeyPolicy",
    "kms:CreateGrant",
    "secretsmanager:PutResourcePolicy",
    "sqs:AddPermission",
    "sqs:SetQueueAttributes",
    "sns:AddPermission",
    "sns:SetTopicAttributes",
    "lambda:AddPermission",
    "lambda:AddLayerVersionPermission",
    "ecr:SetRepositoryPolicy",
    "elasticfilesystem:PutFileSystemPolicy",
    "glacier:SetVaultAccessPolicy",
    "backup:PutBackupVaultAccessPolicy",
    "es:UpdateDomainConfig",
    "es:UpdateElasticsearchDomainConfig",
    "events:PutPermission",
    "ses:PutIdentityPolicy",
    "ec2:ModifySnapshotAttribute",
    "ec2:ModifyImageAttribute",
    "rds:ModifyDBSnapshotAttribute",
    "rds:ModifyDBClusterSnapshotAttribute",
    "ram:CreateResourceShare",
)


@rule(
    code="AWS-IAM-015",
    name="iam-policy-exposes-any-resource",
    kind=POLICY_KINDS,
    severity=Severity.HIGH,
    tags=["iam", "least-privilege", "resource-policy"],
)
def policy_exposes_any_resource(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy may rewrite the resource policy, ACL or sharing of every resource of a service.

    What it checks
        Allow statements on ``Resource: "*"`` (or a ``NotResource``) that grant, directly or
        through a wildcard (``s3:Put*``, ``sqs:*``), an action that decides who else may reach
        a resource: ``s3:PutBucketPolicy`` / ``PutBucketAcl`` / ``PutObjectAcl`` /
        ``PutBucketPublicAccessBlock``, ``kms:PutKeyPolicy`` / ``CreateGrant``,
        ``secretsmanager:PutResourcePolicy``, ``sqs:AddPermission`` / ``SetQueueAttributes``,
        ``sns:AddPermission`` / ``SetTopicAttributes``, ``lambda:AddPermission``,
        ``ecr:SetRepositoryPolicy``, ``elasticfilesystem:PutFileSystemPolicy``,
        ``glacier:SetVaultAccessPolicy``, ``backup:PutBackupVaultAccessPolicy``,
        ``es:UpdateDomainConfig``, ``events:PutPermission``, ``ses:PutIdentityPolicy``, the
        snapshot and image sharing attributes of EC2 and RDS, and ``ram:CreateResourceShare``.
        One finding per ``Action`` item, naming the actions it grants. IAM's own
        permission-management actions are AWS-IAM-008's; a grant of everything is
        AWS-IAM-001's.
    Why it matters
        Each action opens a resource to another account or to the world in one call: a bucket
        policy with ``Principal: "*"``, a key policy granting an outside account, a shared
        snapshot. On every resource, one leaked credential exposes every bucket, key, queue,
        secret or snapshot of the account, and no resource policy the team wrote holds.
    How to fix
        Grant these actions only to the administration role that manages the named
        resources, and list those resources.

        Terraform:

        ```hcl
        resource "aws_iam_policy" "deploy" {
          name = "deploy"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:PutBucketPolicy"]
              Resource = aws_s3_bucket.site.arn
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        DeployPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: s3:PutBucketPolicy
                  Resource: !GetAtt SiteBucket.Arn
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for document in documents(resource):
        if is_unknown(document.body):
            unknowns.append(unknown(reason(document.body, document.label), document.path))
            continue
        for where, value in unknown_statements(document):
            unknowns.append(unknown(reason(value, f"a statement of {document.label}"), where))
        for statement in statements(document):
            if grants_everything(statement) is True:
                continue
            pending = None
            # One finding per Action item: ``s3:*`` names every S3 action it grants.
            granted: dict[AttrPath, list[str]] = {}
            for action in EXPOSING_ACTIONS:
                answer = tri_all(allows(statement, action), on_every_resource(statement))
                if answer is True:
                    granted.setdefault(action_path(statement, action), []).append(action)
                elif is_unknown(answer) and pending is None:
                    pending = answer
            for path, actions in granted.items():
                message = f"allows {', '.join(actions)} on every resource ({statement.where()})"
                fails.append(fail(message, path))
            if pending is not None:
                unknowns.append(unknown(reason(pending, statement.where()), statement.path))
    yield from summarize(fails, unknowns)


# The verbs that begin the names of AWS actions at the Write or Permissions management access
# level (AWS names actions verb first: ``PutObject``, ``TerminateInstances``). The Service
# Authorization Reference is the catalogue; the verbs are its stable part, so a new action of
# an old verb is judged without a table to keep current.
WRITE_VERBS = (
    "Abort", "Accept", "Activate", "Add", "Allocate", "Apply", "Associate", "Attach",
    "Authorize", "BatchDelete", "BatchPut", "BatchUpdate", "BatchWrite", "Cancel", "Change",
    "Complete", "Copy", "Create", "Deactivate", "Delete", "Deregister", "Detach", "Disable",
    "Disassociate", "Enable", "Execute", "Import", "Initiate", "Invoke", "Modify", "Move",
    "Publish", "Purge", "Put", "Reboot", "Register", "Reject", "Release", "Remove", "Replace",
    "Reset", "Restore", "Revoke", "Rotate", "Run", "Send", "Set", "Start", "Stop", "Tag",
    "Terminate", "Untag", "Update", "Upload", "Write",
)  # fmt: skip


def grants_writes(action: str) -> bool:
    """Whether an ``Action`` item can grant a write action: ``service:*``, a name that begins
    with a write verb, or a wildcard whose known start could still begin one (``s3:P*``,
    ``s3:*Object``). ``*`` alone is every action (AWS-IAM-001's)."""
    service, colon, name = action.partition(":")
    if not colon or not service or not name:
        return False
    cut = min((i for i in (name.find("*"), name.find("?")) if i >= 0), default=-1)
    if cut >= 0:
        start = name[:cut].lower()
        return any(v.lower().startswith(start) or start.startswith(v.lower()) for v in WRITE_VERBS)
    lowered = name.lower()
    return any(lowered.startswith(v.lower()) for v in WRITE_VERBS)


def _constrained(statement: Statement) -> Any:
    """A statement with a ``Condition`` is constrained (the condition names which requests it
    admits); an unknown condition may be one."""
    condition = statement.body.get("Condition")
    if is_unknown(condition):
        return condition
    return bool(condition)


@rule(
    code="AWS-IAM-016",
    name="iam-policy-writes-without-constraint",
    kind=POLICY_KINDS,
    severity=Severity.MEDIUM,
    tags=["iam", "least-privilege"],
)
def policy_writes_without_constraint(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy grants write actions on every resource, with no condition.

    What it checks
        Allow statements on ``Resource: "*"`` (or a ``NotResource``) without a ``Condition``
        that grant a write or permissions-management action: ``service:*``, an action whose
        name begins with a write verb (``Put``, ``Create``, ``Delete``, ``Update``,
        ``Modify``, ``Attach``, ``Terminate``, ``Start``, ``Invoke``, ... — the verbs AWS's
        Service Authorization Reference lists at the Write and Permissions management access
        levels), or a wildcard that can still match one (``s3:Put*``, ``ec2:*Instances``); an
        ``Allow`` with ``NotAction`` on every resource grants them too. One finding per
        ``Action`` item. Read actions (``Get``, ``List``, ``Describe``) pass; a grant of
        everything (``Action: "*"``) is AWS-IAM-001's.
    Why it matters
        A write action without a resource or a condition reaches every resource of its
        service in the account, present and future: a leaked credential of a role meant to
        update one table may delete every table, stop every instance or overwrite every
        object. Naming the resources (or conditioning on tags, the calling service or the
        source) keeps one mistake or one compromise to what the role was for.
    How to fix
        List the resources the role writes (their ARNs, or an ARN pattern with a fixed
        prefix), or add a condition that narrows the requests (``aws:ResourceTag/...``,
        ``aws:SourceArn``). Some actions act on no resource and need ``"*"``: keep those in a
        statement of their own, with a condition where the service supports one.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "writer" {
          role = aws_iam_role.app.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
              Resource = aws_dynamodb_table.orders.arn
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        WriterPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: [dynamodb:PutItem, dynamodb:UpdateItem]
                  Resource: !GetAtt OrdersTable.Arn
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for document in documents(resource):
        if is_unknown(document.body):
            unknowns.append(unknown(reason(document.body, document.label), document.path))
            continue
        for where, value in unknown_statements(document):
            unknowns.append(unknown(reason(value, f"a statement of {document.label}"), where))
        for statement in statements(document):
            verdict = _write_verdict(statement)
            if isinstance(verdict, Unknown):
                unknowns.append(unknown(reason(verdict, statement.where()), statement.path))
                continue
            for path, what in verdict or ():
                fails.append(fail(f"allows {what} on every resource ({statement.where()})", path))
    yield from summarize(fails, unknowns)


def _write_verdict(statement: Statement) -> list[tuple[AttrPath, str]] | Unknown | None:
    """The write grants of one statement on every resource without a condition (a failure per
    item), the Unknown that leaves the answer open, or None when it grants none."""
    if grants_everything(statement) is True:
        return None  # AWS-IAM-001's
    effect = statement.body.get("Effect")
    scope = on_every_resource(statement)
    constrained = _constrained(statement)
    if not is_unknown(effect) and effect != "Allow":
        return None
    if scope is False or constrained is True:
        return None
    found: list[tuple[AttrPath, str]] = []
    open_item: Unknown | None = None
    if "NotAction" in statement.body:
        found.append(((*statement.path, "NotAction"), "every action its NotAction leaves"))
    else:
        actions = statement.body.get("Action")
        items = actions if isinstance(actions, list) else [actions]
        for index, item in enumerate(items):
            path = (
                (*statement.path, "Action", index)
                if isinstance(actions, list)
                else (*statement.path, "Action")
            )
            if is_unknown(item):
                open_item = item if open_item is None else open_item
            elif isinstance(item, str) and grants_writes(item):
                found.append((path, item))
    if not found:
        return open_item
    for value in (effect, scope, constrained):
        if is_unknown(value):
            return value
    return found
