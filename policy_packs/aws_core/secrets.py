"""Plaintext credentials written in resource definitions (the detector: ``_secrets.py``)."""

from __future__ import annotations

from iacgate.rules import AttrPath, Context, Resource, Severity, Verdict, fail, ok, rule

from ._secrets import literal

# Where each kind keeps a password the code may write (and AWS never returns).
PASSWORDS: dict[str, tuple[AttrPath, ...]] = {
    "aws.rds.db_instance": (("master_password",),),
    "aws.rds.db_cluster": (("master_password",),),
    "aws.iam.user": (("login_profile", "password"),),
}


@rule(
    code="AWS-SECRET-001",
    name="password-literal-in-code",
    kind=tuple(PASSWORDS),
    severity=Severity.HIGH,
    tags=["secrets", "credentials"],
)
def password_literal_in_code(resource: Resource, ctx: Context) -> list[Verdict]:
    """A password is written in the code: a database master password, an IAM user's console
    password.

    What it checks
        ``password`` / ``master_password`` of RDS instances and clusters
        (``MasterUserPassword`` in CloudFormation) and ``LoginProfile.Password`` of IAM users
        must not be literal text. A variable or a NoEcho parameter without a value, a
        CloudFormation dynamic reference (``{{resolve:secretsmanager:...}}``) and a Secrets
        Manager or SSM ARN pass: the secret lives outside the code. The value is never printed.
    Why it matters
        Code is copied into repositories, forks, CI logs, plan files and state: a password in
        it is known to everyone who can read any of them, and it cannot be rotated without a
        change to the code.
    How to fix
        Let the service manage the password, or read it from a secret store.

        Terraform:

        ```hcl
        resource "aws_db_instance" "main" {
          engine                      = "postgres"
          instance_class              = "db.t3.micro"
          allocated_storage           = 20
          username                    = "app"
          manage_master_user_password = true
        }
        ```

        CloudFormation:

        ```yaml
        Database:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t3.micro
            AllocatedStorage: "20"
            MasterUsername: app
            MasterUserPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
        ```
    """
    found: list[Verdict] = []
    for path in PASSWORDS.get(resource.kind, ()):
        if literal(resource.get(path)):
            found.append(fail("a password is written in the code (value not shown)", path))
    return found or [ok()]
