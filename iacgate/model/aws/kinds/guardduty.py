"""GuardDuty: detectors, their protection plans (features and legacy data sources) folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    OBJECT,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Field,
    Writers,
    enum,
)

# Protection plans by GuardDuty's feature name. CreateDetector turns on every feature the call
# does not name, but for runtime monitoring (the CreateDetector API reference).
FEATURES = (
    ("s3_data_events", "S3_DATA_EVENTS", True),
    ("eks_audit_logs", "EKS_AUDIT_LOGS", True),
    ("ebs_malware_protection", "EBS_MALWARE_PROTECTION", True),
    ("rds_login_events", "RDS_LOGIN_EVENTS", True),
    ("lambda_network_logs", "LAMBDA_NETWORK_LOGS", True),
    ("runtime_monitoring", "RUNTIME_MONITORING", False),
)

DETECTOR = AwsKind(
    name="aws.guardduty.detector",
    description="A GuardDuty detector and its protection plans",
    physical_id="id",
    identifiers=("id",),
    terraform=Writers(types=("aws_guardduty_detector",), folds=("aws_guardduty_detector_feature",)),
    cloudformation=Writers(types=("AWS::GuardDuty::Detector",)),
    note=(
        "features: each protection plan on or off, from Features (aws_guardduty_detector_feature "
        "folded in) or the legacy data sources (s3_logs, kubernetes audit_logs, "
        "malware_protection), the features winning."
    ),
    fields=(
        Field(
            "id",
            STR,
            description="The detector id (physical id); assigned by AWS.",
            terraform="id",
            default=ASSIGNED,
            api="DetectorId",
        ),
        Field(
            "enabled",
            BOOL,
            True,
            description="Terraform enable (default true), CloudFormation Enable (required), "
            "GetDetector Status.",
            terraform="enable",
            cloudformation="Enable",
        ),
        Field(
            "finding_publishing_frequency",
            enum("FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"),
            "SIX_HOURS",
            terraform="finding_publishing_frequency",
            cloudformation="FindingPublishingFrequency",
            api="GetDetector:FindingPublishingFrequency",
        ),
        Field(
            "features",
            OBJECT,
            description=(
                "Each protection plan: true when on. A plan the code does not name is on "
                "(CreateDetector enables every feature it is not told about), but runtime "
                "monitoring."
            ),
            fields=tuple(Field(name, BOOL, default) for name, _, default in FEATURES),
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="GetDetector:Tags"),
    ),
    collector=Collector(
        service="guardduty",
        calls=(
            call("guardduty", "ListDetectors", paginated=True),
            call("guardduty", "GetDetector", gone=("BadRequestException",)),
        ),
        id_field="DetectorId",
        arn="arn:{partition}:guardduty:{region}:{account}:detector/{id}",
        address="guardduty-detector/{id}",
    ),
)


KINDS = (DETECTOR,)
