"""GuardDuty detectors: protection plans are written two ways (features by name, or the legacy
nested data sources) and folded from aws_guardduty_detector_feature; the API reports the
detector's state as a status string."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.guardduty import DETECTOR, FEATURES
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, is_unset
from iacgate.normalize.values import to_bool

_BY_FEATURE = {feature: name for name, feature, _ in FEATURES}
_BY_FEATURE["EKS_RUNTIME_MONITORING"] = "runtime_monitoring"

# Legacy data sources: (Terraform path, CloudFormation path) of each plan's switch.
_DATA_SOURCES: dict[str, tuple[AttrPath, AttrPath]] = {
    "s3_data_events": (
        ("datasources", 0, "s3_logs", 0, "enable"),
        ("DataSources", "S3Logs", "Enable"),
    ),
    "eks_audit_logs": (
        ("datasources", 0, "kubernetes", 0, "audit_logs", 0, "enable"),
        ("DataSources", "Kubernetes", "AuditLogs", "Enable"),
    ),
    "ebs_malware_protection": (
        (
            "datasources",
            0,
            "malware_protection",
            0,
            "scan_ec2_instance_with_findings",
            0,
            "ebs_volumes",
            0,
            "enable",
        ),
        ("DataSources", "MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes"),
    ),
}


def _status(value: Any) -> Any:
    if is_unknown(value):
        return value
    if isinstance(value, str) and value.upper() in ("ENABLED", "DISABLED"):
        return value.upper() == "ENABLED"
    return to_bool(value)


def _features(d: Draft, v: Any, path: AttrPath, name_key: str, status_key: str) -> None:
    listed = v.items(*path)
    if is_unknown(listed):
        for name, _, _ in FEATURES:
            d.put(("features", name), listed, v, path)
        return
    for index, item in enumerate(listed):
        if not isinstance(item, dict):
            continue
        plan = _BY_FEATURE.get(str(item.get(name_key)))
        if plan is not None:
            d.put(("features", plan), _status(item.get(status_key)), v, (*path, index))


def _data_sources(d: Draft, v: Any, index: int) -> None:
    for name, paths in _DATA_SOURCES.items():
        value = v.raw(*paths[index])
        # Unset, or left to the provider in a plan: the feature's default stands.
        if not is_unset(value):
            d.put(("features", name), _status(value), v, paths[index])


def _terraform(d: Draft, v: Any) -> None:
    _data_sources(d, v, 0)


def _cloudformation(d: Draft, v: Any) -> None:
    _data_sources(d, v, 1)
    _features(d, v, ("Features",), "Name", "Status")


def _api(d: Draft, v: Any) -> None:
    answer = v.answer("GetDetector")
    if is_unknown(answer):
        d.put("enabled", answer, v)
        for name, _, _ in FEATURES:
            d.put(("features", name), answer, v)
        return
    if not isinstance(answer, dict):
        return
    d.put("enabled", _status(answer.get("Status")), v)
    for item in answer.get("Features") or []:
        plan = _BY_FEATURE.get(str(item.get("Name")))
        if plan is not None:
            d.put(("features", plan), _status(item.get("Status")), v)


def _fold_feature(v: Any, ctx: Context) -> None:
    """``aws_guardduty_detector_feature``: one protection plan of a detector."""
    owner = ctx.owner(v, ("detector_id",), DETECTOR.name, ("id",))
    name = _BY_FEATURE.get(str(v.raw("name")))
    if owner is None or name is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("features", name))
    owner.put(("features", name), _status(v.raw("status")), v, ("status",))


CODE = (
    KindCode(
        DETECTOR,
        read={TERRAFORM: _terraform, CLOUDFORMATION: _cloudformation, API: _api},
        folds={"aws_guardduty_detector_feature": _fold_feature},
    ),
)
