"""IAM: administrator grants, wildcards, PassRole, privilege escalation, trust and user hygiene.

Identity policies are read where the canonical model keeps them: the inline policies of roles,
users and groups (``inline_policies``, every inline and attached policy resource folded in)
and the document of each customer-managed policy (``aws.iam.policy``). A statement that grants
every action on every resource is AWS-IAM-001's finding alone; the narrower rules skip it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from iacgate.graph.graph import EdgeType
from iacgate.model.resource import Resource
from iacgate.model.unknown import is_unknown
from iacgate.rules import Context, Severity, Verdict, fail, ok, rule, unknown

from ._aws import (
    CIS,
    FSBP,
    POLICY_KINDS,
    Document,
    Statement,
    allows,
    allows_literally,
    documents,
    grants_everything,
    is_admin_managed_arn,
    matches,
    on_every_resource,
    public_statement,
    reason,
    statements,
    summarize,
    tri_all,
    tri_any,
)

PRINCIPALS = ("aws.iam.role", "aws.iam.user", "aws.iam.group")


def _judge_statements(
    resource: Resource, judge: Callable[[Statement], tuple[Any, str]]
) -> Iterator[Verdict]:
    """Run ``judge`` on every statement of every document the resource holds; it answers
    (True/False/Unknown, message)."""
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for document in documents(resource):
        if is_unknown(document.body):
            unknowns.append(unknown(reason(document.body, document.label), document.path))
            continue
        for statement in statements(document):
            answer, message = judge(statement)
            if answer is True:
                fails.append(fail(f"{message} ({statement.where()})", statement.path))
            elif is_unknown(answer):
                unknowns.append(unknown(reason(answer, statement.where()), statement.path))
    yield from summarize(fails, unknowns)


def _not_everything(statement: Statement) -> bool:
    """The narrower rules leave a grant of everything to AWS-IAM-001."""
    return grants_everything(statement) is not True


@rule(
    code="AWS-IAM-001",
    name="iam-policy-grants-full-admin",
    kind=POLICY_KINDS,
    severity=Severity.CRITICAL,
    frameworks={CIS: ["1.16"], FSBP: ["IAM.1"]},
    tags=["iam", "least-privilege"],
)
def policy_grants_full_admin(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy allows every action on every resource (``"*"`` on ``"*"``).

    What it checks
        Allow statements with ``Action: "*"`` and ``Resource: "*"`` in customer-managed
        policies and in the inline policies of roles, users and groups.
    Why it matters
        The holder is an administrator: it can read every secret, delete every resource and
        grant itself or anyone else anything. A leaked credential of that holder is a lost
        account.
    How to fix
        List the actions and resources the workload uses (IAM Access Analyzer can generate
        the policy from CloudTrail activity); keep administrator access for break-glass roles
        behind MFA.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "app" {
          role = aws_iam_role.app.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:GetObject", "s3:PutObject"]
              Resource = "${aws_s3_bucket.data.arn}/*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        AppPolicy:
          Type: AWS::IAM::RolePolicy
          Properties:
            RoleName: !Ref App
            PolicyName: app
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: [s3:GetObject, s3:PutObject]
                  Resource: !Sub "${Data.Arn}/*"
        ```
    """

    def judge(statement: Statement) -> tuple[Any, str]:
        return grants_everything(statement), "allows every action on every resource"

    yield from _judge_statements(resource, judge)


@rule(
    code="AWS-IAM-002",
    name="iam-admin-managed-policy-attached",
    kind=PRINCIPALS,
    severity=Severity.HIGH,
    frameworks={CIS: ["1.16"]},
    tags=["iam", "least-privilege"],
)
def admin_managed_policy_attached(principal: Resource, ctx: Context) -> Iterator[Verdict]:
    """An AWS-managed administrator policy is attached to a role, user or group.

    What it checks
        ``managed_policy_arns`` must not hold ``AdministratorAccess`` or ``IAMFullAccess``
        (which can grant itself everything). An attached ARN that is not known (a variable, a
        data source) and is not one of the customer-managed policies of the graph is
        reported as unknown.
    Why it matters
        Attaching an AWS-managed administrator policy is the quickest way to make a workload
        or a person an administrator, and the easiest to overlook in review: the policy text
        is not in the code.
    How to fix
        Attach a policy scoped to the job instead (an AWS-managed job-function policy such as
        ``ReadOnlyAccess``, or a customer-managed policy).

        Terraform:

        ```hcl
        resource "aws_iam_role_policy_attachment" "app" {
          role       = aws_iam_role.app.name
          policy_arn = aws_iam_policy.app.arn # scoped to what the app does
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {...}
            ManagedPolicyArns:
              - !Ref AppPolicy  # an AWS::IAM::ManagedPolicy scoped to what the app does
        ```
    """
    arns = principal.get("managed_policy_arns")
    if is_unknown(arns):
        yield unknown(reason(arns, "the attached managed policies"), "managed_policy_arns")
        return
    customer = {
        e.path
        for e in ctx.graph.edges(principal)
        if e.type is EdgeType.HAS_POLICY and e.target.kind == "aws.iam.policy"
    }
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, arn in enumerate(arns if isinstance(arns, list) else []):
        path = ("managed_policy_arns", index)
        if is_unknown(arn):
            if path not in customer:
                unknowns.append(unknown(reason(arn, "an attached policy"), path))
        elif is_admin_managed_arn(arn):
            name = str(arn).rsplit("/", 1)[-1]
            fails.append(fail(f"the AWS-managed {name} policy is attached", path))
    yield from summarize(fails, unknowns)


SENSITIVE_SERVICES = (
    "iam",
    "sts",
    "kms",
    "s3",
    "ec2",
    "lambda",
    "secretsmanager",
    "ssm",
    "dynamodb",
    "rds",
    "organizations",
    "cloudtrail",
)


def _wildcard_services(statement: Statement) -> Any:
    """Sensitive services whose every action the statement allows through ``svc:*``."""
    found: list[str] = []
    pending: Any = None
    for service in SENSITIVE_SERVICES:
        answer = allows_literally(statement, f"{service}:*")
        if answer is True:
            found.append(service)
        elif is_unknown(answer) and pending is None:
            pending = answer
    return found or pending


@rule(
    code="AWS-IAM-003",
    name="iam-policy-wildcard-on-sensitive-service",
    kind=POLICY_KINDS,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["IAM.21"]},
    tags=["iam", "least-privilege"],
)
def wildcard_on_sensitive_service(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy allows every action of a sensitive service (``iam:*``, ``kms:*``, ``s3:*`` ...).

    What it checks
        Allow statements listing ``<service>:*`` for IAM, STS, KMS, S3, EC2, Lambda, Secrets
        Manager, SSM, DynamoDB, RDS, Organizations or CloudTrail, on any resource.
    Why it matters
        ``service:*`` grants the destructive and the permission-changing actions with the
        harmless ones: ``s3:*`` deletes buckets and rewrites their policies, ``kms:*``
        schedules key deletion, ``iam:*`` makes the holder an administrator. New actions the
        service adds later are granted too.
    How to fix
        List the actions the workload calls.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "app" {
          role = aws_iam_role.app.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:GetObject", "s3:PutObject"]
              Resource = "${aws_s3_bucket.data.arn}/*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        AppPolicy:
          Type: AWS::IAM::RolePolicy
          Properties:
            RoleName: !Ref App
            PolicyName: app
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: [s3:GetObject, s3:PutObject]
                  Resource: !Sub "${Data.Arn}/*"
        ```
    """

    def judge(statement: Statement) -> tuple[Any, str]:
        if not _not_everything(statement):
            return False, ""
        found = _wildcard_services(statement)
        if isinstance(found, list):
            return True, "allows every action of " + ", ".join(f"{s}:*" for s in found)
        return found if is_unknown(found) else False, ""

    yield from _judge_statements(resource, judge)


@rule(
    code="AWS-IAM-004",
    name="iam-passrole-on-any-role",
    kind=POLICY_KINDS,
    severity=Severity.HIGH,
    tags=["iam", "privilege-escalation"],
)
def passrole_on_any_role(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy allows ``iam:PassRole`` on every role.

    What it checks
        Allow statements granting ``iam:PassRole`` (directly, or through ``iam:Pass*`` or
        ``iam:*``) with ``Resource: "*"``.
    Why it matters
        Passing a role hands its permissions to a service the holder controls: with PassRole
        on every role and ``ec2:RunInstances`` or ``lambda:CreateFunction``, the holder runs
        code as the most privileged role in the account.
    How to fix
        Limit ``iam:PassRole`` to the roles the workload must pass, and to the service that
        receives them.

        Terraform:

        ```hcl
        data "aws_iam_policy_document" "deploy" {
          statement {
            actions   = ["iam:PassRole"]
            resources = [aws_iam_role.task.arn]
            condition {
              test     = "StringEquals"
              variable = "iam:PassedToService"
              values   = ["ecs-tasks.amazonaws.com"]
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: iam:PassRole
              Resource: !GetAtt TaskRole.Arn
              Condition:
                StringEquals: {iam:PassedToService: ecs-tasks.amazonaws.com}
        ```
    """

    def judge(statement: Statement) -> tuple[Any, str]:
        if not _not_everything(statement):
            return False, ""
        answer = tri_all(allows(statement, "iam:PassRole"), on_every_resource(statement))
        return answer, "allows iam:PassRole on every role"

    yield from _judge_statements(resource, judge)


@rule(
    code="AWS-IAM-005",
    name="iam-role-trusts-any-principal",
    kind="aws.iam.role",
    severity=Severity.CRITICAL,
    tags=["iam", "trust"],
)
def role_trusts_any_principal(role: Resource, ctx: Context) -> Iterator[Verdict]:
    """A role's trust policy lets any principal, in any account, assume it.

    What it checks
        Allow statements of ``assume_role_policy`` whose principal is ``*`` or
        ``{"AWS": "*"}`` and that no condition confines to known callers
        (``aws:PrincipalOrgID``, ``aws:PrincipalAccount``, ``sts:ExternalId``,
        ``aws:SourceArn`` ...).
    Why it matters
        Anyone with an AWS account, any account, can call ``sts:AssumeRole`` on the role and
        act with its permissions.
    How to fix
        Name the trusted principals (an account, a role, a service), or confine the wildcard
        with a condition such as ``aws:PrincipalOrgID``.

        Terraform:

        ```hcl
        resource "aws_iam_role" "ci" {
          name = "ci"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRole"
              Principal = { AWS = "arn:aws:iam::111122223333:role/ci-runner" }
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        Ci:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Action: sts:AssumeRole
                  Principal: {AWS: arn:aws:iam::111122223333:role/ci-runner}
        ```
    """
    trust = role.get("assume_role_policy")
    if is_unknown(trust):
        yield unknown(reason(trust, "the trust policy"), "assume_role_policy")
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for statement in statements(Document(("assume_role_policy",), "trust policy", trust)):
        answer = public_statement(statement)
        if answer is True:
            fails.append(
                fail(f"any principal may assume the role ({statement.where()})", statement.path)
            )
        elif is_unknown(answer):
            unknowns.append(unknown(reason(answer, statement.where()), statement.path))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-IAM-006",
    name="iam-user-has-direct-policies",
    kind="aws.iam.user",
    severity=Severity.LOW,
    frameworks={CIS: ["1.15"], FSBP: ["IAM.2"]},
    tags=["iam", "hygiene"],
)
def user_has_direct_policies(user: Resource, ctx: Context) -> Iterator[Verdict]:
    """An IAM user holds policies of its own instead of getting them through a group.

    What it checks
        A user must have no inline policy and no directly attached managed policy.
    Why it matters
        Permissions attached user by user drift apart and outlive the job they were granted
        for; reviews and removals happen per group. Long-lived users are also better replaced
        by federated roles.
    How to fix
        Put the user in a group that holds the policy.

        Terraform:

        ```hcl
        resource "aws_iam_group_policy_attachment" "developers" {
          group      = aws_iam_group.developers.name
          policy_arn = aws_iam_policy.developers.arn
        }

        resource "aws_iam_user_group_membership" "alice" {
          user   = aws_iam_user.alice.name
          groups = [aws_iam_group.developers.name]
        }
        ```

        CloudFormation:

        ```yaml
        Alice:
          Type: AWS::IAM::User
          Properties:
            Groups: [!Ref Developers]
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    inline = user.get("inline_policies")
    unkeyed = user.get("inline_policy_documents")
    if is_unknown(inline) and isinstance(unkeyed, list) and unkeyed:
        for index, _ in enumerate(unkeyed):
            fails.append(
                fail("an inline policy is attached to the user", ("inline_policy_documents", index))
            )
    elif is_unknown(inline):
        unknowns.append(unknown(reason(inline, "the inline policies"), "inline_policies"))
    elif isinstance(inline, dict):
        for name in inline:
            fails.append(
                fail(f"inline policy {name!r} is attached to the user", ("inline_policies", name))
            )
    arns = user.get("managed_policy_arns")
    if is_unknown(arns):
        unknowns.append(unknown(reason(arns, "the attached policies"), "managed_policy_arns"))
    elif isinstance(arns, list):
        for index, _ in enumerate(arns):
            fails.append(
                fail("a managed policy is attached to the user", ("managed_policy_arns", index))
            )
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-IAM-007",
    name="iam-access-key-in-code",
    kind="aws.iam.access_key",
    severity=Severity.MEDIUM,
    tags=["iam", "secrets"],
)
def access_key_in_code(key: Resource, ctx: Context) -> Verdict:
    """The code creates an active, long-lived IAM access key.

    What it checks
        Every active ``aws.iam.access_key`` the code declares (``aws_iam_access_key``,
        ``AWS::IAM::AccessKey``). Inactive keys pass. The key's secret is never read or shown.
    Why it matters
        The secret access key of a key created this way ends up in the Terraform state or in a
        CloudFormation output or parameter, readable by everyone who can read those; it never
        expires, and rotating it means changing code.
    How to fix
        Give workloads roles (instance profiles, task roles, IRSA, OIDC federation for CI)
        instead of keys; if a key is unavoidable, create it out of band and store it in
        Secrets Manager.

        Terraform:

        ```hcl
        # Instead of aws_iam_access_key, let the workload assume a role:
        resource "aws_iam_instance_profile" "app" {
          role = aws_iam_role.app.name
        }
        ```

        CloudFormation:

        ```yaml
        # Instead of AWS::IAM::AccessKey, let the workload assume a role:
        AppProfile:
          Type: AWS::IAM::InstanceProfile
          Properties:
            Roles: [!Ref AppRole]
        ```
    """
    status = key.get("status")
    if is_unknown(status):
        return unknown(reason(status, "the key status"), "status")
    if status == "Inactive":
        return ok()
    user = key.get("user")
    who = f" for user {user}" if isinstance(user, str) else ""
    return fail(f"an active access key{who} is created in code; its secret lands in the state")


ESCALATION_ACTIONS = (
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
)


def _broad_iam_resource(statement: Statement) -> Any:
    """Every resource, or a wildcard over roles, users, groups or policies."""
    every = on_every_resource(statement)
    if every is not False:
        return every
    resources = statement.body.get("Resource")
    items = resources if isinstance(resources, list) else [resources]
    return tri_any(
        r
        if is_unknown(r)
        else isinstance(r, str) and r.startswith("arn:") and ":iam:" in r and "*" in r
        for r in items
    )


@rule(
    code="AWS-IAM-008",
    name="iam-privilege-escalation",
    kind=POLICY_KINDS,
    severity=Severity.HIGH,
    tags=["iam", "privilege-escalation"],
)
def privilege_escalation(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy lets its holder grant itself more permissions.

    What it checks
        Allow statements, on every resource or on a wildcard of IAM roles, users, groups or
        policies, of an action that changes permissions: ``iam:CreatePolicyVersion``,
        ``iam:SetDefaultPolicyVersion``, ``iam:Attach{Role,User,Group}Policy``,
        ``iam:Put{Role,User,Group}Policy``, ``iam:UpdateAssumeRolePolicy``,
        ``iam:CreateAccessKey``, ``iam:CreateLoginProfile``, ``iam:UpdateLoginProfile``,
        ``iam:AddUserToGroup`` or the removal of a permissions boundary.
    Why it matters
        Any of these turns the holder into an administrator in one call: write a new policy
        version, attach ``AdministratorAccess`` to itself, put an inline policy on its own
        role, or mint keys for a more privileged user.
    How to fix
        Grant these actions only to administration roles, on the specific resources they
        manage, with a permissions boundary on what they may create.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "app" {
          role = aws_iam_role.app.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:GetObject", "s3:PutObject"]
              Resource = "${aws_s3_bucket.data.arn}/*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        AppPolicy:
          Type: AWS::IAM::RolePolicy
          Properties:
            RoleName: !Ref App
            PolicyName: app
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: [s3:GetObject, s3:PutObject]
                  Resource: !Sub "${Data.Arn}/*"
        ```
    """

    def judge(statement: Statement) -> tuple[Any, str]:
        if not _not_everything(statement):
            return False, ""
        granted: list[str] = []
        pending: Any = None
        for action in ESCALATION_ACTIONS:
            answer = allows(statement, action)
            if answer is True:
                granted.append(action)
            elif is_unknown(answer) and pending is None:
                pending = answer
        if not granted:
            return pending if pending is not None else False, ""
        scope = _broad_iam_resource(statement)
        shown = ", ".join(granted[:3]) + (" ..." if len(granted) > 3 else "")
        return scope, f"allows {shown} on any identity"

    yield from _judge_statements(resource, judge)


@rule(
    code="AWS-IAM-009",
    name="iam-policy-decrypts-with-every-key",
    kind=POLICY_KINDS,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["KMS.1", "KMS.2"]},
    tags=["iam", "kms"],
)
def decrypts_with_every_key(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A policy allows ``kms:Decrypt`` or ``kms:ReEncryptFrom`` with every KMS key.

    What it checks
        Allow statements granting ``kms:Decrypt`` or ``kms:ReEncryptFrom`` (directly or
        through a wildcard) on ``Resource: "*"``.
    Why it matters
        Encryption with KMS only protects data from principals that cannot use the key; a
        holder that may decrypt with every key reads every encrypted bucket, secret, queue and
        snapshot whose key policy defers to IAM.
    How to fix
        Name the keys the workload decrypts with, or confine the grant with
        ``kms:ViaService`` or ``kms:EncryptionContext`` conditions.

        Terraform:

        ```hcl
        data "aws_iam_policy_document" "read" {
          statement {
            actions   = ["kms:Decrypt"]
            resources = [aws_kms_key.data.arn]
          }
        }
        ```

        CloudFormation:

        ```yaml
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: kms:Decrypt
              Resource: !GetAtt DataKey.Arn
        ```
    """

    def judge(statement: Statement) -> tuple[Any, str]:
        if not _not_everything(statement):
            return False, ""
        decrypt = tri_any(
            allows(statement, action) for action in ("kms:Decrypt", "kms:ReEncryptFrom")
        )
        if decrypt is not True:
            return decrypt, ""
        confined = statement.body.get("Condition")
        if isinstance(confined, dict) and any(
            matches("kms:*", str(key)) is True
            for tests in confined.values()
            if isinstance(tests, dict)
            for key in tests
        ):
            return False, ""
        return on_every_resource(statement), "allows decryption with every KMS key"

    yield from _judge_statements(resource, judge)
