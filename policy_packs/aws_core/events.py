"""EventBridge: event buses whose policy does not let every AWS account in."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, rule

from ._aws import public_policy_verdicts

EVENT_BUS = "aws.events.event_bus"


@rule(
    code="AWS-EVENTS-001",
    name="eventbridge-bus-policy-public",
    kind=EVENT_BUS,
    severity=Severity.HIGH,
    tags=["eventbridge", "resource-policy", "exposure"],
)
def eventbridge_bus_policy_public(resource: Resource, ctx: Context) -> Verdicts:
    """An EventBridge event bus policy allows any principal.

    What it checks
        No Allow statement of the bus's resource policy may name ``*`` (or ``{"AWS": "*"}``) as
        principal unless a condition confines it to known accounts or an organisation
        (``aws:PrincipalOrgID``, ``aws:SourceAccount``...).
    Why it matters
        Any AWS account could then put events on the bus (or manage its rules, as the statement
        allows), triggering the account's targets with forged events.
    How to fix
        Terraform:

        ```hcl
        resource "aws_cloudwatch_event_bus_policy" "orders" {
          event_bus_name = aws_cloudwatch_event_bus.orders.name
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = "*"
              Action    = "events:PutEvents"
              Resource  = aws_cloudwatch_event_bus.orders.arn
              Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-example" } }
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        Orders:
          Type: AWS::Events::EventBus
          Properties:
            Name: orders
            Policy:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: "*"
                  Action: events:PutEvents
                  Resource: "*"
                  Condition:
                    StringEquals:
                      aws:PrincipalOrgID: o-example
        ```
    """
    return public_policy_verdicts(resource, ("policy",), "the event bus policy")
