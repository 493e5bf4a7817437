"""IAM: identity policies that may rewrite who can reach other resources, on every resource.

AWS-IAM-008 owns the actions that change IAM identities' own permissions (policy versions,
attachments, inline policies, trust policies, PassRole); AWS-IAM-009 decryption with every key.
This module owns the resource-exposure actions of the other services: writing a resource
policy, an ACL or a sharing attribute, which opens the resource to other accounts or to
everyone. A statement that grants every action on every resource is AWS-IAM-001's finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacgate.rules import (
    AttrPath,
    Context,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    rule,
    unknown,
)

from ._aws import (
    POLICY_KINDS,
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
