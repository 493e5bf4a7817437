"""Athena: workgroups that encrypt query results and do not let clients override it."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, rule

from ._aws import FSBP
from ._settings import setting

WORKGROUP = "aws.athena.workgroup"


@rule(
    code="AWS-ATHENA-001",
    name="athena-workgroup-results-unencrypted",
    kind=WORKGROUP,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Athena.1"]},
    tags=["athena", "encryption-at-rest"],
)
def athena_workgroup_results_unencrypted(group: Resource, ctx: Context) -> Verdict:
    """An Athena workgroup does not encrypt its query results.

    What it checks
        ``encryption_option`` (``SSE_S3``, ``SSE_KMS`` or ``CSE_KMS``) must be set in the
        workgroup's result configuration; none means results are written as the client and
        the bucket decide.
    Why it matters
        Query results are copies of the data queried, often the most sensitive columns,
        written to S3 for every query.
    How to fix
        Terraform:

        ```hcl
        resource "aws_athena_workgroup" "analytics" {
          name = "analytics"
          configuration {
            result_configuration {
              encryption_configuration {
                encryption_option = "SSE_KMS"
                kms_key_arn       = aws_kms_key.athena.arn
              }
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Analytics:
          Type: AWS::Athena::WorkGroup
          Properties:
            Name: analytics
            WorkGroupConfiguration:
              ResultConfiguration:
                EncryptionConfiguration:
                  EncryptionOption: SSE_KMS
                  KmsKey: !GetAtt AthenaKey.Arn
        ```
    """
    return setting(
        group,
        "encryption_option",
        lambda option: option is None,
        "the workgroup does not encrypt query results",
    )


@rule(
    code="AWS-ATHENA-002",
    name="athena-workgroup-configuration-not-enforced",
    kind=WORKGROUP,
    severity=Severity.LOW,
    tags=["athena", "encryption-at-rest"],
)
def athena_workgroup_configuration_not_enforced(group: Resource, ctx: Context) -> Verdict:
    """An Athena workgroup lets clients override its settings.

    What it checks
        ``enforce_workgroup_configuration`` must be true (Terraform's, CloudFormation's and
        the console's default).
    Why it matters
        Without it a client may send results to another location, unencrypted: the
        workgroup's encryption and result location are only suggestions.
    How to fix
        Terraform:

        ```hcl
        configuration {
          enforce_workgroup_configuration = true
        }
        ```

        CloudFormation:

        ```yaml
        WorkGroupConfiguration:
          EnforceWorkGroupConfiguration: true
        ```
    """
    return setting(
        group,
        "enforce_workgroup_configuration",
        lambda on: on is not True,
        "clients may override the workgroup's result location and encryption",
    )
