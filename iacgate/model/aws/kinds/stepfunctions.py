"""Step Functions: state machines, their execution logging and X-Ray tracing."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_API = "DescribeStateMachine:"

STATE_MACHINE = AwsKind(
    name="aws.stepfunctions.state_machine",
    description="A Step Functions state machine",
    physical_id="arn",
    identifiers=("arn", "name"),
    terraform=Writers(types=("aws_sfn_state_machine",)),
    cloudformation=Writers(types=("AWS::StepFunctions::StateMachine",)),
    fields=(
        Field(
            "arn",
            STR,
            description="ARN (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="stateMachineArn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="StateMachineName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="name",
        ),
        Field(
            "type",
            enum("STANDARD", "EXPRESS"),
            "STANDARD",
            terraform="type",
            cloudformation="StateMachineType",
            api="type",
        ),
        Field(
            "role_arn",
            STR,
            terraform="role_arn",
            cloudformation="RoleArn",
            default=REQUIRED,
            api=f"{_API}roleArn",
        ),
        Field(
            "logging_level",
            enum("ALL", "ERROR", "FATAL", "OFF"),
            "OFF",
            description="Execution history logged to CloudWatch Logs; OFF unless asked for.",
            terraform="logging_configuration.0.level",
            cloudformation="LoggingConfiguration.Level",
            api=f"{_API}loggingConfiguration.level",
        ),
        Field(
            "include_execution_data",
            BOOL,
            False,
            terraform="logging_configuration.0.include_execution_data",
            cloudformation="LoggingConfiguration.IncludeExecutionData",
            api=f"{_API}loggingConfiguration.includeExecutionData",
        ),
        Field(
            "log_destination",
            OPT_STR,
            description="The log group ARN the logs go to (ending ``:*``); null when none.",
            terraform="logging_configuration.0.log_destination",
            cloudformation=(
                "LoggingConfiguration.Destinations.0.CloudWatchLogsLogGroup.LogGroupArn"
            ),
            api=f"{_API}loggingConfiguration.destinations.0.cloudWatchLogsLogGroup.logGroupArn",
        ),
        Field(
            "tracing_enabled",
            BOOL,
            False,
            description="AWS X-Ray tracing; off unless asked for.",
            terraform="tracing_configuration.0.enabled",
            cloudformation="TracingConfiguration.Enabled",
            api=f"{_API}tracingConfiguration.enabled",
        ),
    ),
    edges=(
        Edge("role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("log_destination", EdgeType.LOGS_TO, ("aws.logs.log_group",)),
    ),
    collector=Collector(
        service="stepfunctions",
        calls=(
            call(
                "stepfunctions",
                "ListStateMachines",
                prefix="states",
                paginated=True,
                items="stateMachines",
            ),
            call(
                "stepfunctions",
                "DescribeStateMachine",
                prefix="states",
                gone=("StateMachineDoesNotExist",),
                params=(("stateMachineArn", "stateMachineArn"),),
            ),
        ),
        id_field="stateMachineArn",
        arn="{id}",
    ),
)

KINDS = (STATE_MACHINE,)
