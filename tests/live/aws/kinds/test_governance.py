"""Governance and detection kinds, live: Backup vaults and plans, Config recorders and rules,
GuardDuty detectors, Security Hub, the account password policy, metric filters, alarms, SNS
subscriptions, Glacier vaults and API Gateway methods, read from a real moto server.

moto does not implement four read calls (GetBackupVaultAccessPolicy, Glacier's
GetVaultAccessPolicy and ListTagsForVault, Security Hub's GetEnabledStandards: it answers an
HTML 404). The tests
here answer them from recorded AWS responses through a botocore ``before-call`` hook on the
collector's session (what botocore's Stubber does), and check that without the hook each is a
coverage gap, never a silent "no policy"."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import ACCOUNT, REGION, client, session

PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "glacier:*", "Resource": "*"},
    ],
}
PATTERN = '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }'
KINDS = (
    "aws.backup.vault",
    "aws.backup.plan",
    "aws.config.configuration_recorder",
    "aws.config.config_rule",
    "aws.guardduty.detector",
    "aws.securityhub.hub",
    "aws.securityhub.standards_subscription",
    "aws.iam.account_password_policy",
    "aws.logs.metric_filter",
    "aws.cloudwatch.alarm",
    "aws.sns.subscription",
    "aws.glacier.vault",
    "aws.apigateway.method",
)
CIS = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """One of each governance kind (a locked vault, a recorder that records, a detector with
    S3 protection off, a password policy, the CIS console sign-in chain, an open API method)."""
    backup = c("backup")
    backup.create_backup_vault(BackupVaultName="gov-vault")
    backup.put_backup_vault_lock_configuration(BackupVaultName="gov-vault", MinRetentionDays=7)
    plan = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "gov-plan",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "gov-vault",
                    "Lifecycle": {"DeleteAfterDays": 3},
                }
            ],
        }
    )["BackupPlanId"]
    config = c("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": False},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "gov-config"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    config.put_config_rule(
        ConfigRule={
            "ConfigRuleName": "versioning",
            "Source": {"Owner": "AWS", "SourceIdentifier": "S3_BUCKET_VERSIONING_ENABLED"},
        }
    )
    detector = c("guardduty").create_detector(
        Enable=True, Features=[{"Name": "S3_DATA_EVENTS", "Status": "DISABLED"}]
    )["DetectorId"]
    c("securityhub").enable_security_hub(EnableDefaultStandards=False)
    c("iam").update_account_password_policy(MinimumPasswordLength=8, MaxPasswordAge=90)
    logs = c("logs")
    logs.create_log_group(logGroupName="gov-trail")
    logs.put_metric_filter(
        logGroupName="gov-trail",
        filterName="console-failures",
        filterPattern=PATTERN,
        metricTransformations=[
            {"metricName": "ConsoleFailures", "metricNamespace": "CIS", "metricValue": "1"}
        ],
    )
    sns = c("sns")
    topic = sns.create_topic(Name="gov-alarms")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="alerts@example.com")[
        "SubscriptionArn"
    ]
    c("cloudwatch").put_metric_alarm(
        AlarmName="console-failures",
        MetricName="ConsoleFailures",
        Namespace="CIS",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[topic],
    )
    c("glacier").create_vault(vaultName="gov-glacier")
    gateway = c("apigateway")
    rest = gateway.create_rest_api(name="gov-api")["id"]
    root = gateway.get_resources(restApiId=rest)["items"][0]["id"]
    gateway.put_method(restApiId=rest, resourceId=root, httpMethod="GET", authorizationType="NONE")
    return {
        "gov_plan": plan,
        "gov_detector": detector,
        "gov_topic": topic,
        "gov_subscription": subscription,
        "gov_method": f"agm-{rest}-{root}-GET",
    }


# Recorded answers of the calls moto lacks (shapes of the AWS API references).
RECORDED: dict[str, dict[str, Any]] = {
    "backup.GetBackupVaultAccessPolicy": {
        "BackupVaultName": "gov-vault",
        "Policy": json.dumps(PUBLIC),
    },
    "glacier.GetVaultAccessPolicy": {"policy": {"Policy": json.dumps(PUBLIC)}},
    "glacier.ListTagsForVault": {"Tags": {"team": "a"}},
    "securityhub.GetEnabledStandards": {
        "StandardsSubscriptions": [
            {
                "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/"
                "cis-aws-foundations-benchmark/v/3.0.0",
                "StandardsArn": CIS,
                "StandardsInput": {},
                "StandardsStatus": "READY",
            }
        ]
    },
}


class _Answer:
    status_code = 200
    headers: dict[str, str] = {}
    raw = None
    content = b""


def replay(made: Any) -> Any:
    """The session's clients answer the recorded calls without reaching moto."""

    def answer(model: Any, **_: Any) -> tuple[_Answer, dict[str, Any]] | None:
        key = f"{model.service_model.service_name}.{model.name}"
        found = RECORDED.get(key)
        return None if found is None else (_Answer(), json.loads(json.dumps(found)))

    made.events.register("before-call", answer)
    return made


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot, Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(KINDS))
    target = Target(regions=(REGION,), endpoint_url=moto)
    replayed = collect_aws(target, options, session=replay(session()))
    plain = collect_aws(target, options, session=session())
    return made, replayed, plain


def _by(snapshot: Snapshot, kind: str) -> dict[str, dict[str, Any]]:
    return {str(r.physical_id): dict(r.attributes) for r in snapshot.resources if r.kind == kind}


def test_every_governance_kind_is_collected(
    collected: tuple[dict[str, Any], Snapshot, Snapshot],
) -> None:
    made, snapshot, _ = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    assert {r.kind for r in snapshot.resources} == set(KINDS)
    vault = _by(snapshot, "aws.backup.vault")["gov-vault"]
    assert vault["locked"] is True and vault["lock_min_retention_days"] == 7
    assert vault["policy"]["Statement"][0]["Principal"] == "*"
    plan = _by(snapshot, "aws.backup.plan")[made["gov_plan"]]
    assert plan["name"] == "gov-plan"
    assert plan["rules"][0]["delete_after_days"] == 3
    assert plan["rules"][0]["target_vault_name"] == "gov-vault"
    recorder = _by(snapshot, "aws.config.configuration_recorder")["default"]
    assert recorder["recording"] is True and recorder["all_supported"] is True
    assert recorder["include_global_resource_types"] is False
    rule = _by(snapshot, "aws.config.config_rule")["versioning"]
    assert rule["source_identifier"] == "S3_BUCKET_VERSIONING_ENABLED"
    detector = _by(snapshot, "aws.guardduty.detector")[made["gov_detector"]]
    assert detector["enabled"] is True
    assert detector["features"]["s3_data_events"] is False
    hub = next(iter(_by(snapshot, "aws.securityhub.hub").values()))
    assert hub["auto_enable_controls"] is True and hub["enable_default_standards"] is False
    standards = list(_by(snapshot, "aws.securityhub.standards_subscription").values())
    assert [s["standards_arn"] for s in standards] == [CIS]
    policy = _by(snapshot, "aws.iam.account_password_policy")[ACCOUNT]
    assert policy["minimum_password_length"] == 8 and policy["max_password_age"] == 90
    assert policy["password_reuse_prevention"] is None
    metric = _by(snapshot, "aws.logs.metric_filter")["console-failures"]
    assert metric["pattern"] == PATTERN and metric["log_group_name"] == "gov-trail"
    assert (metric["metric_name"], metric["metric_namespace"]) == ("ConsoleFailures", "CIS")
    alarm = _by(snapshot, "aws.cloudwatch.alarm")["console-failures"]
    assert (
        alarm["alarm_actions"] == [made["gov_topic"]] and alarm["metric_name"] == "ConsoleFailures"
    )
    subscription = _by(snapshot, "aws.sns.subscription")[made["gov_subscription"]]
    assert subscription["topic_arn"] == made["gov_topic"] and subscription["protocol"] == "email"
    glacier = _by(snapshot, "aws.glacier.vault")["gov-glacier"]
    assert glacier["policy"]["Statement"][0]["Action"] == ["glacier:*"]
    assert glacier["tags"] == {"team": "a"}
    method = _by(snapshot, "aws.apigateway.method")[made["gov_method"]]
    assert method["authorization"] == "NONE" and method["http_method"] == "GET"


def test_calls_moto_lacks_are_gaps_not_silence(
    collected: tuple[dict[str, Any], Snapshot, Snapshot],
) -> None:
    _, _, plain = collected
    gaps = {g.kind: g.detail for g in plain.coverage.gaps}
    assert set(gaps) == {
        "aws.backup.vault",
        "aws.glacier.vault",
        "aws.securityhub.standards_subscription",
    }
    assert "GetBackupVaultAccessPolicy" in gaps["aws.backup.vault"]
    assert "GetVaultAccessPolicy" in gaps["aws.glacier.vault"]
    vault = _by(plain, "aws.glacier.vault")["gov-glacier"]
    assert "GetVaultAccessPolicy failed" in vault["policy"].reason


def test_the_governance_rules_judge_the_live_account(
    collected: tuple[dict[str, Any], Snapshot, Snapshot],
) -> None:
    from iacgate.findings import FindingStatus
    from iacgate.pipeline import posture
    from iacgate.rules.packs import load_rules

    made, snapshot, _ = collected
    prefixes = ("AWS-BACKUP-", "AWS-CONFIG-", "AWS-GUARDDUTY-", "AWS-SECURITYHUB-", "AWS-POLICY-")
    codes = {"AWS-IAM-010", "AWS-IAM-011", "AWS-IAM-012", "AWS-IAM-013", "AWS-APIGATEWAY-010"}
    rules = [r for r in load_rules() if r.meta.code.startswith(prefixes) or r.meta.code in codes]
    report = posture(snapshot, rules)
    failed = {
        (f.code, re.split(r"[/:]", f.address)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed >= {
        ("AWS-BACKUP-001", "gov-vault"),  # the AWS managed key
        ("AWS-BACKUP-003", made["gov_plan"]),  # 3 days
        ("AWS-CONFIG-002", "default"),  # no global resources
        ("AWS-GUARDDUTY-002", made["gov_detector"]),  # S3 protection off
        ("AWS-IAM-010", ACCOUNT),  # 8 characters
        ("AWS-IAM-011", ACCOUNT),  # reuse allowed
        ("AWS-IAM-012", ACCOUNT),  # no character class required
        ("AWS-POLICY-001", "gov-glacier"),  # public vault policies (recorded answers)
        ("AWS-POLICY-001", "gov-vault"),
        ("AWS-APIGATEWAY-010", made["gov_method"]),  # authorization NONE
    }
    judged = {code for code, _ in failed}
    # Locked, recording every type, enabled, with a CIS subscription, expiring in 90 days.
    assert not judged & {
        "AWS-BACKUP-002",
        "AWS-CONFIG-001",
        "AWS-GUARDDUTY-001",
        "AWS-SECURITYHUB-001",
        "AWS-SECURITYHUB-002",
        "AWS-IAM-013",
    }
