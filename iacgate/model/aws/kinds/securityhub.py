"""Security Hub: the hub of a region and its standards subscriptions."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    STR,
    AwsKind,
    Chosen,
    Collector,
    Field,
    Writers,
    enum,
)

HUB = AwsKind(
    name="aws.securityhub.hub",
    description="Security Hub enabled in a region (the account's hub)",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(types=("aws_securityhub_account",)),
    cloudformation=Writers(types=("AWS::SecurityHub::Hub",)),
    fields=(
        Field(
            "arn",
            STR,
            description="The hub ARN (physical id); assigned by AWS.",
            terraform="arn",
            default=ASSIGNED,
            api="HubArn",
        ),
        Field(
            "enable_default_standards",
            BOOL,
            True,
            description=(
                "Subscribes the default standards (FSBP, CIS) when the hub is enabled. The API "
                "does not report it after the fact: a live hub's standards are its "
                "subscriptions."
            ),
            terraform="enable_default_standards",
            cloudformation="EnableDefaultStandards",
            defaults={"api": False},
        ),
        Field(
            "auto_enable_controls",
            BOOL,
            True,
            description="New controls of subscribed standards are enabled automatically.",
            terraform="auto_enable_controls",
            cloudformation="AutoEnableControls",
            api="AutoEnableControls",
        ),
        Field(
            "control_finding_generator",
            enum("SECURITY_CONTROL", "STANDARD_CONTROL"),
            Chosen("AWS (SECURITY_CONTROL for hubs enabled since February 2023)"),
            terraform="control_finding_generator",
            cloudformation="ControlFindingGenerator",
            api="ControlFindingGenerator",
        ),
    ),
    collector=Collector(
        service="securityhub",
        calls=(call("securityhub", "DescribeHub", absent=("InvalidAccessException",)),),
        id_field="HubArn",
        arn="{id}",
    ),
)

STANDARDS_SUBSCRIPTION = AwsKind(
    name="aws.securityhub.standards_subscription",
    description="A Security Hub standard the account subscribes to",
    physical_id="arn",
    identifiers=("arn",),
    terraform=Writers(types=("aws_securityhub_standards_subscription",)),
    cloudformation=Writers(types=("AWS::SecurityHub::Standard",)),
    fields=(
        Field(
            "arn",
            STR,
            description="The subscription ARN (physical id); assigned by AWS.",
            terraform="id",
            default=ASSIGNED,
            api="StandardsSubscriptionArn",
        ),
        Field(
            "standards_arn",
            STR,
            terraform="standards_arn",
            cloudformation="StandardsArn",
            default=Chosen("required by AWS"),
            api="StandardsArn",
        ),
    ),
    collector=Collector(
        service="securityhub",
        calls=(
            call(
                "securityhub",
                "GetEnabledStandards",
                paginated=True,
                items="StandardsSubscriptions",
                absent=("InvalidAccessException",),
            ),
        ),
        id_field="StandardsSubscriptionArn",
        arn="{id}",
    ),
)


KINDS = (HUB, STANDARDS_SUBSCRIPTION)
