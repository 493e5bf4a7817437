"""Security Hub: enabled with standards to measure the account against."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import CIS, reason

HUB = "aws.securityhub.hub"
SUBSCRIPTION = "aws.securityhub.standards_subscription"


@rule(
    code="AWS-SECURITYHUB-001",
    name="securityhub-without-standards",
    kind=HUB,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["4.16"]},
    tags=["securityhub", "compliance"],
)
def securityhub_without_standards(hub: Resource, ctx: Context) -> Verdict:
    """Security Hub is enabled with no security standard.

    What it checks
        The hub subscribes to the default standards (``enable_default_standards``,
        ``EnableDefaultStandards``: true unless turned off) or the scanned resources subscribe
        to a standard (``aws_securityhub_standards_subscription``,
        ``AWS::SecurityHub::Standard``, or a live subscription).
    Why it matters
        Without a standard, Security Hub runs no control: it only aggregates other services'
        findings, and nobody sees the account drift from CIS or the AWS Foundational Security
        Best Practices.
    How to fix
        Keep the default standards, or subscribe to one (``Fsbp``, ``local.fsbp``:
        ``standards/aws-foundational-security-best-practices/v/1.0.0``).

        Terraform:

        ```hcl
        resource "aws_securityhub_standards_subscription" "fsbp" {
          standards_arn = "arn:aws:securityhub:${var.region}::${local.fsbp}"
          depends_on    = [aws_securityhub_account.main]
        }
        ```

        CloudFormation:

        ```yaml
        Fsbp:
          Type: AWS::SecurityHub::Standard
          Properties:
            StandardsArn: !Sub "arn:${AWS::Partition}:securityhub:${AWS::Region}::${Fsbp}"
        ```
    """
    defaults = hub.get("enable_default_standards")
    if defaults is True or ctx.resources(SUBSCRIPTION):
        return ok()
    if is_unknown(defaults):
        return unknown(
            reason(defaults, "whether the default standards are enabled"),
            "enable_default_standards",
        )
    return fail(
        "the hub subscribes to no standard (default standards off, no subscription among the "
        "scanned resources)",
        "enable_default_standards",
    )


@rule(
    code="AWS-SECURITYHUB-002",
    name="securityhub-new-controls-not-enabled",
    kind=HUB,
    severity=Severity.LOW,
    tags=["securityhub", "compliance"],
)
def securityhub_new_controls_not_enabled(hub: Resource, ctx: Context) -> Verdict:
    """Security Hub does not enable new controls of the subscribed standards.

    What it checks
        ``auto_enable_controls`` (Terraform), ``AutoEnableControls`` (CloudFormation, the API)
        must be true (the default).
    Why it matters
        AWS adds controls to the standards as services and attacks evolve. With automatic
        enabling off, every new control stays disabled until someone notices, and the
        account's score looks better than its posture.
    How to fix
        Enable new controls automatically.

        Terraform:

        ```hcl
        resource "aws_securityhub_account" "main" {
          auto_enable_controls = true
        }
        ```

        CloudFormation:

        ```yaml
        Hub:
          Type: AWS::SecurityHub::Hub
          Properties:
            AutoEnableControls: true
        ```
    """
    value = hub.get("auto_enable_controls")
    if is_unknown(value):
        return unknown(reason(value, "auto_enable_controls"), "auto_enable_controls")
    if value is not True:
        return fail(
            "new controls of the subscribed standards stay disabled", "auto_enable_controls"
        )
    return ok()
