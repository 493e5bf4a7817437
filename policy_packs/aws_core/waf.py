"""WAFv2: web ACLs that log, have rules, block something and report metrics; the application
load balancers and API Gateway REST stages that a web ACL protects (graph rules)."""

from __future__ import annotations

from collections.abc import Mapping

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, is_set, reason

WEB_ACL = "aws.wafv2.web_acl"
ASSOCIATION = "aws.wafv2.web_acl_association"
LOAD_BALANCER = "aws.elbv2.load_balancer"
STAGE = "aws.apigateway.stage"


@rule(
    code="AWS-WAF-001",
    name="wafv2-web-acl-logging-disabled",
    kind=WEB_ACL,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["WAF.11"]},
    tags=["waf", "logging"],
)
def wafv2_web_acl_logging_disabled(acl: Resource, ctx: Context) -> Verdict:
    """A WAFv2 web ACL logs no traffic.

    What it checks
        ``log_destinations`` must name a destination (a CloudWatch Logs group, an S3
        bucket or a Firehose stream): a logging configuration for the web ACL.
    Why it matters
        Without logs, the requests the web ACL blocked, counted or let through leave no
        trace: attacks cannot be investigated, and false positives that block customers
        cannot be diagnosed.
    How to fix
        Add a logging configuration.

        Terraform:

        ```hcl
        resource "aws_wafv2_web_acl_logging_configuration" "edge" {
          resource_arn            = aws_wafv2_web_acl.edge.arn
          log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
        }
        ```

        CloudFormation:

        ```yaml
        EdgeLogging:
          Type: AWS::WAFv2::LoggingConfiguration
          Properties:
            ResourceArn: !GetAtt Edge.Arn
            LogDestinationConfigs: [!GetAtt WafLogs.Arn]
        ```
    """
    destinations = is_set(acl, ("log_destinations",), ctx)
    if is_unknown(destinations):
        return unknown(reason(destinations, "the log destinations"), "log_destinations")
    if destinations is False or acl.get("log_destinations") == []:
        return fail("the web ACL has no logging configuration", "log_destinations")
    return ok()


@rule(
    code="AWS-WAF-002",
    name="wafv2-web-acl-without-rules",
    kind=WEB_ACL,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["WAF.10"]},
    tags=["waf", "public-exposure"],
)
def wafv2_web_acl_without_rules(acl: Resource, ctx: Context) -> Verdict:
    """A WAFv2 web ACL has no rule or rule group.

    What it checks
        ``rules`` must not be empty.
    Why it matters
        A web ACL without rules applies its default action to every request: it inspects
        nothing while the resources behind it look protected.
    How to fix
        Add rules (AWS managed rule groups are a start).

        Terraform:

        ```hcl
        rule {
          name     = "common"
          priority = 1
          override_action {
            none {}
          }
          statement {
            managed_rule_group_statement {
              vendor_name = "AWS"
              name        = "AWSManagedRulesCommonRuleSet"
            }
          }
          visibility_config {
            cloudwatch_metrics_enabled = true
            metric_name                = "common"
            sampled_requests_enabled   = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Rules:
          - Name: common
            Priority: 1
            OverrideAction:
              None: {}
            Statement:
              ManagedRuleGroupStatement:
                VendorName: AWS
                Name: AWSManagedRulesCommonRuleSet
            VisibilityConfig:
              CloudWatchMetricsEnabled: true
              MetricName: common
              SampledRequestsEnabled: true
        ```
    """
    rules = acl.get("rules")
    if is_unknown(rules):
        return unknown(reason(rules, "the rules"), "rules")
    if not rules:
        return fail("the web ACL has no rules", "rules")
    return ok()


@rule(
    code="AWS-WAF-003",
    name="wafv2-web-acl-blocks-nothing",
    kind=WEB_ACL,
    severity=Severity.MEDIUM,
    tags=["waf", "public-exposure"],
)
def wafv2_web_acl_blocks_nothing(acl: Resource, ctx: Context) -> Verdict:
    """A WAFv2 web ACL allows by default and none of its rules can stop a request.

    What it checks
        With ``default_action`` ``allow``, at least one rule must block, challenge or
        CAPTCHA requests, or be a rule group that keeps its own actions (``none``
        override). Rules that only ``count`` or ``allow`` stop nothing. A web ACL without
        rules is AWS-WAF-002's.
    Why it matters
        A web ACL left in count mode after its trial looks like protection in every
        inventory while it lets every attack through.
    How to fix
        Switch the rules (or the rule groups' override) from count to their own actions.

        Terraform:

        ```hcl
        override_action {
          none {}
        }
        ```

        CloudFormation:

        ```yaml
        OverrideAction:
          None: {}
        ```
    """
    default = acl.get("default_action")
    if is_unknown(default):
        rules = acl.get("rules")
        if isinstance(rules, list) and any(
            isinstance(r, Mapping)
            and isinstance(r.get("action"), str)
            and r.get("action") not in ("count", "allow")
            for r in rules
        ):
            return ok()  # a rule blocks (or challenges): the ACL blocks something
        return unknown(reason(default, "the default action"), "default_action")
    if default != "allow":
        return ok()
    rules = acl.get("rules")
    if is_unknown(rules):
        return unknown(reason(rules, "the rules"), "rules")
    if not isinstance(rules, list) or not rules:
        return ok()
    pending = None
    for index, item in enumerate(rules):
        action = item.get("action") if isinstance(item, Mapping) else None
        if is_unknown(action):
            pending = pending or unknown(reason(action, "a rule's action"), ("rules", index))
        elif action not in ("count", "allow"):
            return ok()
    if pending is not None:
        return pending
    return fail("every rule only counts or allows, and the default action allows", "rules")


@rule(
    code="AWS-WAF-004",
    name="wafv2-web-acl-metrics-disabled",
    kind=WEB_ACL,
    severity=Severity.LOW,
    tags=["waf", "logging"],
)
def wafv2_web_acl_metrics_disabled(acl: Resource, ctx: Context) -> Verdict:
    """A WAFv2 web ACL sends no CloudWatch metrics or keeps no request samples.

    What it checks
        ``cloudwatch_metrics_enabled`` and ``sampled_requests_enabled`` must both be true.
    Why it matters
        The metrics feed the alarms that notice an attack or a rule that suddenly blocks
        legitimate traffic; the samples show which requests matched. Without them the web
        ACL is a black box.
    How to fix
        Turn both on in the visibility configuration.

        Terraform:

        ```hcl
        visibility_config {
          cloudwatch_metrics_enabled = true
          metric_name                = "edge"
          sampled_requests_enabled   = true
        }
        ```

        CloudFormation:

        ```yaml
        VisibilityConfig:
          CloudWatchMetricsEnabled: true
          MetricName: edge
          SampledRequestsEnabled: true
        ```
    """
    for name, what in (
        ("cloudwatch_metrics_enabled", "CloudWatch metrics"),
        ("sampled_requests_enabled", "request samples"),
    ):
        value = acl.get(name)
        if is_unknown(value):
            return unknown(reason(value, what), name)
        if value is not True:
            return fail(f"the web ACL keeps no {what}", name)
    return ok()


def _protected(resource: Resource, ctx: Context) -> bool:
    return bool(ctx.edges(resource, EdgeType.REFERENCES, ASSOCIATION, "in"))


@rule(
    code="AWS-ELB-015",
    name="alb-without-waf",
    kind=LOAD_BALANCER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ELB.16"]},
    tags=["elb", "waf", "public-exposure"],
)
def alb_without_waf(lb: Resource, ctx: Context) -> Verdict:
    """An application load balancer is protected by no WAF web ACL.

    What it checks
        An application load balancer must be the ``resource_arn`` of a web ACL association
        among the scanned resources (a graph rule: the association may sit in another file
        of the same scan). Network and gateway load balancers cannot have one.
    Why it matters
        Without a web ACL, injection payloads, known bad inputs, bots and request floods
        reach the application behind the load balancer unfiltered.
    How to fix
        Associate a regional web ACL with the load balancer.

        Terraform:

        ```hcl
        resource "aws_wafv2_web_acl_association" "web" {
          resource_arn = aws_lb.web.arn
          web_acl_arn  = aws_wafv2_web_acl.regional.arn
        }
        ```

        CloudFormation:

        ```yaml
        WebAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            ResourceArn: !Ref Web
            WebACLArn: !GetAtt Regional.Arn
        ```
    """
    kind = lb.get("load_balancer_type")
    if is_unknown(kind):
        return unknown(reason(kind, "the load balancer type"), "load_balancer_type")
    if kind != "application" or _protected(lb, ctx):
        return ok()
    return fail("no web ACL is associated with the application load balancer", "arn")


@rule(
    code="AWS-APIGATEWAY-004",
    name="apigateway-stage-without-waf",
    kind=STAGE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["APIGateway.4"]},
    tags=["apigateway", "waf", "public-exposure"],
)
def apigateway_stage_without_waf(stage: Resource, ctx: Context) -> Verdict:
    """An API Gateway REST stage is protected by no WAF web ACL.

    What it checks
        The stage must be the ``resource_arn`` of a web ACL association among the scanned
        resources (a graph rule).
    Why it matters
        Without a web ACL, injection payloads, known bad inputs, bots and request floods
        reach the API's integrations unfiltered, and every request is billed.
    How to fix
        Associate a regional web ACL with the stage.

        Terraform:

        ```hcl
        resource "aws_wafv2_web_acl_association" "api" {
          resource_arn = aws_api_gateway_stage.prod.arn
          web_acl_arn  = aws_wafv2_web_acl.regional.arn
        }
        ```

        CloudFormation:

        ```yaml
        ApiWebAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod
            WebACLArn: !GetAtt Regional.Arn
        ```
    """
    if _protected(stage, ctx):
        return ok()
    return fail("no web ACL is associated with the stage", "stage_name")
