"""The CIS 4.x monitoring controls as graph rules: a trail's events reach CloudWatch Logs, a
metric filter there counts the events the control names, an alarm watches that metric and
notifies an SNS topic that someone subscribes to.

One rule per control, each judging every trail: the chain may hang off any trail of the scanned
resources (an organisation trail, mostly), so a trail passes when some trail has it. A filter
matches a control when its pattern holds every term of the control's pattern (CIS AWS 3.0, section
4), spelled as CloudWatch Logs accepts it (spaces, quotes and case aside): a filter that watches
more events still matches.
"""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, rule

from ._aws import CIS
from ._monitoring import Control, judge

TRAIL = "aws.cloudtrail.trail"


def events(*names: str, source: str | None = None) -> str:
    """The CIS pattern for any of ``names`` (of the service ``source``)."""
    body = " || ".join(f"($.eventName = {name})" for name in names)
    return f"{{ ($.eventSource = {source}) && ({body}) }}" if source else f"{{ {body} }}"


C4_1 = Control(
    "4.1",
    "unauthorized API calls",
    ('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'),
)
C4_2 = Control(
    "4.2",
    "console sign-ins without MFA",
    ('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'),
)
C4_3 = Control(
    "4.3",
    "use of the root user",
    (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
)
C4_4 = Control(
    "4.4",
    "IAM policy changes",
    events(
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy",
    ),
)
C4_5 = Control(
    "4.5",
    "CloudTrail configuration changes",
    events("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
)
C4_6 = Control(
    "4.6",
    "console authentication failures",
    ('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
)
C4_7 = Control(
    "4.7",
    "disabling or scheduled deletion of customer-managed keys",
    (
        "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) "
        "|| ($.eventName = ScheduleKeyDeletion)) }"
    ),
)
C4_8 = Control(
    "4.8",
    "S3 bucket policy changes",
    events(
        "PutBucketAcl",
        "PutBucketPolicy",
        "PutBucketCors",
        "PutBucketLifecycle",
        "PutBucketReplication",
        "DeleteBucketPolicy",
        "DeleteBucketCors",
        "DeleteBucketLifecycle",
        "DeleteBucketReplication",
        source="s3.amazonaws.com",
    ),
)
C4_9 = Control(
    "4.9",
    "AWS Config configuration changes",
    events(
        "StopConfigurationRecorder",
        "DeleteDeliveryChannel",
        "PutDeliveryChannel",
        "PutConfigurationRecorder",
        source="config.amazonaws.com",
    ),
)
C4_10 = Control(
    "4.10",
    "security group changes",
    events(
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
    ),
)
C4_11 = Control(
    "4.11",
    "network ACL changes",
    events(
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation",
    ),
)
C4_12 = Control(
    "4.12",
    "network gateway changes",
    events(
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway",
    ),
)
C4_13 = Control(
    "4.13",
    "route table changes",
    events(
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
        source="ec2.amazonaws.com",
    ),
)
C4_14 = Control(
    "4.14",
    "VPC changes",
    events(
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc",
        "DetachClassicLinkVpc",
        "DisableVpcClassicLink",
        "EnableVpcClassicLink",
    ),
)
C4_15 = Control(
    "4.15",
    "AWS Organizations changes",
    events(
        "AcceptHandshake",
        "AttachPolicy",
        "CreateAccount",
        "CreateOrganizationalUnit",
        "CreatePolicy",
        "DeclineHandshake",
        "DeleteOrganization",
        "DeleteOrganizationalUnit",
        "DeletePolicy",
        "DetachPolicy",
        "DisablePolicyType",
        "EnablePolicyType",
        "InviteAccountToOrganization",
        "LeaveOrganization",
        "MoveAccount",
        "RemoveAccountFromOrganization",
        "UpdatePolicy",
        "UpdateOrganizationalUnit",
        source="organizations.amazonaws.com",
    ),
)


@rule(
    code="AWS-CLOUDWATCH-001",
    name="unauthorized-api-calls-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.1"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def unauthorized_api_calls_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches unauthorized API calls (CIS 4.1).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for unauthorized API calls, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records unauthorized API calls, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "unauthorized_api_calls" {
          name           = "UnauthorizedAPICalls"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_1_pattern
          metric_transformation {
            name      = "UnauthorizedAPICalls"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "unauthorized_api_calls" {
          alarm_name          = "UnauthorizedAPICalls"
          metric_name         = "UnauthorizedAPICalls"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis41Pattern
            MetricTransformations:
              - MetricName: UnauthorizedAPICalls
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: UnauthorizedAPICalls
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.1): ``{ ($.errorCode = "*UnauthorizedOperation") ||
        ($.errorCode = "AccessDenied*") }``.
    """
    return judge(trail, ctx, C4_1)


@rule(
    code="AWS-CLOUDWATCH-002",
    name="console-sign-in-without-mfa-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.2"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def console_sign_in_without_mfa_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches console sign-ins without MFA (CIS 4.2).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for console sign-ins without MFA, an alarm on
        that filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records console sign-ins without MFA, but nobody reads logs in real
        time. Without the filter and alarm the event is found, if ever, long after the
        harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "console_sign_in_without_mfa" {
          name           = "ConsoleSigninWithoutMFA"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_2_pattern
          metric_transformation {
            name      = "ConsoleSigninWithoutMFA"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "console_sign_in_without_mfa" {
          alarm_name          = "ConsoleSigninWithoutMFA"
          metric_name         = "ConsoleSigninWithoutMFA"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis42Pattern
            MetricTransformations:
              - MetricName: ConsoleSigninWithoutMFA
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: ConsoleSigninWithoutMFA
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.2): ``{ ($.eventName = "ConsoleLogin") &&
        ($.additionalEventData.MFAUsed != "Yes") }``.
    """
    return judge(trail, ctx, C4_2)


@rule(
    code="AWS-CLOUDWATCH-003",
    name="root-account-usage-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.3"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def root_account_usage_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches use of the root user (CIS 4.3).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for use of the root user, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records use of the root user, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "root_account_usage" {
          name           = "RootAccountUsage"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_3_pattern
          metric_transformation {
            name      = "RootAccountUsage"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "root_account_usage" {
          alarm_name          = "RootAccountUsage"
          metric_name         = "RootAccountUsage"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis43Pattern
            MetricTransformations:
              - MetricName: RootAccountUsage
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: RootAccountUsage
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.3): ``{ $.userIdentity.type = "Root" &&
        $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }``.
    """
    return judge(trail, ctx, C4_3)


@rule(
    code="AWS-CLOUDWATCH-004",
    name="iam-policy-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.4"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def iam_policy_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches iAM policy changes (CIS 4.4).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for IAM policy changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records IAM policy changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "iam_policy_changes" {
          name           = "IAMPolicyChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_4_pattern
          metric_transformation {
            name      = "IAMPolicyChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "iam_policy_changes" {
          alarm_name          = "IAMPolicyChanges"
          metric_name         = "IAMPolicyChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis44Pattern
            MetricTransformations:
              - MetricName: IAMPolicyChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: IAMPolicyChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.4): ``{ ($.eventName = DeleteGroupPolicy) ||
        ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) ||
        ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName
        = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy)
        || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) ||
        ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) ||
        ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) ||
        ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }``.
    """
    return judge(trail, ctx, C4_4)


@rule(
    code="AWS-CLOUDWATCH-005",
    name="cloudtrail-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.5"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def cloudtrail_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches cloudTrail configuration changes (CIS 4.5).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for CloudTrail configuration changes, an alarm
        on that filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records CloudTrail configuration changes, but nobody reads logs in
        real time. Without the filter and alarm the event is found, if ever, long after
        the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "cloudtrail_changes" {
          name           = "CloudTrailChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_5_pattern
          metric_transformation {
            name      = "CloudTrailChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "cloudtrail_changes" {
          alarm_name          = "CloudTrailChanges"
          metric_name         = "CloudTrailChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis45Pattern
            MetricTransformations:
              - MetricName: CloudTrailChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: CloudTrailChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.5): ``{ ($.eventName = CreateTrail) || ($.eventName =
        UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) ||
        ($.eventName = StopLogging) }``.
    """
    return judge(trail, ctx, C4_5)


@rule(
    code="AWS-CLOUDWATCH-006",
    name="console-authentication-failures-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.6"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def console_authentication_failures_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches console authentication failures (CIS 4.6).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for console authentication failures, an alarm on
        that filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records console authentication failures, but nobody reads logs in
        real time. Without the filter and alarm the event is found, if ever, long after
        the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "console_authentication_failures" {
          name           = "ConsoleAuthenticationFailures"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_6_pattern
          metric_transformation {
            name      = "ConsoleAuthenticationFailures"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "console_authentication_failures" {
          alarm_name          = "ConsoleAuthenticationFailures"
          metric_name         = "ConsoleAuthenticationFailures"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis46Pattern
            MetricTransformations:
              - MetricName: ConsoleAuthenticationFailures
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: ConsoleAuthenticationFailures
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.6): ``{ ($.eventName = ConsoleLogin) &&
        ($.errorMessage = "Failed authentication") }``.
    """
    return judge(trail, ctx, C4_6)


@rule(
    code="AWS-CLOUDWATCH-007",
    name="kms-key-disabled-or-deleted-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.7"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def kms_key_disabled_or_deleted_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches disabling or scheduled deletion of customer-managed keys (CIS 4.7).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for disabling or scheduled deletion of
        customer-managed keys, an alarm on that filter's metric, and an SNS topic the
        alarm notifies with at least one subscription. Any trail among the scanned
        resources may carry the chain; unknown parts that could complete it are unknown.
    Why it matters
        CloudTrail records disabling or scheduled deletion of customer-managed keys, but
        nobody reads logs in real time. Without the filter and alarm the event is found,
        if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "kms_key_disabled_or_deleted" {
          name           = "DisableOrDeleteCMK"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_7_pattern
          metric_transformation {
            name      = "DisableOrDeleteCMK"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "kms_key_disabled_or_deleted" {
          alarm_name          = "DisableOrDeleteCMK"
          metric_name         = "DisableOrDeleteCMK"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis47Pattern
            MetricTransformations:
              - MetricName: DisableOrDeleteCMK
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: DisableOrDeleteCMK
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.7): ``{ ($.eventSource = kms.amazonaws.com) &&
        (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }``.
    """
    return judge(trail, ctx, C4_7)


@rule(
    code="AWS-CLOUDWATCH-008",
    name="s3-bucket-policy-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.8"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def s3_bucket_policy_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches s3 bucket policy changes (CIS 4.8).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for S3 bucket policy changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records S3 bucket policy changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "s3_bucket_policy_changes" {
          name           = "S3BucketPolicyChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_8_pattern
          metric_transformation {
            name      = "S3BucketPolicyChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "s3_bucket_policy_changes" {
          alarm_name          = "S3BucketPolicyChanges"
          metric_name         = "S3BucketPolicyChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis48Pattern
            MetricTransformations:
              - MetricName: S3BucketPolicyChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: S3BucketPolicyChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.8): ``{ ($.eventSource = s3.amazonaws.com) &&
        (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName
        = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName =
        PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName =
        DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName =
        DeleteBucketReplication)) }``.
    """
    return judge(trail, ctx, C4_8)


@rule(
    code="AWS-CLOUDWATCH-009",
    name="config-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.9"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def config_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches aWS Config configuration changes (CIS 4.9).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for AWS Config configuration changes, an alarm
        on that filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records AWS Config configuration changes, but nobody reads logs in
        real time. Without the filter and alarm the event is found, if ever, long after
        the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "config_changes" {
          name           = "AWSConfigChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_9_pattern
          metric_transformation {
            name      = "AWSConfigChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "config_changes" {
          alarm_name          = "AWSConfigChanges"
          metric_name         = "AWSConfigChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis49Pattern
            MetricTransformations:
              - MetricName: AWSConfigChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: AWSConfigChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.9): ``{ ($.eventSource = config.amazonaws.com) &&
        (($.eventName = StopConfigurationRecorder) || ($.eventName =
        DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName =
        PutConfigurationRecorder)) }``.
    """
    return judge(trail, ctx, C4_9)


@rule(
    code="AWS-CLOUDWATCH-010",
    name="security-group-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.10"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def security_group_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches security group changes (CIS 4.10).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for security group changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records security group changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "security_group_changes" {
          name           = "SecurityGroupChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_10_pattern
          metric_transformation {
            name      = "SecurityGroupChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "security_group_changes" {
          alarm_name          = "SecurityGroupChanges"
          metric_name         = "SecurityGroupChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis410Pattern
            MetricTransformations:
              - MetricName: SecurityGroupChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: SecurityGroupChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.10): ``{ ($.eventName =
        AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress)
        || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName =
        RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) ||
        ($.eventName = DeleteSecurityGroup) }``.
    """
    return judge(trail, ctx, C4_10)


@rule(
    code="AWS-CLOUDWATCH-011",
    name="network-acl-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.11"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def network_acl_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches network ACL changes (CIS 4.11).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for network ACL changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records network ACL changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "network_acl_changes" {
          name           = "NACLChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_11_pattern
          metric_transformation {
            name      = "NACLChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "network_acl_changes" {
          alarm_name          = "NACLChanges"
          metric_name         = "NACLChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis411Pattern
            MetricTransformations:
              - MetricName: NACLChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: NACLChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.11): ``{ ($.eventName = CreateNetworkAcl) ||
        ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) ||
        ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry)
        || ($.eventName = ReplaceNetworkAclAssociation) }``.
    """
    return judge(trail, ctx, C4_11)


@rule(
    code="AWS-CLOUDWATCH-012",
    name="network-gateway-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.12"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def network_gateway_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches network gateway changes (CIS 4.12).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for network gateway changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records network gateway changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "network_gateway_changes" {
          name           = "NetworkGatewayChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_12_pattern
          metric_transformation {
            name      = "NetworkGatewayChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "network_gateway_changes" {
          alarm_name          = "NetworkGatewayChanges"
          metric_name         = "NetworkGatewayChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis412Pattern
            MetricTransformations:
              - MetricName: NetworkGatewayChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: NetworkGatewayChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.12): ``{ ($.eventName = CreateCustomerGateway) ||
        ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway)
        || ($.eventName = CreateInternetGateway) || ($.eventName =
        DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }``.
    """
    return judge(trail, ctx, C4_12)


@rule(
    code="AWS-CLOUDWATCH-013",
    name="route-table-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.13"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def route_table_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches route table changes (CIS 4.13).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for route table changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records route table changes, but nobody reads logs in real time.
        Without the filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "route_table_changes" {
          name           = "RouteTableChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_13_pattern
          metric_transformation {
            name      = "RouteTableChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "route_table_changes" {
          alarm_name          = "RouteTableChanges"
          metric_name         = "RouteTableChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis413Pattern
            MetricTransformations:
              - MetricName: RouteTableChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: RouteTableChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.13): ``{ ($.eventSource = ec2.amazonaws.com) &&
        (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName
        = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName
        = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName =
        DisassociateRouteTable)) }``.
    """
    return judge(trail, ctx, C4_13)


@rule(
    code="AWS-CLOUDWATCH-014",
    name="vpc-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.14"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def vpc_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches vPC changes (CIS 4.14).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for VPC changes, an alarm on that filter's
        metric, and an SNS topic the alarm notifies with at least one subscription. Any
        trail among the scanned resources may carry the chain; unknown parts that could
        complete it are unknown.
    Why it matters
        CloudTrail records VPC changes, but nobody reads logs in real time. Without the
        filter and alarm the event is found, if ever, long after the harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "vpc_changes" {
          name           = "VPCChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_14_pattern
          metric_transformation {
            name      = "VPCChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "vpc_changes" {
          alarm_name          = "VPCChanges"
          metric_name         = "VPCChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis414Pattern
            MetricTransformations:
              - MetricName: VPCChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: VPCChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.14): ``{ ($.eventName = CreateVpc) || ($.eventName =
        DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName =
        AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) ||
        ($.eventName = DeleteVpcPeeringConnection) || ($.eventName =
        RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) ||
        ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) ||
        ($.eventName = EnableVpcClassicLink) }``.
    """
    return judge(trail, ctx, C4_14)


@rule(
    code="AWS-CLOUDWATCH-015",
    name="organizations-changes-not-monitored",
    kind=TRAIL,
    severity=Severity.LOW,
    frameworks={CIS: ["4.15"]},
    tags=["monitoring", "cloudwatch", "cis-4"],
)
def organizations_changes_not_monitored(trail: Resource, ctx: Context) -> Verdict:
    """No alarm watches aWS Organizations changes (CIS 4.15).

    What it checks
        Some trail sends its events to a CloudWatch Logs log group that has a metric
        filter matching the CIS pattern for AWS Organizations changes, an alarm on that
        filter's metric, and an SNS topic the alarm notifies with at least one
        subscription. Any trail among the scanned resources may carry the chain; unknown
        parts that could complete it are unknown.
    Why it matters
        CloudTrail records AWS Organizations changes, but nobody reads logs in real
        time. Without the filter and alarm the event is found, if ever, long after the
        harm.
    How to fix
        Add the filter, the alarm and a subscribed topic to the trail's log group.

        Terraform:

        ```hcl
        resource "aws_cloudwatch_log_metric_filter" "organizations_changes" {
          name           = "OrganizationsChanges"
          log_group_name = aws_cloudwatch_log_group.trail.name
          pattern        = local.cis_4_15_pattern
          metric_transformation {
            name      = "OrganizationsChanges"
            namespace = "CISBenchmark"
            value     = "1"
          }
        }

        resource "aws_cloudwatch_metric_alarm" "organizations_changes" {
          alarm_name          = "OrganizationsChanges"
          metric_name         = "OrganizationsChanges"
          namespace           = "CISBenchmark"
          statistic           = "Sum"
          period              = 300
          evaluation_periods  = 1
          threshold           = 1
          comparison_operator = "GreaterThanOrEqualToThreshold"
          alarm_actions       = [aws_sns_topic.security.arn]
        }
        ```

        CloudFormation:

        ```yaml
        Filter:
          Type: AWS::Logs::MetricFilter
          Properties:
            LogGroupName: !Ref TrailLogGroup
            FilterPattern: !Ref Cis415Pattern
            MetricTransformations:
              - MetricName: OrganizationsChanges
                MetricNamespace: CISBenchmark
                MetricValue: "1"
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            MetricName: OrganizationsChanges
            Namespace: CISBenchmark
            Statistic: Sum
            Period: 300
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
            AlarmActions: [!Ref SecurityTopic]
        ```

        The pattern (CIS AWS 3.0 4.15): ``{ ($.eventSource =
        organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName
        = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName =
        CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName =
        DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName =
        DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName =
        DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName =
        EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName
        = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName =
        RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName =
        UpdateOrganizationalUnit)) }``.
    """
    return judge(trail, ctx, C4_15)
