"""EC2 Auto Scaling: what a table cannot say.

Terraform writes a launch configuration's root volume apart from its named devices
(``root_block_device``, ``ebs_block_device``); CloudFormation and the API list block device
mappings: the root volume is the mapping whose device name is null (the AMI's root device). A
group's launch template is its own or its mixed instances policy's, and the API answers a
group's subnets as one comma-separated string. A Terraform plan keeps a launch configuration's
user data as a hash: the text is not known there. Load balancers attached apart
(``aws_autoscaling_attachment``) fold into their group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import (
    API,
    CLOUDFORMATION,
    OPT_BOOL,
    OPT_INT,
    OPT_STR,
    TERRAFORM,
    Chosen,
    Field,
)
from iacgate.model.aws.kinds.autoscaling import GROUP, LAUNCH_CONFIGURATION
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.aws.instance import terraform_user_data
from iacgate.normalize.framework import Context, Draft, fill, str_list

_ENCRYPTION = Chosen("the account's EBS encryption-by-default setting and the AMI's snapshots")
# How Terraform writes a mapping's EBS settings (flat, in root_block_device / ebs_block_device).
_TERRAFORM_EBS = (
    Field("encrypted", OPT_BOOL, _ENCRYPTION, terraform="encrypted"),
    Field("snapshot_id", OPT_STR, terraform="snapshot_id"),
    Field("volume_size", OPT_INT, terraform="volume_size"),
)


def _terraform_configuration(d: Draft, v: Any) -> None:
    terraform_user_data(d, v)
    d.put("block_device_mappings", [])
    mappings = d.attrs["block_device_mappings"]
    for block_type, named in (("root_block_device", False), ("ebs_block_device", True)):
        blocks = v.blocks(block_type)
        if is_unknown(blocks):
            d.put("block_device_mappings", blocks, v, (block_type,))
            return
        for index, block in enumerate(blocks):
            at: AttrPath = (block_type, index)
            name = block.get("device_name") if named else None
            mappings.append({"device_name": name, "ebs": {}})
            d.locate(("block_device_mappings", len(mappings) - 1), v, at)
            into = ("block_device_mappings", len(mappings) - 1, "ebs")
            fill(d, v, _TERRAFORM_EBS, at=at, into=into, values=block)


_NAMES = ("id", "name", "version")


def _template(spec: Any, keys: tuple[str, str, str]) -> Any:
    if is_unknown(spec):
        return spec
    if isinstance(spec, list):
        spec = spec[0] if spec else None
    if not isinstance(spec, Mapping):
        return None
    found = {name: _value(spec.get(key)) for name, key in zip(_NAMES, keys, strict=True)}
    if found["id"] is None and found["name"] is None:
        return None
    if found["version"] is None:
        found["version"] = "$Default"
    return found


def _value(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value) else value


def _group_template(d: Draft, v: Any, *places: tuple[AttrPath, tuple[str, str, str]]) -> None:
    for path, keys in places:
        found = _template(v.raw(*path), keys)
        if found is not None:
            d.put("launch_template", found, v, path)
            return
    d.put("launch_template", None)


_SPEC = ("LaunchTemplateId", "LaunchTemplateName", "Version")
_MIXED: AttrPath = ("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification")


def _terraform_group(d: Draft, v: Any) -> None:
    mixed: AttrPath = (
        "mixed_instances_policy",
        0,
        "launch_template",
        0,
        "launch_template_specification",
    )
    _group_template(
        d,
        v,
        (("launch_template",), ("id", "name", "version")),
        (mixed, ("launch_template_id", "launch_template_name", "version")),
    )


def _cloudformation_group(d: Draft, v: Any) -> None:
    _group_template(d, v, (("LaunchTemplate",), _SPEC), (_MIXED, _SPEC))


def _api_group(d: Draft, v: Any) -> None:
    _group_template(d, v, (("LaunchTemplate",), _SPEC), (_MIXED, _SPEC))
    subnets = v.raw("VPCZoneIdentifier")
    if isinstance(subnets, str):
        d.put("subnet_ids", str_list([s for s in subnets.split(",") if s]))


def _fold_attachment(v: Any, ctx: Context) -> None:
    """``aws_autoscaling_attachment``: one classic load balancer or target group of a group."""
    owners = ctx.owners(v, ("autoscaling_group_name",), GROUP.name, ("name",))
    if not owners:
        ctx.unattached.append(v.address)
    for d in owners[:1]:
        d.folded.append(v.address)
        for attribute, into in (
            ("elb", "load_balancer_names"),
            ("lb_target_group_arn", "target_group_arns"),
        ):
            value = v.raw(attribute)
            if value in (None, ""):
                continue
            current = d.attrs.get(into)
            if is_unknown(current):
                continue
            known = current if isinstance(current, list) else []
            d.put(into, str_list([*known, value]), v, (attribute,))


CODE = (
    KindCode(LAUNCH_CONFIGURATION, read={TERRAFORM: _terraform_configuration}),
    KindCode(
        GROUP,
        read={TERRAFORM: _terraform_group, CLOUDFORMATION: _cloudformation_group, API: _api_group},
        folds={"aws_autoscaling_attachment": _fold_attachment},
    ),
)
