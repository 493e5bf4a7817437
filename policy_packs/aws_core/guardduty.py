"""GuardDuty: detectors enabled, with their protection plans on."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, reason

DETECTOR = "aws.guardduty.detector"


def _plan(detector: Resource, feature: str, what: str) -> Verdict:
    enabled = detector.get("enabled")
    if enabled is False:
        return ok()  # AWS-GUARDDUTY-001 says so: no plan runs on a suspended detector
    value = detector.get(("features", feature))
    if is_unknown(value):
        return unknown(reason(value, what), ("features", feature))
    if value is not True:
        return fail(f"{what} is off", ("features", feature))
    return ok()


@rule(
    code="AWS-GUARDDUTY-001",
    name="guardduty-detector-disabled",
    kind=DETECTOR,
    severity=Severity.HIGH,
    frameworks={FSBP: ["GuardDuty.1"]},
    tags=["guardduty", "threat-detection"],
)
def guardduty_detector_disabled(detector: Resource, ctx: Context) -> Verdict:
    """A GuardDuty detector is suspended.

    What it checks
        ``enable`` (Terraform, default true), ``Enable`` (CloudFormation), the detector's
        status (API) must be on.
    Why it matters
        A suspended detector analyses no CloudTrail, VPC flow or DNS logs: credential theft,
        crypto-mining and reconnaissance go unnoticed while the account appears covered.
    How to fix
        Enable the detector.

        Terraform:

        ```hcl
        resource "aws_guardduty_detector" "main" {
          enable = true
        }
        ```

        CloudFormation:

        ```yaml
        Detector:
          Type: AWS::GuardDuty::Detector
          Properties:
            Enable: true
        ```
    """
    enabled = detector.get("enabled")
    if is_unknown(enabled):
        return unknown(reason(enabled, "whether the detector is enabled"), "enabled")
    return ok() if enabled is True else fail("the detector is suspended", "enabled")


@rule(
    code="AWS-GUARDDUTY-002",
    name="guardduty-s3-protection-disabled",
    kind=DETECTOR,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["GuardDuty.10"]},
    tags=["guardduty", "threat-detection"],
)
def guardduty_s3_protection_disabled(detector: Resource, ctx: Context) -> Verdict:
    """GuardDuty S3 Protection is off.

    What it checks
        The ``S3_DATA_EVENTS`` feature (``datasources.s3_logs`` in older Terraform,
        ``DataSources.S3Logs`` in CloudFormation) is not turned off. A detector that does not
        name it has it on (CreateDetector enables the features it is not told about).
    Why it matters
        S3 Protection watches data events on every bucket: mass downloads from an unusual
        place, disabled logging, public exposure attempts. Without it, data theft from S3 is
        invisible to GuardDuty.
    How to fix
        Turn the feature on.

        Terraform:

        ```hcl
        resource "aws_guardduty_detector_feature" "s3" {
          detector_id = aws_guardduty_detector.main.id
          name        = "S3_DATA_EVENTS"
          status      = "ENABLED"
        }
        ```

        CloudFormation:

        ```yaml
        Features:
          - Name: S3_DATA_EVENTS
            Status: ENABLED
        ```
    """
    return _plan(detector, "s3_data_events", "S3 Protection (S3_DATA_EVENTS)")


@rule(
    code="AWS-GUARDDUTY-003",
    name="guardduty-rds-protection-disabled",
    kind=DETECTOR,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["GuardDuty.9"]},
    tags=["guardduty", "threat-detection"],
)
def guardduty_rds_protection_disabled(detector: Resource, ctx: Context) -> Verdict:
    """GuardDuty RDS Protection is off.

    What it checks
        The ``RDS_LOGIN_EVENTS`` feature is not turned off (on when not named).
    Why it matters
        RDS Protection profiles logins to Aurora and RDS databases and flags brute force and
        logins from unusual places: the sign of stolen database credentials.
    How to fix
        Turn the feature on.

        Terraform:

        ```hcl
        resource "aws_guardduty_detector_feature" "rds" {
          detector_id = aws_guardduty_detector.main.id
          name        = "RDS_LOGIN_EVENTS"
          status      = "ENABLED"
        }
        ```

        CloudFormation:

        ```yaml
        Features:
          - Name: RDS_LOGIN_EVENTS
            Status: ENABLED
        ```
    """
    return _plan(detector, "rds_login_events", "RDS Protection (RDS_LOGIN_EVENTS)")


@rule(
    code="AWS-GUARDDUTY-004",
    name="guardduty-eks-audit-log-monitoring-disabled",
    kind=DETECTOR,
    severity=Severity.MEDIUM,
    tags=["guardduty", "threat-detection", "kubernetes"],
)
def guardduty_eks_audit_log_monitoring_disabled(detector: Resource, ctx: Context) -> Verdict:
    """GuardDuty EKS audit log monitoring is off.

    What it checks
        The ``EKS_AUDIT_LOGS`` feature (``datasources.kubernetes.audit_logs`` in older
        Terraform, ``DataSources.Kubernetes.AuditLogs`` in CloudFormation) is not turned off
        (on when not named).
    Why it matters
        EKS audit log monitoring flags anonymous access, privileged pods, exec into pods and
        known attack tooling against the clusters' control planes.
    How to fix
        Turn the feature on.

        Terraform:

        ```hcl
        resource "aws_guardduty_detector_feature" "eks" {
          detector_id = aws_guardduty_detector.main.id
          name        = "EKS_AUDIT_LOGS"
          status      = "ENABLED"
        }
        ```

        CloudFormation:

        ```yaml
        Features:
          - Name: EKS_AUDIT_LOGS
            Status: ENABLED
        ```
    """
    return _plan(detector, "eks_audit_logs", "EKS audit log monitoring (EKS_AUDIT_LOGS)")


@rule(
    code="AWS-GUARDDUTY-005",
    name="guardduty-malware-protection-disabled",
    kind=DETECTOR,
    severity=Severity.MEDIUM,
    tags=["guardduty", "threat-detection"],
)
def guardduty_malware_protection_disabled(detector: Resource, ctx: Context) -> Verdict:
    """GuardDuty Malware Protection for EC2 is off.

    What it checks
        The ``EBS_MALWARE_PROTECTION`` feature (``datasources.malware_protection`` in older
        Terraform, ``DataSources.MalwareProtection`` in CloudFormation) is not turned off (on
        when not named).
    Why it matters
        When GuardDuty suspects an instance or container, Malware Protection scans its EBS
        volumes for the malware behind it; without it a finding stays a suspicion.
    How to fix
        Turn the feature on.

        Terraform:

        ```hcl
        resource "aws_guardduty_detector_feature" "malware" {
          detector_id = aws_guardduty_detector.main.id
          name        = "EBS_MALWARE_PROTECTION"
          status      = "ENABLED"
        }
        ```

        CloudFormation:

        ```yaml
        Features:
          - Name: EBS_MALWARE_PROTECTION
            Status: ENABLED
        ```
    """
    return _plan(detector, "ebs_malware_protection", "Malware Protection (EBS_MALWARE_PROTECTION)")
