"""EC2: what the field tables cannot say about VPCs, subnets, volumes, flow logs and EBS
encryption by default. Security groups and instances have their own modules; their code is
listed here with the rest of the service's (the declarations' ``kinds/ec2.py``)."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, TERRAFORM
from iacgate.model.aws.kinds.ec2 import EBS_ENCRYPTION_BY_DEFAULT, FLOW_LOG, SUBNET, VOLUME, VPC
from iacgate.model.unknown import Unknown
from iacgate.normalize.aws import instance, security_groups
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.aws.instance import default_key
from iacgate.normalize.framework import Context, Draft, reread


def _default_vpc(d: Draft, v: Any) -> None:
    """``aws_default_vpc`` adopts the region's default VPC: DNS hostnames on, as AWS made it."""
    reread(d, v, VPC.field("enable_dns_hostnames"), True)
    d.put("is_default", True, v)


def _default_subnet(d: Draft, v: Any) -> None:
    """``aws_default_subnet`` adopts a default subnet: public addresses on, as AWS made it."""
    reread(d, v, SUBNET.field("map_public_ip_on_launch"), True)
    d.put("default_for_az", True, v)


def _volume(d: Draft) -> None:
    default_key(d, d.attrs)


# Terraform names a flow log's target by one of these (CloudFormation: ResourceId and Type).
_FLOW_LOG_TARGETS = (
    ("vpc_id", "VPC"),
    ("subnet_id", "Subnet"),
    ("eni_id", "NetworkInterface"),
    ("transit_gateway_id", "TransitGateway"),
    ("transit_gateway_attachment_id", "TransitGatewayAttachment"),
)
_LOG_GROUP = {TERRAFORM: "log_group_name", CLOUDFORMATION: "LogGroupName", API: "LogGroupName"}
# The API names the target by id only: its type is in the id's prefix.
_RESOURCE_TYPES = (
    ("vpc-", "VPC"),
    ("subnet-", "Subnet"),
    ("eni-", "NetworkInterface"),
    ("tgw-attach-", "TransitGatewayAttachment"),
    ("tgw-", "TransitGateway"),
)


def _flow_log_target(d: Draft, v: Any) -> None:
    resource_id: Any = Unknown("no flow log target set")
    resource_type: Any = resource_id
    target_at: tuple[str, ...] = ()
    for name, kind in _FLOW_LOG_TARGETS:
        value = v.raw(name)
        if value is not None and value != "":
            resource_id, resource_type, target_at = value, kind, (name,)
            break
    d.put("resource_id", resource_id, v, target_at)
    d.put("resource_type", resource_type, v, target_at)
    _flow_log_destination(d, v)


def _flow_log_api(d: Draft, v: Any) -> None:
    resource_id = str(v.opt("ResourceId", default=""))
    d.put("resource_id", resource_id, v)
    found = (kind for prefix, kind in _RESOURCE_TYPES if resource_id.startswith(prefix))
    d.put("resource_type", next(found, "VPC"), v)
    _flow_log_destination(d, v)


def _flow_log_destination(d: Draft, v: Any) -> None:
    """A log group named instead of a destination ARN (the legacy argument): its ARN."""
    group = v.opt(_LOG_GROUP[v.source])
    if d.attrs["log_destination"] is None and group is not None and v.source == API:
        record = v.record
        arn = f"arn:{record.partition}:logs:{record.region}:{record.account}:log-group:{group}"
        d.put("log_destination", arn, v)
    elif d.attrs["log_destination"] is None and group is not None:
        d.put(
            "log_destination",
            Unknown(f"the ARN of log group {group!r}"),
            v,
            (_LOG_GROUP[v.source],),
        )


# The key EBS uses when encryption by default names none: the AWS managed key, which code
# does not name either (canonical ``None``).
_AWS_MANAGED_EBS_KEY = "alias/aws/ebs"


def _ebs_default_api(d: Draft, v: Any) -> None:
    key = d.attrs["kms_key_id"]
    if isinstance(key, str) and key.endswith(_AWS_MANAGED_EBS_KEY):
        d.put("kms_key_id", None, v)


def _fold_default_key(v: Any, ctx: Context) -> None:
    """``aws_ebs_default_kms_key``: the key of the one EBS encryption-by-default setting."""
    owners = [x for x in ctx.drafts.values() if x.kind == EBS_ENCRYPTION_BY_DEFAULT.name]
    if len(owners) != 1:
        ctx.unattached.append(v.address)
        return
    owners[0].fold(v, ("kms_key_id",))
    owners[0].put("kms_key_id", v.raw("key_arn"), v, ("key_arn",))


CODE = (
    *security_groups.CODE,
    *instance.CODE,
    KindCode(VPC, types={"aws_default_vpc": _default_vpc}),
    KindCode(SUBNET, types={"aws_default_subnet": _default_subnet}),
    KindCode(VOLUME, finish=_volume),
    KindCode(
        FLOW_LOG,
        read={
            TERRAFORM: _flow_log_target,
            CLOUDFORMATION: _flow_log_destination,
            API: _flow_log_api,
        },
    ),
    KindCode(
        EBS_ENCRYPTION_BY_DEFAULT,
        read={API: _ebs_default_api},
        folds={"aws_ebs_default_kms_key": _fold_default_key},
    ),
)
