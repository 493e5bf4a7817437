"""IAM: administrator grants, wildcards, PassRole, privilege escalation, trust and user hygiene.

Identity policies are read where the canonical model keeps them: the inline policies of roles,
users and groups (``inline_policies``, every inline and attached policy resource folded in)
and the document of each customer-managed policy (``aws.iam.policy``). A statement that grants
every action on every resource is AWS-IAM-001's finding alone; the narrower rules skip it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    pattern_could_match,
    rule,
    unknown,
)

from ._aws import (
    CIS,
    FSBP,
    POLICY_KINDS,
    Document,
    Statement,
    action_path,
    admin_managed,
    allows,
    allows_literally,
    aws_managed_name,
    broad_resource,
    documents,
    grants_everything,
    matches,
    on_every_resource,
    public_statement,
    reason,
    statements,
    summarize,
    tri_all,
    tri_any,
    unknown_statements,
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
        for where, value in unknown_statements(document):
            unknowns.append(unknown(reason(value, f"a statement of {document.label}"), where))
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
        (which can grant itself everything), in any partition: an ARN whose partition is not
        known (``arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess``,
        ``arn:${data.aws_partition.current.partition}:...``) still names the policy. An
        attached ARN whose unknown part decides (a variable, a data source) and that is not
        one of the customer-managed policies of the graph is reported as unknown.
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
    customer = ctx.reference_paths(principal, EdgeType.HAS_POLICY, "aws.iam.policy")
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, arn in enumerate(arns if isinstance(arns, list) else []):
        path = ("managed_policy_arns", index)
        admin = admin_managed(arn)
        if admin is True:
            # The partition, when not known, does not change which policy the ARN names.
            name = aws_managed_name(arn) or "administrator"
            fails.append(fail(f"the AWS-managed {name} policy is attached", path))
        elif is_unknown(admin) and path not in customer:
            unknowns.append(unknown(reason(admin, "an attached policy"), path))
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
        ``iam:*``) with ``Resource: "*"`` or a wildcard of role ARNs
        (``arn:aws:iam::111122223333:role/*``).
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
        scope = broad_resource(statement, "iam", "role")  # "*", or a wildcard of roles
        answer = tri_all(allows(statement, "iam:PassRole"), scope)
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
        ``aws:SourceArn`` ...), judged as for AWS-S3-004: a trusted principal whose account is
        not known (``arn:aws:iam::${TrustedAccount}:root``) is never everyone.
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
    document = Document(("assume_role_policy",), "trust policy", trust)
    for statement in statements(document):
        answer = public_statement(statement)
        if answer is True:
            fails.append(
                fail(f"any principal may assume the role ({statement.where()})", statement.path)
            )
        elif is_unknown(answer):
            unknowns.append(unknown(reason(answer, statement.where()), statement.path))
    for where, value in unknown_statements(document):
        unknowns.append(unknown(reason(value, "a statement of the trust policy"), where))
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


@dataclass(frozen=True, slots=True)
class Escalation:
    """A published privilege-escalation method: the actions it needs, all of them."""

    name: str  # what the holder does, for the message
    actions: tuple[str, ...]
    # The service a passed role goes to (``iam:PassedToService``) when the method passes one.
    service: str | None = None
    # The service and resource type whose every resource (or a wildcard of them) the first
    # action must reach: a grant limited to named resources is not this method.
    scope: tuple[str, ...] = ("iam",)


# The methods of Rhino Security Labs' "AWS IAM Privilege Escalation" research (numbered 1-21
# there), with the permissions-boundary removals and replacements besides. One finding per
# method: a holder granted several gets one finding for each, naming it.
ESCALATIONS = (
    Escalation("create a new default version of a policy", ("iam:CreatePolicyVersion",)),
    Escalation("make an older policy version the default", ("iam:SetDefaultPolicyVersion",)),
    Escalation("mint access keys for another user", ("iam:CreateAccessKey",)),
    Escalation("set a console password for another user", ("iam:CreateLoginProfile",)),
    Escalation("change another user's console password", ("iam:UpdateLoginProfile",)),
    Escalation("attach any managed policy to a user", ("iam:AttachUserPolicy",)),
    Escalation("attach any managed policy to a group", ("iam:AttachGroupPolicy",)),
    Escalation("attach any managed policy to a role", ("iam:AttachRolePolicy",)),
    Escalation("write an inline policy on a user", ("iam:PutUserPolicy",)),
    Escalation("write an inline policy on a group", ("iam:PutGroupPolicy",)),
    Escalation("write an inline policy on a role", ("iam:PutRolePolicy",)),
    Escalation("join a more privileged group", ("iam:AddUserToGroup",)),
    Escalation("rewrite a role's trust policy", ("iam:UpdateAssumeRolePolicy",)),
    Escalation("remove a role's permissions boundary", ("iam:DeleteRolePermissionsBoundary",)),
    Escalation("remove a user's permissions boundary", ("iam:DeleteUserPermissionsBoundary",)),
    Escalation("replace a role's permissions boundary", ("iam:PutRolePermissionsBoundary",)),
    Escalation("replace a user's permissions boundary", ("iam:PutUserPermissionsBoundary",)),
    Escalation(
        "run an EC2 instance as any role",
        ("iam:PassRole", "ec2:RunInstances"),
        service="ec2.amazonaws.com",
    ),
    Escalation(
        "create and invoke a Lambda function running as any role",
        ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"),
        service="lambda.amazonaws.com",
    ),
    Escalation(
        "create a Lambda function running as any role, triggered by an event source",
        ("iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
        service="lambda.amazonaws.com",
    ),
    Escalation(
        "create a Glue development endpoint running as any role",
        ("iam:PassRole", "glue:CreateDevEndpoint"),
        service="glue.amazonaws.com",
    ),
    Escalation(
        "create a CloudFormation stack running as any role",
        ("iam:PassRole", "cloudformation:CreateStack"),
        service="cloudformation.amazonaws.com",
    ),
    Escalation(
        "create a Data Pipeline running as any role",
        (
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ),
        service="datapipeline.amazonaws.com",
    ),
    Escalation(
        "replace the code of a Lambda function that runs as a more privileged role",
        ("lambda:UpdateFunctionCode",),
        scope=("lambda", "function"),
    ),
    Escalation(
        "add an SSH key to a Glue development endpoint that runs as a more privileged role",
        ("glue:UpdateDevEndpoint",),
        scope=("glue", "devEndpoint"),
    ),
)
PASS_ROLE = "iam:PassRole"


def _passes_to(statement: Statement, service: str) -> Any:
    """Whether an ``iam:PassRole`` grant may pass a role to ``service``: an
    ``iam:PassedToService`` condition naming other services rules the method out."""
    condition = statement.body.get("Condition")
    if is_unknown(condition):
        return condition
    if not isinstance(condition, Mapping):
        return True
    for operator, tests in condition.items():
        name = str(operator).lower()
        if not isinstance(tests, Mapping) or not name.startswith("string") or "not" in name:
            continue
        for key, values in tests.items():
            if str(key).lower() != "iam:passedtoservice":
                continue
            if is_unknown(values):
                return values
            items = values if isinstance(values, list) else [values]
            return tri_any(pattern_could_match(v, service, ignore_case=True) for v in items)
    return True


def _reach(statement: Statement, action: str, method: Escalation) -> Any:
    """Whether the statement grants ``action`` as the method needs it."""
    granted = allows(statement, action)
    if granted is not True:
        return granted
    if action == PASS_ROLE:
        scope = broad_resource(statement, "iam", "role")
        return tri_all(scope, _passes_to(statement, method.service or "*"))
    if action == method.actions[0]:
        return broad_resource(statement, *method.scope)
    return True  # the companion actions of a PassRole method, on whatever they create


def _escalations(resource: Resource) -> tuple[list[Verdict], list[Verdict]]:
    judged: list[Statement] = []
    unknowns: list[Verdict] = []
    for document in documents(resource):
        if is_unknown(document.body):
            unknowns.append(unknown(reason(document.body, document.label), document.path))
            continue
        for where, value in unknown_statements(document):
            unknowns.append(unknown(reason(value, f"a statement of {document.label}"), where))
        # A grant of everything is AWS-IAM-001's finding alone.
        judged.extend(s for s in statements(document) if _not_everything(s))
    found: dict[AttrPath, list[str]] = {}  # where -> the methods granted there
    doubts: dict[AttrPath, tuple[Any, list[str]]] = {}  # where -> (the unknown, the methods)
    for method in ESCALATIONS:
        grants: list[tuple[str, Statement]] = []
        doubt: tuple[Any, Statement] | None = None
        for action in method.actions:
            answers = [(st, _reach(st, action, method)) for st in judged]
            hit = next((st for st, answer in answers if answer is True), None)
            if hit is not None:
                grants.append((action, hit))
                continue
            maybe = next(((a, st) for st, a in answers if is_unknown(a)), None)
            if maybe is None:
                break  # no statement grants this action: the method is not available
            doubt = doubt or maybe
        else:
            label = " + ".join(method.actions)
            if doubt is not None:
                answer, statement = doubt
                doubts.setdefault(statement.path, (answer, []))[1].append(label)
                continue
            # The finding sits on the grant that completes the method: the one action of a
            # single-action method, the action the role is passed with otherwise.
            action, statement = grants[-1]
            others = "".join(f"; {a} in {st.where()}" for a, st in grants[:-1])
            found.setdefault(action_path(statement, action), []).append(
                f"{label} ({method.name}{others})"
            )
    fails = [
        fail(f"allows privilege escalation through {_listed(methods)}", path)
        for path, methods in found.items()
    ]
    for path, (answer, methods) in doubts.items():
        what = f"whether it allows privilege escalation through {_listed(methods)}"
        unknowns.append(unknown(reason(answer, what), path))
    return fails, unknowns


def _listed(items: list[str]) -> str:
    return ", ".join(items if len(items) <= 3 else [*items[:3], f"{len(items) - 3} more"])


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
        The published privilege-escalation methods, one finding per method (a grant that
        enables several, such as ``iam:*`` on every identity, names them all):

        - changing permissions directly, on every resource or a wildcard of IAM identities
          or policies: ``iam:CreatePolicyVersion``, ``iam:SetDefaultPolicyVersion``,
          ``iam:Attach{User,Group,Role}Policy``, ``iam:Put{User,Group,Role}Policy``,
          ``iam:AddUserToGroup``, ``iam:UpdateAssumeRolePolicy``, ``iam:CreateAccessKey``,
          ``iam:CreateLoginProfile``, ``iam:UpdateLoginProfile``, and the removal or
          replacement of a permissions boundary;
        - passing any role (``iam:PassRole`` on every role, unless ``iam:PassedToService``
          names other services) to a service the holder then controls: with
          ``ec2:RunInstances``; ``lambda:CreateFunction`` and ``lambda:InvokeFunction`` (or
          ``lambda:CreateEventSourceMapping``); ``glue:CreateDevEndpoint``;
          ``cloudformation:CreateStack``; ``datapipeline:CreatePipeline`` and
          ``datapipeline:PutPipelineDefinition``. The actions may sit in different
          statements of the policies the resource holds; the finding sits on the action the
          role is passed with;
        - taking over code that runs as another role: ``lambda:UpdateFunctionCode`` or
          ``glue:UpdateDevEndpoint`` on every function or endpoint.

        A statement that grants every action on every resource is AWS-IAM-001's finding.
    Why it matters
        Each method turns the holder into a more privileged principal in one or two calls:
        write a new policy version, attach ``AdministratorAccess`` to itself, mint keys for
        an administrator, or start a machine or function that runs as the most privileged
        role of the account and do its bidding.
    How to fix
        Grant these actions only to administration roles, on the specific resources they
        manage, with a permissions boundary on what they may create; limit ``iam:PassRole``
        to named roles and to the service that receives them.

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
    fails, unknowns = _escalations(resource)
    yield from summarize(fails, unknowns)


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
