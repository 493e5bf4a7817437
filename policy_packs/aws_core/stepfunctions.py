"""Step Functions: state machines that log their executions and trace them."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, rule

from ._aws import FSBP
from ._settings import setting

STATE_MACHINE = "aws.stepfunctions.state_machine"


@rule(
    code="AWS-STEPFUNCTIONS-001",
    name="stepfunctions-state-machine-logging-disabled",
    kind=STATE_MACHINE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["StepFunctions.1"]},
    tags=["stepfunctions", "logging"],
)
def stepfunctions_state_machine_logging_disabled(resource: Resource, ctx: Context) -> Verdict:
    """A Step Functions state machine does not log its executions.

    What it checks
        ``logging_level`` must not be ``OFF`` (the default): ``ALL``, ``ERROR`` or ``FATAL``
        with a CloudWatch Logs destination.
    Why it matters
        Without execution logs, failed and unexpected executions of the workflow leave no trace
        to investigate.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sfn_state_machine" "flow" {
          logging_configuration {
            level                  = "ERROR"
            include_execution_data = false
            log_destination        = "${aws_cloudwatch_log_group.flow.arn}:*"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Flow:
          Type: AWS::StepFunctions::StateMachine
          Properties:
            LoggingConfiguration:
              Level: ERROR
              Destinations:
                - CloudWatchLogsLogGroup:
                    LogGroupArn: !GetAtt FlowLogs.Arn
        ```
    """
    return setting(
        resource,
        "logging_level",
        lambda value: value == "OFF",
        "the state machine does not log its executions (level OFF)",
    )


@rule(
    code="AWS-STEPFUNCTIONS-002",
    name="stepfunctions-state-machine-tracing-disabled",
    kind=STATE_MACHINE,
    severity=Severity.LOW,
    tags=["stepfunctions", "logging"],
)
def stepfunctions_state_machine_tracing_disabled(resource: Resource, ctx: Context) -> Verdict:
    """A Step Functions state machine is not traced with AWS X-Ray.

    What it checks
        ``tracing_enabled`` must be true (off unless asked for).
    Why it matters
        Tracing shows which service each execution called and where it failed or slowed down:
        without it, incidents spanning the workflow's services are hard to follow.
    How to fix
        Terraform:

        ```hcl
        tracing_configuration {
          enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        TracingConfiguration:
          Enabled: true
        ```
    """
    return setting(
        resource,
        "tracing_enabled",
        lambda value: value is not True,
        "X-Ray tracing is off for the state machine",
    )
