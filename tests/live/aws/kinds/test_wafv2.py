"""WAFv2 web ACLs and their associations, live: what the collector reads from a real moto
server, and what the WAF rules (the graph rules among them) make of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session

VISIBILITY = {
    "SampledRequestsEnabled": True,
    "CloudWatchMetricsEnabled": True,
    "MetricName": "m",
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A web ACL that counts only, logs to a log group and protects one of two application
    load balancers; a web ACL without rules or metrics."""
    waf, ec2, elbv2, logs = c("wafv2"), c("ec2"), c("elbv2"), c("logs")
    counting = waf.create_web_acl(
        Name="every-counting",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        Rules=[
            {
                "Name": "common",
                "Priority": 1,
                "OverrideAction": {"Count": {}},
                "Statement": {
                    "ManagedRuleGroupStatement": {
                        "VendorName": "AWS",
                        "Name": "AWSManagedRulesCommonRuleSet",
                    }
                },
                "VisibilityConfig": VISIBILITY,
            }
        ],
        VisibilityConfig=VISIBILITY,
        Tags=[{"Key": "team", "Value": "a"}],
    )["Summary"]["ARN"]
    empty = waf.create_web_acl(
        Name="every-empty",
        Scope="REGIONAL",
        DefaultAction={"Block": {}},
        VisibilityConfig={**VISIBILITY, "CloudWatchMetricsEnabled": False},
    )["Summary"]["ARN"]
    logs.create_log_group(logGroupName="aws-waf-logs-every")
    group = logs.describe_log_groups(logGroupNamePrefix="aws-waf-logs-every")["logGroups"][0]
    waf.put_logging_configuration(
        LoggingConfiguration={
            "ResourceArn": counting,
            "LogDestinationConfigs": [group["arn"].removesuffix(":*")],
        }
    )
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for i, z in ((1, "a"), (2, "b"))
    ]
    guarded, bare = (
        elbv2.create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0][
            "LoadBalancerArn"
        ]
        for name in ("every-waf-guarded", "every-waf-bare")
    )
    waf.associate_web_acl(WebACLArn=counting, ResourceArn=guarded)
    return {"acl_counting": counting, "acl_empty": empty, "alb_guarded": guarded, "alb_bare": bare}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(
            ("aws.wafv2.web_acl", "aws.wafv2.web_acl_association", "aws.elbv2.load_balancer")
        )
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_web_acls_and_associations_are_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    acls = {
        r.physical_id: r.attributes for r in snapshot.resources if r.kind == "aws.wafv2.web_acl"
    }
    counting, empty = acls[made["acl_counting"]], acls[made["acl_empty"]]
    assert counting["default_action"] == "allow" and counting["scope"] == "REGIONAL"
    assert counting["rules"] == [{"name": "common", "priority": 1, "action": "count"}]
    assert len(counting["log_destinations"]) == 1 and counting["tags"] == {"team": "a"}
    assert empty["default_action"] == "block" and empty["rules"] == []
    assert empty["log_destinations"] == [] and empty["cloudwatch_metrics_enabled"] is False
    associations = {
        r.physical_id: r.attributes
        for r in snapshot.resources
        if r.kind == "aws.wafv2.web_acl_association"
    }
    assert associations == {
        made["alb_guarded"]: {
            "resource_arn": made["alb_guarded"],
            "web_acl_arn": made["acl_counting"],
        }
    }


def test_the_waf_rules_judge_the_live_web_acls(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    codes = {"AWS-WAF-001", "AWS-WAF-002", "AWS-WAF-003", "AWS-WAF-004", "AWS-ELB-015"}
    rules = [r for r in load_rules() if r.meta.code in codes]
    report = posture(snapshot, rules)
    failed = {(f.code, f.address) for f in report.findings if f.status is FindingStatus.FAIL}
    assert failed == {
        ("AWS-WAF-003", made["acl_counting"]),
        ("AWS-WAF-001", made["acl_empty"]),
        ("AWS-WAF-002", made["acl_empty"]),
        ("AWS-WAF-004", made["acl_empty"]),
        ("AWS-ELB-015", made["alb_bare"]),
    }
