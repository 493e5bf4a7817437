"""CodeBuild: projects without privileged builds, with encrypted and kept logs and artefacts,
and with no credential in their source URL or plaintext variables."""

from __future__ import annotations

import re
from collections.abc import Mapping

from iacgate.model.sensitive import SECRET_NAME
from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Unknown,
    Verdict,
    Verdicts,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason
from ._secrets import credential_shaped
from ._settings import setting

PROJECT = "aws.codebuild.project"
# A URL whose authority carries user information (``https://user:token@host/...``).
USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@?#]+@", re.IGNORECASE)


@rule(
    code="AWS-CODEBUILD-001",
    name="codebuild-project-privileged-mode",
    kind=PROJECT,
    severity=Severity.HIGH,
    frameworks={FSBP: ["CodeBuild.5"]},
    tags=["codebuild", "least-privilege"],
)
def codebuild_project_privileged_mode(resource: Resource, ctx: Context) -> Verdict:
    """A CodeBuild project runs its builds in privileged mode.

    What it checks
        ``privileged_mode`` must be false (the default). Privileged mode runs a Docker daemon in
        the build container with root on the build host's kernel.
    Why it matters
        Every build script, dependency and pull request the project builds can then escape the
        container and read the build host and its credentials.
    How to fix
        Terraform:

        ```hcl
        environment {
          privileged_mode = false
        }
        ```

        CloudFormation:

        ```yaml
        Environment:
          PrivilegedMode: false
        ```
    """
    return setting(
        resource,
        "privileged_mode",
        lambda value: value is True,
        "the project's builds run in privileged mode",
    )


@rule(
    code="AWS-CODEBUILD-002",
    name="codebuild-project-artifacts-unencrypted",
    kind=PROJECT,
    severity=Severity.MEDIUM,
    tags=["codebuild", "encryption-at-rest"],
)
def codebuild_project_artifacts_unencrypted(resource: Resource, ctx: Context) -> Verdict:
    """A CodeBuild project writes its artefacts unencrypted.

    What it checks
        ``artifacts_encryption_disabled`` must be false (the default).
    Why it matters
        Build artefacts are the software the account deploys: unencrypted, whoever reads the
        bucket reads (and may swap) them without the KMS key's policy having a say.
    How to fix
        Terraform:

        ```hcl
        artifacts {
          type                = "S3"
          location            = aws_s3_bucket.artifacts.bucket
          encryption_disabled = false
        }
        ```

        CloudFormation:

        ```yaml
        Artifacts:
          Type: S3
          Location: !Ref ArtifactBucket
          EncryptionDisabled: false
        ```
    """
    return setting(
        resource,
        "artifacts_encryption_disabled",
        lambda value: value is True,
        "the project's artefacts are not encrypted",
    )


@rule(
    code="AWS-CODEBUILD-003",
    name="codebuild-project-s3-logs-unencrypted",
    kind=PROJECT,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CodeBuild.3"]},
    tags=["codebuild", "encryption-at-rest", "logging"],
)
def codebuild_project_s3_logs_unencrypted(resource: Resource, ctx: Context) -> Verdict:
    """A CodeBuild project writes its S3 build logs unencrypted.

    What it checks
        With S3 logs enabled, ``s3_logs_encryption_disabled`` must be false (the default).
    Why it matters
        Build logs print environment values, tokens a script echoes and internal addresses;
        unencrypted in S3 they are as readable as the bucket.
    How to fix
        Terraform:

        ```hcl
        logs_config {
          s3_logs {
            status              = "ENABLED"
            location            = "${aws_s3_bucket.logs.id}/build"
            encryption_disabled = false
          }
        }
        ```

        CloudFormation:

        ```yaml
        LogsConfig:
          S3Logs:
            Status: ENABLED
            Location: !Sub "${LogBucket}/build"
            EncryptionDisabled: false
        ```
    """
    status = resource.get("s3_logs_status")
    if is_unknown(status):
        return unknown(reason(status, "s3_logs_status"), "s3_logs_status")
    if status != "ENABLED":
        return ok()
    return setting(
        resource,
        "s3_logs_encryption_disabled",
        lambda value: value is True,
        "the project's S3 build logs are not encrypted",
    )


@rule(
    code="AWS-CODEBUILD-004",
    name="codebuild-project-logging-disabled",
    kind=PROJECT,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["CodeBuild.4"]},
    tags=["codebuild", "logging"],
)
def codebuild_project_logging_disabled(resource: Resource, ctx: Context) -> Verdict:
    """A CodeBuild project keeps no build logs.

    What it checks
        CloudWatch Logs (``cloudwatch_logs_status``, on by default) or S3 logs
        (``s3_logs_status``) must be enabled.
    Why it matters
        Without logs nothing shows what a build ran: a poisoned dependency or a malicious pull
        request leaves no trace.
    How to fix
        Terraform:

        ```hcl
        logs_config {
          cloudwatch_logs {
            status = "ENABLED"
          }
        }
        ```

        CloudFormation:

        ```yaml
        LogsConfig:
          CloudWatchLogs:
            Status: ENABLED
        ```
    """
    cloudwatch = resource.get("cloudwatch_logs_status")
    s3 = resource.get("s3_logs_status")
    if "ENABLED" in (cloudwatch, s3):
        return ok()
    for path, value in (("cloudwatch_logs_status", cloudwatch), ("s3_logs_status", s3)):
        if is_unknown(value):
            return unknown(reason(value, path), path)
    return fail(
        "the project keeps no build logs (CloudWatch and S3 logs disabled)",
        "cloudwatch_logs_status",
    )


@rule(
    code="AWS-CODEBUILD-005",
    name="codebuild-project-source-url-credentials",
    kind=PROJECT,
    severity=Severity.CRITICAL,
    frameworks={FSBP: ["CodeBuild.1"]},
    tags=["codebuild", "secrets"],
)
def codebuild_project_source_url_credentials(resource: Resource, ctx: Context) -> Verdict:
    """A CodeBuild project's source URL embeds credentials.

    What it checks
        ``source_location`` must not carry user information (``https://user:token@host/...``, a
        personal access token before the host). The URL is never printed.
    Why it matters
        The token is stored in the project definition, readable by everyone allowed to read
        projects and printed in build logs; it usually grants access to every repository of its
        owner.
    How to fix
        Terraform:

        ```hcl
        source {
          type     = "BITBUCKET"
          location = "https://bitbucket.org/team/repo.git"
        }

        resource "aws_codebuild_source_credential" "bitbucket" {
          auth_type   = "BASIC_AUTH"
          server_type = "BITBUCKET"
          user_name   = "ci"
          token       = var.bitbucket_app_password
        }
        ```

        CloudFormation:

        ```yaml
        Source:
          Type: BITBUCKET
          Location: https://bitbucket.org/team/repo.git
          Auth:
            Type: OAUTH
        ```
    """
    location = resource.get("source_location")
    if is_unknown(location):
        return unknown(reason(location, "source_location"), "source_location")
    if isinstance(location, str) and USERINFO.match(location.strip()):
        return fail(
            "the source URL embeds credentials (user information before the host)",
            "source_location",
        )
    return ok()


@rule(
    code="AWS-CODEBUILD-006",
    name="codebuild-project-plaintext-secret-variable",
    kind=PROJECT,
    severity=Severity.HIGH,
    frameworks={FSBP: ["CodeBuild.2"]},
    tags=["codebuild", "secrets"],
)
def codebuild_project_plaintext_secret_variable(resource: Resource, ctx: Context) -> Verdicts:
    """A CodeBuild project keeps a secret in a plaintext environment variable.

    What it checks
        Environment variables of type ``PLAINTEXT`` (the default) must not have a credential's
        name (password, secret, token, API or access key...) nor a credential-shaped value (a
        private key, an AWS access key id, a token format, a password in a URL: the shared
        secret detector's test); their values are never printed.
    Why it matters
        Plaintext values are part of the project definition: readable by everyone allowed to
        read projects, shown in the console and in build logs. Parameter Store and Secrets
        Manager variables keep only the secret's name.
    How to fix
        Terraform:

        ```hcl
        environment_variable {
          name  = "DB_PASSWORD"
          type  = "SECRETS_MANAGER"
          value = "${aws_secretsmanager_secret.db.arn}:password"
        }
        ```

        CloudFormation:

        ```yaml
        EnvironmentVariables:
          - Name: DB_PASSWORD
            Type: SECRETS_MANAGER
            Value: !Sub "${DbSecret}:password"
        ```
    """
    variables = resource.get("environment_variables")
    if is_unknown(variables):
        return unknown(reason(variables, "environment_variables"), "environment_variables")
    verdicts: list[Verdict] = []
    for index, variable in enumerate(variables or []):
        if not isinstance(variable, Mapping):
            continue
        name, kind = variable.get("name"), variable.get("type")
        path = ("environment_variables", index)
        pending = name if isinstance(name, Unknown) else kind
        if isinstance(pending, Unknown):
            verdicts.append(unknown(reason(pending, "an environment variable"), path))
        elif kind == "PLAINTEXT" and isinstance(name, str) and SECRET_NAME.search(name):
            verdicts.append(fail(f"{name} holds a credential in plaintext", (*path, "value")))
        elif kind == "PLAINTEXT" and credential_shaped(variable.get("value")):
            message = f"{name} holds a credential-shaped value in plaintext"
            verdicts.append(fail(message, (*path, "value")))
    return verdicts or [ok()]
