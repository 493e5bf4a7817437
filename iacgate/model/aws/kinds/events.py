"""EventBridge: event buses, with the bus's resource policy folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_POLICY,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Field,
    Fold,
    Writers,
)

EVENT_BUS = AwsKind(
    name="aws.events.event_bus",
    description="An EventBridge event bus with its resource policy",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(
        types=("aws_cloudwatch_event_bus",),
        folds=(
            Fold(
                "aws_cloudwatch_event_bus_policy",
                "event_bus_name",
                ("name", "arn"),
                "policy",
                "policy",
            ),
        ),
    ),
    cloudformation=Writers(types=("AWS::Events::EventBus",)),
    note=(
        "CloudFormation's AWS::Events::EventBusPolicy (one statement per resource) is not "
        "folded in: a bus policy written that way is not judged."
    ),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The bus's resource policy (aws_cloudwatch_event_bus_policy, Policy, the "
                "listing's Policy); null when none (only the owning account may put events)."
            ),
            cloudformation="Policy",
            api="Policy",
        ),
    ),
    collector=Collector(
        service="events",
        calls=(call("events", "ListEventBuses", items="EventBuses"),),
        id_field="Name",
        arn="arn:{partition}:events:{region}:{account}:event-bus/{id}",
    ),
)

KINDS = (EVENT_BUS,)
