"""Plaintext credentials written in resource definitions, by where they hide: service
passwords, user data scripts, container environments. One detector decides (``_secrets.py``);
every message names the place, never the value.

Lambda environments and CodeBuild variables have their own rules (AWS-LAMBDA-001,
AWS-CODEBUILD-006), which ask the same detector.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason, summarize
from ._secrets import literal, secret_literal, secret_name, secrets_in_text

# Where each kind keeps a password the code may write (and AWS never returns).
PASSWORDS: dict[str, tuple[AttrPath, ...]] = {
    "aws.rds.db_instance": (("master_password",),),
    "aws.rds.db_cluster": (("master_password",),),
    "aws.docdb.db_cluster": (("master_password",),),
    "aws.dms.endpoint": (("password",),),
    "aws.directoryservice.directory": (("password",),),
    "aws.amplify.app": (("access_token",), ("oauth_token",), ("basic_auth_credentials",)),
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
    """A password or token is written in the code: a database master password, a DMS
    endpoint's or a directory's password, an IAM user's console password, an Amplify app's
    repository token or basic-auth credentials.

    What it checks
        ``password`` / ``master_password`` of RDS instances and clusters, DocumentDB clusters
        (``MasterUserPassword`` in CloudFormation), DMS endpoints and Directory Service
        directories (``Password``: Simple AD, Managed Microsoft AD, AD Connector), Amplify
        apps (``access_token`` / ``oauth_token`` / ``basic_auth_credentials``; ``AccessToken``
        / ``OauthToken`` / ``BasicAuthConfig.Password``), and
        ``LoginProfile.Password`` of IAM users must not be literal text. A variable or a NoEcho
        parameter without a value, a CloudFormation dynamic reference
        (``{{resolve:secretsmanager:...}}``) and a Secrets Manager or SSM ARN pass: the secret
        lives outside the code. The value is never printed.
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
            what = "a token" if str(path[-1]).endswith("token") else "a password"
            found.append(fail(f"{what} is written in the code (value not shown)", path))
    return found or [ok()]


# Where each kind keeps its user data (as written: plain text or base64).
USER_DATA: dict[str, AttrPath] = {
    "aws.ec2.instance": ("user_data",),
    "aws.ec2.launch_template": ("user_data",),
    "aws.autoscaling.launch_configuration": ("user_data",),
}


@rule(
    code="AWS-SECRET-002",
    name="secret-in-user-data",
    kind=tuple(USER_DATA),
    severity=Severity.HIGH,
    tags=["secrets", "credentials", "ec2"],
)
def secret_in_user_data(resource: Resource, ctx: Context) -> Verdict:
    """An instance, launch template or launch configuration writes a credential into the
    instance's user data.

    What it checks
        The user data script (decoded when it is base64, as ``base64encode`` / ``Fn::Base64``
        and launch templates write it; unpacked when gzip-compressed) must not hold a
        credential-shaped value (a private key, an AWS access key id, a known token format, a
        password in a URL) nor assign a literal to a variable whose name says it holds a secret
        (``export DB_PASSWORD=...``, ``api_key: ...``). A value computed at boot
        (``$(aws secretsmanager get-secret-value ...)``, ``$VAR``) passes. A script that is
        only partly known (a variable interpolated) is judged on its known text: the
        variables' values come from outside the code. A script of which nothing is known is
        unknown, as in a plan, which keeps only a hash of an instance's or a launch
        configuration's ``user_data``. The message gives the line of the script, never the
        value.
    Why it matters
        User data is not secret: anyone allowed ``ec2:DescribeInstanceAttribute`` or
        ``ec2:DescribeLaunchTemplateVersions`` reads it, every process on the instance reads it
        from the metadata service, and it sits in Terraform state and CloudFormation templates.
    How to fix
        Give the instance a role that may read the secret and fetch it at boot.

        Terraform:

        ```hcl
        resource "aws_launch_template" "app" {
          name_prefix = "app-"
          image_id    = "ami-0123456789abcdef0"
          user_data = base64encode(<<-EOT
            #!/bin/bash
            export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/db \
              --query SecretString --output text)"
          EOT
          )
        }
        ```

        CloudFormation:

        ```yaml
        AppTemplate:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              ImageId: ami-0123456789abcdef0
              UserData:
                Fn::Base64: |
                  #!/bin/bash
                  export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/db)"
        ```
    """
    path = USER_DATA[resource.kind]
    data = resource.get(path)
    if is_unknown(data):
        if data.template is None:
            return unknown(reason(data, "the user data"), path)
        # A script with variables in it: what the code writes is its known text (each known
        # piece read on its own lines); the holes are values from outside the code.
        known = "\n".join(p for p in data.template if p is not None)
        found = secrets_in_text(known)
        if found:
            return fail(f"the user data holds a credential ({'; '.join(found)})", path)
        return ok()
    if not isinstance(data, str):
        return ok()
    found = secrets_in_text(data)
    if found:
        return fail(f"the user data holds a credential ({'; '.join(found)})", path)
    return ok()


def _container_environments(resource: Resource) -> Iterator[tuple[AttrPath, str, Any]]:
    """Each container's environment list: (path, container label, the list)."""
    if resource.kind == "aws.batch.job_definition":
        container = resource.get("container")
        if is_unknown(container):
            yield ("container",), "the container", container
        elif isinstance(container, Mapping):
            yield ("container", "environment"), "the container", container.get("environment")
        return
    containers = resource.get("containers")
    if is_unknown(containers):
        yield ("containers",), "the containers", containers
        return
    for index, container in enumerate(containers if isinstance(containers, list) else []):
        if isinstance(container, Mapping):
            name = container.get("name")
            label = f"container {name}" if isinstance(name, str) else f"container {index}"
            yield ("containers", index, "environment"), label, container.get("environment")


@rule(
    code="AWS-SECRET-003",
    name="secret-in-container-environment",
    kind=("aws.ecs.task_definition", "aws.batch.job_definition"),
    severity=Severity.HIGH,
    frameworks={FSBP: ["ECS.8"]},
    tags=["secrets", "credentials", "containers"],
)
def secret_in_container_environment(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """An ECS task definition or a Batch job definition passes a secret as a plain
    environment variable.

    What it checks
        Each container's ``environment`` entries whose value is credential-shaped (a private
        key, an AWS access key id, a token format, a password in a URL), or whose name says it
        holds a secret (``PASSWORD``, ``SECRET``, ``TOKEN``, ``API_KEY`` ...) while the value is
        a literal rather than a reference to Secrets Manager or Parameter Store. A secret-named
        variable whose value cannot be resolved is reported as unknown. Values are never shown.
    Why it matters
        Plain environment variables are part of the task or job definition: anyone allowed
        ``ecs:DescribeTaskDefinition`` or ``batch:DescribeJobDefinitions`` reads them, and they
        sit in Terraform state and CloudFormation templates. The ``secrets`` list injects the
        same variable from Secrets Manager or Parameter Store at start instead.
    How to fix
        Move the variable to the container's ``secrets`` (``valueFrom`` a secret ARN).

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          container_definitions = jsonencode([{
            name  = "app"
            image = "app:1.0"
            secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
          }])
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: app:1.0
                Secrets:
                  - Name: DB_PASSWORD
                    ValueFrom: !Ref DbSecret
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, label, environment in _container_environments(resource):
        if is_unknown(environment):
            unknowns.append(unknown(reason(environment, f"the environment of {label}"), path))
            continue
        for index, variable in enumerate(environment if isinstance(environment, list) else []):
            if not isinstance(variable, Mapping):
                continue
            name, value = variable.get("name"), variable.get("value")
            at = (*path, index, "value")
            if is_unknown(name):
                unknowns.append(unknown(reason(name, f"a variable name of {label}"), at))
            elif not isinstance(name, str):
                continue
            elif is_unknown(value):
                if secret_name(name):
                    unknowns.append(unknown(reason(value, f"the value of {name}"), at))
            else:
                why = secret_literal(name, value)
                if why is not None:
                    fails.append(fail(f"{label}: environment variable {name} {why}", at))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-SECRET-004",
    name="provider-credentials-in-code",
    kind="aws.terraform.provider",
    severity=Severity.CRITICAL,
    tags=["secrets", "credentials", "terraform"],
)
def provider_credentials_in_code(provider: Resource, ctx: Context) -> Verdict:
    """A Terraform ``provider "aws"`` block writes AWS credentials in the code.

    What it checks
        ``access_key``, ``secret_key`` and ``token`` of every ``provider "aws"`` block (aliased
        ones too) must not be literal text, nor a variable's default unless the variable is
        marked ``sensitive``. A variable without a value, given by ``TF_VAR_*`` or a
        ``.tfvars`` file kept out of the repository, passes. The value is never printed.
        Plans do not record provider blocks as resources: this rule judges HCL.
    Why it matters
        An access key in a repository is a standing credential: it is copied to every clone,
        fork, CI log and backup, scanners harvest public ones within minutes, and it works
        from anywhere until someone deletes it.
    How to fix
        Remove the arguments and let the provider find credentials itself: environment
        variables, a shared profile, SSO, the instance or task role, or OIDC in CI.

        Terraform:

        ```hcl
        provider "aws" {
          region = "eu-west-1"
          assume_role {
            role_arn = "arn:aws:iam::111122223333:role/deploy"
          }
        }
        ```
    """
    written = provider.get("static_credentials")
    if is_unknown(written):
        return unknown(reason(written, "the provider's credentials"), "static_credentials")
    if isinstance(written, list) and written:
        names = ", ".join(str(name) for name in written)
        return fail(
            f"the provider writes {names} in the code (values not shown)", "static_credentials"
        )
    return ok()
